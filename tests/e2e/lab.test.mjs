// The lab page, driven as a student and a teacher would: play, move controls,
// share a link, embed a reduced view, switch language, and survive hostile URLs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ready, settled, stepOf, hashParams, inkOf, signedOf, start } from './harness.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

const PAUSED = '#autoplay=0';

const lossOf = (page, model, task) => page.locator(`#readout tr[data-model="${model}"] td[data-task="${task}"]`).textContent().then(Number);

test('loads with no console errors, in English for an English browser', async () => {
  const { page, errors } = await lab.open('', { locale: 'en-US' });
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('label[for="ctl-p"] .label-text'), 'Task correlation p');
  assert.equal(hashParams(page).get('lang'), 'en');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) > 0, null, { timeout: 10000 });
  // the first minute: already training, with one line saying what this is
  assert.match(await page.textContent('.one-line:visible'), /^You are watching four kinds of model/);
  assert.equal(await page.textContent('#play'), 'Pause', 'the bare URL is already running');
  assert.deepEqual(errors, []);
  await page.close();
});

test('every scenario\'s chart panels come from the core\'s chart registry, in its order, with their words', async () => {
  const { page, errors } = await lab.open('#lang=en');
  await ready(page);
  const { registry, panels } = await page.evaluate(async () => {
    const core = (await import('./pkg/mtl_playground.js')).coreParams();
    const figures = [...document.querySelectorAll('figure[data-panel]')];
    return {
      registry: core.charts.map((c) => ({ scenario: c.scenario, charts: c.charts })),
      panels: figures.map((f) => ({ id: f.dataset.panel, scenario: f.dataset.scenario, title: f.querySelector('h2').textContent, canvas: f.querySelector('canvas')?.id })),
    };
  });
  for (const { scenario, charts } of registry) {
    const made = panels.filter((p) => p.scenario === scenario && p.id !== 'sweep');
    assert.deepEqual(made.map((p) => p.id), charts, `${scenario}: a panel for each chart of the registry, in order`);
    for (const p of made) {
      assert.equal(p.canvas, `chart-${p.id}`);
      assert.ok(p.title.length > 0 && !p.title.startsWith('panel.'), `${p.id} has its title`);
    }
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Chinese browser gets the Chinese page by default', async () => {
  const { page, errors } = await lab.open(PAUSED, { locale: 'zh-CN' });
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('label[for="ctl-p"] .label-text'), '任务相关性 p');
  assert.deepEqual(errors, []);
  await page.close();
});

