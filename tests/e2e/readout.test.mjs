// The values under the pointer: hovering a live chart shows what lies there,
// read from the core that drew it (the loss at the step under the pointer is
// the record's), touching does the same, and the keyboard moves along the
// records with each position said politely to screen readers. A screenshot of
// a readout is saved.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, settled, start, untilStep } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/** A readout's value as the page writes it (four significant digits, U+2212 for minus) as a number. */
const number = (text) => Number(text.replace('\u2212', '-'));

/** Opens the tasks lab, races a while, pauses and waits for the last redraw. */
async function paused(hash) {
  const { page, errors } = await lab.open(hash);
  await ready(page);
  await untilStep(page, 600);
  await page.click('#play');
  await settled(page);
  await page.waitForTimeout(400); // the last records drawn
  return { page, errors };
}

test('hovering the loss chart shows the step under the pointer and each model\'s two losses there, equal to the records', async () => {
  const { page, errors } = await paused('#lang=en&models=single,shared_bottom,mmoe&seed=3');
  const canvas = page.locator('#chart-losses');
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.45, box.y + box.height * 0.45);
  const readout = page.locator('#chart-readout');
  await readout.waitFor({ state: 'visible', timeout: 5000 });
  const title = await readout.locator('.chart-readout-title').textContent();
  const step = Number(title.match(/step ([\d,]+)/)[1].replace(/,/g, ''));
  const rows = await readout.locator('.chart-readout-row').allTextContents();
  assert.equal(rows.length, 3, `a row per model: ${rows}`);
  const history = await page.evaluate(() => window.mtlPlayground.history);
  const mmoe = history.find(([id]) => id === 'mmoe')[1].find((r) => r.step === step);
  assert.ok(mmoe, `MMoE has a record at step ${step}`);
  const [, a, b] = rows.find((r) => r.startsWith('MMoE')).match(/task A ([−\d.e+-]+) · task B ([−\d.e+-]+)/);
  assert.equal(number(a), Number(mmoe.test_loss[0].toPrecision(4)), 'task A\'s loss is the record\'s');
  assert.equal(number(b), Number(mmoe.test_loss[1].toPrecision(4)), 'task B\'s loss is the record\'s');
  await lab.shot(page, 'readout-losses');
  await page.mouse.move(box.x + box.width * 0.45, box.y - 40); // off the chart
  await readout.waitFor({ state: 'hidden', timeout: 5000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the keyboard moves along the records on a chart and says each position; touch and the gates and seesaw read too', async () => {
  const { page, errors } = await paused('#lang=en&models=single,shared_bottom,mmoe&seed=3');
  const live = page.locator('#chart-readout-live');
  const stepSaid = async () => Number((await live.textContent()).match(/step ([\d,]+)/)[1].replace(/,/g, ''));
  await page.locator('#chart-losses').focus();
  await page.waitForFunction(() => /step/.test(document.getElementById('chart-readout-live').textContent));
  const last = await stepSaid();
  const summary = await page.evaluate(() => window.mtlPlayground.summary);
  assert.equal(last, summary.models[0].latest.step, 'focus reads the latest record');
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction((s) => !document.getElementById('chart-readout-live').textContent.includes(`step ${s.toLocaleString('en-US')}:`), last);
  const before = await stepSaid();
  assert.ok(before < last, `ArrowLeft: the record before (${before} < ${last})`);
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.getElementById('chart-readout-live').textContent.startsWith('step 0:'));
  assert.match(await live.textContent(), /MMoE[^:;]*: task A [\d.]+ · task B [\d.]+/);

  // the seesaw by keyboard: each multi-task model's two gains at the latest record, the summary's
  await page.locator('#chart-seesaw').focus();
  await page.waitForFunction(() => /MTL gain/.test(document.getElementById('chart-readout-live').textContent));
  const said = await live.textContent();
  const mmoe = summary.models.find((m) => m.model === 'mmoe').latest.mtl_gain;
  const mine = said.match(/MMoE[^:;]*: ([^;]*)/);
  assert.ok(mine, said);
  // "MMoE (…): <name> 0.1234 · <name> 0.05678; …": the last word of each part
  const gains = mine[1].split(' · ').map((part) => number(part.trim().split(' ').at(-1)));
  assert.deepEqual(gains.slice(0, 2), mmoe.map((g) => Number(g.toPrecision(4))), `the gains said are the record's: ${said}`);

  // a touch on the gate heatmaps names a cell: model, task, expert and its weight
  const gates = await page.locator('#chart-gates').boundingBox();
  await page.locator('#chart-gates').evaluate((canvas, at) => {
    canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: at.x, clientY: at.y, pointerType: 'touch', bubbles: true }));
  }, { x: gates.x + gates.width * 0.3, y: gates.y + gates.height * 0.22 });
  const readout = page.locator('#chart-readout');
  await readout.waitFor({ state: 'visible', timeout: 5000 });
  assert.match(await readout.textContent(), /MMoE[^·]* task [AB] · expert \d+ \d\.\d+/);
  await lab.shot(page, 'readout-gates');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the funnel picture reads each stage\'s count, and calibration and watch time\'s charts their points, by keyboard', async () => {
  const live = (page) => page.locator('#chart-readout-live').textContent();
  const { page, errors } = await lab.open('#lang=en&scenario=funnel');
  await ready(page);
  await untilStep(page, 200);
  await page.click('#play');
  await settled(page);
  await page.waitForTimeout(400);
  await page.locator('#chart-funnel').focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => /impressions/i.test(document.getElementById('chart-readout-live').textContent));
  const impressions = Number((await live(page)).match(/([\d,]+)$/)[1].replace(/,/g, ''));
  const summary = await page.evaluate(() => window.mtlPlayground.summary);
  assert.equal(impressions, summary.data.impressions, 'the first stage reads the training funnel\'s impressions');
  await page.locator('#chart-calibration').focus();
  await page.waitForFunction(() => /predicted pCVR/.test(document.getElementById('chart-readout-live').textContent));
  assert.match(await live(page), /mean predicted pCVR[^·]* [\d.e−-]+ · mean true pCVR[^·]* [\d.e−-]+/);
  await page.close();

  const watch = await lab.open('#lang=en&scenario=watch&seed=2');
  await ready(watch.page);
  await watch.page.waitForFunction(() => window.mtlPlayground.summary.finished, null, { timeout: 120000 });
  await watch.page.waitForTimeout(600);
  for (const [id, says] of [['watchTradeoff', /share of clicks captured/], ['watchOdds', /: .+ [\d.]+ · .+ [\d.]+/], ['watchWeights', /w 0 · share of clicks captured [\d.]+/]]) {
    await watch.page.locator(`#chart-${id}`).focus();
    await watch.page.keyboard.press('Home');
    await watch.page.waitForFunction((re) => new RegExp(re).test(document.getElementById('chart-readout-live').textContent), says.source);
  }
  assert.deepEqual([...errors, ...watch.errors], []);
  await watch.page.close();
});
