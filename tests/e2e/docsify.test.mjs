// The lab in a docsify course page (the course's pages before Sphinx): docsify
// 4.13.1, pinned in package.json, renders a Markdown chapter in the browser with
// two <mtl-lab> elements, one 4,000 px down; the lab's script is loaded by
// docsify's index.html (docsify runs no script a Markdown page carries unless
// told to). Served on one origin, dist/ on another: the first lab draws, the far
// one has made no iframe until scrolled to, then draws. No console error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { start } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));

let lab;
let host;
let hostBase;
let dir;
before(async () => {
  lab = await start();
  dir = await mkdtemp(join(tmpdir(), 'mtl-docsify-'));
  await copyFile(join(here, 'node_modules', 'docsify', 'lib', 'docsify.min.js'), join(dir, 'docsify.min.js'));
  await writeFile(join(dir, 'index.html'), `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>课程</title><link rel="icon" href="data:,">
<script src="${lab.base}mtl-lab.js"></script></head>
<body><div id="app"></div>
<script>window.$docsify = { name: '多任务学习' };</script>
<script src="docsify.min.js"></script></body></html>`);
  await writeFile(join(dir, 'README.md'), `# 多任务学习

共享底层让相关的任务互相帮助。拖动任务相关性，看看门控怎么变。

<mtl-lab lang="zh" panels="losses,gates" p="0.5"></mtl-lab>

<div class="far-below" style="height: 4000px"></div>

## 全空间建模

<mtl-lab lang="zh" scenario="funnel"></mtl-lab>
`);
  host = await serve(dir, 0, '127.0.0.1', { csp: null }); // the course's site: docsify's own page
  hostBase = `http://127.0.0.1:${host.address().port}/`;
});
after(async () => {
  host?.closeAllConnections();
  await new Promise((ok) => (host ? host.close(ok) : ok()));
  await lab?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a docsify page (zh) with two <mtl-lab>s on another origin: the first draws, the far one waits until scrolled to', async () => {
  const page = await lab.context.newPage();
  const errors = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(`console: ${msg.text()} (${msg.location().url})`));
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  try {
    await page.goto(hostBase);
    await page.locator('mtl-lab').first().waitFor({ state: 'attached', timeout: 20000 }); // docsify rendered the chapter
    const first = await page.locator('mtl-lab').nth(0).locator('iframe').contentFrame();
    await first.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 30000 });
    await page.waitForFunction(() => document.querySelector('mtl-lab').getBoundingClientRect().height > 300, null, { timeout: 20000 });
    assert.equal(await page.locator('mtl-lab').nth(1).locator('iframe').count(), 0, 'the far lab has made no iframe');
    await page.locator('mtl-lab').nth(1).scrollIntoViewIfNeeded();
    const far = await page.locator('mtl-lab').nth(1).locator('iframe').contentFrame();
    await far.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 60000 });
    await page.screenshot({ path: `${lab.shots}/docsify-far.png` });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
