#!/usr/bin/env bash
# The one-command local suite behind `./sprocket up|down|status`.
# Everything it starts runs as its own process, logs to .run/logs and is stopped by `./sprocket down`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
source deploy/local/lib.sh

RUN=$ROOT/.run
LOGS=$RUN/logs
PIDS=$RUN/pids
PG_HOST=${SPROCKET_PG_HOST:-127.0.0.1}
PG_PORT=${SPROCKET_PG_PORT:-5432}
PG_USER=${SPROCKET_PG_USER:-postgres}
PG_PASSWORD=${SPROCKET_PG_PASSWORD:-}
KAFKA_PORT=9092
KAFKA_CONTROLLER_PORT=9093
DATABASES=(sprocket_identity sprocket_catalog sprocket_cart sprocket_order sprocket_payment sprocket_notification)
SANDBOX_PORT=8090
TJ_API_KEY=sk_test_sprocket_local
TJ_WEBHOOK_SECRET=whsec_sprocket_local
GATEWAY=http://127.0.0.1:8080
SUPER_ADMIN_EMAIL=superadmin@sprocket.local
DEMO_PASSWORD=sprocket-demo-2026
# name:port of each process the suite starts, in start order (identity first: the others read its JWKS)
SERVICES=(identity-service:8081 catalog-service:8082 cart-service:8083 order-service:8084 payment-service:8085 notification-service:8086 gateway:8080)

# glibc's malloc keeps what threads freed in per-thread arenas; two arenas are plenty for these JVMs
# and keep the suite's idle RSS down (see trim_native below)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}

log() { printf '\033[1m==>\033[0m %s\n' "$*"; }

running() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# who listens on a TCP port, as "pid N: command", when ss can tell
port_owner() {
  ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 |
    while read -r pid; do echo "pid $pid: $(tr '\0' ' ' <"/proc/$pid/cmdline" | cut -c1-120)"; done
}

# A port held by a process that is not ours (a leftover from another checkout, a JVM started by hand)
# would leave the service unable to start while the readiness check and the benchmarks talk to the
# stranger: a benchmark once measured an old gateway that way. Stops the command instead.
ports_free() { # name port
  local taken
  for taken in "$2" $([[ $1 == gateway ]] && echo 9080); do
    if tcp_open 127.0.0.1 "$taken"; then
      echo "Port $taken is taken by something that is not our $1 ($(port_owner "$taken")); stop it first." >&2
      exit 1
    fi
  done
}

