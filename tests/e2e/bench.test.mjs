// The in-browser step benchmark runs and reports a time for every model
// (a short protocol here; `make bench` runs the full one beside native).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { start } from './harness.mjs';
import { browserBench } from './bench.mjs';

let lab;
after(async () => lab?.close());

test('the wasm step benchmark times every model in both wasm builds', async () => {
  lab = await start();
  const results = await browserBench(lab, 2, 50);
  const models = ['single', 'shared_bottom', 'omoe', 'mmoe', 'cgc', 'ple'];
  // This Chromium validates relaxed SIMD, so both builds run.
  assert.deepEqual(results.map((r) => `${r.build} ${r.model}`), ['simd128', 'relaxed'].flatMap((b) => models.map((m) => `${b} ${m}`)));
  for (const r of results) {
    assert.ok(r.median_ms > 0 && r.median_ms < 100, `${r.build} ${r.model}: ${r.median_ms} ms/step`);
    assert.ok(r.params > 1000);
  }
  console.log(results.map((r) => `${r.build} ${r.model} ${r.median_ms.toFixed(3)} ms/step`).join(', '));
});
