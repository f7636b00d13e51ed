#!/usr/bin/env bash
# Search benchmark against the running local suite (./sprocket up first). Prints throughput and
# latency percentiles from wrk (Debian package `wrk`, installed on demand when running as root).
#
#   ./sprocket bench [duration=30s] [connections=32] [threads=2]
#
# Each request is a different realistic query (free text, part number, filters, sorts), rotated by
# deploy/local/bench-search.lua, so the database cannot answer from one cached plan and row set.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DURATION=${1:-30s}
CONNECTIONS=${2:-32}
THREADS=${3:-2}
BASE=${SPROCKET_CATALOG_URL:-http://127.0.0.1:8082}

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is needed: apt-get install wrk" >&2
    exit 1
  fi
fi
curl -fsS "$BASE/actuator/health/readiness" >/dev/null || { echo "catalog-service is not running: ./sprocket up" >&2; exit 1; }
curl -fsS "$BASE/api/catalog/parts?limit=1" >/dev/null
echo "warm-up 10s ..."
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$ROOT/deploy/local/bench-search.lua" "$BASE" >/dev/null
echo "measuring: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (search mix) $BASE"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$ROOT/deploy/local/bench-search.lua" "$BASE"
