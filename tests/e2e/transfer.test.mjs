// The transfer map on the page, as a student would run it: the sweep kind from
// the menu, the page's real default (narrow preset, p 1, 0.5, 0, seeds from the
// student's on, 3,000 steps; a link cannot shrink it) on two workers, timed;
// the chart drawn, the table's counts adding up to the seeds, the student's
// seed marked (in the table, and ringed on the chart: the canvas changes when
// the seed leaves the sweep), then the same results in Chinese.
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

const CLASSES = ['positive', 'seesaw', 'negative', 'unclear', 'failed'];

/** The table as numbers: per row, the model, p, the five counts, the seeds and the marked cells. */
const readTable = (page) => page.evaluate(() => [...document.querySelectorAll('#transfer-table tbody tr')].map((tr) => {
  const cells = [...tr.children].map((c) => c.textContent);
  return {
    model: tr.dataset.model, p: Number(tr.dataset.p), counts: cells.slice(2, 7).map(Number), seeds: Number(cells[7]),
    yours: cells[8], marked: [...tr.querySelectorAll('td.mine')].length,
  };
}));

/** A cheap fingerprint of a canvas's pixels. */
const pixelsOf = (page, selector) => page.evaluate((sel) => {
  const canvas = document.querySelector(sel);
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let hash = 0;
  for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] + 3 * data[i + 1] + 7 * data[i + 2]) >>> 0;
  return hash;
}, selector);

