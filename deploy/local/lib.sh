# Shared shell helpers for ./sprocket and .ci/run. Sourced, not executed.

# The major version of the java under $1 (a JDK home), or 0.
java_major() {
  local version
  version=$("$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
  case "$version" in
    1.*) echo "${version#1.}" | cut -d. -f1 ;;
    "") echo 0 ;;
    *) echo "$version" | cut -d. -f1 | cut -d- -f1 ;;
  esac
}

# Exports JAVA_HOME for a JDK >= 21: $JAVA_HOME if new enough, else the newest installed one.
pick_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ]; then
    export JAVA_HOME
    return 0
  fi
  local best="" best_version=0 candidate version
  local on_path
  on_path=$(command -v javac 2>/dev/null || true)
  for candidate in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      ${on_path:+"$(dirname "$(dirname "$(readlink -f "$on_path")")")"}; do
    [ -x "$candidate/bin/javac" ] || continue
    version=$(java_major "$candidate")
    if [ "$version" -gt "$best_version" ]; then
      best=$candidate
      best_version=$version
    fi
  done
  if [ "$best_version" -lt 21 ]; then
    echo "Sprocket needs a JDK 21 or newer and found none (newest: ${best:-none}, ${best_version})." >&2
    echo "Install one (e.g. Temurin 21 or 25) or point JAVA_HOME at it." >&2
    return 1
  fi
  export JAVA_HOME=$best
}

# True when something accepts TCP connections on host $1 port $2.
tcp_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# Waits up to $3 seconds for host $1 port $2.
wait_for_port() {
  local i
  for ((i = 0; i < $3 * 5; i++)); do
    tcp_open "$1" "$2" && return 0
    sleep 0.2
  done
  return 1
}

# Starts the machine's PostgreSQL cluster if one is installed and stopped (Debian layout).
start_installed_postgres() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local version cluster
  read -r version cluster _ < <(pg_lsclusters --no-header 2>/dev/null | head -n 1) || return 1
  [ -n "${version:-}" ] || return 1
  pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >/dev/null 2>&1 || true
  wait_for_port 127.0.0.1 "${SPROCKET_PG_PORT:-5432}" 20
}
