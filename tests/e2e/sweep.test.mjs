// The sweeps panel, driven as a teacher would in class: run the correlation
// sweep to the end (timed: the class watches it), cancel a loss-weight sweep
// half-way and keep its partial chart, and see the live race pause and resume.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, stepOf, inkOf, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

test('the correlation sweep runs to the end with a progress bar, and its chart fills in', async (t) => {
  const { page, errors } = await lab.open('#lang=en&sweep=correlation');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 100);
  assert.equal(await page.inputValue('#sweep-kind'), 'correlation');
  const started = Date.now();
  await page.click('#sweep-start');
  assert.equal(await page.isVisible('#sweep-cancel'), true, 'a running sweep offers cancel');
  assert.match(await page.textContent('#status'), /Sweeping/);
  const paused = await stepOf(page);
  await page.waitForFunction(() => document.getElementById('sweep-progress').value > 0, null, { timeout: 60000 });
  assert.equal(await stepOf(page), paused, 'the live race waits while the sweep runs');
  await page.waitForFunction(() => /Finished/.test(document.getElementById('sweep-status').textContent), null, { timeout: 240000 });
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`correlation sweep at page defaults: ${seconds.toFixed(1)} s in headless Chromium; “${await page.textContent('#sweep-status')}”`);
  await page.waitForTimeout(300);
  assert.equal(await page.isVisible('#sweep-start'), true);
  assert.ok((await inkOf(page, '#chart-sweep')) > 0.01, 'the sweep chart is drawn');
  // the paper's figure: ten seeds, medians with inter-quartile bars and every seed's point
  const summary = await page.evaluate(() => window.mtlPlayground.sweepResults.summary);
  assert.equal(summary.kind, 'correlation');
  assert.deepEqual(summary.models.map((c) => c.model), ['shared_bottom', 'omoe', 'mmoe']);
  for (const curve of summary.models) {
    assert.deepEqual(curve.points.map((p) => p.task_correlation), [1, 0.5, 0]);
    for (const point of curve.points) {
      assert.equal(point.seed_ratios.length, 10, `${curve.model} p = ${point.task_correlation}: ten seeds`);
      assert.ok(point.ratio.q1 <= point.ratio.median && point.ratio.median <= point.ratio.q3, 'inter-quartile bars around the median');
    }
  }
  const omoe = summary.models.find((c) => c.model === 'omoe').points.find((p) => p.task_correlation === 0).ratio.median;
  t.diagnostic(`median p0/p1 ratios: ${summary.models.map((c) => `${c.model} ${c.points.at(-1).ratio.median.toFixed(2)}`).join(', ')}`);
  assert.ok(omoe > 1, 'OMoE loses accuracy at p = 0 in the narrow world');
  assert.match(await page.textContent('#sweep-caption'), /over 10 seeds.*OMoE 3\.58 \(above 1 in 10 of 10 seeds\)/);
  await page.mouse.move(1, 1);
  await page.locator('[data-panel="sweep"]').screenshot({ path: `${lab.shots}/sweep-correlation-en.png` });
  await page.click('#play');
  await page.waitForFunction((s) => Number(document.getElementById('step').textContent.replace(/,/g, '')) > s + 50, paused);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a cancelled loss-weight sweep keeps its partial chart; Chinese words', async () => {
  const { page, errors } = await lab.open('#lang=zh&autoplay=0&sweep=loss_weight&models=shared_bottom,mmoe');
  await ready(page);
  await page.click('#sweep-start');
  await page.waitForFunction(() => /已完成 [1-9]/.test(document.getElementById('sweep-status').textContent), null, { timeout: 90000 });
  await page.click('#sweep-cancel');
  await page.waitForFunction(() => /已在完成 \d+ \/ \d+ 次训练后取消/.test(document.getElementById('sweep-status').textContent), null, { timeout: 5000 });
  assert.equal(await page.isVisible('#sweep-start'), true);
  await page.waitForTimeout(300);
  assert.ok((await inkOf(page, '#chart-sweep')) > 0.01, 'the partial chart stays');
  await page.mouse.move(1, 1);
  await page.locator('[data-panel="sweep"]').screenshot({ path: `${lab.shots}/sweep-loss-weight-zh.png` });
  assert.deepEqual(errors, []);
  await page.close();
});
