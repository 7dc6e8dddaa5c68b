// The lab in a course: downloads that parse, an iframe on another origin that
// sizes itself from the page's height message, and the page opened from
// file:// explaining how to serve it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, untilStep, start, DIST, settled } from './harness.mjs';
import { serve } from '../../scripts/serve.mjs';

let lab;
before(async () => {
  lab = await start();
});
after(async () => {
  await lab?.close();
});

/** Clicks `selector` and returns the downloaded file's name and bytes. */
async function downloadOf(page, selector) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** A minimal CSV reader for the export's own output (quoted fields allowed). */
function parseCsv(text) {
  const rows = [];
  for (const line of text.trim().split('\r\n')) {
    const cells = [];
    for (const m of line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)) {
      cells.push(m[1].startsWith('"') ? m[1].slice(1, -1).replace(/""/g, '"') : m[1]);
      if (m[2] === '') break;
    }
    rows.push(cells);
  }
  return rows;
}

test('a run downloads as CSV and JSON that parse, and a chart as PNG', async () => {
  const { page, errors } = await lab.open('#lang=en&models=shared_bottom,mmoe&seed=4');
  await ready(page);
  await untilStep(page, 300);
  await page.click('#play'); // pause, so the download matches what is shown
  await settled(page);
  const summary = await page.evaluate(() => window.mtlPlayground.summary);

  const csv = await downloadOf(page, '#export-csv');
  assert.match(csv.name, /^mtl-playground-tasks-seed4-step\d+\.csv$/);
  const rows = parseCsv(csv.bytes.toString('utf8'));
  const header = rows[0];
  for (const column of ['model', 'step', 'test_loss_a', 'test_loss_b', 'grad_cosine', 'gate_js_distance', 'loss_weight_a']) {
    assert.ok(header.includes(column), `the CSV has a ${column} column: ${header}`);
  }
  const records = rows.slice(1);
  assert.ok(records.every((r) => r.length === header.length), 'every row has every column');
  const models = new Set(records.map((r) => r[0]));
  assert.deepEqual([...models], ['shared_bottom', 'mmoe']);
  const last = records.filter((r) => r[0] === 'mmoe').at(-1);
  const lossA = Number(last[header.indexOf('test_loss_a')]);
  assert.ok(Math.abs(lossA - summary.models[1].latest.test_loss[0]) < 1e-9, 'the CSV holds the numbers the page shows');
  assert.equal(last[header.indexOf('gate_js_distance')] === '', false, 'MMoE has gate statistics');
  assert.equal(records.find((r) => r[0] === 'shared_bottom')[header.indexOf('gate_js_distance')], '', 'Shared-Bottom has none');

  const json = await downloadOf(page, '#export-json');
  const data = JSON.parse(json.bytes.toString('utf8'));
  assert.equal(data.scenario, 'tasks');
  assert.deepEqual(data.settings.models, ['shared_bottom', 'mmoe']);
  assert.equal(data.settings.seed, 4);
  assert.equal(data.models.mmoe.length, records.filter((r) => r[0] === 'mmoe').length);
  assert.ok(data.link.includes('#'), 'the JSON carries the link that reproduces the run');

  const png = await downloadOf(page, '[data-png="losses"]');
  assert.match(png.name, /^mtl-playground-tasks-losses-seed4-step\d+\.png$/);
  assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
  assert.ok(png.bytes.length > 5000, `a chart, not an empty image (${png.bytes.length} bytes)`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the funnel exports its metrics too', async () => {
  const { page, errors } = await lab.open('#lang=en&scenario=funnel&funnelModels=base,esmm');
  await ready(page);
  await untilStep(page, 520);
  const csv = await downloadOf(page, '#export-csv');
  const [header, ...records] = parseCsv(csv.bytes.toString('utf8'));
  assert.ok(header.includes('cvr_auc_entire') && header.includes('cvr_auc_clicked'), `${header}`);
  assert.ok(records.length >= 4, `two models × at least two records: ${records.length} rows`);
  const entire = Number(records[0][header.indexOf('cvr_auc_entire')]);
  assert.ok(entire > 0 && entire < 1, `an AUC: ${entire}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('embedded in a page on another origin, the lab runs and the iframe sizes itself from the height message', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mtl-host-'));
  const src = `${lab.base}index.html#lang=zh&embed=1&panels=losses,gates&hide=models,experts,expertUnits,towerUnits,batch,samples,seed,table`;
  // The host page is the README's snippet: an iframe and the resize listener.
  await writeFile(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><title>course</title>
<h1>第四章 多任务学习</h1>
<iframe class="mtl-playground" src="${src}" title="MTL Playground" width="100%" height="200" style="border:0"></iframe>
<script>
  window.heights = [];
  window.addEventListener('message', (event) => {
    if (event.data?.type !== 'mtl-playground:height') return;
    window.heights.push(event.data.height);
    for (const frame of document.querySelectorAll('iframe.mtl-playground')) {
      if (frame.contentWindow === event.source) frame.style.height = event.data.height + 'px';
    }
  });
</script>`);
  // a course's page, not the lab: its inline snippet is the course's business, not under the lab's CSP
  const host = await serve(dir, 0, '127.0.0.1', { csp: null });
  const hostBase = `http://127.0.0.1:${host.address().port}/`;
  assert.notEqual(new URL(hostBase).origin, new URL(lab.base).origin, 'the host is another origin');
  const page = await lab.context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  try {
    await page.goto(hostBase);
    const frame = page.frameLocator('iframe.mtl-playground');
    await frame.locator('#play:not([disabled])').waitFor({ state: 'attached', timeout: 30000 });
    await page.waitForFunction(() => window.heights.length > 0 && window.heights.at(-1) > 400, null, { timeout: 20000 });
    const { reported, actual } = await page.evaluate(() => ({
      reported: window.heights.at(-1),
      actual: document.querySelector('iframe').getBoundingClientRect().height,
    }));
    assert.ok(Math.abs(reported - actual) <= 1, `the iframe took the reported height: ${reported} vs ${actual}`);
    await frame.locator('#step').filter({ hasNotText: /^0$/ }).waitFor({ timeout: 20000 });
    assert.equal(await frame.locator('#page-header').isVisible(), false, 'embed=1 drops the header');
    assert.equal(await frame.locator('#chart-seesaw').isVisible(), false, 'only the chosen panels');
    await page.screenshot({ path: `${lab.shots}/embedded-host.png`, fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    host.closeAllConnections(); // the browser's preconnected sockets would hold close() up for a minute or more
    await new Promise((ok) => host.close(ok));
    await rm(dir, { recursive: true, force: true });
  }
});

test('opened from file://, the page explains in both languages how to serve it', async () => {
  const page = await lab.context.newPage();
  await page.goto(`file://${join(DIST, 'index.html')}`);
  await page.waitForSelector('#file-warning:not([hidden])', { timeout: 5000 });
  const text = await page.textContent('#file-warning');
  assert.match(text, /python3 -m http\.server 8000/);
  assert.match(text, /需要通过网页服务器打开/);
  assert.match(text, /needs a web server/);
  assert.match(await page.textContent('#status'), /file:\/\//);
  await page.close();
});
