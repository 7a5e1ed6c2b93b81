#!/bin/sh
# The subset of the official image's healthcheck.sh that charts use: --connect and
# --innodb_initialized, as the socket-authenticated local user `mysql`.
set -eu
socket=/run/mysqld/mysqld.sock
for check in "$@"; do
  case "$check" in
    --connect) mariadb --socket="$socket" --user=mysql --execute='SELECT 1' >/dev/null ;;
    --innodb_initialized)
      [ "$(mariadb --socket="$socket" --user=mysql --skip-column-names --execute="SELECT 1 FROM information_schema.ENGINES WHERE engine = 'InnoDB' AND support IN ('YES', 'DEFAULT')")" = 1 ] ;;
    *) echo "healthcheck.sh: unsupported check $check" >&2; exit 2 ;;
  esac
done
