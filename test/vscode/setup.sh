#!/bin/sh
# Installs what the real-VS-Code tests need on a fresh Debian machine (CI runs as root): Debian's headless
# chromium, and code-server + playwright-core in test/vscode/host (their own lock file, kept out of the
# project's npm ci because they are large and need install scripts). Adapted from shared/recipes/vscode-e2e.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v chromium >/dev/null 2>&1 || ! command -v rg >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium libkrb5-dev ripgrep >/dev/null
fi
if [ -f "$here/host/node_modules/code-server/out/node/entry.js" ] && [ -d "$here/host/node_modules/playwright-core" ]; then
  echo "test host already installed"
  exit 0
fi
# @vscode/ripgrep (inside code-server) downloads rg from GitHub in postinstall; seed its cache with Debian's rg.
tmp="$here/host/.tmp"
mkdir -p "$tmp/vscode-ripgrep-cache-1.15.11"
( cd "$tmp" && cp "$(command -v rg)" rg && tar czf vscode-ripgrep-cache-1.15.11/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz rg && rm rg )
# unsafe_perm: code-server's postinstall refuses to run as root without it; yes: node-pty's postinstall runs `npx node-gyp`.
cd "$here/host"
TMPDIR="$tmp" npm_config_unsafe_perm=true npm_config_yes=true npm ci --ignore-scripts=false --no-audit --no-fund --loglevel=error