start_process() { # name, command...
  local name=$1
  shift
  nohup "$@" >"$LOGS/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}

# Builds unless the tree is built: a stamp newer than every source file and POM means nothing changed
# since the last build (SPROCKET_SKIP_BUILD=1 skips it regardless; SPROCKET_BUILD=1 forces it).
build() {
  local stamp=$RUN/build.stamp changed=1
  if [ -f "$stamp" ] && [ "${SPROCKET_BUILD:-0}" != 1 ] && [ -f "$RUN/classpath.txt" ] &&
    [ -z "$(find "$ROOT" -path "$ROOT/.run" -prune -o -path '*/target' -prune -o -path '*/node_modules' -prune -o \
      \( -path '*/src/*' -o -name pom.xml \) -type f -newer "$stamp" -print -quit)" ]; then
    changed=0
  fi
  if [ "${SPROCKET_SKIP_BUILD:-0}" = 1 ] || [ "$changed" = 0 ]; then
    log "Build: up to date (force with SPROCKET_BUILD=1)"
  else
    log "Building (skip with SPROCKET_SKIP_BUILD=1)"
    ./mvnw -B -q -ntp -DskipTests -Dspotless.check.skip=true install
    ./mvnw -B -q -ntp -pl deploy/local dependency:build-classpath -Dmdep.outputFile="$RUN/classpath.txt" >/dev/null
    rm -f "$RUN/apps/kafka.aot" "$RUN/apps/kafka.jsa" # the broker's class cache is for the old class path
    touch "$stamp"
  fi
  TOOL_CP="$ROOT/deploy/local/target/classes:$(cat "$RUN/classpath.txt")"
}

tool() { "$JAVA_HOME/bin/java" -cp "$TOOL_CP" com.sprocket.local.LocalSuite "$@"; }

# The helpers' classpath without a full build (for the operator commands on a running suite).
tool_classpath() {
  if [ ! -f "$RUN/classpath.txt" ] || [ ! -d "$ROOT/deploy/local/target/classes" ]; then
    mkdir -p "$RUN"
    ./mvnw -B -q -ntp -pl deploy/local -am -DskipTests -Dspotless.check.skip=true install >/dev/null
    ./mvnw -B -q -ntp -pl deploy/local dependency:build-classpath -Dmdep.outputFile="$RUN/classpath.txt" >/dev/null
  fi
  TOOL_CP="$ROOT/deploy/local/target/classes:$(cat "$RUN/classpath.txt")"
}

postgres() {
  if tcp_open "$PG_HOST" "$PG_PORT"; then
    PG_KIND="the server already running at $PG_HOST:$PG_PORT"
  elif [ "$PG_HOST" = 127.0.0.1 ] && start_installed_postgres; then
    PG_KIND="the machine's PostgreSQL cluster, which was stopped and is now started"
  else
    log "No PostgreSQL at $PG_HOST:$PG_PORT and no installed cluster: starting an embedded one"
    start_process postgres tool embedded-postgres "$PG_PORT" "$RUN/pgdata"
    wait_for_port 127.0.0.1 "$PG_PORT" 60 || { tail -20 "$LOGS/postgres.log"; exit 1; }
    PG_HOST=127.0.0.1
    PG_USER=postgres
    PG_PASSWORD=
    PG_KIND="an embedded PostgreSQL (zonky binaries from Maven) on port $PG_PORT"
  fi
  log "PostgreSQL: using $PG_KIND"
  tool databases "$PG_HOST" "$PG_PORT" "$PG_USER" "$PG_PASSWORD" "${DATABASES[@]}"
}

kafka() {
  if running kafka; then
    log "Kafka: already running (pid $(cat "$PIDS/kafka.pid"))"
    return
  fi
  if tcp_open 127.0.0.1 "$KAFKA_PORT"; then
    echo "Port $KAFKA_PORT is taken by something that is not our Kafka; stop it first." >&2
    exit 1
  fi
  mkdir -p "$RUN/kafka"
  cat >"$RUN/kafka/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$RUN/kafka/data
num.partitions=3
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  if [ ! -f "$RUN/kafka/data/meta.properties" ]; then
    local cluster_id
    cluster_id=$(tool_kafka kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)
    tool_kafka kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$RUN/kafka/server.properties" \
      >"$LOGS/kafka-format.log" 2>&1 || { cat "$LOGS/kafka-format.log"; exit 1; }
  fi
  # jars only on its classpath, so it can keep a class cache like the services (the broker was the
  # longest pole of `up`: ready after 27 s without one, 16 s with it, everything starting at once)
  mkdir -p "$RUN/apps"
  # shellcheck disable=SC2046 # the cache's flags are separate words
  start_process kafka "$JAVA_HOME/bin/java" -Xms64m -Xmx256m -XX:+UseSerialGC -Xss512k -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 \
    $(class_cache kafka) $(trim_native) -cp "$(cat "$RUN/classpath.txt")" kafka.Kafka "$RUN/kafka/server.properties"
  KAFKA_STARTING=1
}

# Waits for the broker `kafka` started (services start meanwhile: their clients retry until it answers).
kafka_ready() {
  [ "${KAFKA_STARTING:-0}" = 1 ] || return 0
  wait_for_port 127.0.0.1 "$KAFKA_PORT" 60 || { tail -30 "$LOGS/kafka.log"; exit 1; }
  log "Kafka: KRaft broker on 127.0.0.1:$KAFKA_PORT (controller $KAFKA_CONTROLLER_PORT)"
}

tool_kafka() { "$JAVA_HOME/bin/java" -cp "$TOOL_CP" "$@"; }

# The TJ payment provider's sandbox (a real HTTP server, never part of production): payment-service
# calls its API; its signed webhooks go through the gateway, as the real provider's would.
sandbox() {
  if running tj-sandbox; then
    log "TJ sandbox: already running"
    return
  fi
  TJ_SANDBOX_PORT=$SANDBOX_PORT TJ_SANDBOX_API_KEY=$TJ_API_KEY TJ_SANDBOX_WEBHOOK_SECRET=$TJ_WEBHOOK_SECRET \
    TJ_SANDBOX_WEBHOOK_URL="$GATEWAY/api/payments/webhooks/tj" \
    start_process tj-sandbox "$JAVA_HOME/bin/java" -Xms16m -Xmx96m -XX:+UseSerialGC $(trim_native) -cp "$TOOL_CP" com.sprocket.tjsandbox.TjSandbox
  wait_for_port 127.0.0.1 "$SANDBOX_PORT" 30 || { tail -20 "$LOGS/tj-sandbox.log"; exit 1; }
  log "TJ sandbox: http://127.0.0.1:$SANDBOX_PORT (webhooks to $GATEWAY/api/payments/webhooks/tj)"
}

service() { # name port
  local name=$1 port=$2
  if running "$name"; then
    log "$name: already running"
    return
  fi
  ports_free "$name" "$port"
  local jar database env=()
  jar=$(extracted "$name")
  database=sprocket_${name%-service}
  # The local broker, like production, does not create topics on use; each service declares what it
  # publishes, and here also what it consumes, so services can start in any order.
  env+=(SERVER_PORT="$port" SPRING_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT"
    SPROCKET_KAFKA_CREATE_CONSUMED_TOPICS=true)
  case "$name" in
    gateway)
      if tcp_open 127.0.0.1 6379; then env+=(SPRING_PROFILES_ACTIVE=redis); fi
      ;;
    *)
      env+=(SPRING_R2DBC_URL="r2dbc:postgresql://$PG_HOST:$PG_PORT/$database"
        SPRING_R2DBC_USERNAME="$PG_USER" SPRING_R2DBC_PASSWORD="$PG_PASSWORD"
        SPRING_LIQUIBASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$database"
        SPRING_LIQUIBASE_USER="$PG_USER" SPRING_LIQUIBASE_PASSWORD="$PG_PASSWORD")
      ;;
  esac
  case "$name" in
    identity-service)
      env+=(SPROCKET_IDENTITY_BOOTSTRAP_SUPER_ADMIN_EMAIL="$SUPER_ADMIN_EMAIL"
        SPROCKET_IDENTITY_BOOTSTRAP_SUPER_ADMIN_PASSWORD="$DEMO_PASSWORD")
      ;;
    catalog-service)
      env+=(SPROCKET_SECURITY_JWT_JWK_SET_URI=http://127.0.0.1:8081/.well-known/jwks.json
        SPROCKET_CATALOG_MEDIA_DIRECTORY="$RUN/media")
      ;;
    notification-service)
      # the benchmarks (./sprocket bench realtime|cart) open many streams as one demo user; in
      # production a user holds at most 5 (sprocket.notification.max-streams-per-user)
      env+=(SPROCKET_SECURITY_JWT_JWK_SET_URI=http://127.0.0.1:8081/.well-known/jwks.json
        SPROCKET_NOTIFICATION_MAX_STREAMS_PER_USER=2000)
      ;;
    cart-service | order-service)
      env+=(SPROCKET_SECURITY_JWT_JWK_SET_URI=http://127.0.0.1:8081/.well-known/jwks.json)
      ;;
    payment-service)
      env+=(SPROCKET_SECURITY_JWT_JWK_SET_URI=http://127.0.0.1:8081/.well-known/jwks.json
        TJ_BASE_URL="http://127.0.0.1:$SANDBOX_PORT" TJ_API_KEY="$TJ_API_KEY" TJ_WEBHOOK_SECRETS="$TJ_WEBHOOK_SECRET")
      ;;
  esac
  env "${env[@]}" nohup "$JAVA_HOME/bin/java" "${JVM_FLAGS[@]}" $(class_cache "$name") $(trim_native) \
    -jar "$jar" >"$LOGS/$name.log" 2>&1 &
  echo $! >"$PIDS/$name.pid"
}

