// The lab in the course's own pages: a real Sphinx book (tests/sphinx/, built here
// with sphinx-build) served on one origin loads `<mtl-lab>` from the lab's dist/
// on another. Each chapter page has two labs, the second 4,000 px down: the first
// draws when seen and sizes itself; the far one fetches and draws nothing until it
// is scrolled to; a lab out of view for a while pauses and plays again when back;
// under prefers-reduced-motion nothing plays by itself. In en and zh, with no
// console error and no CSP violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { start } from './harness.mjs';

const BOOK = join(dirname(fileURLToPath(import.meta.url)), '..', 'sphinx');

let lab;
let host;
let hostBase;
let out;
before(async () => {
  lab = await start();
  out = await mkdtemp(join(tmpdir(), 'mtl-sphinx-'));
  // the book as a course builds it, its pages loading the lab's script from the lab's own origin
  execFileSync('sphinx-build', ['-q', '-b', 'html', BOOK, out], { env: { ...process.env, MTL_LAB_SCRIPT: `${lab.base}mtl-lab.js` }, stdio: 'inherit' });
  host = await serve(out, 0, '127.0.0.1', { csp: null }); // the course's site, not the lab: its own headers
  hostBase = `http://127.0.0.1:${host.address().port}/`;
  assert.notEqual(new URL(hostBase).origin, new URL(lab.base).origin, 'the book is on another origin');
});
after(async () => {
  host?.closeAllConnections();
  await new Promise((ok) => (host ? host.close(ok) : ok()));
  await lab?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

/** Opens a chapter page, recording console errors, CSP violations (in every frame) and the requests to the lab's origin. */
async function openChapter(path, { reducedMotion = 'no-preference' } = {}) {
  const page = await lab.context.newPage();
  await page.emulateMedia({ reducedMotion });
  const errors = [];
  const fetched = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()} (${msg.location().url})`));
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('request', (req) => req.url().startsWith(lab.base) && fetched.push(new URL(req.url()).pathname));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(hostBase + path);
  return { page, errors, fetched };
}

/** The `i`th lab's iframe as a frame, once it exists. */
const labFrame = async (page, i) => {
  const iframe = page.locator('mtl-lab').nth(i).locator('iframe');
  await iframe.waitFor({ state: 'attached', timeout: 30000 });
  return iframe.contentFrame();
};

/** The step counter of a lab's frame. */
const stepIn = async (frame) => Number((await frame.locator('#step').textContent()).replace(/[,\s]/g, ''));

/** Share of a canvas's pixels that are not near white, inside a frame. */
const inkIn = (frame, selector) => frame.locator(selector).evaluate((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 600) ink += 1;
  return ink / (data.length / 4);
});

for (const lang of ['en', 'zh']) {
  test(`a Sphinx chapter (${lang}) with two <mtl-lab>s on another origin: the first draws and sizes itself, the far one waits until scrolled to`, async (t) => {
    const { page, errors, fetched } = await openChapter(`${lang}.html`);
    try {
      const first = await labFrame(page, 0);
      await first.locator('#play:not([disabled])').waitFor({ state: 'attached', timeout: 30000 });
      await first.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 30000 });
      await page.waitForFunction(() => document.querySelector('mtl-lab').getBoundingClientRect().height > 300, null, { timeout: 20000 });
      await page.waitForTimeout(500); // a redraw
      assert.ok((await inkIn(first, '#chart-losses')) > 0.01, 'the first lab draws its loss chart');
      assert.equal(await first.locator('html').getAttribute('lang'), lang === 'zh' ? 'zh-CN' : 'en', 'in the attribute\'s language');
      assert.equal(await first.locator('#chart-seesaw').isVisible(), false, 'only the panels the attribute names');
      const sized = await page.locator('mtl-lab').nth(0).evaluate((el) => el.getBoundingClientRect().height);
      const content = await first.locator('html').evaluate((html) => html.getBoundingClientRect().height);
      assert.ok(Math.abs(sized - Math.ceil(content)) <= 1, `the element takes its lab's height: ${sized} vs ${content}`);

      // the far lab, 4,000 px down: no iframe, no fetch of a second page, nothing trained
      const pagesBefore = fetched.filter((p) => p.endsWith('/index.html')).length;
      assert.equal(pagesBefore, 1, `one lab page fetched before scrolling: ${fetched.join(' ')}`);
      assert.equal(await page.locator('mtl-lab').nth(1).locator('iframe').count(), 0, 'the far lab has made no iframe');
      assert.equal(page.frames().length, 2, 'the book and the first lab only');
      t.diagnostic(`before scrolling, ${fetched.length} requests to the lab's origin, one page among them`);
      await page.screenshot({ path: `${lab.shots}/sphinx-${lang}-top.png` });

      await page.locator('mtl-lab').nth(1).scrollIntoViewIfNeeded();
      const far = await labFrame(page, 1);
      await far.locator('#play:not([disabled])').waitFor({ state: 'attached', timeout: 60000 });
      await far.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 30000 });
      await page.waitForTimeout(500);
      assert.ok((await inkIn(far, '#chart-funnel')) > 0.01, 'the far lab draws its funnel once seen');
      assert.equal(fetched.filter((p) => p.endsWith('/index.html')).length, 2, 'its page fetched only now');
      await page.waitForFunction(() => document.querySelectorAll('mtl-lab')[1].getBoundingClientRect().height > 300, null, { timeout: 20000 });
      await page.screenshot({ path: `${lab.shots}/sphinx-${lang}-far.png` });
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  });
}

