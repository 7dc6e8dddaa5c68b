// "Your data" as a student uses it: load the census sample (by the file picker
// and by dropping it), keep the suggested labels, train, read the charts, the
// counts and the test AUC table, in English and Chinese; hostile and broken
// files give messages in the page's language, never markup or a console error;
// a link with a file's settings says which file it needs and applies them once
// it is loaded.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inkOf, start, stepOf, untilStep } from './harness.mjs';

const SAMPLE = new URL('../../static/data/census-sample.csv', import.meta.url);
const CHARTS = ['dataLosses', 'dataAuc', 'dataGates', 'dataSeesaw', 'dataConflict', 'dataWeights'];

let lab;
let sample;
before(async () => {
  lab = await start();
  sample = await readFile(SAMPLE);
});
after(async () => {
  await lab?.close();
});

/** Gives the page's file input a file of these bytes. */
const pick = (page, name, bytes) => page.setInputFiles('#data-input', { name, mimeType: 'text/csv', buffer: Buffer.from(bytes) });

/** Drops a file of these bytes onto the drop zone, as a browser's drag and drop does. */
const drop = (page, name, bytes) => page.evaluate(([n, b]) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([new Uint8Array(b)], n, { type: 'text/csv' }));
  document.getElementById('data-drop').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
}, [name, [...bytes]]);

/** Opens the data scenario and fails on any dialog (an injected script would raise one). */
async function openData(hash) {
  const opened = await lab.open(`#scenario=data&${hash}`);
  opened.page.on('dialog', (d) => {
    opened.errors.push(`dialog: ${d.message()}`);
    d.dismiss();
  });
  await opened.page.waitForSelector('#data-drop', { state: 'visible' });
  await opened.page.waitForFunction(() => window.mtlPlayground);
  return opened;
}

const WORDS = {
  en: { noFile: /Load a file/, read: /6,000 rows × 42 columns/, private: /never uploaded/, finished: /Finished: 500 steps/ },
  zh: { noFile: /载入一个文件/, read: /6,000 行 × 42 列/, private: /文件只在本页中解析，不会上传到任何地方/, finished: /已结束/ },
};

