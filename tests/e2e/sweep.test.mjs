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
  assert.match(await page.textContent('#status'), /Sweeping/, 'said at once, while the sweep module loads');
  // cancel shows once the sweep module (loaded with the first sweep) has started the run
  await page.waitForSelector('#sweep-cancel', { state: 'visible', timeout: 15000 });
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
  assert.match(await page.textContent('#sweep-caption'), /over 10 seeds.*OMoE 1\.92 \(10 of 10\)/);
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

test('a sweep on a pool of workers gives the one-thread sweep\'s results job for job, with progress', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const outcome = await page.evaluate(async () => {
    const wasm = await (await import('./js/wasm-build.js')).loadModule('sweep'); // the sweeps' own module
    const { SweepRun } = await import('./js/sweep.js');
    const small = (kind) => ({ ...wasm.defaultSweepConfig(kind), steps: 60, seeds: kind === 'trainability' ? [2] : [1, 2],
      points: 3, inits: 3, correlations: [1, 0.5, 0],
      base: { ...wasm.defaultSweepConfig(kind).base, data: { ...wasm.defaultSweepConfig(kind).base.data, train_samples: 2048, test_samples: 512 }, batch_size: 64 } });
    const out = {};
    for (const kind of ['correlation', 'loss_weight', 'trainability']) {
      const config = small(kind);
      const one = new wasm.Sweep(config); // the one-thread runner, on the page's thread
      while (!one.run(50).finished);
      const reference = JSON.stringify(one.results().jobs);
      one.free();
      out[kind] = {};
      for (const workers of [1, 2, 3]) {
        const seen = [];
        const run = await new Promise((resolve, reject) => {
          let r = null; // set before any worker's message arrives (those are tasks, the start a microtask)
          SweepRun.start(kind, null, { workers, config, onChange: (what) => {
            seen.push([what, r?.progress.done ?? 0]);
            if (what === 'finished') resolve(r);
            if (what === 'failed') reject(new Error(r.failed));
          } }).then((started) => (r = started), reject);
        });
        const jobs = run.results().jobs;
        out[kind][workers] = {
          same: JSON.stringify(jobs) === reference, jobs: jobs.length, workers: run.workers.length, groups: run.groups.length,
          progressed: seen.filter(([w]) => w === 'progress').length, fraction: run.fraction, running: run.running,
        };
        run.free();
      }
    }
    return out;
  });
  for (const [kind, byWorkers] of Object.entries(outcome)) {
    for (const [workers, o] of Object.entries(byWorkers)) {
      assert.equal(o.same, true, `${kind} on ${workers} worker(s): the same results as one thread, job for job`);
      assert.ok(o.jobs >= 3 && o.progressed > 0 && o.fraction === 1 && !o.running, `${kind}/${workers}: ${JSON.stringify(o)}`);
      assert.equal(o.workers, Math.min(Number(workers), o.groups), `${kind}: one worker each, no more than the groups of jobs`);
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('#workers=2 runs the correlation sweep on two workers; cancel ends both at once and keeps the results', async () => {
  const { page, errors } = await lab.open('#lang=en&sweep=correlation&workers=2&autoplay=0');
  await ready(page);
  assert.equal(await page.evaluate(() => window.mtlPlayground.state.workers), 2);
  await page.click('#sweep-start');
  await page.waitForFunction(() => window.mtlPlayground.sweepResults?.done >= 2, null, { timeout: 120000 });
  await page.click('#sweep-cancel');
  const kept = await page.evaluate(() => window.mtlPlayground.sweepResults.done);
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.mtlPlayground.sweepResults.done), kept, 'no result arrives after cancel: every worker ended');
  assert.match(await page.textContent('#sweep-status'), /Cancelled/);
  assert.ok((await inkOf(page, '#chart-sweep')) > 0.01, 'the partial results stay drawn');
  // a link asking for more workers than allowed is clamped, and said so
  const { page: clamped, errors: clampedErrors } = await lab.open('#lang=en&workers=99&autoplay=0');
  await ready(clamped);
  assert.equal(await clamped.evaluate(() => window.mtlPlayground.state.workers), 16);
  assert.equal(await clamped.isVisible('#notice'), true);
  assert.deepEqual([...errors, ...clampedErrors], []);
  await page.close();
  await clamped.close();
});
