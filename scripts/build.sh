#!/usr/bin/env bash
# Builds the lab into dist/: one self-contained static folder (page, assets, wasm)
# that a course site can copy as is.
#
# Four wasm modules (below), each in two builds between which
# the page chooses at run time (www/js/wasm-build.js probes the engine): relaxed
# SIMD (`f32x4.relaxed_madd` in the matrix kernels) and plain simd128, the
# fallback. A module's two builds must export the same things, so one JS glue
# serves both; the build fails if the two glues differ.
# Each .wasm is optimised by wasm-opt from the pinned npm `binaryen`
# (scripts/tools/, installed by scripts/setup.sh; Debian's wasm-opt 108 breaks the
# module, and wasm-pack's own wasm-opt is off in Cargo.toml).
#   WASM_OPT="-O3"   wasm-opt's optimisation flags (README "Speed" has the
#                    measurements that chose them); WASM_OPT=none copies as built
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
opt_flags=${WASM_OPT:--O3}
wasm_opt=scripts/tools/node_modules/.bin/wasm-opt

say() { printf '\033[1m[build]\033[0m %s\n' "$*"; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

# Five wasm modules (Cargo features of one crate, src/wasm/): mtl_playground
# (the correlated tasks: the page's race and its workers), which every page
# loads; mtl_sweep (the sweeps, their workers and chart), which the page loads
# with the first sweep a student runs; mtl_funnel and mtl_watch, which it
# loads the first time a student opens that scenario (www/js/wasm-build.js); and
# mtl_data ("your data": a CSV of one's own, issue 14), which it loads the
# first time a student opens that scenario. Each is
# built twice, simd128 and relaxed SIMD (a target dir per SIMD flavour: the
# dependencies compile once each, the crate once per module).
MODULES="mtl_playground:tasks mtl_sweep:sweep mtl_funnel:funnel mtl_watch:watch mtl_data:data"
for module in $MODULES; do
  name=${module%%:*}
  feature=${module#*:}
  say "wasm: ${name} (${feature}), simd128"
  wasm-pack build --target web --release --out-dir "target/pkg/${name}" --out-name "${name}" \
    --no-typescript --no-pack -- --no-default-features --features "${feature}"
  say "wasm: ${name} (${feature}), relaxed SIMD"
  # RUSTFLAGS overrides .cargo/config.toml's simd128 flag
  RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR=target/relaxed \
    wasm-pack build --target web --release --out-dir "target/pkg/${name}-relaxed" --out-name "${name}" \
    --no-typescript --no-pack -- --no-default-features --features "${feature}"
  if ! cmp -s "target/pkg/${name}/${name}.js" "target/pkg/${name}-relaxed/${name}.js"; then
    echo "[build] ERROR: ${name}'s relaxed build's JS glue differs from its simd128 build's;" \
      "dist/ ships one glue for both builds" >&2
    diff "target/pkg/${name}/${name}.js" "target/pkg/${name}-relaxed/${name}.js" | head -n 20 >&2 || true
    exit 1
  fi
done

# wasm-opt, without the name section, debug info, producers and feature sections.
optimise() {
  if [ "$opt_flags" = none ]; then
    cp "$1" "$2"
  else
    # shellcheck disable=SC2086 # the flags are words
    "$wasm_opt" $opt_flags --strip-debug --strip-producers --strip-target-features "$1" -o "$2"
  fi
}

rm -rf dist
mkdir -p dist/pkg
cp -r www/. dist/
cp -r static dist/static
say "wasm-opt ${opt_flags} on all ten builds"
pids=()
for module in $MODULES; do
  name=${module%%:*}
  cp "target/pkg/${name}/${name}.js" dist/pkg/
  optimise "target/pkg/${name}/${name}_bg.wasm" "dist/pkg/${name}_bg.wasm" &
  pids+=($!)
  optimise "target/pkg/${name}-relaxed/${name}_bg.wasm" "dist/pkg/${name}_relaxed_bg.wasm" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid"
done
for f in dist/pkg/*.wasm; do
  say "$(basename "$f"): $(kb "$(wc -c <"$f")") raw, $(kb "$(gzip -9 -c "$f" | wc -c)") gzipped"
done
say "dist/ ready: $(du -sh dist | cut -f1)"
