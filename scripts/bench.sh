#!/usr/bin/env bash
# ms per training step per model: native (cargo bench) beside wasm in headless
# Chromium (www/bench.html), same protocol and sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
native=$(cargo bench --quiet --bench step -- --json 2>/dev/null | tail -n 1)
browser=$(cd tests/e2e && node bench.mjs 15 200)
node -e '
const [native, browser] = process.argv.slice(1).map((s) => JSON.parse(s));
const f = (v) => v.toFixed(3);
console.log("ms per training step, median (best) of the runs");
console.log("model          params      native            wasm   wasm/native");
for (const n of native) {
  const b = browser.find((r) => r.model === n.model);
  const cell = (r) => `${f(r.median_ms)} (${f(r.best_ms)})`.padStart(15);
  console.log(`${n.model.padEnd(14)} ${String(n.params).padStart(6)} ${cell(n)} ${cell(b)} ${(b.median_ms / n.median_ms).toFixed(2).padStart(13)}`);
}' "$native" "$browser"
