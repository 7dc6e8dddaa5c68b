// Runs the wasm step benchmark and shows it; the result also goes to
// `window.benchResults` for scripts/bench.sh and the end-to-end test.
import init, { benchmarkSteps } from './pkg/mtl_playground.js';

const params = new URLSearchParams(location.search);
const positive = (name, fallback, max) => {
  const v = Math.floor(Number(params.get(name)));
  return Number.isFinite(v) && v >= 1 ? Math.min(v, max) : fallback;
};

async function run() {
  await init();
  // Let the "running…" text paint before the main thread is busy for seconds.
  await new Promise((ok) => setTimeout(ok, 50));
  const results = benchmarkSteps(positive('runs', 15, 50), positive('steps', 200, 10000));
  const rows = results.map((r) => {
    const tr = document.createElement('tr');
    for (const text of [r.model, String(r.params), r.median_ms.toFixed(3), r.best_ms.toFixed(3)]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    return tr;
  });
  document.querySelector('#results tbody').replaceChildren(...rows);
  document.getElementById('status').textContent = 'done';
  window.benchResults = results;
}

run().catch((err) => {
  document.getElementById('status').textContent = `failed: ${err.message ?? err}`;
  window.benchResults = { error: String(err.message ?? err) };
});
