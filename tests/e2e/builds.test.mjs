// The two wasm builds (scripts/build.sh): relaxed SIMD and its simd128
// fallback. Both run in this Chromium and train to the same losses within float
// tolerance; the page loads the relaxed one here, `?build=simd128` forces the
// fallback, and any other value changes nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, ready, start } from './harness.mjs';

let lab;
after(async () => lab?.close());
const labOf = async () => (lab ??= await start());

const WASM = { simd128: 'mtl_playground_bg.wasm', relaxed: 'mtl_playground_relaxed_bg.wasm' };

// A first visit loads the page's module in the build Chromium takes (relaxed,
// issue 23's 230 KB); the simd128 fallback, for browsers without relaxed SIMD,
// keeps the earlier 250 KB bound.
const FIRST_VISIT = { relaxed: 230_000, simd128: 250_000 };

test('the module every page loads is at most 230 KB gzipped in the build Chromium takes, 250 KB in the fallback', () => {
  for (const [build, file] of Object.entries(WASM)) {
    const bytes = readFileSync(join(DIST, 'pkg', file));
    const gzipped = gzipSync(bytes, { level: 9 }).length;
    console.log(`${file}: ${(bytes.length / 1000).toFixed(1)} KB raw, ${(gzipped / 1000).toFixed(1)} KB gzipped (at most ${FIRST_VISIT[build] / 1000})`);
    assert.ok(gzipped <= FIRST_VISIT[build], `${file} is ${gzipped} bytes gzipped: over the ${FIRST_VISIT[build] / 1000} KB a first visit may cost`);
  }
});

test('only the relaxed build uses f32x4.relaxed_madd', () => {
  // binaryen's disassembler, which scripts/setup.sh installs for the build
  const dis = join(DIST, '..', 'scripts', 'tools', 'node_modules', '.bin', 'wasm-dis');
  const count = (file) => execFileSync(dis, [join(DIST, 'pkg', file)], { maxBuffer: 1 << 30 })
    .toString().split('f32x4.relaxed_madd').length - 1;
  const relaxed = count(WASM.relaxed);
  assert.ok(relaxed > 0, 'no relaxed_madd in the relaxed build');
  assert.equal(count(WASM.simd128), 0, 'relaxed_madd in the simd128 build');
  console.log(`relaxed_madd instructions in the relaxed build: ${relaxed}`);
});

test('both builds train the same race to the same test losses', async () => {
  const { open } = await labOf();
  // bench.html loads no lab of its own; a single quick run to be idle after.
  const { page, errors } = await open('bench.html?runs=1&steps=1');
  await page.waitForFunction(() => window.benchResults !== undefined, null, { timeout: 120000 });
  const race = await page.evaluate(async (files) => {
    const out = {};
    for (const [build, file] of Object.entries(files)) {
      // A module instance of the glue per build (the glue initialises once).
      const glue = await import(`./pkg/mtl_playground.js?race=${build}`);
      await glue.default({ module_or_path: new URL(`./pkg/${file}`, location.href) });
      const config = glue.defaultConfig();
      Object.assign(config.data, { train_samples: 5000, test_samples: 2000, seed: 7 });
      config.models = ['single', 'shared_bottom', 'omoe', 'mmoe', 'cgc', 'ple'];
      config.eval_samples = 1000;
      config.record_every = 50;
      const labRun = new glue.Lab(config);
      let summary = labRun.summary();
      while (summary.step < 200) summary = labRun.train(1e9, 200 - summary.step);
      out[build] = summary.models.map((m) => ({ model: m.model, step: m.latest.step, test: m.latest.test_loss }));
      labRun.free();
    }
    return out;
  }, WASM);
  await page.close();
  assert.deepEqual(errors, []);
  console.log(race.relaxed.map((r, i) => `${r.model} relaxed ${r.test.map((l) => l.toFixed(6)).join('/')} simd128 ${race.simd128[i].test.map((l) => l.toFixed(6)).join('/')}`).join('\n'));
  // Tolerance: relaxed_madd may round a·b + c once (fused) where simd128 rounds
  // twice: ≤ 1 ulp (6e-8 relative) per product term, but 200 steps of Adam
  // feed these differences back through the weights (Adam divides each update
  // by √v, so even tiny gradient differences move weights by lr-sized amounts
  // where gradients are small), and the two trajectories drift apart a little.
  // Measured here: at most 2.7e-3 relative (PLE, README "Speed"). 1e-2 leaves
  // room for other seeds and CPUs and is still far below the gaps between
  // models that the lab reports (several per cent and more).
  const TOL = 1e-2;
  let worst = 0;
  for (const [i, r] of race.relaxed.entries()) {
    const s = race.simd128[i];
    assert.equal(r.model, s.model);
    assert.equal(r.step, 200);
    assert.equal(s.step, 200);
    for (const [t, loss] of r.test.entries()) {
      const rel = Math.abs(loss - s.test[t]) / Math.abs(s.test[t]);
      worst = Math.max(worst, rel);
      assert.ok(rel <= TOL, `${r.model} task ${t}: relaxed ${loss} vs simd128 ${s.test[t]} (${rel.toExponential(2)} relative)`);
    }
  }
  console.log(`largest relative difference in a test loss after 200 steps: ${worst.toExponential(2)}`);
});

/** Opens the lab at `path` and reports which .wasm files it fetched. */
async function labAt(path) {
  const { open } = await labOf();
  const { page, errors } = await open(path);
  await ready(page);
  const build = await page.evaluate(() => window.mtlPlayground.wasmBuild);
  const wasmFiles = await page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname.split('/').pop()).filter((n) => n.endsWith('.wasm')));
  await page.close();
  return { build, wasmFiles, errors };
}

