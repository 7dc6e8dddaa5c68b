#!/usr/bin/env bash
# Builds the lab into dist/: one self-contained static folder (page, assets, wasm)
# that a course site can copy as is.
#
# Two wasm builds of the crate, between which the page chooses at run time
# (www/js/wasm-build.js probes the engine): relaxed SIMD (`f32x4.relaxed_madd` in
# the matrix kernels) and plain simd128, the fallback. They must export the same
# things, so one JS glue serves both; the build fails if the two glues differ.
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

say "wasm: simd128"
wasm-pack build --target web --release --out-dir pkg --no-typescript --no-pack
say "wasm: relaxed SIMD"
# RUSTFLAGS overrides .cargo/config.toml's simd128 flag; a target dir of its own
# keeps both builds incremental.
RUSTFLAGS="-C target-feature=+simd128,+relaxed-simd" CARGO_TARGET_DIR=target/relaxed \
  wasm-pack build --target web --release --out-dir target/relaxed/pkg --no-typescript --no-pack
if ! cmp -s pkg/mtl_playground.js target/relaxed/pkg/mtl_playground.js; then
  echo "[build] ERROR: the relaxed build's JS glue differs from the simd128 build's;" \
    "dist/ ships one glue for both builds" >&2
  diff pkg/mtl_playground.js target/relaxed/pkg/mtl_playground.js | head -n 20 >&2 || true
  exit 1
fi

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
cp pkg/mtl_playground.js dist/pkg/
say "wasm-opt ${opt_flags} on both builds"
optimise pkg/mtl_playground_bg.wasm dist/pkg/mtl_playground_bg.wasm &
simd=$!
optimise target/relaxed/pkg/mtl_playground_bg.wasm dist/pkg/mtl_playground_relaxed_bg.wasm &
relaxed=$!
wait "$simd"
wait "$relaxed"
for f in dist/pkg/mtl_playground_bg.wasm dist/pkg/mtl_playground_relaxed_bg.wasm; do
  say "$(basename "$f"): $(kb "$(wc -c <"$f")") raw, $(kb "$(gzip -9 -c "$f" | wc -c)") gzipped"
done
say "dist/ ready: $(du -sh dist | cut -f1)"