test('a lab out of view pauses its race after a while, and plays again when it is back', async () => {
  const { page, errors } = await openChapter('en.html');
  try {
    const first = await labFrame(page, 0);
    await first.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 30000 });
    await page.locator('.far-below').evaluate((el) => window.scrollTo(0, el.offsetTop + 1500)); // between the labs: neither in view
    await first.locator('#play', { hasText: 'Play' }).waitFor({ timeout: 15000 }); // paused: the button offers Play
    const paused = await stepIn(first);
    await page.waitForTimeout(1500);
    assert.ok((await stepIn(first)) - paused <= 200, 'it stays paused out of view (the workers finish their last grant)');
    await page.evaluate(() => window.scrollTo(0, 0));
    await first.locator('#play', { hasText: 'Pause' }).waitFor({ timeout: 10000 });
    await first.locator('#step').filter({ hasNotText: String(paused) }).waitFor({ timeout: 10000 });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('under prefers-reduced-motion a lab loads when seen but waits for Play', async () => {
  const { page, errors } = await openChapter('zh.html', { reducedMotion: 'reduce' });
  try {
    const first = await labFrame(page, 0);
    await first.locator('#play:not([disabled])').waitFor({ state: 'attached', timeout: 30000 });
    await page.waitForTimeout(1500);
    assert.equal(await stepIn(first), 0, 'nothing trains by itself');
    await first.locator('#play').click();
    await first.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 20000 });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('a bad attribute gets the lab\'s own notice, as text, never markup', async () => {
  const { page, errors } = await openChapter('en.html');
  try {
    await page.evaluate(() => {
      const el = document.createElement('mtl-lab');
      el.setAttribute('lang', 'en');
      el.setAttribute('p', '<img src=x onerror=alert(1)>');
      el.setAttribute('scenario', 'nonsense');
      document.body.prepend(el);
    });
    const frame = await labFrame(page, 0);
    await frame.locator('#play:not([disabled])').waitFor({ state: 'attached', timeout: 30000 });
    const notice = await frame.locator('#notice').textContent();
    assert.match(notice, /scenario/, `the notice names the refused value: ${notice}`);
    assert.equal(await frame.locator('#notice img').count(), 0, 'no markup from an attribute');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
