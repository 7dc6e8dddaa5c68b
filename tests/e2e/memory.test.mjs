// Memory stays bounded. A race's records are thinned as they age
// (src/train/history.rs), so a race left running in a course page holds about
// the records it held after two minutes (each model's history is checked
// against the bound); the wasm memory of the page and of each worker, and
// Chromium's whole resident memory by process kind, are printed beside it,
// with the page's JS heap. Once every scenario has been opened,
// switching between them again and again adds nothing (each scenario's module
// stays loaded; its races are freed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumByKind, ready, stepOf, start } from './harness.mjs';

// Each test has a browser of its own, closed before the next starts: the
// readings count every Chromium process on the machine.

/** The wasm memory of the page's module and of each race worker's, in MB (the glue's init returns the started instance). */
const wasmMegabytes = async (page) => {
  const memory = async () => (await (await import('./pkg/mtl_playground.js')).default()).memory.buffer.byteLength / 1048576;
  const inWorker = async () => (await (await import('../pkg/mtl_playground.js')).default()).memory.buffer.byteLength / 1048576;
  return { page: await page.evaluate(memory), workers: await Promise.all(page.workers().map((w) => w.evaluate(inWorker))) };
};

/** The race's two readings (s): 120 and 600, or 10 and 40 with MTL_MEMORY_QUICK=1 (to check the test itself). */
const [EARLY_S, LATE_S] = process.env.MTL_MEMORY_QUICK ? [10, 40] : [120, 600];
/** Records a model keeps at most, however long it races (src/train/history.rs: RECENT = 1,000 at full resolution, then halving strides). */
const MOST_RECORDS = 2 * 1000 + 1;

test('a race of six models left running: its history stays bounded (at most 2,001 records a model); wasm and resident memory at 120 s and 600 s printed', async (t) => {
  const lab = await start();
  t.after(() => lab.close());
  const { page, errors } = await lab.open('#lang=en&models=single,shared_bottom,omoe,mmoe,cgc,ple');
  await ready(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const started = Date.now();
  const at = async (seconds) => {
    await page.waitForTimeout(Math.max(0, started + seconds * 1000 - Date.now()));
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const kinds = chromiumByKind();
    const records = await page.evaluate(() => window.mtlPlayground.records);
    return { mb: Object.values(kinds).reduce((a, b) => a + b, 0), kinds, records, step: await stepOf(page), wasm: await wasmMegabytes(page), heap: metrics.JSHeapTotalSize / 1048576 };
  };
  const early = await at(EARLY_S);
  const late = await at(LATE_S);
  const growth = late.mb / early.mb - 1;
  const wasm = (m) => m.wasm.page + m.wasm.workers.reduce((a, b) => a + b, 0);
  const wasmGrowth = wasm(late) / wasm(early) - 1;
  const show = (m) => `${m.mb.toFixed(0)} MB resident (step ${m.step.toLocaleString('en')}, at most ${Math.max(...m.records).toLocaleString('en')} records a model; wasm: page ${m.wasm.page.toFixed(1)} MB, `
    + `workers ${m.wasm.workers.map((w) => w.toFixed(1)).join(' + ')} MB; the page's JS heap ${m.heap.toFixed(1)} MB; by process: `
    + `${Object.entries(m.kinds).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')})`;
  t.diagnostic(`six models racing: at ${EARLY_S} s ${show(early)}; at ${LATE_S} s ${show(late)}`);
  t.diagnostic(`resident memory +${(100 * growth).toFixed(1)} % (target ≤ 3 %: ${growth <= 0.03 ? 'met' : 'missed'}); `
    + `the race's wasm memory ${wasmGrowth >= 0 ? '+' : ''}${(100 * wasmGrowth).toFixed(1)} %`);
  assert.ok(late.step > 2 * early.step, 'it kept racing');
  assert.equal(late.records.length, 6, 'every model\'s history read');
  assert.ok(Math.max(...late.records) <= MOST_RECORDS, `records a model: ${late.records}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('after a first pass through every scenario, 50 more switches add at most 3 %', async (t) => {
  // a browser of its own (the race above left memory that Chromium hands back
  // at its own pace)
  const fresh = await start();
  try {
    const { page, errors } = await fresh.open('#lang=en&autoplay=0');
    await ready(page);
    const cdp = await page.context().newCDPSession(page);
    const scenarios = ['funnel', 'watch', 'data', 'tasks'];
    const visit = async (scenario) => {
      await page.evaluate((s) => (location.hash = `#lang=en&autoplay=0&scenario=${s}`), scenario);
      await page.waitForFunction((s) => window.mtlPlayground.state.scenario === s, scenario);
      if (scenario !== 'data') await ready(page); // "your data" waits for a file
    };
    // a reading: the page's garbage collected, then the median of five readings a second apart
    const reading = async () => {
      await cdp.send('HeapProfiler.collectGarbage');
      await page.waitForTimeout(2000);
      const readings = [];
      for (let i = 0; i < 5; i++) {
        readings.push(chromiumByKind());
        await page.waitForTimeout(1000);
      }
      const total = (kinds) => Object.values(kinds).reduce((a, b) => a + b, 0);
      readings.sort((a, b) => total(a) - total(b));
      const kinds = readings[2];
      return { mb: total(kinds), kinds };
    };
    const show = (m) => `${m.mb.toFixed(0)} MB (${Object.entries(m.kinds).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')})`;
    for (const scenario of scenarios) await visit(scenario); // every module loaded once
    const first = await reading();
    for (let i = 0; i < 50; i++) await visit(scenarios[i % scenarios.length]);
    const then = await reading();
    const growth = then.mb / first.mb - 1;
    t.diagnostic(`50 scenario switches: ${show(first)} → ${show(then)}: ${growth >= 0 ? '+' : ''}${(100 * growth).toFixed(1)} % (target ≤ 3 %: ${growth <= 0.03 ? 'met' : 'missed'})`);
    assert.ok(growth <= 0.03, `resident memory grew ${(100 * growth).toFixed(1)} % over 50 switches`);
    assert.deepEqual(errors, []);
  } finally {
    await fresh.close();
  }
});
