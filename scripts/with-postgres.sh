#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster.
#
#   scripts/with-postgres.sh npm test
#
# Creates a cluster in a temporary directory, listening only on 127.0.0.1 on a free port (no Unix
# socket), exports GATEHOUSE_TEST_PG_URL=postgres://gatehouse@127.0.0.1:<port>/gatehouse, runs the
# command, then stops the cluster and removes the directory. The command's exit status is the
# script's. PostgreSQL refuses to run as root, so when started as root the cluster runs as the
# `postgres` system user.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "with-postgres: no PostgreSQL binaries in $PG_BIN (set PG_BIN)" >&2
  exit 2
fi

as_cluster_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

TMP_ROOT="$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-pg.XXXXXX")"
DATA_DIR="$TMP_ROOT/data"
LOG_FILE="$TMP_ROOT/postgres.log"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$TMP_ROOT"
  chmod 700 "$TMP_ROOT"
fi

cleanup() {
  status=$?
  if [ -f "$DATA_DIR/postmaster.pid" ]; then
    as_cluster_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$TMP_ROOT"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

as_cluster_owner "$PG_BIN/initdb" -D "$DATA_DIR" -U gatehouse --auth=trust --encoding=UTF8 \
  --locale=C.UTF-8 >"$TMP_ROOT/initdb.log" 2>&1 || { cat "$TMP_ROOT/initdb.log" >&2; exit 1; }

started=0
for _attempt in 1 2 3 4 5; do
  PORT="$(free_port)"
  # fsync stays on: the store's durability tests kill writers and expect acknowledged commits.
  if as_cluster_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 30 \
    -o "-h 127.0.0.1 -p $PORT -k '' -c max_connections=200" start >/dev/null; then
    started=1
    break
  fi
done
if [ "$started" -ne 1 ]; then
  echo "with-postgres: could not start PostgreSQL" >&2
  cat "$LOG_FILE" >&2 || true
  exit 1
fi

as_cluster_owner "$PG_BIN/createdb" -h 127.0.0.1 -p "$PORT" -U gatehouse gatehouse

export GATEHOUSE_TEST_PG_URL="postgres://gatehouse@127.0.0.1:$PORT/gatehouse"
echo "with-postgres: PostgreSQL 15 at $GATEHOUSE_TEST_PG_URL" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
