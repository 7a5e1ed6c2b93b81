#!/usr/bin/env bash
# A private PostgreSQL for the storage tests, on 127.0.0.1:${STOREFLEET_PG_PORT:-55432}.
#   postgres.sh up     install (Debian package, when missing) and start; prints the connection string
#   postgres.sh down   stop it
set -euo pipefail
PORT="${STOREFLEET_PG_PORT:-55432}"
DATA="${STOREFLEET_PG_DATA:-/tmp/storefleet-pg-$PORT}"
log() { echo "[postgres] $*" >&2; }

bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

init_data() {
  mkdir -p "$DATA" && chown postgres "$DATA" 2>/dev/null || true
  as_postgres "$1/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
}

start_server() {
  as_postgres "$1/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 120 \
    -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
}

up() {
  if [ -z "$(bin_dir)" ]; then
    [ "$(id -u)" = 0 ] || { log "PostgreSQL is not installed and this is not root: apt-get install postgresql"; exit 1; }
    log "installing PostgreSQL from Debian"
    (apt-get install -y -qq postgresql >/dev/null 2>&1) || { apt-get update -qq >/dev/null && apt-get install -y -qq postgresql >/dev/null; }
  fi
  local bin
  bin="$(bin_dir)"
  if ! as_postgres "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    [ -f "$DATA/PG_VERSION" ] || init_data "$bin"
    if ! start_server "$bin"; then
      # A data directory left behind by an interrupted run (or another version) can refuse to
      # start; it holds only test data, so start over from a fresh one once.
      log "PostgreSQL did not start; its log says:"
      tail -20 "$DATA/server.log" >&2 2>/dev/null || true
      log "retrying with a fresh data directory"
      as_postgres "$bin/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
      rm -rf "$DATA"
      init_data "$bin"
      start_server "$bin" || { tail -20 "$DATA/server.log" >&2 2>/dev/null; exit 1; }
    fi
    log "started on 127.0.0.1:$PORT ($("$bin/postgres" --version))"
  fi
  echo "postgresql://postgres@127.0.0.1:$PORT"
}

down() {
  local bin
  bin="$(bin_dir)"
  [ -n "$bin" ] && as_postgres "$bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
  log "stopped"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
