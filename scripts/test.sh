#!/usr/bin/env bash
# The README's test command: every test, from a fresh machine.
#   1. native tests (gradient checks, generator, trainer, CLI)
#   2. browser tests: the core and the wasm boundary in headless Chromium
#   3. end-to-end tests: the built page driven in headless Chromium
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

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
