// The live race on a pool of Web Workers: every model's curve equals the
// one-thread trainer's, a live change reaches every model at the same step,
// and rebuilds end their workers (none is left behind, memory does not grow).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumMegabytes, ready, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

test('a race split over two workers equals the one-thread race, two live changes included (setLive, through the core\'s settings table)', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const out = await page.evaluate(async () => {
    const wasm = await import('./pkg/mtl_playground.js');
    const { tasksPool } = await import('./js/lab.js');
    const config = wasm.defaultConfig();
    Object.assign(config.data, { train_samples: 4096, test_samples: 1024, seed: 7, task_correlation: 1 });
    Object.assign(config, { models: ['single', 'shared_bottom', 'omoe', 'mmoe', 'cgc', 'ple'], record_every: 20, eval_samples: 512 });
    // one thread: 100 steps, p → 0, 100 more, then a second change and 100 more
    const one = new wasm.Lab(config);
    one.train(1e9, 100);
    one.setLive({ p: 0 });
    one.train(1e9, 100);
    // then the loss weight, the strategy and the learning rate in one live change
    const second = { w: 0.8, weighting: 'uncertainty', alpha: 1.5, lr: 0.001 };
    one.setLive(second);
    one.train(1e9, 100);
    const reference = one.history();
    // two workers: granted to 100, the same change, to 200, the second, to 300
    let arrived = () => {};
    const pool = tasksPool(config, { workers: 2, onRecords: () => arrived() });
    const until = (step) => new Promise((ok) => {
      arrived = () => pool.book.step >= step && ok();
      arrived();
    });
    pool.grantUntil(100);
    await until(100);
    pool.setLive({ p: 0 }); // at the grant: step 100 for every worker
    pool.grantUntil(200);
    await until(200);
    pool.setLive(second); // at step 200 for every worker
    pool.grantUntil(300);
    await until(300);
    // a setting that needs a new race is refused, naming it
    const refused = (() => { try { one.setLive({ batch: 64 }); return null; } catch (err) { return String(err.message ?? err); } })();
    const split = pool.history();
    const workers = pool.workers.length;
    const summary = pool.summary();
    pool.free();
    one.free();
    return { refused, weighting: summary.models[3].latest.weighting.kind, same: JSON.stringify(split) === JSON.stringify(reference), models: split.length, records: split[1][1].length,
      workers, step: summary.step, gain: summary.models[1].latest.mtl_gain, p: summary.task_correlation };
  });
  assert.equal(out.workers, 2);
  assert.equal(out.same, true, 'every model\'s records (losses, gates, gradient cosine, MTL gain) equal the one-thread race\'s');
  assert.deepEqual([out.models, out.records, out.step, out.p], [6, 16, 300, 0]);
  assert.equal(out.weighting, 'uncertainty', 'the second live change reached MMoE');
  assert.match(out.refused, /batch.*a running race cannot take it/);
  assert.equal(out.gain.length, 2, 'MTL gain from the single-task records of the other worker');
  assert.deepEqual(errors, []);
  await page.close();
});

test('rebuilds end their workers: none is left behind, and memory does not grow over 200 rebuilds', async (t) => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0&workers=2&samples=5000');
  await ready(page);
  assert.equal(page.workers().length, 2, 'two race workers');
  // through the page: seed changes, a scenario switch and back, a guided lab
  for (const hash of ['#lang=en&autoplay=0&workers=2&samples=5000&seed=2', '#lang=en&autoplay=0&workers=2&samples=5000&seed=3&scenario=funnel',
    '#lang=en&autoplay=0&workers=2&samples=5000&seed=3&scenario=tasks', '#guide=gates&lang=en&workers=2']) {
    await page.evaluate((h) => (location.hash = h), hash);
    await page.waitForTimeout(1500);
    await ready(page);
  }
  await page.waitForTimeout(500);
  const scenario = await page.evaluate(() => window.mtlPlayground.state.scenario);
  assert.equal(scenario, 'tasks');
  assert.equal(page.workers().length, 2, `after rebuilds, only the current race's workers: ${page.workers().map((w) => w.url())}`);
  // 200 more, directly: start a small race on two workers, wait for its first records, end it
  const cycle = (n) => page.evaluate(async (n) => {
    const wasm = await import('./pkg/mtl_playground.js');
    const { tasksPool } = await import('./js/lab.js');
    const config = wasm.defaultConfig();
    Object.assign(config.data, { train_samples: 1024, test_samples: 256 });
    config.eval_samples = 128;
    for (let i = 0; i < n; i++) {
      await new Promise((ok) => {
        const pool = tasksPool(config, { workers: 2, onRecords: () => {
          if (pool.summary().models.every((m) => m.latest)) {
            pool.free();
            ok();
          }
        } });
      });
    }
  }, n);
  await cycle(20); // warm: every code path compiled once
  await page.waitForTimeout(1000);
  const before = chromiumMegabytes();
  const started = Date.now();
  await cycle(200);
  await page.waitForTimeout(2000);
  const after = chromiumMegabytes();
  t.diagnostic(`200 rebuilds on 2 workers in ${((Date.now() - started) / 1000).toFixed(1)} s; Chromium resident memory ${before.toFixed(0)} MB → ${after.toFixed(0)} MB`);
  assert.ok(after - before < 60, `memory grew ${(after - before).toFixed(0)} MB over 200 rebuilds`);
  assert.equal(page.workers().length, 2, 'the pools ended their workers');
  assert.deepEqual(errors, []);
  await page.close();
});