test('the page loads the relaxed build in this Chromium, and ?build=simd128 forces the fallback', async () => {
  const plain = await labAt('');
  assert.equal(plain.build, 'relaxed');
  assert.deepEqual(plain.wasmFiles, [WASM.relaxed]);
  assert.deepEqual(plain.errors, []);

  const forced = await labAt('?build=simd128#seed=3');
  assert.equal(forced.build, 'simd128');
  assert.deepEqual(forced.wasmFiles, [WASM.simd128]);
  assert.deepEqual(forced.errors, []);

  // A hostile or unknown value is ignored: the probe decides.
  const hostile = await labAt(`?build=${encodeURIComponent('<img src=x onerror=alert(1)>')}`);
  assert.equal(hostile.build, 'relaxed');
  assert.deepEqual(hostile.wasmFiles, [WASM.relaxed]);
  assert.deepEqual(hostile.errors, []);
});

test('the funnel and watch-time modules load with their scenario, once each, in the build the page chose', async () => {
  const { open } = await labOf();
  const { page, errors } = await open('#lang=en');
  await ready(page);
  const wasmFiles = () => page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname.split('/').pop()).filter((n) => n.endsWith('.wasm')));
  assert.deepEqual(await wasmFiles(), [WASM.relaxed], 'a page on the correlated tasks loads only their module');
  const open1 = async (label, scenario) => {
    await page.click(`text=${label}`);
    await page.waitForFunction((s) => location.hash.includes(`scenario=${s}`), scenario);
    await page.waitForFunction(() => Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 20, null, { timeout: 60000 })
      .catch(async (e) => assert.fail(`${scenario}: step ${await page.textContent('#step')}, status ${await page.textContent('#status')}, errors ${errors}: ${e.message}`));
  };
  await open1('Click → conversion (ESMM)', 'funnel');
  await open1('Watch time (YouTube)', 'watch');
  await open1('Click → conversion (ESMM)', 'funnel');
  await open1('Correlated tasks (MMoE)', 'tasks');
  assert.deepEqual((await wasmFiles()).sort(), [WASM.relaxed, 'mtl_funnel_relaxed_bg.wasm', 'mtl_watch_relaxed_bg.wasm'].sort(),
    'each scenario module fetched once, relaxed like the page');
  assert.deepEqual(errors, []);
  await page.close();

  const forced = await open('?build=simd128#scenario=funnel&lang=en');
  await ready(forced.page);
  assert.deepEqual((await forced.page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname.split('/').pop()).filter((n) => n.endsWith('.wasm')))).sort(),
  [WASM.simd128, 'mtl_funnel_bg.wasm'].sort(), 'a funnel link loads the page module and the funnel module, both simd128');
  assert.deepEqual(forced.errors, []);
  await forced.page.close();
});

test('a scenario module that fails to load says so in the status line, and Reset tries again', async () => {
  const { open, context } = await labOf();
  await context.route('**/pkg/mtl_watch.js', (route) => route.abort());
  const { page } = await open('#lang=en&seed=5');
  await ready(page);
  await page.click('text=Watch time (YouTube)');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes("Could not load this scenario's code"), null, { timeout: 30000 });
  await lab.shot(page, 'scenario-load-failed');
  await context.unroute('**/pkg/mtl_watch.js');
  await page.click('#reset');
  await page.waitForFunction(() => !document.getElementById('status').textContent.includes('Could not')
    && window.mtlPlayground.summary?.models?.[0]?.model === 'ctr'
    && Number(document.getElementById('step').textContent.replace(/,/g, '')) >= 20, null, { timeout: 60000 });
  assert.doesNotMatch(await page.textContent('#status'), /Could not/);
  assert.equal(await page.isVisible('#chart-watchTradeoff'), true);
  await page.close();
});

test('the sweep module loads with the first sweep, once; a failed load says so and the next start tries again', async () => {
  const { open, context } = await labOf();
  const { page } = await open('#lang=en&sweep=correlation&autoplay=0');
  await ready(page);
  const wasmFiles = () => page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => new URL(e.name).pathname.split('/').pop()).filter((n) => n.endsWith('.wasm')));
  assert.deepEqual(await wasmFiles(), [WASM.relaxed], 'no sweep code before a sweep');
  await context.route('**/pkg/mtl_sweep.js', (route) => route.abort());
  await page.click('#sweep-start');
  await page.waitForFunction(() => document.getElementById('status').textContent.includes("Could not load the sweeps' code"), null, { timeout: 30000 });
  assert.equal(await page.isVisible('#sweep-start'), true, 'Run sweep stays offered');
  await context.unroute('**/pkg/mtl_sweep.js');
  await page.click('#sweep-start');
  await page.waitForFunction(() => /Run \d+ of \d+ done/.test(document.getElementById('sweep-status').textContent), null, { timeout: 30000 });
  await page.click('#sweep-cancel');
  await page.click('#sweep-start'); // a second sweep: the module is not fetched again
  await page.waitForFunction(() => /Run \d+ of \d+ done/.test(document.getElementById('sweep-status').textContent), null, { timeout: 30000 });
  await page.click('#sweep-cancel');
  assert.deepEqual((await wasmFiles()).sort(), [WASM.relaxed, 'mtl_sweep_relaxed_bg.wasm'].sort(), 'the sweep module, once, relaxed like the page');
  await page.close();
});
