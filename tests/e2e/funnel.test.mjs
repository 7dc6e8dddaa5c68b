// The ESMM funnel lab, driven as a student and a teacher would: switch to the
// funnel, press play and watch ESMM pull ahead of BASE on the entire space
// while the clicked-only metric tells a milder story; share and embed it;
// survive hostile links.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, stepOf, hashParams, inkOf, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

const metricOf = (page, model, metric) =>
  page.locator(`#funnel-readout tr[data-model="${model}"] td[data-metric="${metric}"]`).textContent().then(Number);
const visible = (page, selector) => page.isVisible(selector);

/** Waits until every model has stopped early (the status says so) or `maxStep` passes. */
async function trainToEnd(page, maxStep, timeout) {
  await page.waitForFunction((max) => {
    const step = Number(document.getElementById('step').textContent.replace(/,/g, ''));
    return document.getElementById('play').disabled || step >= max;
  }, maxStep, { timeout });
}

test('switching to the funnel shows its controls and charts, and back again', async () => {
  const { page, errors } = await lab.open('#lang=en&autoplay=0');
  await ready(page);
  assert.equal(await visible(page, '#chart-losses'), true);
  assert.equal(await visible(page, '#chart-cvrAuc'), false);
  await page.click('text=Click → conversion (ESMM)');
  await ready(page);
  await page.waitForFunction(() => location.hash.includes('scenario=funnel'));
  for (const id of ['#chart-funnel', '#chart-cvrAuc', '#chart-calibration', '#funnel-readout', '#ctl-selection', '#ctl-rho']) {
    assert.equal(await visible(page, id), true, `${id} shows in the funnel`);
  }
  for (const id of ['#chart-losses', '#chart-gates', '#readout', '#ctl-p', '#ctl-lr']) {
    assert.equal(await visible(page, id), false, `${id} hides in the funnel`);
  }
  assert.equal(hashParams(page).has('p'), false, 'the link carries only the funnel knobs');
  assert.equal(await page.locator('#funnel-readout tbody tr').count(), 4);
  assert.match(await page.textContent('#funnel-lesson-gap'), /^Press play/, 'before training the lesson claims nothing');
  assert.equal(await page.textContent('#funnel-lesson-note'), '');
  assert.ok((await page.textContent('.lead:visible')).includes('entire impression space'));
  await page.click('text=Correlated tasks (MMoE)');
  await ready(page);
  await page.waitForFunction(() => location.hash.includes('scenario=tasks'));
  assert.equal(await visible(page, '#chart-losses'), true);
  assert.equal(await visible(page, '#chart-funnel'), false);
  assert.equal(await stepOf(page), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('play: ESMM pulls ahead of BASE on the entire space; the clicked-only score tells a milder story', async (t) => {
  const { page, errors } = await lab.open('#scenario=funnel&lang=en&autoplay=0');
  await ready(page);
  const started = Date.now();
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 250);
  await page.waitForTimeout(200);
  assert.ok((await page.textContent('#funnel-lesson-gap')).startsWith('ESMM − BASE'), 'the lesson line reports the gap live');
  await trainToEnd(page, 12000, 150000);
  const seconds = (Date.now() - started) / 1000;
  await page.waitForTimeout(300); // one throttled redraw
  const step = await stepOf(page);
  t.diagnostic(`funnel race: ${step} steps in ${seconds.toFixed(1)} s; status “${await page.textContent('#status')}”`);
  const entire = (await metricOf(page, 'esmm', 'cvr_auc_entire')) - (await metricOf(page, 'base', 'cvr_auc_entire'));
  const clicked = (await metricOf(page, 'esmm', 'cvr_auc_clicked')) - (await metricOf(page, 'base', 'cvr_auc_clicked'));
  t.diagnostic(`ESMM − BASE CVR AUC: entire ${entire.toFixed(3)}, clicked only ${clicked.toFixed(3)}`);
  assert.ok(entire >= 0.02, `ESMM should lead BASE on the entire space by ≥ 0.02, got ${entire.toFixed(3)}`);
  assert.ok(entire > clicked + 0.01, `the clicked-only gap (${clicked.toFixed(3)}) should be clearly smaller than the entire-space gap (${entire.toFixed(3)})`);
  assert.match(await page.textContent('#funnel-lesson-note'), /sample selection bias/);
  const truth = await page.textContent('#funnel-readout tr[data-model="base"] td[data-metric="mean_pcvr"]');
  t.diagnostic(`BASE mean pCVR (truth): ${truth}; ESMM: ${await page.textContent('#funnel-readout tr[data-model="esmm"] td[data-metric="mean_pcvr"]')}`);
  for (const id of ['chart-funnel', 'chart-cvrAuc', 'chart-calibration']) {
    assert.ok((await inkOf(page, `#${id}`)) > 0.01, `${id} has something drawn on it`);
  }
  if (await page.isDisabled('#play')) {
    assert.match(await page.textContent('#status'), /stopped early/);
    assert.match(await page.textContent('#funnel-readout tr[data-model="esmm"] td[data-metric="state"]'), /stopped at step/);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a funnel link restores its knobs, embedded and in Chinese', async () => {
  const path = '#scenario=funnel&selection=2.5&rho=0.5&cvr=0.05&items=4000&funnelModels=base,esmm&seed=3'
    + '&lang=zh&autoplay=0&embed=1&panels=cvrAuc&hide=scenario,selection';
  const { page, errors } = await lab.open(path);
  await ready(page);
  const controls = await page.evaluate(() => window.mtlPlayground.controls());
  assert.equal(controls.rho, '0.5');
  assert.equal(controls.cvr, '0.05');
  assert.equal(controls.items, '4000');
  assert.deepEqual(controls.funnelModels, ['base', 'esmm']);
  assert.equal(await visible(page, '#chart-cvrAuc'), true);
  assert.equal(await visible(page, '#chart-funnel'), false);
  assert.equal(await visible(page, '#chart-calibration'), false);
  assert.equal(await visible(page, '.scenario-switch'), false, 'hide=scenario hides the switch');
  assert.equal(await visible(page, '#ctl-selection'), false);
  assert.equal(await visible(page, '#page-header'), false);
  assert.equal(await page.textContent('label[for="ctl-rho"] .label-text'), '点击与转化的相关性 ρ');
  assert.equal(await page.locator('#funnel-readout tbody tr').count(), 2);
  assert.equal(hashParams(page).get('selection'), '2.5');
  assert.deepEqual(errors, []);
  await page.close();
});

test('hostile and out-of-range funnel values are refused or clamped, and said so', async () => {
  const { page, errors } = await lab.open('#scenario=funnel&selection=99&rho=-3&items=1e9&ctr=abc'
    + '&funnelModels=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&lang=en&autoplay=0');
  await ready(page);
  const state = await page.evaluate(() => window.mtlPlayground.state);
  assert.deepEqual([state.selection, state.rho, state.items, state.ctr], [3, 0, 8000, 0.08]);
  assert.deepEqual(state.funnelModels, ['base', 'division', 'esmm_ns', 'esmm']);
  const notice = await page.textContent('#notice');
  for (const name of ['“selection”', '“rho”', '“items”', '“ctr”', '“funnelModels”']) {
    assert.ok(notice.includes(name), `the notice names ${name}: ${notice}`);
  }
  assert.equal(await page.locator('img').count(), 0);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) > 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots of the funnel lab in both languages and narrow', async () => {
  for (const [name, path, options] of [
    ['funnel-en', '#scenario=funnel&lang=en', {}],
    ['funnel-zh', '#scenario=funnel&lang=zh', {}],
    ['funnel-narrow', '#scenario=funnel&lang=zh', { viewport: { width: 420, height: 900 } }],
  ]) {
    const { page, errors } = await lab.open(path, options);
    await ready(page);
    await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 2500, null, { timeout: 90000 });
    if (!(await page.isDisabled('#play'))) await page.click('#play');
    await page.mouse.move(1, 1); // no hover tooltip in the picture
    await page.waitForTimeout(300);
    await lab.shot(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the window`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});
