// "Your data" at the wasm boundary, in Node (no browser yet: the page's
// scenario is still to come): the module the page will load (dist/pkg/mtl_data)
// against `mtl-lab data` on the same file. Parsing, labels, the split and every
// count must be the same; the trained models' metrics the same up to f32
// rounding (the native build fuses multiply-adds, wasm does not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url);
const pkg = new URL('dist/pkg/', root);
const data = await import(new URL('mtl_data.js', pkg));
await data.default({ module_or_path: await readFile(new URL('mtl_data_bg.wasm', pkg)) });
const sample = await readFile(new URL('static/data/census-sample.csv', root));
const encoder = new TextEncoder();

test('the sample parses at the boundary: every column, and the two census labels suggested', () => {
  const file = new data.DataFile(sample);
  const described = file.describe();
  assert.equal(described.rows, 6000);
  assert.equal(described.columns.length, 42);
  assert.equal(described.columns[0].name, 'age');
  assert.equal(described.columns[0].kind, 'numeric');
  const income = described.suggested_labels.find((l) => l.column === 'income');
  assert.deepEqual(income, { column: 'income', op: 'eq', value: ' 50000+.' }, 'the rarer of two values, its leading space kept');
  file.free();
});

test('the same file gives the same split and counts, and the same metrics up to rounding, through the CLI and the boundary', async () => {
  const cli = new URL('target/release/mtl-lab', root).pathname;
  const args = ['data', new URL('static/data/census-sample.csv', root).pathname, '--labels', "income=' 50000+.',marital stat=' Never married'",
    '--seeds', '3', '--steps', '120', '--models', 'single,sb,mmoe', '--json'];
  const { stdout } = await promisify(execFile)(cli, args, { maxBuffer: 16 << 20 });
  const { config, runs: [run] } = JSON.parse(stdout);
  const file = new data.DataFile(sample);
  const lab = new data.DataLab(file, { ...config.table, seed: 3 }, { ...config.race, data: { ...config.race.data, seed: 3 } });
  const summary = lab.train(1e9, 120);
  assert.equal(summary.step, 120);
  assert.deepEqual(summary.table.counts, run.counts, 'the same rows in the same splits');
  assert.equal(summary.table.dim, run.inputs, 'the same inputs');
  const test = lab.splitMetrics('test');
  assert.deepEqual(test.map((m) => m.model), run.models.map((m) => m.model));
  for (const [i, m] of test.entries()) {
    const native = run.models[i].test;
    for (const k of [0, 1]) {
      console.log(`  ${m.model} task ${k}: AUC wasm ${m.auc[k].toFixed(5)} native ${native.auc[k].toFixed(5)}; ` +
        `BCE wasm ${m.loss[k].toFixed(5)} native ${native.loss[k].toFixed(5)}`);
      assert.ok(Math.abs(m.auc[k] - native.auc[k]) < 0.005, `${m.model} task ${k}: AUC`);
      assert.ok(Math.abs(m.loss[k] / native.loss[k] - 1) < 0.02, `${m.model} task ${k}: BCE`);
    }
  }
  lab.free();
  file.free();
});

test('a file the lab cannot use is an error with a code, its parameters and a sentence', () => {
  const fails = (bytes, code, table) => {
    let caught;
    try {
      const file = new data.DataFile(bytes);
      if (table) new data.DataLab(file, table, {}).free();
      file.free();
    } catch (err) {
      caught = err;
    }
    assert.ok(caught, `${code}: an error`);
    assert.equal(caught.code, code, JSON.stringify(caught));
    assert.equal(typeof caught.message, 'string');
    assert.equal(typeof caught.params, 'object');
    return caught;
  };
  fails(new Uint8Array(), 'empty_file');
  fails(encoder.encode('a,b,c\r\n'), 'header_only');
  const rows = ['x,y,z', ...Array.from({ length: 200 }, (_, i) => `${i},1,${i % 2}`)].join('\n');
  const oneClass = fails(encoder.encode(rows), 'label_one_class', {
    labels: [{ column: 'y', op: 'eq', value: '1' }, { column: 'z', op: 'eq', value: '1' }],
  });
  assert.equal(oneClass.params.column, 'y');
  const unknown = fails(encoder.encode(rows), 'unknown_column', {
    labels: [{ column: 'nope', op: 'eq', value: '1' }, { column: 'z', op: 'eq', value: '1' }],
  });
  assert.equal(unknown.params.column, 'nope');
});
