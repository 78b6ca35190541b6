#!/usr/bin/env bash
# The main job: set up what is missing, then run restorelab on its embedded defaults.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/setup.sh"
cd "$ROOT"
exec pnpm --silent exec restorelab demo "$@"
