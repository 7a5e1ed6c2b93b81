#!/bin/sh
# First start: create the system tables, then set the passwords, the database and the user
# through SQL on stdin (never argv). Then run the server.
set -eu
datadir=/var/lib/mysql
socket=/run/mysqld/mysqld.sock
sql_quote() { printf '%s' "$1" | sed -e "s/\\\\/\\\\\\\\/g" -e "s/'/\\\\'/g"; }

if [ "${1:-}" = mariadbd ] && [ ! -d "$datadir/mysql" ]; then
  : "${MARIADB_ROOT_PASSWORD:?MARIADB_ROOT_PASSWORD must be set}"
  mariadb-install-db --datadir="$datadir" --skip-test-db --auth-root-authentication-method=normal >/dev/null
  mariadbd --datadir="$datadir" --socket="$socket" --skip-networking &
  pid=$!
  for _ in $(seq 60); do mariadb-admin --socket="$socket" --user=root ping >/dev/null 2>&1 && break; sleep 1; done
  {
    echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$(sql_quote "$MARIADB_ROOT_PASSWORD")';"
    echo "CREATE USER IF NOT EXISTS 'mysql'@'localhost' IDENTIFIED VIA unix_socket;"
    if [ -n "${MARIADB_DATABASE:-}" ]; then
      echo "CREATE DATABASE IF NOT EXISTS \`$(sql_quote "$MARIADB_DATABASE")\`;"
    fi
    if [ -n "${MARIADB_USER:-}" ] && [ -n "${MARIADB_PASSWORD:-}" ]; then
      echo "CREATE USER '$(sql_quote "$MARIADB_USER")'@'%' IDENTIFIED BY '$(sql_quote "$MARIADB_PASSWORD")';"
      [ -n "${MARIADB_DATABASE:-}" ] && echo "GRANT ALL ON \`$(sql_quote "$MARIADB_DATABASE")\`.* TO '$(sql_quote "$MARIADB_USER")'@'%';"
    fi
    echo "FLUSH PRIVILEGES;"
  } | mariadb --socket="$socket" --user=root
  kill "$pid"
  wait "$pid" || true
  echo "MariaDB initialised: database ${MARIADB_DATABASE:-none}, user ${MARIADB_USER:-none}"
fi

if [ "${1:-}" = mariadbd ]; then
  shift
  exec mariadbd --datadir="$datadir" --socket="$socket" --bind-address=0.0.0.0 "$@"
fi
exec "$@"
