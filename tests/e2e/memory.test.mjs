// Memory stays bounded. A race's records are thinned as they age
// (src/train/history.rs), so a tab left racing in a course page holds about
// what it held after two minutes; and once every scenario has been opened,
// switching between them again and again adds nothing (each scenario's
// module stays loaded; its races are freed). Prints Chromium's resident
// memory at each point.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ready, stepOf, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/** Resident memory of every Chromium process, in MB. */
function chromiumMegabytes() {
  const text = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
  return text.split('\n').map(Number).filter(Number.isFinite).reduce((a, b) => a + b, 0) / 1024;
}

test('a race of six models left running: resident memory after 600 s is within 3 % of after 120 s', async (t) => {
  const { page, errors } = await lab.open('#lang=en&models=single,shared_bottom,omoe,mmoe,cgc,ple');
  await ready(page);
  const started = Date.now();
  const at = async (seconds) => {
    await page.waitForTimeout(Math.max(0, started + seconds * 1000 - Date.now()));
    return { mb: chromiumMegabytes(), step: await stepOf(page) };
  };
  const early = await at(120);
  const late = await at(600);
  const growth = late.mb / early.mb - 1;
  t.diagnostic(`six models racing: ${early.mb.toFixed(0)} MB at 120 s (step ${early.step.toLocaleString('en')}), ` +
    `${late.mb.toFixed(0)} MB at 600 s (step ${late.step.toLocaleString('en')}): ${(100 * growth).toFixed(1)} %`);
  assert.ok(late.step > 2 * early.step, 'it kept racing');
  assert.ok(growth <= 0.03, `resident memory grew ${(100 * growth).toFixed(1)} % from 120 s to 600 s`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('after a first pass through every scenario, 50 more switches add at most 3 %', async (t) => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const scenarios = ['funnel', 'watch', 'data', 'tasks'];
  const visit = async (scenario) => {
    await page.evaluate((s) => (location.hash = `#lang=en&autoplay=0&scenario=${s}`), scenario);
    await page.waitForFunction((s) => window.mtlPlayground.state.scenario === s, scenario);
    if (scenario !== 'data') await ready(page); // "your data" waits for a file
  };
  for (const scenario of scenarios) await visit(scenario); // every module loaded once
  await page.waitForTimeout(2000);
  const first = chromiumMegabytes();
  for (let i = 0; i < 50; i++) await visit(scenarios[i % scenarios.length]);
  await page.waitForTimeout(2000);
  const then = chromiumMegabytes();
  const growth = then / first - 1;
  t.diagnostic(`50 scenario switches: ${first.toFixed(0)} MB → ${then.toFixed(0)} MB (${(100 * growth).toFixed(1)} %)`);
  assert.ok(growth <= 0.03, `resident memory grew ${(100 * growth).toFixed(1)} % over 50 switches`);
  assert.deepEqual(errors, []);
  await page.close();
});
