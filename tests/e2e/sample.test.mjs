// The "your data" sample against the script that makes it, with no browser: the
// shipped file is exactly what `scripts/census-sample.mjs` writes, so nobody
// edits it by hand and a change to the generator lands with its file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url);

test('static/data/census-sample.csv is what scripts/census-sample.mjs writes', async () => {
  const script = new URL('scripts/census-sample.mjs', root).pathname;
  const { stdout } = await promisify(execFile)(process.execPath, [script], { maxBuffer: 64 << 20 });
  const shipped = await readFile(new URL('static/data/census-sample.csv', root), 'utf8');
  assert.equal(stdout.length, shipped.length, 'same length');
  assert.ok(stdout === shipped, 'same bytes: run `node scripts/census-sample.mjs > static/data/census-sample.csv`');
  const [header, ...rows] = shipped.trimEnd().split('\n');
  assert.equal(header.split(',').length, 42, "census-income's 42 columns");
  assert.equal(rows.length, 6000);
  const rich = rows.filter((r) => r.endsWith(', 50000+.')).length;
  assert.ok(rich > 200 && rich < 1000, `${rich} rows above 50,000: both classes well represented`);
});
