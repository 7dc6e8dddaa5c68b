// Shared set-up for the end-to-end tests: serve dist/ on a free port and drive
// Debian's Chromium with playwright-core (no browser download).
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = join(here, '..', '..', 'dist');
export const SHOTS = join(here, 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
  // The optimization guide's on-device model (Gemini Nano) benchmarks the device
  // 3 minutes after the first http(s) page of a fresh profile, in an
  // on_device_model.mojom.OnDeviceModelService utility process (~47 MB) that then
  // stays: the page never uses it, but long memory tests counted it. Giving the
  // class it would find here (7, "GPU blocked": --disable-gpu) skips that benchmark.
  // A switch, not --disable-features: no feature stops it in Chromium 156, and a
  // --disable-features here would replace Playwright's own list (the last one wins).
  '--optimization-guide-performance-class=7',
];

/** Starts the server and a browser; returns helpers and a `close()`. */
export async function start() {
  const server = await serve(DIST, 0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const profile = await mkdtemp(join(tmpdir(), 'mtl-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  await mkdir(SHOTS, { recursive: true });

  /** Opens `path` and records console errors and uncaught exceptions. */
  async function open(path = '', options = {}) {
    const page = await context.newPage();
    const errors = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
    if (options.locale) {
      // navigator.languages comes from the browser, not the header: set both.
      await page.setExtraHTTPHeaders({ 'Accept-Language': options.locale });
      await page.addInitScript((locale) => {
        Object.defineProperty(navigator, 'languages', { get: () => [locale] });
        Object.defineProperty(navigator, 'language', { get: () => locale });
      }, options.locale);
    }
    if (options.viewport) await page.setViewportSize(options.viewport);
    await page.goto(base + path);
    return { page, errors };
  }

  async function close() {
    await context.close();
    await new Promise((ok) => server.close(ok));
    await rm(profile, { recursive: true, force: true });
  }

  return { base, context, open, close, shots: SHOTS, shot: (page, name) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }) };
}

// --- what every page test asks of the lab ---------------------------------------

/** Waits until the lab is built and its play button usable. */
export async function ready(page) {
  await page.waitForSelector('#play:not([disabled])', { state: 'attached', timeout: 30000 });
  // the race trains in workers: ready once every model's first record has arrived
  await page.waitForFunction(() => window.mtlPlayground?.summary?.models?.every((m) => m.latest || m.diverged_at != null), null, { timeout: 30000 });
}

/**
 * Waits until the step counter has stood still for `quietMs`: after a pause the
 * race workers still finish the steps they were granted (at most race.js's AHEAD).
 */
export async function settled(page, quietMs = 600) {
  let last = await stepOf(page);
  for (;;) {
    await page.waitForTimeout(quietMs);
    const now = await stepOf(page);
    if (now === last) return now;
    last = now;
  }
}

/** The step counter as a number. */
export const stepOf = async (page) => Number((await page.textContent('#step')).replace(/,/g, ''));

/** Waits until the step counter reaches `n`. */
export const untilStep = (page, n, timeout = 60000) =>
  page.waitForFunction((s) => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= s, n, { timeout });

/** A signed readout (`+0.41`, `−0.03` with U+2212, `…` or `—` while none) as a number, NaN while none. */
export const signedOf = (text) => Number(String(text).trim().replace('\u2212', '-'));

/** The page URL's hash parameters. */
export const hashParams = (page) => new URLSearchParams(new URL(page.url()).hash.slice(1));

/** Share of a canvas's pixels that are not (near) white: something was drawn. */
export const inkOf = (page, selector) => page.evaluate((sel) => {
  const canvas = document.querySelector(sel);
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] < 600) ink += 1;
  return ink / (data.length / 4);
}, selector);

/** A printed target's state: `met`, or by how much it was missed. */
export const within = (limit, x, unit) => (x <= limit ? 'met' : `missed by ${(x - limit).toFixed(1)} ${unit}`);

/** Resident memory of every Chromium process, in MB. */
export function chromiumMegabytes() {
  return Object.values(chromiumByKind()).reduce((a, b) => a + b, 0);
}

/** Resident memory of Chromium's processes by kind (`renderer`, `gpu-process`, each utility service…), in MB. */
export function chromiumByKind() {
  const text = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=,args='], { encoding: 'utf8' });
  const kinds = {};
  for (const line of text.split('\n').filter((l) => l.trim())) {
    const [rss, ...args] = line.trim().split(/\s+/);
    const flag = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
    const kind = flag('utility-sub-type')?.split('.')[0] ?? flag('type') ?? 'browser';
    kinds[kind] = (kinds[kind] ?? 0) + Number(rss) / 1024;
  }
  return kinds;
}