test('pressing play advances the step counter and the test loss falls', async () => {
  const { page, errors } = await lab.open(PAUSED);
  await ready(page);
  assert.equal(await stepOf(page), 0);
  const before = await lossOf(page, 'mmoe', 'a');
  await page.click('#play');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 400, null, { timeout: 30000 });
  await page.click('#play');
  await page.waitForTimeout(200); // one throttled redraw of the table
  const after = await lossOf(page, 'mmoe', 'a');
  assert.ok(after < before, `MMoE task A test loss should fall: ${before} → ${after}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the charts redraw at 10 Hz or more while training, and frames stay short', async (t) => {
  const { page, errors } = await lab.open('#lang=en');
  await ready(page);
  const { draws, worstFrame } = await page.evaluate(async () => {
    const first = window.mtlPlayground.draws;
    let last = performance.now();
    let worst = 0;
    const end = last + 2000;
    await new Promise((done) => {
      const tick = (now) => {
        worst = Math.max(worst, now - last);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return { draws: window.mtlPlayground.draws - first, worstFrame: worst };
  });
  t.diagnostic(`${draws} redraws in 2 s; longest frame ${worstFrame.toFixed(0)} ms`);
  assert.ok(draws >= 20, `expected ≥ 20 redraws in 2 s, got ${draws}`);
  assert.ok(worstFrame < 200, `the longest frame took ${worstFrame.toFixed(0)} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('racing all six models: frame times, printed (redraws are spread over frames)', async (t) => {
  const { page, errors } = await lab.open('#lang=en&models=single,shared_bottom,omoe,mmoe,cgc,ple');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 100);
  const { frames, steps, drawMs } = await page.evaluate(async () => {
    const gaps = [];
    const drawn = [];
    const first = Number(document.getElementById('step').textContent.replace(/,/g, ''));
    let last = performance.now();
    const end = last + 3000;
    await new Promise((done) => {
      const tick = (now) => {
        gaps.push(now - last);
        drawn.push(window.mtlPlayground.drawMs ?? 0);
        last = now;
        if (now < end) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    const steps = Number(document.getElementById('step').textContent.replace(/,/g, '')) - first;
    return { frames: gaps, steps, drawMs: drawn };
  });
  const sorted = [...frames].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(0.95 * (sorted.length - 1))];
  const worstDraw = Math.max(...drawMs);
  t.diagnostic(`six models: ${frames.length} frames in 3 s, frame p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms; ` +
    `${(steps / 3).toFixed(0)} lock-step steps/s; longest chart-drawing slice ${worstDraw.toFixed(1)} ms`);
  assert.ok(steps > 0, 'the race trains');
  assert.ok(sorted.at(-1) < 250, `the longest frame took ${sorted.at(-1).toFixed(0)} ms`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('moving the correlation changes the URL and the measured label correlation', async () => {
  const { page, errors } = await lab.open(PAUSED);
  await ready(page);
  // the readout is '…' until the first summary is drawn, and a negative value has U+2212
  const measured = () => page.waitForFunction(() => {
    const text = document.getElementById('pearson').textContent.trim();
    return text !== '' && Number.isFinite(Number(text.replace('\u2212', '-'))) && text;
  }, null, { timeout: 10000 }).then((h) => h.jsonValue());
  const pearsonBefore = await measured();
  await page.focus('#ctl-p');
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowLeft'); // 0.5 → 0.0
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('p') === '0', null, { timeout: 5000 });
  await page.waitForFunction((old) => document.getElementById('pearson').textContent !== old, pearsonBefore, { timeout: 5000 });
  const pearsonAfter = signedOf(await measured());
  assert.ok(Math.abs(pearsonAfter) < Math.abs(signedOf(pearsonBefore)), `label correlation ${pearsonBefore} → ${pearsonAfter}`);
  assert.equal(await page.textContent('#ctl-p ~ * output, .control[data-control="p"] output.value'), '+0.00');
  assert.deepEqual(errors, []);
  await page.close();
});

test('live settings keep training; structural ones restart the race', async () => {
  const { page, errors } = await lab.open('#lang=en');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 100, null, { timeout: 20000 });
  await page.focus('#ctl-w');
  await page.keyboard.press('ArrowRight');
  await page.focus('#ctl-lr');
  await page.keyboard.press('ArrowLeft');
  await page.click('#play'); // pause
  const step = await stepOf(page);
  assert.ok(step >= 100, `loss weight and learning rate must not reset the step count (${step})`);
  // the link follows a moving control after URL_DELAY_MS (url.js), not at once
  await page.waitForFunction(() => {
    const hash = new URLSearchParams(location.hash.slice(1));
    return hash.get('w') === '0.55' && hash.get('lr') === '0.002';
  }, null, { timeout: 5000 }).catch(() => assert.fail(`the link says w=${hashParams(page).get('w')}, lr=${hashParams(page).get('lr')}`));
  await page.selectOption('#ctl-batch', '128');
  await page.waitForFunction(() => document.getElementById('step').textContent === '0', null, { timeout: 10000 });
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('batch') === '128', null, { timeout: 5000 });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a copied link restores every control in a new page', async () => {
  await lab.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: lab.base });
  const { page, errors } = await lab.open(PAUSED + '&lang=en');
  await ready(page);
  await page.focus('#ctl-p');
  for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowLeft');
  await page.focus('#ctl-w');
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
  await page.focus('#ctl-lr');
  await page.keyboard.press('ArrowRight');
  await page.uncheck('#model-omoe');
  await page.focus('#ctl-experts');
  await page.keyboard.press('ArrowLeft');
  await page.selectOption('#ctl-samples', '10000');
  await page.fill('#ctl-seed', '42');
  await page.press('#ctl-seed', 'Enter');
  await page.click('#lang-toggle');
  await page.click('#copy-link');
  await page.waitForFunction(() => ['链接已复制', 'Link copied'].includes(document.getElementById('copy-link').textContent), null, { timeout: 5000 });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const original = await page.evaluate(() => ({ controls: window.mtlPlayground.controls(), state: window.mtlPlayground.state }));
  assert.equal(copied, page.url());
  assert.equal(original.state.seed, 42);
  assert.deepEqual(original.state.models, ['single', 'shared_bottom', 'mmoe']);

  const { page: second, errors: secondErrors } = await lab.open(copied.slice(lab.base.length));
  await ready(second);
  const restored = await second.evaluate(() => ({ controls: window.mtlPlayground.controls(), state: window.mtlPlayground.state }));
  assert.deepEqual(restored, original);
  assert.equal(await second.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(second.url(), copied);
  assert.equal(await second.isVisible('#notice'), false);
  assert.deepEqual([...errors, ...secondErrors], []);
  await page.close();
  await second.close();
});

test('the preset selector sets every size, shows sizes and parameters, and travels in the link', async () => {
  const { page, errors } = await lab.open(`${PAUSED}&lang=en&preset=paper`);
  await ready(page);
  const state = () => page.evaluate(() => window.mtlPlayground.state);
  assert.deepEqual(await state().then((s) => [s.preset, s.bottomUnits, s.experts, s.expertUnits, s.towerUnits]), ['paper', 113, 8, 16, 8]);
  assert.equal(await page.inputValue('#ctl-preset'), 'paper');
  // the paper's parameter matching: Shared-Bottom 13,255 against MMoE's 14,834 (tests/presets.rs)
  assert.match(await page.textContent('#preset-info'), /Bottom 113 · 8 experts × 16 · towers 8 · ReLU\. Parameters: .*Shared-Bottom 13,255.*14,834/);
  await page.selectOption('#ctl-preset', 'narrow');
  await page.waitForFunction(() => /preset=narrow/.test(location.hash) && /bottomUnits=2&/.test(location.hash));
  assert.deepEqual(await state().then((s) => [s.bottomUnits, s.expertUnits, s.towerUnits]), [2, 2, 32]);
  await page.waitForFunction(() => /Bottom 2 · 8 experts × 2 · towers 32 · Leaky ReLU \(0\.05\)/.test(document.getElementById('preset-info').textContent));
  // a size moved by hand: the preset is now custom, and the link says so
  await page.focus('#ctl-bottomUnits');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /preset=custom/.test(location.hash) && /bottomUnits=3&/.test(location.hash));
  assert.equal(await page.inputValue('#ctl-preset'), 'custom');
  const tip = await page.textContent('#tip-bottomUnits');
  assert.match(tip, /capacity both tasks must pass through/);
  // the link reopens the same sizes
  const { page: second, errors: secondErrors } = await lab.open(new URL(page.url()).hash);
  await ready(second);
  assert.deepEqual(await second.evaluate(() => window.mtlPlayground.state).then((s) => [s.preset, s.bottomUnits, s.towerUnits]), ['custom', 3, 32]);
  assert.deepEqual([...errors, ...secondErrors], []);
  await page.close();
  await second.close();
});

test('editing the hash by hand applies it', async () => {
  const { page, errors } = await lab.open(PAUSED + '&lang=en');
  await ready(page);
  await page.evaluate(() => {
    location.hash = '#p=-0.5&lang=zh&models=shared_bottom,mmoe&panels=gates&autoplay=0';
  });
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN', null, { timeout: 5000 });
  await page.waitForFunction(() => document.querySelectorAll('#readout tbody tr').length === 2, null, { timeout: 10000 });
  assert.equal(await page.inputValue('#ctl-p'), '-0.5');
  assert.equal(await page.isVisible('[data-panel="losses"]'), false);
  assert.equal(await page.isVisible('[data-panel="gates"]'), true);
  assert.equal(hashParams(page).get('w'), '0.5', 'the rewritten link holds every setting again');
  assert.deepEqual(errors, []);
  await page.close();
});

test('embed=1 with panels and hide shows only what was asked for', async () => {
  const { page, errors } = await lab.open('#embed=1&panels=losses,gates&hide=lr,seed,models,transport,link&lang=en');
  await ready(page);
  for (const hidden of ['#page-header', '#page-footer', '[data-panel="seesaw"]', '[data-panel="conflict"]',
    '[data-control="lr"]', '[data-control="seed"]', '[data-control="models"]', '#play', '#copy-link']) {
    assert.equal(await page.isVisible(hidden), false, `${hidden} should be hidden`);
  }
  for (const shown of ['[data-panel="losses"]', '[data-panel="gates"]', '[data-control="p"]', '[data-control="w"]',
    '[data-control="batch"]', '#lang-toggle', '#step']) {
    assert.equal(await page.isVisible(shown), true, `${shown} should show`);
  }
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 300, null, { timeout: 20000 });
  await lab.shot(page, 'embed');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the language toggle changes labels, captions and <html lang>', async () => {
  const { page, errors } = await lab.open(PAUSED + '&lang=en');
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const caption = await page.textContent('[data-panel="gates"] figcaption');
  await page.click('#lang-toggle');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('label[for="ctl-p"] .label-text'), '任务相关性 p');
  assert.equal(await page.textContent('#play'), '开始');
  assert.notEqual(await page.textContent('[data-panel="gates"] figcaption'), caption);
  assert.equal(await page.textContent('#tip-w span'), (await page.textContent('#tip-w span')).trim());
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('lang') === 'zh');
  await page.click('#lang-toggle');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.equal(await page.textContent('#play'), 'Play');
  assert.deepEqual(errors, []);
  await page.close();
});

