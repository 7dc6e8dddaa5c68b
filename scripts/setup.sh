#!/usr/bin/env bash
# Installs what building and testing MTL Playground needs, skipping what is there.
#   scripts/setup.sh          everything (build + browser tests)
#   scripts/setup.sh build    only what the serve command needs
# Each step checks first, so a second run costs seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Prerequisites this script does not install (README "Prerequisites"): say every
# missing one, and how to get it, before anything else runs.
node_min=20.10 # node --test --test-concurrency (the e2e tests); playwright-core needs 20
missing=()
if ! command -v rustup >/dev/null 2>&1; then
  missing+=("rustup (brings cargo and rustc; adds the wasm32 target): install it from https://rustup.rs with
      curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh
    then open a new shell (or: . \"\$HOME/.cargo/env\")")
elif ! command -v cargo >/dev/null 2>&1; then
  missing+=("cargo: rustup is there but no toolchain is; run: rustup default stable")
fi
if ! command -v node >/dev/null 2>&1; then
  missing+=("Node.js $node_min or newer, with npm: https://nodejs.org/en/download, or NodeSource's Debian/Ubuntu
    packages (https://github.com/nodesource/distributions); Debian 13's own nodejs and npm are 20.19, but
    Debian 12's and Ubuntu 24.04's are Node 18, too old")
else
  node_version=$(node --version | sed 's/^v//')
  if [ "$(printf '%s\n%s\n' "$node_min" "$node_version" | sort -V | head -n 1)" != "$node_min" ]; then
    missing+=("Node.js $node_min or newer (found $node_version): https://nodejs.org/en/download")
  fi
  if ! command -v npm >/dev/null 2>&1; then
    missing+=("npm (Node.js's package manager, which some packagings split off): apt-get install npm, or Node.js from https://nodejs.org/en/download")
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  printf '\033[1m[setup]\033[0m missing prerequisite(s); install them, then run this again:\n' >&2
  for m in "${missing[@]}"; do printf '  - %s\n' "$m" >&2; done
  exit 1
fi

# The wasm-bindgen version the crate is locked to; the CLI must match it exactly.
wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)
wasm_pack_version=0.15.1

apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

for component in rustfmt clippy; do
  if ! rustup component list --installed | grep -q "^${component}"; then
    say "rustup: adding ${component} (make test checks the format and the lints)"
    rustup component add "${component}"
  fi
done
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup: adding wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  # Not --locked: its lockfile pins a crate version the registry here lacks.
  say "cargo: installing wasm-bindgen-cli $wb_version (about 6 minutes cold)"
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" != "$wasm_pack_version" ]; then
  say "cargo: installing wasm-pack $wasm_pack_version (about 4 minutes cold)"
  cargo install wasm-pack --version "$wasm_pack_version" --locked --force
fi

# wasm-opt for scripts/build.sh: the npm `binaryen` pinned in scripts/tools (not
# Debian's 108, which breaks the module; nothing is downloaded at build time).
binaryen_version=$(node -p 'require("./scripts/tools/package-lock.json").packages["node_modules/binaryen"].version')
if [ "$(node -p 'try { require("./scripts/tools/node_modules/binaryen/package.json").version } catch { "" }')" != "$binaryen_version" ]; then
  say "npm: installing binaryen $binaryen_version (wasm-opt) for the build"
  (cd scripts/tools && npm ci --no-audit --no-fund --loglevel=error)
fi

[ "$what" = build ] && exit 0

# Browser tests: Debian's Chromium and its driver; fonts so charts and CJK labels render;
# Sphinx, to build the course-page test book (tests/sphinx/) the <mtl-lab> tests embed the lab in.
apt_install chromium chromium-driver fonts-liberation fonts-noto-cjk python3-sphinx

# playwright-core, and docsify for the <mtl-lab> course-page test (its install
# scripts are a maintainer's hooks and a donation notice: not run)
if { [ ! -d tests/e2e/node_modules/playwright-core ] || [ ! -d tests/e2e/node_modules/docsify ]; } && [ -f tests/e2e/package-lock.json ]; then
  say "npm: installing the pinned end-to-end test packages"
  (cd tests/e2e && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
say "toolchain ready"
