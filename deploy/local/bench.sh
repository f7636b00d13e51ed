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
#   ./sprocket bench suite [parts=100000] [seconds=30]
#       the one table: grows the catalog to N parts (bulk), rebuilds the index, lifts the gateway's rate
#       limit, warms up (15 s rounds until one gains less than 3%), then per row the most a closed loop gets (wrk, 32 connections) and the latency
#       of an open-model load at 80% of that (HdrHistogram, timed from each request's intended start,
#       after 10 s unrecorded), and where p99 misses 50 ms, the highest of 60/45/30/20/10% that meets it
#       (row `<name>/knee`), and at 80% of the issue's goal rate (row `<name>/goal80`: search 2,000/s direct and
#       1,000/s via gateway, part pages 4,000/s and 2,000/s): search direct / via gateway / on PostgreSQL,
#       GET one part direct / via gateway; then how soon a
#       change made on another catalog replica is searchable, and the suite's memory
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
  suite)
    source "$ROOT/deploy/local/lib.sh"
    pick_java
    PARTS=${2:-100000}
    SECS=${3:-30}
    BENCH=$ROOT/.run/bench
    OUT=$BENCH/results.txt
    mkdir -p "$BENCH"
    rm -f "$OUT"
    bash "$ROOT/deploy/local/suite.sh" search-scale "$PARTS" unlimited
    CP="$ROOT/deploy/local/target/classes:$(cat "$ROOT/.run/classpath.txt")"
    tool() { "$JAVA_HOME/bin/java" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" com.sprocket.local.LocalSuite suite-bench "$@"; }
    tool mix "$BENCH" "$CATALOG" "${SPROCKET_PG_HOST:-127.0.0.1}" "${SPROCKET_PG_PORT:-5432}" \
      "${SPROCKET_PG_USER:-postgres}" "${SPROCKET_PG_PASSWORD:-}"
    # through the gateway, so both JVMs compile their hot paths (the gateway was just restarted: a cold
    # gateway measured 800 req/s on part pages in its first 15 s under load and 1,650 after a minute),
    # until two rounds in a row fail to beat the best so far by 3%: on a slow machine the JITs kept
    # improving for three minutes, a fixed 90 s left the first rows measuring a half-compiled gateway,
    # and stopping at the first round without a gain stopped searches at 501 req/s after a noisy dip
    # (543 the round before) on a machine that later served them at 1,485
    warm_up() { # what paths-file max-rounds
      local best=0 flat=0 rate round
      for ((round = 1; round <= $3; round++)); do
        rate=$(SPROCKET_PATHS=$BENCH/$2 wrk -t2 -c32 -d15s -s "$ROOT/deploy/local/bench-paths.lua" "$GATEWAY" |
          awk '/Requests\/sec/ {printf "%.0f", $2}')
        rate=${rate:-0}
        echo "warm-up through the gateway, $1, round $round: $rate req/s"
        if ((rate * 100 >= best * 103)); then
          flat=0
        else
          flat=$((flat + 1))
          ((flat < 2)) || return 0
        fi
        if ((rate > best)); then best=$rate; fi
      done
      return 0 # (the rounds ran out: under `set -e` a last round below the best ended the benchmark here)
    }
    warm_up searches search.txt 8
    warm_up "part pages" parts.txt 12
    declare -A MAX
    # the last column: the issue's goal rate (0: none); a /goal80 row is measured at 80% of it
    for row in "search-direct $CATALOG search 2000" "search-gateway $GATEWAY search 1000" \
      "search-postgres http://127.0.0.1:8092 search 0" "part-direct $CATALOG parts 4000" "part-gateway $GATEWAY parts 2000"; do
      read -r label base file goal <<<"$row"
      SPROCKET_PATHS=$BENCH/$file.txt wrk -t2 -c32 -d"${SECS}s" --latency -s "$ROOT/deploy/local/bench-paths.lua" "$base" \
        >"$BENCH/$label.wrk"
      MAX[$label]=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$BENCH/$label.wrk")
      non2xx=$(awk '/Non-2xx/ {print $NF}' "$BENCH/$label.wrk")
      echo "$label: at most ${MAX[$label]} req/s (closed loop, 32 connections)${non2xx:+, $non2xx non-2xx}"
      sleep 2
      tool open "$base" "$BENCH/$file.txt" "${MAX[$label]}" "$SECS" "$label" "$OUT" "$goal"
    done
    # 200 changes: with 50 the p99 was the single slowest sample
    tool freshness "$GATEWAY" http://127.0.0.1:8092 "$CATALOG" 200 "$OUT"
    # memory of the suite (not the reference replica): RSS as the issue counts it, and PSS, which
    # splits pages the processes share (the JDK's own class-data archive) among them
    rss=0
    pss=0
    for pid_file in "$ROOT"/.run/pids/*.pid; do
      [ "$(basename "$pid_file")" = catalog-postgres.pid ] && continue
      r=$(awk '/VmRSS/ {print $2}' "/proc/$(cat "$pid_file")/status" 2>/dev/null || echo 0)
      p=$(awk '/^Pss:/ {print $2}' "/proc/$(cat "$pid_file")/smaps_rollup" 2>/dev/null || echo 0)
      rss=$((rss + ${r:-0}))
      pss=$((pss + ${p:-0}))
    done
    echo
    echo "Sprocket benchmark: $PARTS parts, $(nproc) cores, everything on this machine ($(date -u +%Y-%m-%d))"
    printf '%-20s %9s %9s %9s %9s %9s %9s %7s\n' row "max r/s" "open r/s" "p50 ms" "p99 ms" "p99.9 ms" "max ms" errors
    while read -r label rate p50 p99 p999 max errors; do
      printf '%-20s %9s %9s %9s %9s %9s %9s %7s\n' "$label" "${MAX[$label]:--}" "$rate" "$p50" "$p99" "$p999" "$max" "$errors"
    done <"$OUT"
    awk -v a="${MAX[search-gateway]}" -v b="${MAX[search-direct]}" -v c="${MAX[search-postgres]}" \
      -v d="${MAX[part-gateway]}" -v e="${MAX[part-direct]}" 'BEGIN {
        printf "ratios: search gateway/direct %.2f, search index/PostgreSQL %.1fx, part gateway/direct %.2f\n", a / b, b / c, d / e }'
    printf 'suite memory after the load (services, gateway, sandbox, Kafka; not the reference replica): RSS %.2f GiB, PSS %.2f GiB\n' \
      "$(awk -v k="$rss" 'BEGIN {print k / 1048576}')" "$(awk -v k="$pss" 'BEGIN {print k / 1048576}')"
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
