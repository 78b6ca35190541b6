#!/usr/bin/env bash
# The tests: set up what is missing, then type-check, lint and run every test.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
ensure_chromium
cd "$ROOT"
exec pnpm --silent test "$@"
