#!/usr/bin/env bash
# Lints every OpenAPI document the contract tests wrote (*/target/openapi/*.json: each service's own,
# and the gateway's edge-augmented copies) with Redocly's recommended ruleset (redocly.yaml).
# Fails on any error. Redocly CLI is installed from npm into .run/tools on first use.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
REDOCLY_VERSION=2.77.0
TOOLS=$ROOT/.run/tools
REDOCLY=$TOOLS/node_modules/.bin/redocly

if ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "npm is missing: installing Node.js and npm from Debian's packages"
    apt-get install -y -q nodejs npm >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q nodejs npm >/dev/null; }
  else
    echo "npm is needed for the OpenAPI lint (Redocly CLI): install Node.js and npm" >&2
    exit 1
  fi
fi
if [ ! -x "$REDOCLY" ]; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --silent "@redocly/cli@$REDOCLY_VERSION"
fi

mapfile -t documents < <(ls -1 */target/openapi/*.json 2>/dev/null | sort)
if [ "${#documents[@]}" -eq 0 ]; then
  echo "no OpenAPI documents under */target/openapi: run the tests first (./sprocket test)" >&2
  exit 1
fi
echo "OpenAPI lint (Redocly $REDOCLY_VERSION, recommended ruleset) of ${#documents[@]} documents"
NO_UPDATE_NOTIFIER=1 REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  "$REDOCLY" lint "${documents[@]}" --config redocly.yaml --format=summary 2>&1 | grep -v -E "^\s*(║|╔|╚)" || { echo "OpenAPI lint failed" >&2; exit 1; }
