#!/usr/bin/env bash
# ms per training step per model: native (cargo bench) beside both wasm builds
# (simd128, relaxed SIMD) in headless Chromium (www/bench.html), same protocol and sizes;
# then the page's default correlation sweep's wall time on 1 and on 2 workers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
native=$(cargo bench --quiet --bench step -- --json 2>/dev/null | tail -n 1)
browser=$(cd tests/e2e && node bench.mjs 15 200)
node -e '
const [native, browser] = process.argv.slice(1).map((s) => JSON.parse(s));
const f = (v) => v.toFixed(3);
const cell = (r) => (r ? `${f(r.median_ms)} (${f(r.best_ms)})` : "n/a").padStart(15);
const ratio = (r, n) => (r ? (r.median_ms / n.median_ms).toFixed(2) : "n/a").padStart(8);
console.log("ms per training step, median (best) of the runs; ×: wasm median / native median");
console.log(`${"model".padEnd(14)} ${"params".padStart(6)} ${"native".padStart(15)} ${"wasm simd128".padStart(15)}${"×".padStart(8)} ${"wasm relaxed".padStart(15)}${"×".padStart(8)}`);
for (const n of native) {
  const [s, r] = ["simd128", "relaxed"].map((b) => browser.find((x) => x.model === n.model && x.build === b));
  console.log(`${n.model.padEnd(14)} ${String(n.params).padStart(6)} ${cell(n)} ${cell(s)}${ratio(s, n)} ${cell(r)}${ratio(r, n)}`);
}' "$native" "$browser"
echo
echo "the page's default correlation sweep (30 jobs), wall time from the click, median of 2 rounds:"
(cd tests/e2e && node bench-sweep.mjs 2) | node -e '
const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(`  1 worker ${r.workers1.toFixed(1)} s, 2 workers ${r.workers2.toFixed(1)} s: ${r.ratio.toFixed(2)}×`);'