test('every control explains itself on hover and on keyboard focus, in both scenarios', async () => {
  for (const [scenario, least, hovered] of [['tasks', 15, 'experts'], ['funnel', 10, 'selection']]) {
    const { page, errors } = await lab.open(`${PAUSED}&lang=en&scenario=${scenario}`);
    await ready(page);
    const ids = await page.$$eval('#controls input, #controls select',
      (els) => els.filter((e) => e.offsetParent !== null).map((e) => e.id));
    assert.ok(ids.length >= least, `${scenario}: found ${ids.length} inputs`);
    const explained = new Set();
    for (let i = 0; i < 40 && explained.size < ids.length; i++) {
      await page.keyboard.press('Tab');
      const { id, tipId } = await page.evaluate(() => ({
        id: document.activeElement?.id,
        tipId: document.activeElement?.getAttribute('aria-describedby'),
      }));
      if (!ids.includes(id)) continue;
      assert.ok(tipId, `#${id} has aria-describedby`);
      assert.equal(await page.isVisible(`#${tipId}`), true, `tooltip of #${id} shows on keyboard focus`);
      assert.ok((await page.textContent(`#${tipId}`)).length > 20);
      explained.add(id);
    }
    assert.deepEqual([...explained].sort(), [...ids].sort(), `${scenario}: Tab reaches every control`);
    await page.focus('body');
    await page.hover(`[data-control="${hovered}"] label`);
    assert.equal(await page.isVisible(`#tip-${hovered}`), true, 'tooltip shows on hover');
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('the keyboard alone operates play, pause, step and reset, with visible focus and announced state', async () => {
  const { page, errors } = await lab.open(PAUSED + '&lang=en');
  await ready(page);
  const tabTo = async (id) => {
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
    }
    assert.fail(`Tab never reaches #${id}`);
  };
  await tabTo('play');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'the focused button shows a focus ring');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) > 20, null, { timeout: 10000 });
  assert.equal(await page.textContent('#play'), 'Pause');
  assert.equal(await page.textContent('#status'), 'Training', 'the live region says it started');
  assert.equal(await page.getAttribute('#status', 'aria-live'), 'polite');
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('#play'), 'Play');
  assert.equal(await page.textContent('#status'), 'Paused', 'the live region says it paused');
  // the race workers finish the steps already granted (README, "the lock-step rule")
  const paused = await settled(page);
  await tabTo('step-once');
  await page.keyboard.press('Enter');
  await page.waitForFunction((s) => Number(document.getElementById('step').textContent.replace(/,/g, '')) === s + 20, paused, { timeout: 10000 });
  await tabTo('reset');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('step').textContent === '0', null, { timeout: 10000 });
  // Space on the page (no control focused) plays again
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('#play'), 'Pause');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a diverged model is announced, with a way back', async () => {
  // Adam at the page's learning rates does not blow up on this data, so the core
  // is wrapped (in the race workers too: they load the same glue) to report
  // Shared-Bottom as diverged from step 60 until a reset.
  const { page: probe } = await lab.open(PAUSED);
  await probe.close();
  const wrap = `
const __take = Lab.prototype.takeRecords;
const __reset = Lab.prototype.resetModels;
Lab.prototype.takeRecords = function () {
  const b = __take.apply(this);
  if (!this.__wasReset && b.step >= 60) for (const m of b.models) if (m.model === 'shared_bottom') m.diverged_at = 60;
  return b;
};
Lab.prototype.resetModels = function () { this.__wasReset = true; return __reset.apply(this); };
`;
  await lab.context.route('**/pkg/mtl_playground.js', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: (await response.text()) + wrap });
  });
  try {
    const { page, errors } = await lab.open('#lang=en');
    await ready(page);
    await page.waitForSelector('#diverged:not([hidden])', { timeout: 20000 });
    assert.match(await page.textContent('#diverged-text'), /Shared-Bottom diverged at step 60/);
    await page.waitForTimeout(200); // the table redraws at most every 80 ms
    assert.match(await page.textContent('#readout tr[data-model="shared_bottom"] th'), /diverged/);
    await page.click('#diverged-lower');
    assert.equal(await page.isVisible('#diverged'), false);
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('lr') === '0.001', null, { timeout: 5000 });
    assert.equal(await page.textContent('.control[data-control="lr"] output.value'), '1e−3');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await lab.context.unroute('**/pkg/mtl_playground.js');
  }
});

