// Every scenario's race on the worker pool (race.js, race-worker.js): the
// funnel, watch time (race and w sweep) and a race on a file, on one worker
// and on two, equal the one-thread race record for record, a live change
// included (watch time's w, a file's loss weight); the funnel's early stop
// ends the race on workers as on one thread. Then through the page: while
// the funnel race and the watch race train, the frame p95 and the longest
// frame, printed, with the race's workers counted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, start, within } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/**
 * In the page: the one-thread race (`make(glue)`, trained to its end or
 * `steps`, `live` applied at step `liveAt`) against pools of 1 and 2 workers
 * (`pool(workers, onRecords)`, the same change at the same step); returns
 * whether each pool's export equals the one-thread race's, and what they ended at.
 */
const compare = (page, scenario) => page.evaluate(async (scenario) => {
  const lab = await import('./js/lab.js');
  const { loadModule } = await import('./js/wasm-build.js');
  const glue = await loadModule(scenario);
  const configs = {
    funnel: () => Object.assign(glue.defaultFunnelConfig(), {
      record_every: 10, eval_samples: 512, patience: 1, batch_size: 256,
    }),
    watch: () => Object.assign(glue.defaultWatchConfig(), { steps: 60, record_every: 20, batch_size: 128 }),
  };
  const config = configs[scenario]();
  if (scenario === 'funnel') Object.assign(config.data, { users: 100, items: 200, categories: 10, train_samples: 4096, validation_samples: 1024, test_samples: 1024 });
  else Object.assign(config.data, { users: 40, videos: 80, categories: 5, train_samples: 4096, test_per_user: 10 });
  const steps = scenario === 'funnel' ? 3000 : config.steps;
  const liveAt = 20;
  const live = scenario === 'watch' ? { clickWeight: 0.3 } : null;
  const one = scenario === 'funnel' ? new glue.FunnelLab(config) : new glue.WatchLab(config);
  one.train(1e9, liveAt);
  if (live) one.setLive(live);
  let summary = one.train(1e9, steps);
  for (let i = 0; i < 1000 && !summary.finished; i++) summary = one.train(1e9, 1e6);
  const reference = JSON.stringify(one.history());
  const oneSummary = { step: summary.step, finished: summary.finished, stopped: summary.models.map((m) => m.stopped_at), sweep: summary.sweep };
  one.free();
  const out = [];
  for (const workers of [1, 2]) {
    let arrived = () => {};
    const pool = await lab.scenarioPool(scenario, config, { workers, onRecords: () => arrived() });
    const until = (done) => new Promise((ok) => {
      arrived = () => done() && ok();
      arrived();
    });
    pool.grantUntil(liveAt);
    await until(() => pool.book.step >= liveAt);
    if (live) pool.setLive(live);
    // train as the page does: a grant per call, until the race ends
    await new Promise((ok) => {
      const tick = () => {
        const s = pool.train(0, 100);
        if (s.finished) ok();
        else setTimeout(tick, 5);
      };
      tick();
    });
    const s = pool.summary();
    out.push({
      workers: pool.workers.length,
      same: JSON.stringify(pool.history()) === reference,
      step: s.step, finished: s.finished, stopped: s.models.map((m) => m.stopped_at), sweep: JSON.stringify(s.sweep) === JSON.stringify(oneSummary.sweep),
    });
    pool.free();
  }
  return { one: oneSummary, pools: out };
}, scenario);

test('the funnel race on 1 and 2 workers equals the one-thread race, early stops included', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const { one, pools } = await compare(page, 'funnel');
  assert.equal(one.finished, true, 'every model stopped early on one thread');
  for (const p of pools) {
    assert.equal(p.same, true, `${p.workers} worker(s): every record equals the one-thread race's`);
    assert.deepEqual([p.step, p.finished, p.stopped], [one.step, true, one.stopped], `${p.workers} worker(s): the same early stops`);
  }
  assert.deepEqual(pools.map((p) => p.workers), [1, 2]);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the watch race and its w sweep on 1 and 2 workers equal the one-thread race, a live w included', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const { one, pools } = await compare(page, 'watch');
  assert.equal(one.finished, true);
  assert.equal(one.sweep.length, 11, 'the whole w sweep');
  for (const p of pools) {
    assert.equal(p.same, true, `${p.workers} worker(s): every record equals the one-thread race's`);
    assert.equal(p.sweep, true, `${p.workers} worker(s): the same sweep points, in order`);
    assert.deepEqual([p.step, p.finished], [one.step, true]);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

/** Frame gaps while the page's race trains for `ms`: `{p95, max, frames}`. */
const framesWhileTraining = (page, ms) => page.evaluate((ms) => new Promise((ok) => {
  const gaps = [];
  let last = performance.now();
  const end = last + ms;
  const tick = (now) => {
    gaps.push(now - last);
    last = now;
    if (now < end) requestAnimationFrame(tick);
    else {
      const sorted = gaps.sort((a, b) => a - b);
      ok({ p95: sorted[Math.floor(0.95 * (sorted.length - 1))], max: sorted.at(-1), frames: sorted.length });
    }
  };
  requestAnimationFrame(tick);
}), ms);

for (const scenario of ['funnel', 'watch']) {
  test(`the ${scenario} race trains on workers in the page: frame p95 ≤ 20 ms, longest ≤ 50 ms`, async () => {
    const { page, errors } = await lab.open(`#lang=en&scenario=${scenario}&workers=2`);
    await ready(page);
    await page.waitForFunction(() => Number(document.querySelector('#step').textContent.replace(/,/g, '')) > 0, null, { timeout: 60000 });
    const workers = page.workers().length;
    const frames = await framesWhileTraining(page, 5000);
    const step = await page.textContent('#step');
    console.log(`# ${scenario} race: ${workers} race workers; frame p95 ${frames.p95.toFixed(1)} ms (≤ 20 ms: ${within(20, frames.p95, 'ms')}), `
      + `max ${frames.max.toFixed(0)} ms (≤ 50 ms: ${within(50, frames.max, 'ms')}) over ${frames.frames} frames; step ${step}`);
    assert.ok(workers >= 1, 'the race trains in workers');
    assert.ok(frames.p95 <= 20, `frame p95 ${frames.p95} ms`);
    assert.ok(frames.max <= 50, `longest frame ${frames.max} ms`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