for (const lang of ['en', 'zh']) {
  test(`the sample (${lang}): labels suggested, a race, six inked charts, the counts and the test AUC table`, async (t) => {
    const { page, errors } = await openData(`lang=${lang}`);
    const w = WORDS[lang];
    assert.match(await page.textContent('#status'), w.noFile);
    assert.match(await page.textContent('.data-private'), w.private);
    // en through the file input, zh by a drop onto the zone
    if (lang === 'en') await pick(page, 'census-sample.csv', sample);
    else await drop(page, 'census-sample.csv', sample);
    await page.waitForSelector('#data-file', { state: 'visible' });
    assert.match(await page.textContent('#data-read'), w.read);
    // prefilled with the core's suggestions: the first two columns with two values
    assert.equal(await page.inputValue('#data-column-A'), 'sex');
    assert.equal(await page.inputValue('#data-value-A'), ' Male');
    assert.equal(await page.inputValue('#data-column-B'), 'member of a labor union');
    assert.equal(await page.inputValue('#data-value-B'), ' Yes');
    // the MMoE paper's census labels, picked as a student would
    await page.selectOption('#data-column-A', 'income');
    assert.equal(await page.inputValue('#data-value-A'), ' - 50000.', 'a new column starts from its most frequent value');
    await page.fill('#data-value-A', ' 50000+.');
    await page.press('#data-value-A', 'Tab');
    await page.selectOption('#data-column-B', 'marital stat');
    await page.fill('#data-value-B', ' Never married');
    await page.press('#data-value-B', 'Tab');
    await page.waitForFunction(() => location.hash.includes('valueB=%20Never%20married'));
    assert.equal(await page.locator('#data-columns tbody tr').count(), 42);
    await page.click('.data-columns summary'); // the columns table opens on demand
    // a label's column is not a feature; the sample's weight column is one until unticked
    assert.equal(await page.isDisabled('#data-columns tr[data-column="income"] .data-use'), true);
    await page.uncheck('#data-columns tr[data-column="instance weight"] .data-use');
    await page.waitForFunction(() => location.hash.includes('exclude=instance%20weight'));
    assert.match(page.url(), /labelA=income/);
    assert.match(page.url(), /dataFile=census-sample\.csv/);
    await page.click('#data-train');
    const started = Date.now();
    if (lang === 'en') {
      await page.waitForFunction(() => document.getElementById('data-test-wrap').hidden === false, null, { timeout: 240000 });
      t.diagnostic(`500 steps of four models: ${((Date.now() - started) / 1000).toFixed(1)} s`);
      assert.equal(await stepOf(page), 500);
      assert.match(await page.textContent('#status'), w.finished);
    } else {
      await untilStep(page, 200, 120000);
      await page.click('#data-score');
      await page.waitForSelector('#data-test-wrap', { state: 'visible' });
    }
    const aucs = await page.$$eval('#data-test tbody tr', (rows) => rows.map((r) => [r.dataset.model, Number(r.cells[1].textContent), Number(r.cells[2].textContent)]));
    t.diagnostic(`test AUC at the end (${lang}): ${JSON.stringify(aucs)}`);
    assert.equal(aucs.length, 4);
    for (const [model, a, b] of aucs) assert.ok(a > 0.6 && b > 0.8, `${model}: test AUC ${a}, ${b}`);
    // counts: three sets, the positives of both labels, the note with the inputs
    assert.equal(await page.locator('#data-counts tbody tr').count(), 3);
    assert.match(await page.textContent('#data-counts-note'), lang === 'en' ? /6,000 rows read/ : /读取 6,000 行/);
    await page.mouse.move(1, 1);
    await page.waitForTimeout(500);
    for (const id of CHARTS) assert.ok((await inkOf(page, `#chart-${id}`)) > 0.01, `${id} is drawn`);
    await lab.shot(page, `data-${lang}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

const encoder = new TextEncoder();
const rows = (header, n, row) => [header, ...Array.from({ length: n }, (_, i) => row(i))].join('\n');

test('hostile and broken files: text only, and messages in the page language', async (t) => {
  for (const lang of ['en', 'zh']) {
    const { page, errors } = await openData(`lang=${lang}`);
    // a header that is markup: read as a column name, shown as text
    const html = '<img src=x onerror=alert(1)>';
    await pick(page, 'evil<b>.csv', encoder.encode(rows(`${html},"<script>alert(2)</script>",z`, 300, (i) => `${i},${i % 3 ? 'a' : '<i>b</i>'},${i % 2}`)));
    await page.waitForSelector('#data-file', { state: 'visible' });
    assert.equal(await page.locator('#data-panel img, #data-panel script, #data-panel i, #data-panel b').count(), 0, 'no injected element');
    assert.equal(await page.textContent(`#data-columns tbody tr:first-child th`), html);
    assert.match(await page.textContent('#data-read'), /evil<b>\.csv/);

    // a header and no rows
    await pick(page, 'header.csv', encoder.encode('a,b,c\r\n'));
    await page.waitForSelector('#data-error', { state: 'visible' });
    assert.match(await page.textContent('#data-error'), lang === 'en' ? /header line but no data rows/ : /表头/);
    assert.equal(await page.isVisible('#data-file'), false);

    // a label with one class: y is 1 in every row
    await pick(page, 'one-class.csv', encoder.encode(rows('x,y,z,w', 300, (i) => `${i},1,${i % 2},${i % 7}`)));
    await page.waitForSelector('#data-file', { state: 'visible' });
    await page.selectOption('#data-column-A', 'y');
    await page.fill('#data-value-A', '1');
    await page.press('#data-value-A', 'Tab');
    await page.selectOption('#data-column-B', 'z');
    await page.click('#data-train');
    await page.waitForSelector('#data-error[data-code="label_one_class"]', { state: 'visible' });
    const oneClass = await page.textContent('#data-error');
    t.diagnostic(`one class (${lang}): ${oneClass}`);
    assert.match(oneClass, lang === 'en' ? /needs both classes/ : /标签必须同时有 0 和 1 两类/);
    assert.equal(await page.isDisabled('#play'), true, 'no race');
    // the way back: another label, Train again
    await page.selectOption('#data-column-A', 'x');
    await page.selectOption('#data-op-A', 'ge');
    await page.fill('#data-value-A', '150');
    await page.press('#data-value-A', 'Tab');
    await page.click('#data-train');
    await untilStep(page, 20, 60000);
    assert.equal(await page.isVisible('#data-error'), false);

    // bytes that are not UTF-8: read, with a note
    const latin = Buffer.concat([Buffer.from('name,flag,score\n'), ...Array.from({ length: 300 }, (_, i) => Buffer.concat([Buffer.from([0x63, 0x61, 0x66, 0xe9]), Buffer.from(`${i % 5},${i % 2},${i}\n`)]))]);
    await pick(page, 'latin1.csv', latin);
    await page.waitForFunction(() => /latin1/.test(document.getElementById('data-read').textContent));
    assert.match(await page.textContent('#data-notes'), lang === 'en' ? /300 fields were not valid UTF-8/ : /300 个字段不是有效的 UTF-8/);

    // BOM, CRLF and a quoted newline: read and trained
    const quoted = '\ufeffnote,age,a,b\r\n' + Array.from({ length: 400 }, (_, i) => `"line one\r\nline ${i}",${20 + (i % 50)},${i % 3 === 0 ? 1 : 0},${i % 4 === 0 ? 'yes' : 'no'}`).join('\r\n') + '\r\n';
    await pick(page, 'quoted.csv', encoder.encode(quoted));
    await page.waitForFunction(() => /quoted/.test(document.getElementById('data-read').textContent));
    assert.match(await page.textContent('#data-read'), lang === 'en' ? /400 rows × 4 columns/ : /400 行 × 4 列/);
    assert.match(await page.textContent('#data-notes'), lang === 'en' ? /byte-order mark/ : /字节顺序标记/);
    await page.selectOption('#data-column-A', 'a');
    await page.fill('#data-value-A', '1');
    await page.press('#data-value-A', 'Tab');
    await page.selectOption('#data-column-B', 'b');
    await page.fill('#data-value-B', 'yes');
    await page.press('#data-value-B', 'Tab');
    await page.click('#data-train');
    await untilStep(page, 40, 60000);
    assert.equal(await page.isVisible('#data-error'), false);
    // the notice is for a link's settings: a later file's missing columns are not news
    assert.equal(await page.isVisible('#notice'), false, 'no notice from one file to the next');
    await lab.shot(page, `data-hostile-${lang}`);
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('"Try the sample" fetches the census sample and leaves its weight column out', async () => {
  const { page, errors } = await openData('lang=zh&autoplay=0');
  await page.click('#data-sample');
  await page.waitForSelector('#data-file', { state: 'visible' });
  assert.match(await page.textContent('#data-read'), /census-sample\.csv/);
  assert.equal(await page.isChecked('#data-columns tr[data-column="instance weight"] .data-use'), false);
  assert.match(await page.textContent('#status'), /选好两个标签/);
  assert.equal(await page.inputValue('#data-column-A'), 'income');
  assert.equal(await page.inputValue('#data-value-A'), ' 50000+.');
  assert.equal(await page.inputValue('#data-column-B'), 'marital stat');
  assert.equal(await page.inputValue('#data-value-B'), ' Never married');
  assert.deepEqual(errors, []);
  await page.close();
});

test("at the narrow preset a file's race says its sizes leave it little room, and one click gives the paper's sizes", async () => {
  // seed 2 of the sample at the narrow preset (README, "Your data"; tests/table_race.rs)
  const { page, errors } = await openData('lang=en&seed=2&models=single,shared_bottom');
  await page.click('#data-sample');
  await page.waitForSelector('#data-file', { state: 'visible' });
  assert.equal(await page.isVisible('#data-sizes'), true, 'the hint shows at the narrow preset');
  assert.match(await page.textContent('#data-sizes'), /2-unit shared bottom/);
  await page.click('#data-train');
  await page.waitForFunction(() => document.getElementById('data-test-wrap').hidden === false, null, { timeout: 120000 });
  // with ReLU seed 2's 2-unit bottom died (one score for every row); the narrow preset's leaky ReLU
  // keeps it alive (tests/table_race.rs checks both), so no cell is marked
  const marked = await page.$$eval('#data-test td.one-score', (cells) => cells.map((c) => [c.closest('tr').dataset.model, c.textContent]));
  assert.deepEqual(marked, [], 'no model gives every row one score at the narrow preset with leaky ReLU');
  await lab.shot(page, 'data-one-score');
  await page.click('#data-table-preset');
  await page.waitForFunction(() => window.mtlPlayground.state.preset === 'paper');
  assert.equal(await page.isVisible('#data-sizes'), false, 'the hint leaves at the paper sizes');
  assert.equal(await page.evaluate(() => window.mtlPlayground.state.bottomUnits), 113);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a link with a file's settings names the file, and applies them once it is loaded", async () => {
  const hash = 'lang=en&autoplay=0&dataFile=census-sample.csv&labelA=age&opA=ge&valueA=40&labelB=sex&valueB=%20Female'
    + '&exclude=instance%20weight,education,no%20such&validation=0.2&seed=7&opB=bogus';
  const { page, errors } = await openData(hash);
  assert.match(await page.textContent('#data-needs'), /need the file “census-sample\.csv”: load it/);
  assert.match(await page.textContent('#notice'), /“opB”: “bogus” is not a valid value/);
  await pick(page, 'census-sample.csv', sample);
  await page.waitForSelector('#data-file', { state: 'visible' });
  assert.equal(await page.isVisible('#data-needs'), false);
  assert.equal(await page.inputValue('#data-column-A'), 'age');
  assert.equal(await page.inputValue('#data-op-A'), 'ge');
  assert.equal(await page.inputValue('#data-value-A'), '40');
  assert.equal(await page.inputValue('#data-value-B'), ' Female');
  assert.equal(await page.isChecked('#data-columns tr[data-column="education"] .data-use'), false);
  assert.match(await page.textContent('#notice'), /no column “no such”/);
  const state = await page.evaluate(() => window.mtlPlayground.state);
  assert.deepEqual(state.exclude, ['instance weight', 'education']);
  assert.equal(state.validation, 0.2);
  await page.click('#data-train');
  await untilStep(page, 20, 60000);
  // live settings: after a reset the race waits at step 0; w moves the loss weights at the next step, no rebuild
  await page.waitForFunction(() => document.getElementById('play').disabled, null, { timeout: 60000 }); // 500 steps: finished
  await page.click('#reset');
  await page.waitForFunction(() => window.mtlPlayground.summary?.step === 0);
  await page.$eval('#ctl-w', (input) => {
    input.value = '0.8';
    input.dispatchEvent(new Event('change'));
  });
  await page.click('#step-once');
  await page.waitForFunction(() => window.mtlPlayground.summary?.step >= 20);
  const weights = await page.evaluate(() => window.mtlPlayground.summary.models[0].latest.loss_weights);
  assert.deepEqual(weights.map((x) => Number(x.toFixed(2))), [1.6, 0.4]);
  assert.equal(await page.isVisible('#export-csv'), false, 'no records export for a file race yet');
  const counts = await page.evaluate(() => window.mtlPlayground.summary.table.counts);
  assert.ok(Math.abs(counts.validation - 1200) <= 1, `a fifth of 6,000 rows: ${counts.validation}`);
  // the zh link says the same in Chinese
  const zh = await openData(hash.replace('lang=en', 'lang=zh'));
  assert.match(await zh.page.textContent('#data-needs'), /这个链接的设置需要文件“census-sample\.csv”/);
  await zh.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});
