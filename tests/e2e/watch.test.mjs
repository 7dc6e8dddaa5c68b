// The watch-time lab (the chapter's "loss加权融合"), driven as a student and a
// teacher would: open it from its link in both languages, let the race and the
// w sweep run, read the lesson, export it, and survive hostile links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { ready, stepOf, hashParams, inkOf, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

const shareOf = (page, model, metric) =>
  page.locator(`#watch-readout tr[data-model="${model}"] td[data-metric="${metric}"]`).textContent().then((s) => parseFloat(s) / 100);

/**
 * Waits until the race and its w sweep are done (play disables itself) and the
 * page has drawn that last summary: the readouts and the sweep's sentence are
 * written at the next animation frame, not when play disables (a read in
 * between once found the sweep at 10 of 11).
 */
const finished = (page, timeout = 240000) => page.waitForFunction(() => {
  const counts = document.getElementById('summary-watchWeights')?.textContent.match(/(\d+)\D+(\d+)/);
  return document.getElementById('play').disabled && counts != null && counts[1] === counts[2];
}, null, { timeout });

for (const lang of ['en', 'zh']) {
  test(`the watch-time lab from its link (${lang}): the race, the lesson, the w sweep and every chart inked`, async (t) => {
    const { page, errors } = await lab.open(`#scenario=watch&lang=${lang}&seed=2`);
    await ready(page);
    for (const id of ['#chart-watchTradeoff', '#chart-watchOdds', '#chart-watchWeights', '#watch-readout', '#ctl-appealQuality', '#ctl-clickRate', '#ctl-clickWeight']) {
      assert.equal(await page.isVisible(id), true, `${id} shows in the watch lab`);
    }
    for (const id of ['#chart-losses', '#chart-funnel', '#readout', '#funnel-readout', '#ctl-p', '#ctl-rho']) {
      assert.equal(await page.isVisible(id), false, `${id} hides in the watch lab`);
    }
    assert.equal(await page.locator('#watch-readout tbody tr').count(), 3);
    const started = Date.now();
    await finished(page);
    t.diagnostic(`race of 3,000 steps and the 11-run w sweep: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    assert.equal(await stepOf(page), 3000);
    // the finding, in this run: weighted CE's ranking holds more watch time, the CTR model's more clicks
    const [wceWatch, ctrWatch] = [await shareOf(page, 'weighted_ce', 'top_watch_share'), await shareOf(page, 'ctr', 'top_watch_share')];
    const [wceClicks, ctrClicks] = [await shareOf(page, 'weighted_ce', 'top_click_share'), await shareOf(page, 'ctr', 'top_click_share')];
    t.diagnostic(`seed 2: watch share weighted CE ${wceWatch} vs CTR ${ctrWatch}; click share CTR ${ctrClicks} vs weighted CE ${wceClicks}`);
    assert.ok(wceWatch > ctrWatch && ctrClicks > wceClicks, 'the clickbait world shows the trade between clicks and watch time');
    const lesson = await page.textContent('#watch-lesson');
    assert.match(lesson, lang === 'en' ? /clickbait world/ : /标题党世界/);
    assert.match(await page.textContent('#summary-watchWeights'), lang === 'en' ? /11 of 11/ : /11 \/ 11/);
    assert.match(await page.textContent('#status'), lang === 'en' ? /race and the loss-weight sweep are done/ : /同场对比和损失权重扫描都已结束/);
    await page.mouse.move(1, 1);
    await page.waitForTimeout(300);
    for (const id of ['#chart-watchTradeoff', '#chart-watchOdds', '#chart-watchWeights']) {
      assert.ok((await inkOf(page, id)) > 0.01, `${id} is drawn`);
    }
    await lab.shot(page, `watch-${lang}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('paused once its race is done, watch time\'s w sweep stops too, and goes on with play', async (t) => {
  const { page, errors } = await lab.open('#scenario=watch&lang=en&seed=2');
  await ready(page);
  await page.waitForFunction(() => window.mtlPlayground.summary.race_finished, null, { timeout: 120000 });
  await page.click('#play'); // pause
  const done = () => page.evaluate(() => window.mtlPlayground.summary.sweep_done);
  await page.waitForTimeout(3000); // the workers finish what they were granted
  const paused = await done();
  await page.waitForTimeout(5000);
  const later = await done();
  t.diagnostic(`sweep points while paused: ${paused} of 11, 5 s later ${later}`);
  assert.equal(later, paused, 'no sweep point is trained while paused');
  assert.ok(paused < 11, 'the sweep was stopped before its end');
  assert.match(await page.textContent('#status'), /Paused/);
  await page.click('#play');
  await finished(page);
  assert.equal(await done(), 11);
  assert.deepEqual(errors, []);
  await page.close();
});

test('switching to watch time from a running race, and back, trains each new race without an error', async () => {
  const { page, errors } = await lab.open('#lang=en');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 40);
  for (const [label, scenario, chart] of [['Watch time (YouTube)', 'watch', '#chart-watchTradeoff'], ['Correlated tasks (MMoE)', 'tasks', '#chart-losses']]) {
    await page.click(`text=${label}`);
    await page.waitForFunction((s) => location.hash.includes(`scenario=${s}`), scenario);
    await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 40, null, { timeout: 30000 })
      .catch(async (e) => assert.fail(`${scenario}: step ${await page.textContent('#step')}, status ${await page.textContent('#status')}, errors ${errors}: ${e.message}`));
    assert.equal(await page.isVisible(chart), true, `${scenario}: its chart shows`);
    assert.doesNotMatch(await page.textContent('#status'), /Could not/, `${scenario}: no error in the status line`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the two-task weight w is live: it moves mid-race without a restart and the link keeps it', async () => {
  const { page, errors } = await lab.open('#scenario=watch&lang=en&autoplay=0&clickWeight=0.5');
  await ready(page);
  assert.equal(await page.inputValue('#ctl-clickWeight'), '0.5');
  await page.click('#step-once');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 20);
  const before = await stepOf(page);
  await page.focus('#ctl-clickWeight');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash.includes('clickWeight=0.8'));
  await page.waitForFunction(() => window.mtlPlayground.summary.click_weight === 0.8, null, { timeout: 5000 });
  assert.equal(await stepOf(page), before, 'no restart');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hostile and out-of-range watch values are refused or clamped, and said so', async () => {
  const { page, errors } = await lab.open('#scenario=watch&appealQuality=-7&clickRate=abc&clickWeight=1e9'
    + '&watchModels=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&lang=en&autoplay=0');
  await ready(page);
  const state = await page.evaluate(() => window.mtlPlayground.state);
  assert.deepEqual([state.appealQuality, state.clickRate, state.clickWeight], [-1, 0.1, 1]);
  assert.deepEqual(state.watchModels, ['ctr', 'weighted_ce', 'two_tasks']);
  const notice = await page.textContent('#notice');
  for (const name of ['“appealQuality”', '“clickRate”', '“clickWeight”', '“watchModels”']) {
    assert.ok(notice.includes(name), `the notice names ${name}: ${notice}`);
  }
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) > 0);
  assert.equal(hashParams(page).has('p'), false, 'the link carries only the watch knobs');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a watch-time run exports as CSV and JSON with its metrics', async () => {
  const { page, errors } = await lab.open('#scenario=watch&lang=en&autoplay=0&watchModels=ctr,weighted_ce&seed=3');
  await ready(page);
  for (let i = 0; i < 15; i++) await page.click('#step-once');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 300);
  const download = async (selector) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return { name: file.suggestedFilename(), text: (await readFile(await file.path())).toString('utf8') };
  };
  const csv = await download('#export-csv');
  assert.match(csv.name, /^mtl-playground-watch-seed3-step\d+\.csv$/);
  const [header, ...rows] = csv.text.trim().split('\r\n').map((line) => line.split(','));
  for (const column of ['model', 'step', 'top_watch_share', 'top_click_share', 'ctr_auc', 'odds_ratio_to_watch']) {
    assert.ok(header.includes(column), `the CSV has a ${column} column: ${header}`);
  }
  assert.deepEqual([...new Set(rows.map((r) => r[0]))], ['ctr', 'weighted_ce']);
  const lastWce = rows.filter((r) => r[0] === 'weighted_ce').at(-1);
  assert.ok(Number(lastWce[header.indexOf('odds_ratio_to_watch')]) > 1, 'weighted CE has its odds ratio');
  assert.equal(rows.find((r) => r[0] === 'ctr')[header.indexOf('odds_ratio_to_watch')], '', 'the CTR model has none');
  const json = JSON.parse((await download('#export-json')).text);
  assert.equal(json.scenario, 'watch');
  assert.equal(json.settings.seed, 3);
  assert.deepEqual(Object.keys(json.models), ['ctr', 'weighted_ce']);
  assert.match(json.records, /last 1000 record intervals, all of them; older records thinned/, 'the file says what a long run keeps');
  assert.match(await page.textContent('#tip-csv'), /last 1,000 records whole and thins older ones/, 'so does the CSV button\'s tip');
  assert.deepEqual(errors, []);
  await page.close();
});
