#!/usr/bin/env bash
# The README's serve command: installs what is missing, builds, serves on 127.0.0.1.
#   PORT=8000 scripts/serve.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
exec node scripts/serve.mjs --dir dist --port "${PORT:-8000}"
