#!/usr/bin/env bash
# What the headless-browser test (gateway BrowserIntegrationTests) needs: Chromium from Debian's
# packages and playwright-core from npm (into .run/tools). Installs what is missing; prints where
# they are. Run by ./sprocket test before the tests.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PLAYWRIGHT_VERSION=1.65.2
TOOLS=$ROOT/.run/tools

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing $* from Debian's packages"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null; }
  else
    echo "$* missing: install it (Debian: apt-get install $*)" >&2
    exit 1
  fi
}

command -v chromium >/dev/null 2>&1 || apt_install chromium
command -v npm >/dev/null 2>&1 || apt_install nodejs npm
if [ ! -f "$TOOLS/node_modules/playwright-core/package.json" ] \
  || ! grep -q "\"version\": \"$PLAYWRIGHT_VERSION\"" "$TOOLS/node_modules/playwright-core/package.json"; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "playwright-core@$PLAYWRIGHT_VERSION"
fi
echo "browser test tools: $(command -v chromium), playwright-core $PLAYWRIGHT_VERSION in $TOOLS"