const NAMES = ['p', 'w', 'lr', 'models', 'preset', 'bottomUnits', 'experts', 'expertUnits', 'towerUnits', 'activation', 'batch', 'samples', 'seed',
  'lang', 'autoplay', 'embed', 'panels', 'hide'];
const everyParam = (value) => `#${NAMES.map((n) => `${n}=${encodeURIComponent(value)}`).join('&')}`;
const HOSTILE = [
  everyParam('<script>window.__pwned=1</script>'),
  everyParam('<img src=x onerror="window.__pwned=1">'),
  everyParam('"><iframe src="javascript:window.__pwned=1"></iframe>'),
  everyParam('NaN'),
  everyParam('1e308'),
  everyParam('-5'),
  '#p=0.3&<b>bold</b>=1&__proto__=1&constructor=x&toString=1',
  '#%E0%A4%A&p=%&lr=%%%&=&&==',
  '#' + 'x'.repeat(20000),
];

test('hostile URLs inject nothing, throw nothing, and say what was ignored', async () => {
  const count = (page) => page.evaluate(() => ({
    script: document.querySelectorAll('script').length,
    img: document.querySelectorAll('img').length,
    iframe: document.querySelectorAll('iframe').length,
    b: document.querySelectorAll('b').length,
  }));
  const { page: clean } = await lab.open(PAUSED);
  await ready(clean);
  const baseline = await count(clean);
  await clean.close();
  for (const hash of HOSTILE) {
    const { page, errors } = await lab.open(hash);
    await ready(page);
    await page.waitForTimeout(300);
    assert.deepEqual(await count(page), baseline, `elements injected by ${hash.slice(0, 60)}`);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.equal(await page.isVisible('#notice'), true, `a notice for ${hash.slice(0, 60)}`);
    assert.ok((await page.textContent('#notice')).length > 20);
    assert.equal(await page.getAttribute('#play', 'disabled'), null, 'the lab still runs');
    assert.deepEqual(errors, [], `errors for ${hash.slice(0, 60)}`);
    await page.close();
  }
});

