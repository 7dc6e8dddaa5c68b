#!/usr/bin/env bash
# The README's test command: every test, from a fresh machine.
#   0. the format (rustfmt.toml) and clippy's lints, natively and for wasm32
#   1. native tests (gradient checks, generator, trainer, CLI)
#   2. browser tests: the core and the wasm boundary in headless Chromium
#   3. end-to-end tests: the built page driven in headless Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "format and lints (cargo fmt --check; cargo clippy -D warnings, native and wasm32)"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --tests --target wasm32-unknown-unknown -- -D warnings

step "native tests (cargo test --release)"
cargo test --release -- --nocapture

step "browser tests (wasm-pack test --headless --chrome)"
wasm-pack test --headless --chrome --release -- --test browser

step "build the page"
scripts/build.sh

step "end-to-end tests (Playwright + Debian Chromium)"
(cd tests/e2e && npm test)
echo
echo "all tests passed"
