#!/usr/bin/env bash
# Benchmarks against the running local suite (./sprocket up first), with wrk (Debian package `wrk`,
# installed on demand when running as root). Each request is a different realistic search from
# deploy/local/bench-search.lua, so no single cached plan or row set answers them all.
#
#   ./sprocket bench search  [duration=30s] [connections=32]   search throughput and latency, through the gateway
#   ./sprocket bench gateway [duration=30s] [connections=32]   the same mix direct to catalog (8082) and through
#                                                              the gateway (8080), side by side, with the ratio
#   ./sprocket bench cart [streams=100] [writes/s=20] [seconds=30]
#                                                              add-to-cart -> other device latency (HTTP -> outbox -> Kafka -> hub -> SSE)
#   ./sprocket bench realtime [streams=200] [events/s=50] [seconds=30]
#   ./sprocket bench checkout [checkouts/s=20] [seconds=30] [direct|gateway]
#       guest checkouts at a fixed rate (open model); accepted checkouts/s, response time, and the time
#       from sending a checkout to its order awaiting payment (catalog's reservation included)
#                                                              Kafka publish -> SSE client latency, N streams through the gateway
#   ./sprocket bench search-scale [parts=100000] [duration=30s] [connections=32]
#       grows the catalog to N parts (bulk), restarts catalog-service (index rebuilt), starts a PostgreSQL-only
#       catalog on 8092, then the search mix: index direct (8082), PostgreSQL direct (8092), gateway (8080)
#   ./sprocket bench webhooks [webhooks/s=200] [seconds=20] [direct|gateway] [payments=25]
#       signed TJ webhooks: sent -> payment event on the buyer's SSE stream (p50/p99), then webhooks accepted
#       per second at a fixed offered rate (open model) and how long processing takes to catch up
#
# For `gateway`, start the suite with limits the load cannot reach, or the limiter answers 429s:
#   SPROCKET_GATEWAY_RATELIMIT_REPLENISHPERSECOND=100000 SPROCKET_GATEWAY_RATELIMIT_BURST=200000 ./sprocket up
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=${1:-search}
DURATION=${2:-30s}
CONNECTIONS=${3:-32}
THREADS=2
SCRIPT=$ROOT/deploy/local/bench-search.lua
GATEWAY=http://127.0.0.1:8080
CATALOG=http://127.0.0.1:8082

if [ "$MODE" != realtime ] && [ "$MODE" != cart ] && [ "$MODE" != webhooks ] && [ "$MODE" != checkout ] && ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get install -y -q wrk >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q wrk >/dev/null; }
  else
    echo "wrk is needed: apt-get install wrk" >&2
    exit 1
  fi
fi
curl -fsS "$CATALOG/actuator/health/readiness" >/dev/null || { echo "the suite is not running: ./sprocket up" >&2; exit 1; }
# wrk is only needed for the HTTP benchmarks

run() { # label base-url
  echo "warm-up 10s: $1" >&2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$SCRIPT" "$2" >/dev/null
  echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (search mix) $2"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$SCRIPT" "$2" | tee "/tmp/sprocket-bench-$1.txt"
  if grep -q "Non-2xx" "/tmp/sprocket-bench-$1.txt"; then
    echo "!! some answers were not 2xx (rate limit? see the note at the top of this script)" >&2
  fi
}

rps() { awk '/Requests\/sec/ {print $2}' "/tmp/sprocket-bench-$1.txt"; }
p99() { awk '$1 == "99%" {print $2}' "/tmp/sprocket-bench-$1.txt"; }

case "$MODE" in
  realtime | cart)
    source "$ROOT/deploy/local/lib.sh"
    pick_java
    defaults=(200 50 30)
    [ "$MODE" = cart ] && defaults=(100 20 30)
    "$JAVA_HOME/bin/java" -cp "$ROOT/deploy/local/target/classes:$(cat "$ROOT/.run/classpath.txt")" \
      com.sprocket.local.LocalSuite "$MODE-bench" "$GATEWAY" "${2:-${defaults[0]}}" "${3:-${defaults[1]}}" "${4:-${defaults[2]}}"
    exit 0
    ;;
    checkout)
    # ./sprocket bench checkout [checkouts/s=20] [seconds=30] [direct|gateway]
    source "$ROOT/deploy/local/lib.sh"
    pick_java
    target=http://127.0.0.1:8084
    [ "${4:-direct}" = gateway ] && target=$GATEWAY
    "$JAVA_HOME/bin/java" -cp "$ROOT/deploy/local/target/classes:$(cat "$ROOT/.run/classpath.txt")" \
      com.sprocket.local.LocalSuite checkout-bench "$GATEWAY" "$target" http://127.0.0.1:8083 "${2:-20}" "${3:-30}" \
      "${SPROCKET_PG_HOST:-127.0.0.1}" "${SPROCKET_PG_PORT:-5432}" "${SPROCKET_PG_USER:-postgres}" "${SPROCKET_PG_PASSWORD:-}"
    exit 0
    ;;
  webhooks)
    source "$ROOT/deploy/local/lib.sh"
    pick_java
    target=http://127.0.0.1:8085
    [ "${4:-direct}" = gateway ] && target=$GATEWAY
    "$JAVA_HOME/bin/java" -cp "$ROOT/deploy/local/target/classes:$(cat "$ROOT/.run/classpath.txt")" \
      com.sprocket.local.LocalSuite webhook-bench "$GATEWAY" "$target" "${5:-25}" "${2:-200}" "${3:-20}"
    exit 0
    ;;
  search-scale)
    bash "$ROOT/deploy/local/suite.sh" search-scale "${2:-100000}"
    DURATION=${3:-30s}
    CONNECTIONS=${4:-32}
    SCRIPT=$ROOT/deploy/local/bench-search-scale.lua
    run index-direct "$CATALOG"
    run postgres-direct http://127.0.0.1:8092
    run index-gateway "$GATEWAY"
    echo
    printf '%-16s %10s %10s\n' "path" "req/s" "p99"
    for label in index-direct postgres-direct index-gateway; do
      printf '%-16s %10s %10s\n' "$label" "$(rps $label)" "$(p99 $label)"
    done
    awk -v a="$(rps index-direct)" -v b="$(rps postgres-direct)" 'BEGIN { printf "index/PostgreSQL throughput: %.1fx\n", a / b }'
    awk -v a="$(rps index-gateway)" -v b="$(rps index-direct)" 'BEGIN { printf "gateway/direct: %.2f\n", a / b }'
    ;;
  search)
    run search "$GATEWAY"
    ;;
  gateway)
    run direct "$CATALOG"
    run via-gateway "$GATEWAY"
    echo
    printf 'direct:  %s req/s, p99 %s\n' "$(rps direct)" "$(p99 direct)"
    printf 'gateway: %s req/s, p99 %s\n' "$(rps via-gateway)" "$(p99 via-gateway)"
    awk -v a="$(rps via-gateway)" -v b="$(rps direct)" 'BEGIN { printf "throughput ratio gateway/direct: %.2f\n", a / b }'
    ;;
  *)
    echo "usage: ./sprocket bench search|gateway [duration] [connections]" >&2
    exit 2
    ;;
esac