# The JVM of every service: small and frugal on a laptop. A serial collector and a heap that gives
# memory back (a service idles at a few dozen MB of heap); smaller thread stacks.
JVM_FLAGS=(-Xms32m -Xmx512m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k
  -XX:ReservedCodeCacheSize=96m)

# A process's cache of its own classes, written when it first stops (./sprocket down) and used at every
# start after that. On JDK 25 the AOT cache (JEP 483/514/515: classes loaded and linked, Spring's
# proxies, method profiles): the gateway alone starts on 4.8 s of CPU instead of 7.3 s with the
# dynamic class-data archive, 9.4 s with neither. Older JDKs get that archive.
class_cache() { # name -> JVM flags
  local file=$RUN/apps/$1
  if [ "$(java_major "$JAVA_HOME")" -ge 25 ]; then
    if [ -f "$file.aot" ]; then
      # mapped where it was written rather than at a random address (the default relocates every
      # pointer in it, which makes ~60 MB of it private memory in each JVM and costs start time);
      # address randomisation of class metadata is not worth that on a laptop
      echo "-XX:AOTCache=$file.aot -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -Xlog:aot=off -Xlog:cds=off"
    else
      echo "-XX:AOTCacheOutput=$file.aot -Xlog:aot=off -Xlog:cds=off"
    fi
  else
    echo "-XX:+AutoCreateSharedArchive -XX:SharedArchiveFile=$file.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
  fi
}

