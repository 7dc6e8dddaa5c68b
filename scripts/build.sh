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
#
# Cached by what goes in: each of the ten builds is stamped with a hash of its
# inputs (the library's sources and the manifests, the toolchain's versions, its
# features and flags) and is built again only when that hash changes; each
# wasm-opt output is kept under target/opt/ stamped with its input's hash and
# the flags. A build with nothing changed, or after a page-only (www/, static/)
# change, only copies (cargo alone cannot cache this: the five feature sets
# share one output file per target dir, so each build overwrote the last's).
#   FRESH=1          ignore the stamps and build everything
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
RELAXED_FLAGS="-C target-feature=+simd128,+relaxed-simd"

# What every wasm build depends on besides its features and flags: the crate's
# files and the toolchain (hashed once per run).
crate_hash=$(
  {
    # the library's sources (src/bin/ is the CLI's, which no wasm build compiles)
    find src Cargo.toml Cargo.lock .cargo -path src/bin -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum
    rustc -V
    wasm-pack -V
    wasm-bindgen -V 2>/dev/null || true
    echo "RUSTFLAGS=${RUSTFLAGS:-}"
  } | sha256sum | cut -d' ' -f1
)
stamp_of() { printf '%s %s\n' "$crate_hash" "$*" | sha256sum | cut -d' ' -f1; }
# stale STAMP_FILE STAMP: whether a build is to be made again (its stamp file
# is missing or says otherwise, or FRESH=1)
stale() { [ "${FRESH:-0}" = 1 ] || [ "$(cat "$1" 2>/dev/null)" != "$2" ]; }

# wasm_pack NAME FEATURE OUT_DIR [RUSTFLAGS]: one build, unless its stamp holds.
wasm_pack() {
  local name=$1 feature=$2 out=$3 flags=${4:-}
  local stamp
  stamp=$(stamp_of "$feature" "$flags")
  if ! stale "$out/.inputs" "$stamp"; then
    say "wasm: ${name} (${feature}${flags:+, $flags}): unchanged, kept"
    return
  fi
  say "wasm: ${name} (${feature}${flags:+, $flags})"
  rm -f "$out/.inputs"
  # with flags: RUSTFLAGS overrides .cargo/config.toml's simd128 flag, in a target dir of its own
  local flavour=()
  [ -z "$flags" ] || flavour=(RUSTFLAGS="$flags" CARGO_TARGET_DIR=target/relaxed)
  env "${flavour[@]}" wasm-pack build --target web --release --out-dir "$out" --out-name "$name" \
    --no-typescript --no-pack -- --no-default-features --features "$feature"
  echo "$stamp" >"$out/.inputs"
}

for module in $MODULES; do
  name=${module%%:*}
  feature=${module#*:}
  wasm_pack "$name" "$feature" "target/pkg/${name}"
  wasm_pack "$name" "$feature" "target/pkg/${name}-relaxed" "$RELAXED_FLAGS"
  if ! cmp -s "target/pkg/${name}/${name}.js" "target/pkg/${name}-relaxed/${name}.js"; then
    echo "[build] ERROR: ${name}'s relaxed build's JS glue differs from its simd128 build's;" \
      "dist/ ships one glue for both builds" >&2
    diff "target/pkg/${name}/${name}.js" "target/pkg/${name}-relaxed/${name}.js" | head -n 20 >&2 || true
    exit 1
  fi
done

# wasm-opt, without the name section, debug info, producers and feature
# sections: `optimise IN OUT` writes target/opt/OUT (unless its stamp, the
# input's hash and the flags, holds) and copies it to dist/pkg/OUT.
mkdir -p target/opt
optimise() {
  local kept=target/opt/$2 stamp
  stamp=$(printf '%s %s\n' "$(sha256sum <"$1")" "$opt_flags" | sha256sum | cut -d' ' -f1)
  if stale "$kept.inputs" "$stamp" || [ ! -f "$kept" ]; then
    rm -f "$kept.inputs"
    if [ "$opt_flags" = none ]; then
      cp "$1" "$kept"
    else
      # shellcheck disable=SC2086 # the flags are words
      "$wasm_opt" $opt_flags --strip-debug --strip-producers --strip-target-features "$1" -o "$kept"
    fi
    echo "$stamp" >"$kept.inputs"
  fi
  cp "$kept" "dist/pkg/$2"
}

rm -rf dist
mkdir -p dist/pkg
cp -r www/. dist/
cp -r static dist/static
say "wasm-opt ${opt_flags} on all ten builds (the unchanged ones kept)"
pids=()
for module in $MODULES; do
  name=${module%%:*}
  cp "target/pkg/${name}/${name}.js" dist/pkg/
  optimise "target/pkg/${name}/${name}_bg.wasm" "${name}_bg.wasm" &
  pids+=($!)
  optimise "target/pkg/${name}-relaxed/${name}_bg.wasm" "${name}_relaxed_bg.wasm" &
  pids+=($!)
done
for pid in "${pids[@]}"; do
  wait "$pid"
done
# every module's size, and what a student loads: the first visit (the page's
# module) and everything (every scenario and the sweeps), in each build
total_simd=0
total_relaxed=0
for f in dist/pkg/*.wasm; do
  gz=$(gzip -9 -c "$f" | wc -c)
  say "$(basename "$f"): $(kb "$(wc -c <"$f")") raw, $(kb "$gz") gzipped"
  case $(basename "$f") in
    mtl_playground_relaxed_bg.wasm) first_relaxed=$gz ;;
    mtl_playground_bg.wasm) first_simd=$gz ;;
  esac
  case $f in
    *_relaxed_bg.wasm) total_relaxed=$((total_relaxed + gz)) ;;
    *) total_simd=$((total_simd + gz)) ;;
  esac
done
say "gzipped, first visit (mtl_playground): $(kb "$first_relaxed") relaxed SIMD, $(kb "$first_simd") simd128"
say "gzipped, every module a student may load: $(kb "$total_relaxed") relaxed SIMD, $(kb "$total_simd") simd128"
say "dist/ ready: $(du -sh dist | cut -f1)"
