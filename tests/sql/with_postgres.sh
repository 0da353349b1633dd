#!/usr/bin/env bash
# Runs a command beside a PostgreSQL server of its own: initdb in a temporary
# directory, the server on a Unix socket there (no TCP port), PGHOST/PGUSER set for
# the command, and the server stopped and removed afterwards, whatever the command did.
#
#   tests/sql/with_postgres.sh COMMAND [ARGS...]
#
# PostgreSQL 15 (Debian's postgresql-15; scripts/install-deps installs it). As root,
# the server runs as the `postgres` user, which the package creates: the server
# refuses to run as root.
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "with_postgres: PostgreSQL is not installed (Debian package postgresql-15; scripts/install-deps installs it)" >&2
  exit 1
fi
dir=$(mktemp -d /tmp/sam-pg-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as=(runuser -u postgres --)
  # initdb writes to /dev/null as the server's user: some containers leave it 0600.
  if ! "${as[@]}" sh -c ': > /dev/null' 2>/dev/null; then chmod 666 /dev/null; fi
fi
stop() {
  "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as[@]}" "$bin/initdb" -D "$dir/data" -A trust -U sam --no-sync > "$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
"${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start > /dev/null ||
  { cat "$dir/server.log" >&2; exit 1; }
PGHOST=$dir PGUSER=sam "$@"