# JDK 22+ hands the native memory malloc holds free back to the OS every 10 s: measured on an idle
# cart-service, one trim took its RSS from 288 to 262 MB (compilers and Netty free much after start).
trim_native() {
  [ "$(java_major "$JAVA_HOME")" -ge 22 ] && echo "-XX:TrimNativeHeapInterval=10000" || true
}

# The service's jar unpacked (Spring Boot's tools jar mode) into .run/apps/<name>: its classes then
# load from plain jars on the class path, which the JVM's class-data archive can hold (classes inside
# a fat jar it cannot). Unpacked again whenever the build made a newer jar.
extracted() { # name -> path of the runnable jar
  local name=$1 fat dir=$RUN/apps/$1
  fat=$(ls "$ROOT/$name"/target/"$name"-*-exec.jar | head -n 1)
  if [ ! -f "$dir/.from" ] || [ "$fat" -nt "$dir/.from" ]; then
    rm -rf "$dir" "$RUN/apps/$name.jsa" "$RUN/apps/$name.aot"
    mkdir -p "$dir"
    "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$fat" extract --destination "$dir" >/dev/null
    touch "$dir/.from"
  fi
  ls "$dir"/*.jar | head -n 1
}

wait_ready() { # name port
  local i
  for ((i = 0; i < 120; i++)); do
    if curl -fsS "http://127.0.0.1:$2/actuator/health/readiness" >/dev/null 2>&1; then
      log "$1: ready on http://127.0.0.1:$2"
      return 0
    fi
    if ! running "$1"; then
      echo "$1 exited; last lines of $LOGS/$1.log:" >&2
      tail -40 "$LOGS/$1.log" >&2
      exit 1
    fi
    sleep 1
  done
  echo "$1 did not become ready in 120 s; see $LOGS/$1.log" >&2
  exit 1
}

up() {
  pick_java
  mkdir -p "$LOGS" "$PIDS" "$RUN/media"
  log "JDK: $JAVA_HOME"
  build
  postgres
  # the broker and every service at once: none needs another to start (each declares its topics and
  # waits for the broker; JWKS are read on first use), so the two cores are never idle while one
  # process waits on I/O
  local started=$SECONDS
  for entry in "${SERVICES[@]}"; do
    running "${entry%%:*}" || ports_free "${entry%%:*}" "${entry##*:}"
  done
  kafka
  for entry in "${SERVICES[@]}"; do
    extracted "${entry%%:*}" >/dev/null
  done
  for entry in "${SERVICES[@]}"; do
    service "${entry%%:*}" "${entry##*:}"
  done
  kafka_ready
  sandbox
  for entry in "${SERVICES[@]}"; do
    # the gateway serves health and metrics on its management port only
    wait_ready "${entry%%:*}" "$([[ ${entry%%:*} == gateway ]] && echo 9080 || echo "${entry##*:}")"
  done
  log "all services ready in $((SECONDS - started)) s"
  log "Demo accounts and demo data (through the gateway)"
  tool seed "$GATEWAY" "$RUN"
  summary
}

summary() {
  cat <<TXT

Sprocket is running. Everything is reached through the gateway:
  Gateway              $GATEWAY
  Search               $GATEWAY/api/catalog/parts?q=brake%20pad
  Swagger UI (all)     $GATEWAY/swagger-ui.html
  JWKS                 $GATEWAY/.well-known/jwks.json
  Live events (SSE)    POST $GATEWAY/api/realtime/tickets (Bearer token, or X-Cart-Token), then EventSource on its streamUrl
    Cart                 $GATEWAY/api/carts/current   (Bearer token, or X-Cart-Token from POST $GATEWAY/api/carts/guest)
  Orders               $GATEWAY/api/orders   (checkout: POST with Idempotency-Key; shipping zones: $GATEWAY/api/orders/shipping-zones)
  Payments             $GATEWAY/api/payments (POST {"orderId"} with Idempotency-Key, then confirm at the returned confirmUrl)
  TJ sandbox           http://127.0.0.1:$SANDBOX_PORT (test cards: 4242424242424242 succeeds, 4000000000000002 is declined;
                       switches: PUT /sandbox/switches with Authorization: Bearer $TJ_API_KEY)
  Health / metrics     http://127.0.0.1:9080/actuator/health (the gateway's management port; each service: :8081 identity,
                       :8082 catalog, :8083 cart, :8084 order, :8085 payment, :8086 notification; /actuator/prometheus)
  Kafka                127.0.0.1:$KAFKA_PORT
  PostgreSQL           $PG_HOST:$PG_PORT (databases ${DATABASES[*]})
  Rate limits          $(tcp_open 127.0.0.1 6379 && echo "shared in Redis at 127.0.0.1:6379" || echo "in memory (no Redis found)")
  Logs                 $LOGS

Demo accounts (password: $DEMO_PASSWORD):
  $SUPER_ADMIN_EMAIL (super_admin)   admin@sprocket.local (admin)   customer@sprocket.local (customer)
  vendor1..vendor5@sprocket.local (verified vendors)
Fresh 15-minute access tokens of each are in $RUN/tokens/<user>.jwt; log in again for new ones:
  curl -s $GATEWAY/api/identity/login -H 'Content-Type: application/json' -d '{"email":"vendor1@sprocket.local","password":"$DEMO_PASSWORD"}'

Try:
  curl -s '$GATEWAY/api/catalog/parts?q=brake%20pad&limit=3'
    curl -s -H "Authorization: Bearer \$(cat $RUN/tokens/vendor1.jwt)" $GATEWAY/api/catalog/inventory/alerts
  curl -s -H "Authorization: Bearer \$(cat $RUN/tokens/customer.jwt)" $GATEWAY/api/orders   # the demo customer's orders
  curl -s -H "Authorization: Bearer \$(cat $RUN/tokens/customer.jwt)" $GATEWAY/api/payments # and their payments
  Pay the order awaiting payment end to end (docs/runbook.md, "Paying a demo order"):
    ORDER=\$(curl -s -H "Authorization: Bearer \$(cat $RUN/tokens/customer.jwt)" '$GATEWAY/api/orders?status=awaiting_payment' | jq -r '.items[0].id')
    curl -s $GATEWAY/api/payments -H "Authorization: Bearer \$(cat $RUN/tokens/customer.jwt)" -H 'Content-Type: application/json' \\
      -H "Idempotency-Key: demo-\$RANDOM\$RANDOM" -d "{\\"orderId\\":\\"\$ORDER\\"}"   # then POST the card to its confirmUrl
  curl -N -H "Authorization: Bearer \$(cat $RUN/tokens/vendor1.jwt)" $GATEWAY/api/realtime/stream   # then change vendor1's stock
Stop everything with: ./sprocket down
TXT
}

down() {
  # services first, all at once (each finishes its requests, closes its consumers and, the first
  # time, writes its class-data archive), then the broker they talk to, then PostgreSQL
  stop_all gateway notification-service payment-service order-service cart-service catalog-postgres catalog-service \
    identity-service tj-sandbox
  stop_all kafka
  stop_all postgres
}

stop_all() { # names...
  local name pid i entry stopping=()
  for name in "$@"; do
    [ -f "$PIDS/$name.pid" ] || continue
    pid=$(cat "$PIDS/$name.pid")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      stopping+=("$name:$pid")
    else
      rm -f "$PIDS/$name.pid"
    fi
  done
  for entry in "${stopping[@]}"; do
    name=${entry%%:*}
    pid=${entry##*:}
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PIDS/$name.pid"
    log "stopped $name"
  done
}

status() {
  local name pid rss pss total_rss=0 total_pss=0
  for name in postgres kafka tj-sandbox identity-service catalog-service cart-service order-service payment-service notification-service gateway; do
    if running "$name"; then
      pid=$(cat "$PIDS/$name.pid")
      rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      pss=$(awk '/^Pss:/ {print $2}' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
      total_rss=$((total_rss + ${rss:-0}))
      total_pss=$((total_pss + ${pss:-0}))
      printf '%s: running (pid %s), RSS %d MB, PSS %d MB\n' "$name" "$pid" $((${rss:-0} / 1024)) $((${pss:-0} / 1024))
    else
      echo "$name: not started by the suite"
    fi
  done
  printf 'memory of what the suite started: RSS %d MB, PSS %d MB (PSS splits pages the JVMs share)\n' \
    $((total_rss / 1024)) $((total_pss / 1024))
}

operate() { # dlq ... | outbox ...
  pick_java
  tool_classpath
  local what=$1
  shift
  case "$what" in
    dlq) tool dlq "127.0.0.1:$KAFKA_PORT" "$@" ;;
    outbox) tool outbox "$PG_HOST" "$PG_PORT" "$PG_USER" "$PG_PASSWORD" "$@" ;;
  esac
}

# The search benchmark at scale: the catalog grown to N parts in bulk, catalog-service restarted (its
# search index is rebuilt from PostgreSQL), and a second catalog-service on 8092 answering from
# PostgreSQL (the old path, for reference: its Kafka listeners stay off, so it takes no part in the saga).
search_scale() { # parts [unlimited]
  pick_java
  tool_classpath
  if [ "${2:-}" = unlimited ]; then
    # the benchmark's load comes from one client: the gateway restarts with a rate limit it cannot reach
    kill "$(cat "$PIDS/gateway.pid")" 2>/dev/null || true
    while running gateway; do sleep 0.2; done
    SPROCKET_GATEWAY_RATELIMIT_REPLENISHPERSECOND=1000000 SPROCKET_GATEWAY_RATELIMIT_BURST=2000000 service gateway 8080
    wait_ready gateway 9080
  fi
  tool bulk-parts "$PG_HOST" "$PG_PORT" "$PG_USER" "$PG_PASSWORD" "${1:-100000}"
  if running catalog-service; then
    kill "$(cat "$PIDS/catalog-service.pid")" 2>/dev/null || true
    while running catalog-service; do sleep 0.2; done
  fi
  local started=$SECONDS
  service catalog-service 8082
  wait_ready catalog-service 8082
  local i
  for ((i = 0; i < 600; i++)); do
    curl -fsS http://127.0.0.1:8082/actuator/prometheus 2>/dev/null | grep -q '^sprocket_catalog_search_ready.* 1.0' && break
    sleep 0.5
  done
  log "catalog-service restarted and its search index built in $((SECONDS - started)) s: $(grep -o 'search index built: [0-9]* parts in [0-9]* ms' "$LOGS/catalog-service.log" | tail -1)"
  if ! running catalog-postgres; then
    local database=sprocket_catalog jar
    jar=$(ls "$ROOT/catalog-service"/target/catalog-service-*-exec.jar | head -n 1)
    env SERVER_PORT=8092 SPRING_KAFKA_BOOTSTRAP_SERVERS="127.0.0.1:$KAFKA_PORT" SPROCKET_CATALOG_SEARCH_ENGINE=postgres \
      SPRING_KAFKA_LISTENER_AUTO_STARTUP=false SPROCKET_SECURITY_JWT_JWK_SET_URI=http://127.0.0.1:8081/.well-known/jwks.json \
      SPRING_R2DBC_URL="r2dbc:postgresql://$PG_HOST:$PG_PORT/$database" SPRING_R2DBC_USERNAME="$PG_USER" SPRING_R2DBC_PASSWORD="$PG_PASSWORD" \
      SPRING_LIQUIBASE_ENABLED=false SPROCKET_CATALOG_MEDIA_DIRECTORY="$RUN/media" \
      nohup "$JAVA_HOME/bin/java" -Xms128m -Xmx512m -XX:+UseSerialGC -jar "$jar" >"$LOGS/catalog-postgres.log" 2>&1 &
    echo $! >"$PIDS/catalog-postgres.pid"
    wait_ready catalog-postgres 8092
  fi
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  dlq | outbox) operate "$@" ;;
  search-scale) shift; search_scale "$@" ;;
  *) echo "usage: $0 up|down|status|dlq|outbox" >&2; exit 2 ;;
esac
