#!/usr/bin/env bash
# ms per training step per model: native (cargo bench) beside wasm in headless
# Chromium (www/bench.html), same protocol and sizes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh >/dev/null
native=$(cargo bench --quiet --bench step -- --json 2>/dev/null | tail -n 1)
browser=$(cd tests/e2e && node bench.mjs 7 500)
node -e '
const [native, browser] = process.argv.slice(1).map((s) => JSON.parse(s));
console.log("model           params   native ms/step   wasm ms/step   wasm/native");
for (const n of native) {
  const b = browser.find((r) => r.model === n.model);
  console.log(`${n.model.padEnd(15)} ${String(n.params).padStart(6)} ${n.median_ms.toFixed(3).padStart(16)} ${b.median_ms.toFixed(3).padStart(14)} ${(b.median_ms / n.median_ms).toFixed(2).padStart(13)}`);
}' "$native" "$browser"
