#!/usr/bin/env bash
# Installs what restorelab needs and is missing, then puts it on PATH. Sourced by demo.sh and test.sh.
# Idempotent: when everything is present it only checks versions (well under a second).
# - Node 24: the system one if it is 24+, else a project-local copy in .tools/node (never the system's).
# - pnpm 12.4.2: the one on PATH if it is that version, else a project-local copy in .tools/pnpm.
# - dependencies: `pnpm install --frozen-lockfile`, skipped while the lockfile is unchanged.
# - nats-server: on PATH, or NATS_URL set; else Debian's package when running as root on Debian.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="24.21.0"
PNPM_VERSION="12.4.2"
TOOLS="$ROOT/.tools"

say() { printf 'setup: %s\n' "$*" >&2; }
fail() { printf 'setup: %s\n' "$*" >&2; exit 1; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# --- Node 24 ---------------------------------------------------------------
if command -v node >/dev/null 2>&1 && [ "$(node_major node)" -ge 24 ]; then
  :
else
  local_node="$TOOLS/node/node_modules/.bin/node"
  if [ ! -x "$local_node" ] || [ "$(node_major "$local_node")" -lt 24 ]; then
    command -v npm >/dev/null 2>&1 || fail "npm is needed to fetch Node $NODE_VERSION; install Node.js (any version) first"
    say "installing Node $NODE_VERSION into .tools/node (the system Node is left alone)"
    npm install --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error -E "node@$NODE_VERSION" >/dev/null
  fi
  export PATH="$TOOLS/node/node_modules/.bin:$PATH"
  [ "$(node_major node)" -ge 24 ] || fail "could not get Node 24 (node is $(node --version 2>/dev/null || echo missing))"
fi

# --- pnpm ------------------------------------------------------------------
if command -v pnpm >/dev/null 2>&1 && [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then
  :
else
  if [ ! -x "$TOOLS/pnpm/node_modules/.bin/pnpm" ]; then
    say "installing pnpm $PNPM_VERSION into .tools/pnpm"
    npm install --prefix "$TOOLS/pnpm" --no-audit --no-fund --loglevel=error -E "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
fi

# --- dependencies ----------------------------------------------------------
stamp="$ROOT/node_modules/.restorelab-lock"
lock_hash="$( (cat "$ROOT/pnpm-lock.yaml" "$ROOT/pnpm-workspace.yaml"; node -v) | sha256sum | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$lock_hash" ]; then
  say "installing dependencies from the lockfile"
  (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent)
  echo "$lock_hash" >"$stamp"
fi

# --- nats-server -------------------------------------------------------------
if [ -z "${NATS_URL:-}" ] && ! command -v nats-server >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's nats-server package"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server >/dev/null
  else
    fail "nats-server is missing: install it (Debian: 'sudo apt-get install nats-server'; others: https://docs.nats.io) or set NATS_URL to a server with JetStream"
  fi
fi
# Debian installs it in /usr/sbin, which is not on every user's PATH.
if ! command -v nats-server >/dev/null 2>&1 && [ -x /usr/sbin/nats-server ]; then export PATH="$PATH:/usr/sbin"; fi

# Installs Debian's chromium for the browser tests (called by test.sh only; the main job does not need it).
ensure_chromium() {
  if command -v chromium >/dev/null 2>&1 || [ -n "${CHROMIUM_PATH:-}" ]; then return 0; fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "installing Debian's chromium package for the browser tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    fail "chromium is missing for the browser tests: install it (Debian: 'sudo apt-get install chromium') or set CHROMIUM_PATH"
  fi
}
