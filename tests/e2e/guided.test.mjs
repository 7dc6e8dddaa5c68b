// The five guided labs, each from its own URL: the prediction question works,
// the run produces the chart it talks about, and the explanation quotes this
// run's numbers. Screenshots of each lab in both languages.
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

/** Each lab, the chart it points at, and what its explanation must quote. */
const LABS = [
  { id: 'sharing', focus: 'seesaw', quotes: /MTL gain was A [+−]\d\.\d{3}, B [+−]\d\.\d{3} with p = 1 and is A [+−]\d\.\d{3}/ },
  { id: 'gates', focus: 'gates', quotes: /JS distance went from \d\.\d\d/ },
  { id: 'seesaw', focus: 'sweep', quotes: /task B loss: \d\.\d{3} with equal weights, \d\.\d{3} with all weight on A/ },
  { id: 'esmm', focus: 'cvrAuc', quotes: /ESMM − BASE: (entire space|clicked only) [+−]\d\.\d{3}/ },
  { id: 'weighting', focus: 'weights', quotes: /MMoE's weights ended at A \d+\.\d\d : B \d+\.\d\d \(\d+ % on A\)/ },
];

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
    t.diagnostic(`${id}: ran in ${((Date.now() - started) / 1000).toFixed(1)} s — ${await guided.textContent('#guide-result')}`);
    assert.match(await guided.textContent('#guide-result'), quotes);
    assert.match(await guided.textContent('.guide-verdict'), /You predicted “.+”\. This run (agrees|showed “.+”)\./);
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

test('each guided lab in Chinese: the card, its question and choices', async () => {
  for (const { id, focus } of LABS) {
    // a hand-written short link: the lab's own settings fill in the rest
    const { page, errors } = await lab.open(`#guide=${id}&lang=zh`);
    await ready(page);
    await page.waitForSelector('#guide:not([hidden])');
    assert.equal(await page.isVisible(`figure[data-panel="${focus}"]`), true, `${id}: its chart is shown`);
    assert.equal(await page.locator('figure[data-panel]:visible').count(), 2, `${id}: only the lab's two panels`);
    assert.equal(await page.textContent('#step'), '0', `${id}: waits for the prediction`);
    const card = await page.textContent('#guide');
    assert.match(card, /[\u4e00-\u9fff]{4}/, `${id}: Chinese text`);
    assert.equal(await page.locator('input[name="guide-choice"]').count(), 3);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.mouse.move(1, 1);
    await lab.shot(page, `guide-${id}-zh`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
