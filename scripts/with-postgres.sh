#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster that this script creates and removes.
#   scripts/with-postgres.sh pytest ...
# DATABASE_URL points the command at the cluster (over a Unix socket, no TCP port).
set -euo pipefail

bindir=""
for candidate in "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent)")" /usr/lib/postgresql/15/bin; do
  if [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then bindir="$candidate"; break; fi
done
if [ -z "$bindir" ]; then
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found; run 'make install-system'." >&2
  exit 1
fi

workdir="$(mktemp -d /tmp/meedoen-pg.XXXXXX)"
chmod 755 "$workdir"
run_as=()
if [ "$(id -u)" = "0" ]; then
  # initdb refuses to run as root: use an unprivileged system user for the server.
  id meedoen-pg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin meedoen-pg
  chown meedoen-pg "$workdir"
  run_as=(runuser -u meedoen-pg --)
fi
pg_user="$( [ "$(id -u)" = "0" ] && echo meedoen-pg || id -un )"

cleanup() {
  "${run_as[@]}" "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap cleanup EXIT

"${run_as[@]}" "$bindir/initdb" -D "$workdir/data" -U "$pg_user" -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${run_as[@]}" "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-c listen_addresses='' -k $workdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') running in $workdir" >&2

export DATABASE_URL="postgres://${pg_user}@/postgres?host=${workdir}"
"$@"