test('out-of-range values are clamped and said so', async () => {
  const { page, errors } = await lab.open('#p=7&w=-1&lr=1&experts=-5&expertUnits=1e308&batch=100000&seed=NaN&lang=en&autoplay=0');
  await ready(page);
  const state = await page.evaluate(() => window.mtlPlayground.state);
  assert.equal(state.p, 1);
  assert.equal(state.w, 0);
  assert.equal(state.lr, 0.03);
  assert.equal(state.experts, 1);
  assert.equal(state.expertUnits, 64);
  assert.equal(state.batch, 1024);
  assert.equal(state.seed, 1);
  const notice = await page.textContent('#notice');
  for (const name of ['“p”', '“w”', '“lr”', '“experts”', '“expertUnits”', '“batch”', '“seed”']) {
    assert.ok(notice.includes(name), `the notice names ${name}: ${notice}`);
  }
  assert.equal(hashParams(page).get('p'), '1', 'the URL is rewritten with the clamped value');
  assert.deepEqual(errors, []);
  await page.close();
});

test('screenshots of the lab in both languages, embedded and narrow', async () => {
  for (const [name, path, options] of [
    ['lab-en', '#lang=en', {}],
    ['lab-zh', '#lang=zh', {}],
    ['narrow', '#lang=zh', { viewport: { width: 420, height: 900 } }],
  ]) {
    const { page, errors } = await lab.open(path, options);
    await ready(page);
    await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 1000, null, { timeout: 60000 });
    await page.click('#play');
    await page.mouse.move(1, 1); // no hover tooltip in the picture
    await page.waitForTimeout(200);
    await lab.shot(page, name);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: the page is ${overflow}px wider than the window`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('loss weighting switches live: GradNorm and uncertainty move the weights, without a restart', async () => {
  const { page, errors } = await lab.open('#lang=en&models=shared_bottom,mmoe');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 200);
  const weightsOf = () => page.evaluate(() => window.mtlPlayground.summary.models.map((m) => m.latest.loss_weights));
  assert.deepEqual(await weightsOf(), [[1, 1], [1, 1]], 'fixed weights from the slider: w = 0.5 of weights that sum to the 2 tasks');
  await page.selectOption('#ctl-weighting', 'grad_norm');
  const switchedAt = await stepOf(page);
  await page.waitForFunction((s) => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= s + 400, switchedAt);
  assert.ok((await stepOf(page)) > switchedAt, 'training went on: no restart');
  assert.equal(hashParams(page).get('weighting'), 'grad_norm');
  for (const [a, b] of await weightsOf()) {
    assert.ok(Math.abs(a + b - 2) < 1e-6, `GradNorm's weights sum to 2: ${a} + ${b}`);
    assert.ok(Math.abs(a - b) > 1e-3, `GradNorm moved the weights: ${a}, ${b}`);
  }
  // GradNorm made visible: G_i beside its target in the chart, the current gap in its sentence
  const sentence = await page.textContent('#summary-weights');
  assert.match(sentence, /G_A \d[\d.]* vs target \d[\d.]* \(gap \d+ %\), G_B \d[\d.]* vs target \d[\d.]* \(gap \d+ %\)/, sentence);
  await page.locator('[data-panel="weights"]').screenshot({ path: `${lab.shots}/weights-gradnorm-en.png` });
  await page.selectOption('#ctl-weighting', 'uncertainty');
  await page.waitForTimeout(1500);
  const latest = await page.evaluate(() => window.mtlPlayground.summary.models[1].latest);
  assert.equal(latest.weighting.kind, 'uncertainty');
  assert.equal(latest.uncertainty.form, 'regression');
  const canvasInk = await inkOf(page, '#chart-weights');
  assert.ok(canvasInk > 0.01, 'the weights chart is drawn');
  assert.deepEqual(errors, []);
  await page.close();
});

