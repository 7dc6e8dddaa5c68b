#!/usr/bin/env bash
# Builds the lab into dist/: one self-contained static folder (page, assets, wasm)
# that a course site can copy as is.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
wasm-pack build --target web --release --out-dir pkg --no-typescript --no-pack
rm -rf dist
mkdir -p dist/pkg
cp -r www/. dist/
cp -r static dist/static
cp pkg/mtl_playground.js pkg/mtl_playground_bg.wasm dist/pkg/
echo "[build] dist/ ready: $(du -sh dist | cut -f1) ($(du -h dist/pkg/mtl_playground_bg.wasm | cut -f1) of wasm)"
