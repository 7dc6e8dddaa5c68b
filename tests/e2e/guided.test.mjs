// The six guided labs, each from its own URL and in the chapter's order: the
// prediction question works, the run produces the chart it talks about, and the
// explanation quotes this run's numbers. Screenshots of each lab in both languages.
// (What a lab keeps back before its run: spoilers.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, inkOf, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/** Each lab, in the menu's order (the chapter's), the chart it points at, and what its explanation must quote. */
const LABS = [
  { id: 'watch', focus: 'watchTradeoff', choices: 4, quotes: /(Weighted CE's|The CTR model's) top 10 % holds \d+\.\d % of the best possible watch time|Watch time: weighted CE \d+\.\d %/ },
  { id: 'sharing', focus: 'losses', quotes: /Shared-Bottom's test loss on task A was \d\.\d{4} at step 1,500 and is \d\.\d{4} at step 3,000 \(\d+\.\d\d×\)/ },
  { id: 'esmm', focus: 'cvrAuc', quotes: /ESMM − BASE: (entire space|clicked only) [+−]\d\.\d{3}/ },
  { id: 'gates', focus: 'gates', quotes: /OMoE's loss went \d\.\d{4} → \d\.\d{4} \(\d+\.\d\d×\)[^]*JS distance,? \d\.\d\d → \d\.\d\d|JS distance went \d\.\d\d → \d\.\d\d/ },
  { id: 'seesaw', focus: 'sweep', choices: 4, quotes: /At p = 0, of the seeds that trained, Shared-Bottom was negative transfer in \d+ of \d+ \(\d+ negative transfer, \d+ seesaw, \d+ positive transfer, \d+ unclear; \d+ failed, counted apart\), MMoE in \d+ of \d+/ },
  { id: 'weighting', focus: 'weights', quotes: /MMoE's weights ended at A \d+\.\d\d : B \d+\.\d\d: A has \d+\.\d % of the weight|could not be read/ },
];

test('the menu lists the guided labs in the chapter\'s order, numbered, each by its name', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  const links = page.locator('a.guide-link');
  assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.dataset.guide)), LABS.map((l) => l.id));
  const texts = await links.allTextContents();
  assert.match(texts[0], /^1\. Rank by clicks or by watch time\?/);
  assert.match(texts[5], /^6\. Letting the loss weights learn/);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const { id, focus, quotes } of LABS) {
  test(`guided lab “${id}”: loads from its URL, asks, runs, and explains this run`, async (t) => {
    // from the menu on a bare page: the link is the lab's URL
    const { page, errors } = await lab.open('#lang=en&autoplay=0');
    await ready(page);
    const href = await page.getAttribute(`a.guide-link[data-guide="${id}"]`, 'href');
    assert.match(href, new RegExp(`guide=${id}`));
    await page.close();

    const { page: guided, errors: guidedErrors } = await lab.open(href);
    await ready(guided);
    await guided.waitForSelector('#guide:not([hidden])');
    assert.equal(await guided.isDisabled('#guide-run'), true, 'no run before a prediction');
    assert.equal(await guided.isVisible(`figure[data-panel="${focus}"]`), true, `the ${focus} chart is shown`);
    await guided.check('input[name="guide-choice"][value="1"]');
    assert.equal(await guided.isDisabled('#guide-run'), false);
    const started = Date.now();
    await guided.click('#guide-run');
    assert.equal(await guided.getAttribute(`figure[data-panel="${focus}"]`, 'class').then((c) => c.includes('guide-focus')), true, 'the card points at its chart');
    await guided.waitForSelector('#guide-result', { timeout: 240000 });
    await seedsDone(guided, id);
    t.diagnostic(`${id}: ran in ${((Date.now() - started) / 1000).toFixed(1)} s — ${await guided.textContent('#guide-result')}`);
    assert.match(await guided.textContent('#guide-result'), quotes);
    // a race lab's verdict is its seeds' (guided-seeds.test.mjs); the sweep lab's, its sweep's
    assert.match(await guided.textContent('.guide-verdict'), id === 'seesaw'
      ? /You predicted “.+”\. This run (agrees|showed “.+”|bore out none of the choices)\./
      : /You predicted “.+”(?: \(\d+ of \d+ seeds\))?\. (Most seeds agree: \d+ of \d+\.|Most seeds showed “.+”: \d+ of \d+\.|No choice won most seeds|No seed's run bore out)/);
    assert.equal(await guided.locator('.withheld').count(), 0, 'the run is done: nothing is kept back any more');
    assert.equal(await guided.isDisabled('input[name="guide-choice"][value="0"]'), true, 'the prediction is locked after the run');
    const canvas = focus === 'sweep' ? '#chart-sweep' : `#chart-${focus}`;
    const ink = await inkOf(guided, canvas);
    assert.ok(ink > 0.01, `the ${focus} chart is drawn`);
    await guided.mouse.move(1, 1);
    await guided.waitForTimeout(300);
    await lab.shot(guided, `guide-${id}-en`);
    await guided.click('.guide-close');
    assert.equal(await guided.isVisible('#guide'), false, 'the card closes');
    assert.ok((await guided.locator('figure[data-panel]:visible').count()) >= 3, 'closing shows the whole lab again');
    assert.equal(new URLSearchParams(new URL(guided.url()).hash.slice(1)).get('guide'), '');
    assert.deepEqual([...errors, ...guidedErrors], []);
    await guided.close();
  });
}

/** Waits for a race lab's ten-seed answer (a sweep lab has none). */
async function seedsDone(page, id) {
  if (id !== 'seesaw') await page.waitForSelector('#guide-seeds[data-state="done"]', { timeout: 300000 });
}

/** Runs the open guided lab to its explanation and, for a race lab, its seeds' answer (prediction `choice`); returns the result's text. */
async function runGuide(page, choice = 1) {
  await page.waitForSelector('#guide:not([hidden])');
  await page.check(`input[name="guide-choice"][value="${choice}"]`);
  await page.click('#guide-run');
  await page.waitForSelector('#guide-result', { timeout: 240000 });
  await seedsDone(page, await page.evaluate(() => window.mtlPlayground.state.guide));
  return page.textContent('#guide-result');
}

test('the shared-parameters lab runs at the narrow preset, then offers and runs the paper preset, and names capacity', async (t) => {
  const { page, errors } = await lab.open('#guide=sharing&lang=en');
  await ready(page);
  const state = () => page.evaluate(() => window.mtlPlayground.state);
  assert.deepEqual(await state().then((s) => [s.preset, s.bottomUnits]), ['narrow', 2]);
  assert.match(await page.textContent('#preset-info'), /Bottom 2 · 8 experts × 2 · towers 32 · Leaky ReLU \(0\.05\)\. Parameters: .*Shared-Bottom [\d,]+/);
  const narrow = await runGuide(page);
  t.diagnostic(`narrow: ${narrow}`);
  assert.match(narrow, /Why: capacity\. Here the shared bottom has 2 units/);
  assert.match(narrow, /task A loss rose in 9 of 10 seeds \(median 1\.40×/, 'the 10-seed figure');
  const compare = page.locator('#guide-compare');
  assert.match(await compare.textContent(), /paper's sizes \(bottom of 113 units\)/);
  const href = new URLSearchParams((await compare.getAttribute('href')).slice(1));
  assert.deepEqual([href.get('guide'), href.get('preset'), href.get('bottomUnits')], ['sharing', 'paper', '113']);
  await compare.click();
  await page.waitForFunction(() => window.mtlPlayground.state.preset === 'paper' && window.mtlPlayground.summary?.step === 0);
  assert.deepEqual(await state().then((s) => [s.bottomUnits, s.expertUnits, s.towerUnits, s.guide]), [113, 16, 8, 'sharing']);
  assert.match(new URL(page.url()).hash, /preset=paper/, 'the paper run is a link of its own');
  const paper = await runGuide(page, 0);
  t.diagnostic(`paper: ${paper}`);
  assert.match(paper, /Shared-Bottom's test loss on task A was \d\.\d{4} at step 1,500/);
  assert.match(paper, /At the MMoE paper's sizes the shared bottom has 113 units/);
  assert.match(await page.locator('#guide-compare').textContent(), /narrow sizes/);
  await page.mouse.move(1, 1);
  await lab.shot(page, 'guide-sharing-paper-en');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the two rewritten labs, the watch-time lab and the seesaw lab in Chinese: run, and explain with this run\'s numbers', async (t) => {
  for (const [id, quotes] of [
    ['sharing', /Shared-Bottom 在任务 A 上的测试损失：第 1,500 步 \d\.\d{4}，第 3,000 步 \d\.\d{4}/],
    ['gates', /\d\.\d{4} 变为 \d\.\d{4}（\d+\.\d\d 倍）/],
    ['watch', /(观看时长|前 10%)[^]*\d+\.\d%/],
    ['seesaw', /p = 0 时，在训练成功的种子中，Shared-Bottom 有 \d+ 个种子里 \d+ 个是负迁移（负迁移 \d+ 个，跷跷板 \d+ 个，正迁移 \d+ 个，不明确 \d+ 个；另有 \d+ 个训练失败，单独计数）/],
  ]) {
    const { page, errors } = await lab.open(`#guide=${id}&lang=zh`);
    await ready(page);
    const text = await runGuide(page);
    t.diagnostic(`${id} zh: ${text}`);
    assert.match(text, quotes);
    assert.match(text, /10 个随机种子/, 'the 10-seed figures, in Chinese');
    assert.match(await page.textContent('.guide-verdict'), id === 'seesaw'
      ? /你的预测是“.+”。这次运行(与之一致|显示的是“.+”|不符合任何一个选项)。/
      : /你的预测是“.+”(（\d+ 个种子中 \d+ 个）)?。(多数种子与之一致|多数种子显示的是“.+”|没有哪个选项占多数|没有一个种子的结果)/);
    assert.doesNotMatch(text, /\*\*|\{\w+\}/, `${id}: no raw bold marks or unfilled placeholders`);
    if (id === 'seesaw') {
      // the answer is the map's: Shared-Bottom's p = 0 row of the table holds the card's counts, over ten seeds
      const row = await page.locator('#transfer-table tbody tr[data-model="shared_bottom"][data-p="0"] td').allTextContents();
      const [positive, seesaw, negative, unclear, failed, seeds] = row.slice(1, 7).map(Number);
      assert.equal(seeds, 10, 'ten seeds');
      assert.equal(positive + seesaw + negative + unclear + failed, seeds);
      const [, trained, neg] = text.match(/Shared-Bottom 有 (\d+) 个种子里 (\d+) 个是负迁移/).map(Number);
      assert.deepEqual([trained, neg], [seeds - failed, negative], 'the card quotes the map');
      // the answer came with p = 0's seeds; the control, p = 1, fills in after, and p = 0's row stands
      await page.waitForFunction(() => /^(Finished|完成)/.test(document.getElementById('sweep-status').textContent), null, { timeout: 120000 });
      assert.equal(await page.locator('#transfer-table tbody tr').count(), 4, 'two models at p = 1 and 0');
      const after = await page.locator('#transfer-table tbody tr[data-model="shared_bottom"][data-p="0"] td').allTextContents();
      assert.deepEqual(after, row, 'the control changed nothing at p = 0');
    }
    await page.mouse.move(1, 1);
    await lab.shot(page, `guide-${id}-result-zh`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('each guided lab in Chinese: the card, its question and choices', async () => {
  for (const { id, focus, choices = 3 } of LABS) {
    // a hand-written short link: the lab's own settings fill in the rest
    const { page, errors } = await lab.open(`#guide=${id}&lang=zh`);
    await ready(page);
    await page.waitForSelector('#guide:not([hidden])');
    assert.equal(await page.isVisible(`figure[data-panel="${focus}"]`), true, `${id}: its chart is shown`);
    assert.equal(await page.locator('figure[data-panel]:visible').count(), 2, `${id}: only the lab's two panels`);
    assert.equal(await page.textContent('#step'), '0', `${id}: waits for the prediction`);
    const card = await page.textContent('#guide');
    assert.match(card, /[\u4e00-\u9fff]{4}/, `${id}: Chinese text`);
    assert.equal(await page.locator('input[name="guide-choice"]').count(), choices);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.mouse.move(1, 1);
    await lab.shot(page, `guide-${id}-zh`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
