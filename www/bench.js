// Runs the wasm step benchmark for each wasm build this browser runs (simd128,
// and relaxed SIMD where it validates) and shows it; the rows also go to
// `window.benchResults` for scripts/bench.sh and the end-to-end test.
import { hasRelaxedSimd, wasmUrl } from './js/wasm-build.js';

const params = new URLSearchParams(location.search);
const positive = (name, fallback, max) => {
  const v = Math.floor(Number(params.get(name)));
  return Number.isFinite(v) && v >= 1 ? Math.min(v, max) : fallback;
};

/** One build's timings: its own instance of the glue (a distinct module URL)
 *  initialised with that build's .wasm. */
async function timeBuild(build, runs, steps) {
  const glue = await import(`./pkg/mtl_playground.js?build=${build}`);
  await glue.default({ module_or_path: wasmUrl(build) });
  return glue.benchmarkSteps(runs, steps).map((r) => ({ ...r, build }));
}

async function run() {
  const builds = hasRelaxedSimd() ? ['simd128', 'relaxed'] : ['simd128'];
  const runs = positive('runs', 15, 50);
  const steps = positive('steps', 200, 10000);
  const results = [];
  const status = document.getElementById('status');
  for (const build of builds) {
    status.textContent = `running ${build}…`;
    // Let the status paint before the main thread is busy for seconds.
    await new Promise((ok) => setTimeout(ok, 50));
    results.push(...(await timeBuild(build, runs, steps)));
  }
  const rows = results.map((r) => {
    const tr = document.createElement('tr');
    for (const text of [r.build, r.model, String(r.params), r.median_ms.toFixed(3), r.best_ms.toFixed(3)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  document.querySelector('#results tbody').replaceChildren(...rows);
  status.textContent = 'done';
  window.benchResults = results;
}

run().catch((err) => {
  document.getElementById('status').textContent = `failed: ${err.message ?? err}`;
  window.benchResults = { error: String(err.message ?? err) };
});
