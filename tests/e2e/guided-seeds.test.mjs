// Every guided race lab answers from ten seeds computed live: the student's
// run in the visible race, the same experiment on the next nine seeds in seed
// workers. Each of the five labs in en and zh: the card shows this seed and
// the seeds, the counts add up to the seeds run, the student's seed is ringed,
// and the verdict is the seeds' (agree when the prediction is their
// majority). The background seeds are other seeds; closing the lab ends their
// workers; a worker that fails leaves the one-seed answer standing.
// Prints the time from Run to the ten-seed answer and the frame p95 meanwhile.
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

/** The labs with a ten-seed answer, the speed target (the correlated tasks), and whether a time budget may cut the seeds. */
const LABS = [
  { id: 'sharing', tasks: true, choices: 3 },
  { id: 'gates', tasks: true, choices: 3 },
  { id: 'weighting', tasks: true, choices: 3 },
  { id: 'esmm', tasks: false, choices: 3 },
  { id: 'watch', tasks: false, choices: 4 },
];

/** Starts a frame-time recorder in the page (requestAnimationFrame gaps until stopped). */
const recordFrames = (page) => page.evaluate(() => {
  const gaps = [];
  let last = performance.now();
  window.__frames = { gaps, on: true };
  const tick = (now) => {
    gaps.push(now - last);
    last = now;
    if (window.__frames.on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});

/** Marks the frame where the visible race ended (its result shown). */
const markFrames = (page) => page.evaluate(() => (window.__frames.mark ??= window.__frames.gaps.length));

/**
 * Stops the recorder; returns `{p95, max, frames}` in ms over every frame
 * from Run to the ten-seed answer, and `racing`, the same over the frames
 * while the visible race still trained.
 */
const frameStats = (page) => page.evaluate(() => {
  window.__frames.on = false;
  const stats = (gaps) => {
    const sorted = [...gaps].sort((a, b) => a - b);
    return { p95: sorted[Math.floor(0.95 * (sorted.length - 1))], max: sorted.at(-1), frames: sorted.length };
  };
  const { gaps, mark } = window.__frames;
  return { ...stats(gaps), racing: stats(gaps.slice(0, mark ?? gaps.length)) };
});

/**
 * Runs lab `id` in `lang` with prediction `choice` up to its ten-seed answer;
 * returns what the card shows and the timings.
 */
async function runLab(id, lang, choice) {
  const { page, errors } = await lab.open(`#guide=${id}&lang=${lang}`);
  await ready(page);
  await page.waitForSelector('#guide:not([hidden])');
  await page.check(`input[name="guide-choice"][value="${choice}"]`);
  const raceWorkers = page.workers().length;
  await recordFrames(page);
  const started = Date.now();
  await page.click('#guide-run');
  // the most workers seen at once while the seeds run, besides the race's own
  let seedWorkers = 0;
  const done = page.waitForSelector('#guide-seeds[data-state="done"]', { timeout: 300000 });
  for (let over = false; !over;) {
    seedWorkers = Math.max(seedWorkers, page.workers().length - raceWorkers);
    if (await page.$('#guide-result')) await markFrames(page);
    over = await Promise.race([done.then(() => true), new Promise((ok) => setTimeout(() => ok(false), 200))]);
  }
  const seconds = (Date.now() - started) / 1000;
  const frames = await frameStats(page);
  const card = await page.evaluate(() => {
    const seeds = document.getElementById('guide-seeds');
    const strip = document.getElementById('guide-strip');
    return {
      n: Number(seeds.dataset.seeds),
      ms: Number(seeds.dataset.ms),
      counts: [...seeds.querySelectorAll('.guide-counts li')].map((li) => Number(li.dataset.count)),
      countChoices: [...seeds.querySelectorAll('.guide-counts li')].map((li) => li.dataset.choice),
      thisSeed: document.getElementById('guide-this-seed')?.textContent ?? '',
      thisSeedNumber: Number(document.getElementById('guide-this-seed')?.dataset.seed),
      seedsText: seeds.textContent,
      verdict: document.querySelector('.guide-verdict')?.textContent ?? '',
      verdictKind: document.querySelector('.guide-verdict')?.dataset.verdict,
      odd: document.getElementById('guide-odd-one')?.textContent ?? null,
      studentSeed: Number(strip?.dataset.studentSeed),
      figures: JSON.parse(strip?.dataset.figures ?? '{}'),
      label: strip?.getAttribute('aria-label') ?? '',
      seed: window.mtlPlayground.state.seed,
    };
  });
  return { page, errors, card, seconds, frames, seedWorkers, raceWorkers };
}

/** Waits up to `ms` for the page's workers to number `n` (a terminated worker leaves the list a little later); returns their count. */
async function workersDropTo(page, n, ms = 5000) {
  const end = Date.now() + ms;
  while (page.workers().length !== n && Date.now() < end) await page.waitForTimeout(100);
  return page.workers().length;
}

/** The choices most seeds bore out. */
const topOf = (counts) => counts.flatMap((k, c) => (k === Math.max(...counts) ? [c] : []));

for (const { id, tasks, choices } of LABS) {
  for (const lang of ['en', 'zh']) {
    test(`guided lab “${id}” (${lang}): this seed and ten seeds, the student's ringed, the verdict the seeds'`, async (t) => {
      const choice = 1;
      const { page, errors, card, seconds, frames, seedWorkers, raceWorkers } = await runLab(id, lang, choice);
      t.diagnostic(`${id} ${lang}: ten-seed answer ${seconds.toFixed(1)} s after Run (card: ${(card.ms / 1000).toFixed(1)} s) on ${card.n} seeds, ` +
        `${seedWorkers} seed workers; frame p95 ${frames.p95.toFixed(1)} ms, max ${frames.max.toFixed(0)} ms over ${frames.frames} frames ` +
        `(while the visible race trained: p95 ${frames.racing.p95.toFixed(1)} ms, max ${frames.racing.max.toFixed(0)} ms over ${frames.racing.frames}); counts ${card.counts.join('/')}`);
      t.diagnostic(`${id} ${lang}: ${card.verdict} ${card.odd ?? ''}`);
      assert.ok(seedWorkers >= 1 && seedWorkers <= 2, `seed workers: ${seedWorkers} (at most hardwareConcurrency = 2)`);
      // this seed: the lab's own explanation of the student's run
      assert.equal(card.thisSeedNumber, card.seed);
      assert.match(card.thisSeed, lang === 'en' ? /^This seed \(\d+\)/ : /^这个种子（\d+）/);
      assert.match(card.thisSeed, /\d\.\d/, 'this seed quotes its numbers');
      // the seeds: all ten for the correlated tasks; at least five for the slow scenarios
      if (tasks) assert.equal(card.n, 10);
      else assert.ok(card.n >= 5 && card.n <= 10, `${card.n} seeds`);
      // one count per choice, and the unclear seeds (a run that bore out none) apart when there are any
      const listed = Array.from({ length: choices }, (_, c) => String(c));
      assert.deepEqual(card.countChoices, card.countChoices.includes('unclear') ? [...listed, 'unclear'] : listed);
      assert.equal(card.counts.reduce((a, b) => a + b, 0), card.n, 'the k-of-n counts add up to the seeds run');
      assert.match(card.seedsText, lang === 'en' ? new RegExp(`${card.n} seeds`) : new RegExp(`${card.n} 个随机种子`));
      // the strip: every seed's figures, the student's ringed and named
      const seeds = Object.keys(card.figures).map(Number).sort((a, b) => a - b);
      assert.equal(seeds.length, card.n);
      assert.equal(card.studentSeed, card.seed, 'the ring is on the student\'s seed');
      assert.ok(seeds.includes(card.seed));
      assert.ok(seeds.every((s) => s >= card.seed && s <= card.seed + 9), `the next seeds: ${seeds}`);
      assert.match(card.label, lang === 'en' ? new RegExp(`seed ${card.seed} \\(yours\\)`) : new RegExp(`种子 ${card.seed}（你的）`));
      // the verdict: the seeds' majority against the prediction
      const top = topOf(card.counts);
      const kind = top.length > 1 ? 'split' : top[0] === choice ? 'agree' : 'differ';
      assert.equal(card.verdictKind, kind, `verdict ${card.verdictKind}, counts ${card.counts}`);
      if (lang === 'en') assert.match(card.verdict, kind === 'agree' ? /Most seeds agree: \d+ of \d+\./ : kind === 'differ' ? /Most seeds showed “.+”: \d+ of \d+\./ : /No choice won most seeds/);
      else assert.match(card.verdict, kind === 'agree' ? /多数种子与之一致/ : kind === 'differ' ? /多数种子显示的是“.+”/ : /没有哪个选项占多数/);
      // the odd one out: said exactly when the student's seed differs from the seeds' one majority
      const studentChoice = await page.evaluate(() => document.querySelector('#guide-this-seed p:last-child').textContent);
      t.diagnostic(`${id} ${lang}: ${studentChoice}`);
      if (card.odd !== null) {
        assert.equal(top.length, 1);
        assert.match(card.odd, lang === 'en' ? /^Your seed is the odd one out: / : /^你的种子是少数：/);
      }
      if (tasks) {
        t.diagnostic(`${id} ${lang}: target ≤ 30 s: ${within(30, seconds, 's')}; ` +
          `frame p95 ≤ 20 ms while the visible race trains: ${within(20, frames.racing.p95, 'ms')}; over the whole wait: ${within(20, frames.p95, 'ms')}`);
      }
      await page.mouse.move(1, 1);
      await lab.shot(page, `guide-seeds-${id}-${lang}`);
      await page.locator('#guide-seeds').screenshot({ path: `${lab.shots}/guide-seeds-part-${id}-${lang}.png` });
      assert.deepEqual(errors, []);
      // the answer is over: no seed worker is left, only the race's own (every scenario's race trains in workers)
      assert.equal(await workersDropTo(page, raceWorkers), raceWorkers, `workers left: ${page.workers().length}`);
      await page.close();
    });
  }
}

// The seesaw lab answers from the transfer map of ten seeds, which the sweep
// panel's workers train (the visible race waits): p = 0's jobs run first, so
// the card answers once they are in, and the control, p = 1, fills in after.
for (const lang of ['en', 'zh']) {
  test(`guided lab “seesaw” (${lang}): the transfer map's ten seeds at p = 0 answer it; time and frames printed`, async (t) => {
    const { page, errors } = await lab.open(`#guide=seesaw&lang=${lang}`);
    await ready(page);
    await page.waitForSelector('#guide:not([hidden])');
    await page.check('input[name="guide-choice"][value="0"]');
    await recordFrames(page);
    const started = Date.now();
    await page.click('#guide-run');
    await page.waitForSelector('#guide-result', { timeout: 180000 });
    const seconds = (Date.now() - started) / 1000;
    const frames = await frameStats(page);
    const { p0, status } = await page.evaluate(() => ({
      p0: window.mtlPlayground.sweepResults.summary.counts.filter((c) => c.p === 0).map((c) => c.seeds),
      status: document.getElementById('sweep-status').textContent,
    }));
    t.diagnostic(`seesaw ${lang}: answer ${seconds.toFixed(1)} s after Run on ${p0.join(' and ')} seeds at p = 0 (≤ 30 s: ${within(30, seconds, 's')}); ` +
      `frame p95 ${frames.p95.toFixed(1)} ms (≤ 20 ms: ${within(20, frames.p95, 'ms')}), max ${frames.max.toFixed(0)} ms over ${frames.frames} frames; sweep then: “${status}”`);
    assert.deepEqual(p0, [10, 10], 'both models\' ten seeds at p = 0');
    assert.match(status, lang === 'en' ? /^Run \d+ of 20 done/ : /^已完成 \d+ \/ 20 次训练/, 'the control is still filling in');
    await page.waitForFunction(() => /^(Finished|完成)/.test(document.getElementById('sweep-status').textContent), null, { timeout: 120000 });
    t.diagnostic(`seesaw ${lang}: the whole map (p = 0 and the control) ${((Date.now() - started) / 1000).toFixed(1)} s after Run`);
    await page.mouse.move(1, 1);
    await lab.shot(page, `guide-seeds-seesaw-${lang}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('a prediction that the seeds\' majority bore out gets "agree"; the background seeds are other seeds', async (t) => {
  // the first run finds the majority; the second predicts it
  const first = await runLab('sharing', 'en', 0);
  const top = topOf(first.card.counts);
  await first.page.close();
  t.diagnostic(`sharing, seeds ${first.card.seed}–${first.card.seed + 9}: counts ${first.card.counts.join('/')}`);
  const { page, errors, card } = await runLab('sharing', 'en', top[0]);
  if (topOf(card.counts).length === 1 && topOf(card.counts)[0] === top[0]) {
    assert.equal(card.verdictKind, 'agree');
    assert.match(card.verdict, new RegExp(`Most seeds agree: ${card.counts[top[0]]} of 10\\.`));
  }
  // other seeds give other figures: Shared-Bottom's task-A ratio differs from the visible seed's on every one
  const mine = card.figures[card.seed][0];
  const others = Object.entries(card.figures).filter(([s]) => Number(s) !== card.seed).map(([, v]) => v[0]);
  t.diagnostic(`Shared-Bottom task-A ratio: seed ${card.seed} ${mine.toFixed(3)}, others ${others.map((v) => v.toFixed(3)).join(', ')}`);
  assert.equal(others.length, 9);
  assert.equal(new Set(others.map((v) => v.toFixed(6))).size, 9, 'nine different seeds give nine different figures');
  assert.ok(others.every((v) => Math.abs(v - mine) > 1e-6), 'none repeats the visible seed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('closing the lab, or starting another, ends the seed workers', async () => {
  const { page, errors } = await lab.open('#guide=sharing&lang=en');
  await ready(page);
  const raceWorkers = page.workers().length;
  await page.check('input[name="guide-choice"][value="0"]');
  await page.click('#guide-run');
  await page.waitForSelector('#guide-seeds-progress');
  await page.waitForTimeout(1500);
  assert.ok(page.workers().length >= raceWorkers + 1, `seed workers running: ${page.workers().length} in all`);
  await page.click('.guide-close');
  assert.equal(await workersDropTo(page, raceWorkers), raceWorkers, 'closing leaves only the race\'s workers');
  // starting another lab mid-run: its seeds end too
  await page.evaluate(() => (location.hash = '#guide=gates&lang=en'));
  await ready(page);
  await page.check('input[name="guide-choice"][value="0"]');
  await page.click('#guide-run');
  await page.waitForTimeout(1500);
  assert.ok(page.workers().length > raceWorkers);
  await page.evaluate(() => (location.hash = '#guide=sharing&lang=en'));
  await ready(page);
  assert.equal(await workersDropTo(page, raceWorkers), raceWorkers, 'another lab ends the last one\'s seed workers');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a seed worker that fails: a clear message, and the one-seed answer stands', async () => {
  const { page, errors } = await lab.open('#guide=sharing&lang=en');
  await page.route('**/js/seed-worker.js', (route) => route.fulfill({ contentType: 'text/javascript', body: 'throw new Error("seed worker broke");' }));
  await ready(page);
  await page.check('input[name="guide-choice"][value="1"]');
  await page.click('#guide-run');
  await page.waitForSelector('#guide-seeds[data-state="failed"]', { timeout: 120000 });
  const text = await page.textContent('#guide-result');
  assert.match(text, /The other seeds could not run \(.+\)\. The answer stands on your seed alone:/);
  assert.match(await page.textContent('.guide-verdict'), /You predicted “.+”\. This run (agrees|showed “.+”)\./);
  assert.match(text, /Shared-Bottom's test loss on task A was \d\.\d{4} at step 1,500/);
  assert.equal(await workersDropTo(page, 1), 1, 'the failed pool is ended');
  await lab.shot(page, 'guide-seeds-failed-en');
  // a failed worker script reports through the console too; nothing else may
  assert.deepEqual(errors.filter((e) => !/seed worker broke|seed-worker/.test(e)), []);
  await page.close();
});

test('a seed trains only the models its answer reads: their records equal the full race\'s', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const same = await page.evaluate(async () => {
    const { loadModule } = await import('./js/wasm-build.js');
    const tasks = await import('./pkg/mtl_playground.js');
    const funnel = await loadModule('funnel');
    const watch = await loadModule('watch');
    /** Records of `keep` in a race of every model and in one of `keep` alone, after `steps` steps. */
    const compare = (Handle, config, keep, steps) => {
      const full = new Handle(config);
      const sub = new Handle({ ...config, models: config.models.filter((m) => keep.includes(m)) });
      full.train(1e9, steps);
      sub.train(1e9, steps);
      const pick = (history) => JSON.stringify(history.filter(([id]) => keep.includes(id)));
      const out = { same: pick(full.history()) === pick(sub.history()), records: sub.history()[0][1].length, models: sub.history().length };
      full.free();
      sub.free();
      return out;
    };
    const taskConfig = tasks.raceConfig({ models: ['shared_bottom', 'mmoe'], p: 0.5, w: 0.9, weighting: 'uncertainty', samples: 5000 });
    Object.assign(taskConfig, { record_every: 20, eval_samples: 256 });
    const funnelConfig = funnel.funnelConfig({});
    Object.assign(funnelConfig.data, { users: 200, items: 400, train_samples: 20000, validation_samples: 4000, test_samples: 4000 });
    Object.assign(funnelConfig, { record_every: 20, eval_samples: 2000 });
    const watchConfig = watch.watchConfig({});
    Object.assign(watchConfig.data, { users: 100, videos: 200, train_samples: 8192 });
    watchConfig.record_every = 20;
    return {
      weighting: compare(tasks.Lab, taskConfig, ['mmoe'], 100),
      esmm: compare(funnel.FunnelLab, funnelConfig, ['base', 'esmm'], 100),
      watch: compare(watch.WatchLab, watchConfig, ['ctr', 'weighted_ce'], 100),
    };
  });
  for (const [id, { same: equal, records, models }] of Object.entries(same)) {
    assert.equal(equal, true, `${id}: the kept models' records equal the full race's`);
    assert.ok(records >= 5, `${id}: ${records} records compared`);
    assert.ok(models >= 1);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