test('the transfer map runs on two workers, counts every seed, marks the student\'s, in English and Chinese', async (t) => {
  const { page, errors } = await lab.open('#lang=en&sweep=transfer&workers=2&autoplay=0&seed=1');
  await ready(page);
  assert.equal(await page.inputValue('#sweep-kind'), 'transfer');
  const caption = await page.textContent('#sweep-caption');
  assert.match(caption, /seesaw \(one task gets better, the other worse\) and negative transfer \(every task gets worse\)/);
  assert.match(caption, /single-task networks/);
  assert.match(caption, /10 seeds/);
  assert.match(caption, /±2%/);
  assert.equal(await page.isVisible('#transfer-readout'), false, 'no table before a run');
  const started = Date.now();
  await page.click('#sweep-start');
  await page.waitForFunction(() => /Finished/.test(document.getElementById('sweep-status').textContent), null, { timeout: 900000 });
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`transfer map at the page's defaults on 2 workers: ${seconds.toFixed(1)} s in headless Chromium; “${await page.textContent('#sweep-status')}”`);
  await page.waitForTimeout(300);
  assert.ok((await inkOf(page, '#chart-sweep')) > 0.05, 'the map is drawn');

  const summary = await page.evaluate(() => window.mtlPlayground.sweepResults.summary);
  assert.equal(summary.kind, 'transfer');
  assert.equal(summary.margin, 0.02);
  assert.equal(summary.entries.length, 90, '10 seeds × 3 p × 3 models');
  assert.deepEqual([...new Set(summary.counts.map((c) => c.model))], ['shared_bottom', 'omoe', 'mmoe']);
  const table = await readTable(page);
  assert.equal(table.length, 9, 'a row per model and p');
  for (const row of table) {
    const sum = row.counts.reduce((a, b) => a + b, 0);
    assert.equal(sum, row.seeds, `${row.model} p = ${row.p}: the classes add up to the seeds`);
    assert.equal(row.seeds, 10);
    const mine = summary.entries.find((e) => e.seed === 1 && e.model === row.model && e.p === row.p);
    assert.equal(row.yours, { positive: 'positive transfer', seesaw: 'seesaw', negative: 'negative transfer', unclear: 'unclear', failed: 'training failed' }[mine.class]);
    assert.equal(row.marked, 1, `${row.model} p = ${row.p}: seed 1's class is marked once`);
    const core = summary.counts.find((c) => c.model === row.model && c.p === row.p);
    assert.deepEqual(row.counts, CLASSES.map((c) => core[c]), 'the table shows the core\'s counts');
  }
  t.diagnostic(`counts (${CLASSES.join('/')}): ${table.map((r) => `${r.model} p=${r.p} ${r.counts.join('/')}`).join('; ')}`);
  const failed = summary.entries.filter((e) => e.class === 'failed');
  const failedText = await page.textContent('#transfer-failed');
  if (failed.length) {
    // each failed network named once per seed and task, with the p values it failed at
    assert.match(failedText, /^Failed runs: seed \d+: .+ on task [AB] \(p = [\d., ]+\)/);
    for (const seed of new Set(failed.map((e) => e.seed))) assert.match(failedText, new RegExp(`seed ${seed}: `));
    if (failed.some((e) => e.failed !== 'model')) assert.match(failedText, /the single-task network on task/);
  } else assert.equal(failedText, '');
  assert.match(await page.textContent('#transfer-rule'), /more than 5× the median/);
  await page.mouse.move(1, 1);
  await page.locator('[data-panel="sweep"]').screenshot({ path: `${lab.shots}/transfer-en.png` });

  // the ring follows the student's seed: a seed outside the sweep marks nothing
  const ringed = await pixelsOf(page, '#chart-sweep');
  await page.fill('#ctl-seed', '50');
  await page.press('#ctl-seed', 'Enter');
  await page.waitForFunction(() => document.querySelector('#transfer-table tbody td.your-seed')?.textContent === '—');
  await page.waitForTimeout(300);
  assert.notEqual(await pixelsOf(page, '#chart-sweep'), ringed, 'the ring left the chart with the seed');
  assert.equal((await readTable(page)).reduce((n, r) => n + r.marked, 0), 0, 'nothing marked for seed 50');
  await page.fill('#ctl-seed', '1');
  await page.press('#ctl-seed', 'Enter');
  await page.waitForFunction(() => document.querySelectorAll('#transfer-table td.mine').length === 9);
  await page.waitForTimeout(300);
  assert.equal(await pixelsOf(page, '#chart-sweep'), ringed, 'seed 1 ringed again, as before');

  // the same results in Chinese: the chapter's sentence, the table's words, the chart redrawn
  await page.click('#lang-toggle');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await page.waitForTimeout(300);
  const zhCaption = await page.textContent('#sweep-caption');
  assert.match(zhCaption, /跷跷板（某个任务效果变好，另一个变差）、负迁移（所有效果都变差）/);
  assert.match(zhCaption, /单任务网络/);
  assert.match(zhCaption, /±2%/);
  const heads = await page.evaluate(() => [...document.querySelectorAll('#transfer-table thead th')].map((th) => th.textContent));
  for (const word of ['正迁移', '跷跷板', '负迁移', '不明确', '训练失败', '你的随机种子（1）']) assert.ok(heads.includes(word), `zh table: no ${word} in ${heads}`);
  assert.notEqual(await pixelsOf(page, '#chart-sweep'), ringed, 'the map redrawn in Chinese');
  const zhTable = await readTable(page);
  assert.deepEqual(zhTable.map((r) => r.counts), table.map((r) => r.counts), 'the same counts in both languages');
  await page.mouse.move(1, 1);
  await page.locator('[data-panel="sweep"]').screenshot({ path: `${lab.shots}/transfer-zh.png` });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Chinese link opens the transfer sweep with its caption and menu entry, before any run', async () => {
  const { page, errors } = await lab.open('#lang=zh&sweep=transfer&autoplay=0');
  await ready(page);
  assert.equal(await page.inputValue('#sweep-kind'), 'transfer');
  assert.equal(await page.textContent('#sweep-kind option[value="transfer"]'), '迁移图：跷跷板与负迁移');
  assert.match(await page.textContent('#sweep-caption'), /逐个随机种子与同一种子的单任务网络比较/);
  assert.equal(await page.isVisible('#transfer-readout'), false);
  assert.deepEqual(errors, []);
  await page.close();
});