test('CGC and PLE race beside MMoE, with their gates', async () => {
  const { page, errors } = await lab.open('#lang=en&models=mmoe,cgc,ple&panels=gates,losses');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 300);
  assert.equal(await page.locator('#readout tbody tr').count(), 3);
  const gates = await page.evaluate(() => window.mtlPlayground.summary.models.map((m) => m.latest.gates?.mean?.[0]?.length));
  assert.deepEqual(gates, [8, 8, 8], 'each model reports a gate over eight expert columns');
  assert.equal(await page.isChecked('#model-cgc'), true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('each chart has a sentence saying what it shows, and it follows the training', async () => {
  const { page, errors } = await lab.open('#lang=en&models=single,shared_bottom,mmoe');
  await ready(page);
  await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 100);
  for (const panel of ['losses', 'gates', 'seesaw', 'conflict', 'weights']) {
    const described = await page.getAttribute(`#chart-${panel}`, 'aria-describedby');
    assert.equal(described, `summary-${panel}`, `${panel}: the canvas points at its sentence`);
    assert.ok((await page.textContent(`#summary-${panel}`)).length > 20, `${panel}: a sentence`);
  }
  assert.match(await page.textContent('#summary-losses'), /MMoE \(a gate per task\): task A \d\.\d{4}, task B \d\.\d{4}/);
  assert.match(await page.textContent('#summary-gates'), /JS distance \d\.\d\d/);
  const first = await page.textContent('#summary-losses');
  await page.waitForFunction((text) => document.getElementById('summary-losses').textContent !== text, first, { timeout: 10000 });
  await page.click('#lang-toggle');
  await page.waitForFunction(() => /测试均方误差/.test(document.getElementById('summary-losses').textContent), null, { timeout: 5000 });
  assert.deepEqual(errors, []);
  await page.close();
});
