// The page under its strict Content-Security-Policy (scripts/serve.mjs's CSP as
// a header, the same policy as a meta tag in index.html): no inline script or
// style, wasm allowed to compile, workers from the page's origin. Every page here
// records `securitypolicyviolation` events from before its first script runs
// (an init script, in every frame), and workers' console messages, and fails on
// any: a race, the switch to the funnel and to watch time, exports, a sweep on
// workers, and the embed view in another origin's iframe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, untilStep, start, DIST } from './harness.mjs';
import { serve, CSP } from '../../scripts/serve.mjs';

/** The policy without frame-ancestors: what a meta tag can carry. */
const META_CSP = CSP.split('; ').filter((d) => !d.startsWith('frame-ancestors')).join('; ');

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/**
 * Opens `url` in a new page that records CSP violations (window.cspViolations,
 * in every frame), console errors, uncaught errors and workers' CSP complaints.
 */
async function openWatched(url) {
  const page = await lab.context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  // a violation inside a worker fires in the worker, not the window: its console says it
  page.on('worker', (worker) => worker.on('console', (msg) => {
    if (msg.type() === 'error' || /Content.Security.Policy|Refused to/i.test(msg.text())) errors.push(`worker ${worker.url()}: ${msg.text()}`);
  }));
  await page.addInitScript(() => {
    window.cspViolations = [];
    window.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
    });
  });
  const response = await page.goto(url);
  return { page, errors, response };
}

/** Every violation recorded so far in `page` and its frames. */
async function violationsOf(page) {
  const all = [];
  for (const frame of page.frames()) all.push(...(await frame.evaluate(() => window.cspViolations ?? ['no listener in this frame'])));
  return all;
}

/** Waits for the step counter to pass `n` in `page` (or a frame). */
const pastStep = (where, n, timeout = 30000) =>
  where.waitForFunction((s) => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= s, n, { timeout });

test('the listener does catch violations (an inline <style> and an inline <script> added from script)', async () => {
  const { page } = await openWatched(`${lab.base}#lang=en&autoplay=0`);
  await ready(page);
  const ran = await page.evaluate(() => {
    const style = document.createElement('style');
    style.textContent = 'body { color: red; }';
    document.head.append(style);
    const script = document.createElement('script');
    script.textContent = 'window.inlineRan = true;';
    document.body.append(script);
    return window.inlineRan === true;
  });
  assert.equal(ran, false, 'the inline script did not run');
  await page.waitForFunction(() => window.cspViolations.length >= 2, null, { timeout: 5000 });
  const violations = (await violationsOf(page)).join('\n');
  assert.match(violations, /style-src-elem/);
  assert.match(violations, /script-src-elem/);
  await page.close();
});

test('charts measure their text on the canvas: a race adds no element to the page, and a style attribute stays refused', async () => {
  // plotters' own text measure puts a styled <span> into the body for every label
  // (the policy refuses its style); src/wasm/canvas.rs measures with measureText instead
  const { page } = await openWatched(`${lab.base}#lang=en`);
  await page.evaluate(() => {
    window.addedToBody = 0;
    new MutationObserver((records) => {
      for (const r of records) window.addedToBody += r.addedNodes.length;
    }).observe(document.body, { childList: true });
  });
  await ready(page);
  await page.waitForFunction(() => window.mtlPlayground?.draws > 10, null, { timeout: 60000 });
  assert.equal(await page.evaluate(() => window.addedToBody), 0, 'no element added to the body while the charts drew');
  assert.deepEqual(await violationsOf(page), [], 'the race drew without a violation');
  const applied = await page.evaluate(() => {
    const span = document.createElement('span');
    span.setAttribute('style', 'font-size: 40px');
    document.body.append(span);
    const size = getComputedStyle(span).fontSize;
    span.remove();
    return size;
  });
  assert.notEqual(applied, '40px', 'the policy still refuses a style attribute');
  await page.waitForFunction(() => window.cspViolations.length > 0);
  assert.match((await violationsOf(page)).join('\n'), /style-src-attr/);
  await page.close();
});

test('the page is served with the policy, carries it as a meta tag, and a race, exports and the scenario switch violate nothing', async () => {
  const { page, errors, response } = await openWatched(`${lab.base}#lang=en`);
  assert.equal(response.headers()['content-security-policy'], CSP, 'the header');
  const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.equal(meta, META_CSP, 'the meta tag: the header without frame-ancestors');
  const html = await readFile(join(DIST, 'index.html'), 'utf8');
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script in dist/index.html');
  assert.doesNotMatch(html, /<style|\sstyle=/, 'no inline style in dist/index.html');

  await ready(page);
  await untilStep(page, 200);
  // exports: CSV through a blob: URL, a chart's PNG through canvas.toBlob
  for (const selector of ['#export-csv', '[data-png="losses"]']) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    assert.ok((await readFile(await download.path())).length > 100, `${selector} downloaded a file`);
  }
  for (const [label, scenario] of [['Click → conversion (ESMM)', 'funnel'], ['Watch time (YouTube)', 'watch']]) {
    await page.click(`text=${label}`);
    await page.waitForFunction((s) => location.hash.includes(`scenario=${s}`), scenario);
    await pastStep(page, 40);
  }
  assert.deepEqual(await violationsOf(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a sweep on two workers violates nothing', async () => {
  const { page, errors } = await openWatched(`${lab.base}#lang=en&sweep=correlation&workers=2&autoplay=0`);
  await ready(page);
  await page.click('#sweep-start');
  await page.waitForFunction(() => window.mtlPlayground.sweepResults?.done >= 2, null, { timeout: 120000 });
  await page.click('#sweep-cancel');
  assert.deepEqual(await violationsOf(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the embed view, alone and in an iframe on another origin, violates nothing', async () => {
  const embed = 'index.html#lang=en&embed=1&panels=losses,gates&hide=seed,table';
  const alone = await openWatched(lab.base + embed);
  await ready(alone.page);
  await untilStep(alone.page, 100);
  assert.deepEqual(await violationsOf(alone.page), []);
  assert.deepEqual(alone.errors, []);
  await alone.page.close();

  // a course page with no script of its own: frame-ancestors * lets it embed the lab
  const dir = await mkdtemp(join(tmpdir(), 'mtl-csp-host-'));
  await writeFile(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>course</title><link rel="icon" href="data:,">
<iframe class="mtl-playground" src="${lab.base}${embed}" title="MTL Playground" width="100%" height="600"></iframe>`);
  const host = await serve(dir, 0, '127.0.0.1', { csp: null }); // the course's page, under its own (no) policy
  try {
    const { page, errors } = await openWatched(`http://127.0.0.1:${host.address().port}/`);
    const frame = page.frames().find((f) => f !== page.mainFrame()); // loaded with its host page
    assert.ok(frame, 'the lab is framed');
    await frame.waitForSelector('#play:not([disabled])', { state: 'attached', timeout: 30000 });
    await pastStep(frame, 100);
    const violations = await violationsOf(page);
    assert.equal(page.frames().length, 2, 'the host and the lab');
    assert.deepEqual(violations, []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    host.closeAllConnections(); // the browser's preconnected sockets would hold close() up for a minute or more
    await new Promise((ok) => host.close(ok));
    await rm(dir, { recursive: true, force: true });
  }
});
