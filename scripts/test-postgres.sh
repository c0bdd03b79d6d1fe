#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite (make test; see scripts/with-test-postgres.sh).
#
#   scripts/test-postgres.sh start      start one; prints KEY=VALUE lines:
#                                         FEEDWATCH_TEST_POSTGRES_URL=postgres://feedwatch@127.0.0.1:PORT/postgres
#                                         FEEDWATCH_TEST_POSTGRES_DIR=/tmp/feedwatch-pg.XXXXXX
#   scripts/test-postgres.sh stop [DIR] stop the cluster in DIR (default: the last one started, from
#                                       .build/test-postgres.env) and remove DIR
#
# The cluster lives entirely in a new temporary directory: trust authentication for the superuser
# `feedwatch`, TCP on 127.0.0.1 at a port nobody listens on, its Unix socket inside the directory,
# fsync off and small buffers. PostgreSQL refuses to run as root, so as root the directory belongs
# to the `postgres` system user (else `nobody`) and the server commands run as that user.
#
# When FEEDWATCH_TEST_POSTGRES_URL is already set, `start` only prints it: the suite then uses that
# server (its user needs CREATEDB), and there is nothing to stop.
#
# Server binaries: $PG_BINDIR if set, else the newest /usr/lib/postgresql/*/bin (Debian), else
# initdb on PATH. Without them (and without the variable) `start` fails: make test installs them.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
LAST_ENV="$ROOT/.build/test-postgres.env"
MARKER=feedwatch-test-postgres.env   # inside DIR: proves DIR is ours before `stop` removes it
SUPERUSER=feedwatch

die() { echo "test-postgres: error: $*" >&2; exit 1; }
note() { echo "test-postgres: $*" >&2; }

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then
        [ -x "$PG_BINDIR/initdb" ] || die "PG_BINDIR=$PG_BINDIR has no initdb"
        echo "$PG_BINDIR"; return
    fi
    local newest
    newest=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)   # no match: the pattern itself
    if [ -n "$newest" ] && [ -x "$newest/initdb" ]; then echo "$newest"; return; fi
    if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
    die "no PostgreSQL server binaries (looked for /usr/lib/postgresql/*/bin/initdb and initdb on PATH).
  Install Debian's 'postgresql' package (make test does), set PG_BINDIR to the directory holding
  initdb, pg_ctl and postgres, or point the suite at an existing server with
  FEEDWATCH_TEST_POSTGRES_URL=postgres://USER@HOST:PORT/DB (USER needs CREATEDB)."
}

# The unprivileged account the server runs as (only when we are root).
server_user() {
    if id -u postgres >/dev/null 2>&1; then echo postgres; else echo nobody; fi
}

# Runs a command as $RUN_AS (empty: as ourselves), from / so that an unreadable working directory
# (root's checkout) does not trouble initdb or pg_ctl.
as_server() {
    if [ -z "$RUN_AS" ]; then
        (cd / && "$@")
    elif command -v runuser >/dev/null 2>&1; then
        (cd / && runuser -u "$RUN_AS" -- "$@")
    else
        (cd / && setpriv --reuid="$RUN_AS" --regid="$(id -g "$RUN_AS")" --init-groups -- "$@")
    fi
}

# A TCP port in 20000–32767 (below Linux's ephemeral range, so no outgoing connection holds it)
# that nothing on 127.0.0.1 accepts connections on. The server's own bind is the final check:
# `start` retries with another port when it loses a race.
pick_port() {
    local port tries=0
    while [ $tries -lt 200 ]; do
        tries=$((tries + 1))
        port=$((20000 + RANDOM % 12768))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
    done
    die "no free TCP port on 127.0.0.1 between 20000 and 32767"
}

cmd_start() {
    if [ -n "${FEEDWATCH_TEST_POSTGRES_URL:-}" ]; then
        note "using the existing server in FEEDWATCH_TEST_POSTGRES_URL"
        echo "FEEDWATCH_TEST_POSTGRES_URL=$FEEDWATCH_TEST_POSTGRES_URL"
        return
    fi
    command -v psql >/dev/null 2>&1 || die "psql is not on PATH (the tests create their databases with it); install 'postgresql-client'"
    bindir=$(find_bindir)   # global: the EXIT trap of a failed start uses it
    for tool in initdb pg_ctl pg_isready postgres; do
        [ -x "$bindir/$tool" ] || die "$bindir/$tool is missing"
    done

    RUN_AS=""
    if [ "$(id -u)" -eq 0 ]; then
        RUN_AS=$(server_user)
        command -v runuser >/dev/null 2>&1 || command -v setpriv >/dev/null 2>&1 \
            || die "running as root but neither runuser nor setpriv is available to drop to '$RUN_AS'"
    fi

    DIR=$(mktemp -d "${TMPDIR:-/tmp}/feedwatch-pg.XXXXXX") || die "mktemp -d failed in ${TMPDIR:-/tmp}"
    STARTED=""
    trap 'start_failed' EXIT
    chmod 700 "$DIR"
    if [ -n "$RUN_AS" ]; then
        chown "$RUN_AS:" "$DIR"
        as_server test -w "$DIR" \
            || die "user '$RUN_AS' cannot write $DIR (is ${TMPDIR:-/tmp} closed to other users? set TMPDIR)"
    fi
    as_server mkdir "$DIR/sock"

    # The socket path must fit sun_path (107 bytes with ".s.PGSQL.PORT"); else TCP only.
    local sockdir="$DIR/sock"
    [ ${#sockdir} -le 80 ] || sockdir=""

    as_server "$bindir/initdb" -D "$DIR/data" -U "$SUPERUSER" --auth=trust -E UTF8 --locale=C.UTF-8 \
        --no-sync >"$DIR/initdb.log" 2>&1 \
        || { sed 's/^/  initdb: /' "$DIR/initdb.log" >&2; die "initdb failed (log above)"; }
    # Throwaway data: durability off, buffers small, room for the suite's parallel connections.
    cat >>"$DIR/data/postgresql.conf" <<EOF

# scripts/test-postgres.sh: a throwaway cluster for the test suite
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockdir'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 16MB
max_connections = 200
logging_collector = off
EOF

    local port
    for _ in 1 2 3 4 5; do
        port=$(pick_port)
        : >"$DIR/server.log"
        [ -z "$RUN_AS" ] || chown "$RUN_AS:" "$DIR/server.log"
        if as_server "$bindir/pg_ctl" start -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
               -o "-p $port" >/dev/null 2>&1; then
            STARTED=1
            break
        fi
        if grep -q 'could not bind\|could not create any TCP/IP sockets\|Address already in use' "$DIR/server.log"; then
            note "port $port was taken meanwhile; trying another"
            continue
        fi
        sed 's/^/  server: /' "$DIR/server.log" >&2
        die "the server did not start (log above)"
    done
    [ -n "$STARTED" ] || die "the server could not bind a port after 5 attempts"

    local ready=""
    for _ in $(seq 1 100); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U "$SUPERUSER" -d postgres; then ready=1; break; fi
        sleep 0.1
    done
    [ -n "$ready" ] || { sed 's/^/  server: /' "$DIR/server.log" >&2; die "the server does not accept connections on 127.0.0.1:$port"; }

    local url="postgres://$SUPERUSER@127.0.0.1:$port/postgres"
    {
        echo "FEEDWATCH_TEST_POSTGRES_URL=$url"
        echo "FEEDWATCH_TEST_POSTGRES_DIR=$DIR"
        echo "PG_BINDIR=$bindir"
        echo "RUN_AS=$RUN_AS"
    } >"$DIR/$MARKER"
    { mkdir -p "$ROOT/.build" && cp "$DIR/$MARKER" "$LAST_ENV"; } 2>/dev/null || true
    trap - EXIT
    note "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') on 127.0.0.1:$port in $DIR${RUN_AS:+ (as $RUN_AS)}"
    echo "FEEDWATCH_TEST_POSTGRES_URL=$url"
    echo "FEEDWATCH_TEST_POSTGRES_DIR=$DIR"
}

# EXIT trap of a failed start: stop what was started, remove the directory.
start_failed() {
    local status=$?
    if [ -n "${STARTED:-}" ]; then
        as_server "$bindir/pg_ctl" stop -D "$DIR/data" -m immediate -w >/dev/null 2>&1 || true
    fi
    [ -n "${DIR:-}" ] && rm -rf -- "$DIR"
    exit "$status"
}

# Removes .build/test-postgres.env when it names DIR.
forget_last() {
    if [ -f "$LAST_ENV" ] && grep -qxF "FEEDWATCH_TEST_POSTGRES_DIR=$1" "$LAST_ENV"; then rm -f "$LAST_ENV"; fi
}

cmd_stop() {
    local dir="${1:-}"
    if [ -z "$dir" ]; then
        [ -f "$LAST_ENV" ] || die "stop: no DIR given and no $LAST_ENV"
        dir=$(sed -n 's/^FEEDWATCH_TEST_POSTGRES_DIR=//p' "$LAST_ENV")
        [ -n "$dir" ] || die "stop: $LAST_ENV names no directory"
    fi
    if [ ! -d "$dir" ]; then
        note "stop: $dir is already gone"
        forget_last "$dir"
        return 0
    fi
    [ -f "$dir/$MARKER" ] || die "stop: $dir was not made by scripts/test-postgres.sh start (no $MARKER); not touching it"

    local bindir RUN_AS
    bindir=$(sed -n 's/^PG_BINDIR=//p' "$dir/$MARKER")
    RUN_AS=$(sed -n 's/^RUN_AS=//p' "$dir/$MARKER")
    if [ -f "$dir/data/postmaster.pid" ]; then
        if ! as_server "$bindir/pg_ctl" stop -D "$dir/data" -m immediate -w -t 30 >/dev/null 2>&1; then
            # pg_ctl could not stop it: end the postmaster we started, by its pid.
            local pid; pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                note "stop: pg_ctl failed; killing postmaster $pid"
                kill -KILL "$pid" 2>/dev/null || true
                sleep 0.5
            fi
        fi
    fi
    rm -rf -- "$dir"
    forget_last "$dir"
    note "stopped and removed $dir"
}

case "${1:-}" in
    start) [ $# -eq 1 ] || die "usage: $0 start"; cmd_start ;;
    stop)  [ $# -le 2 ] || die "usage: $0 stop [DIR]"; cmd_stop "${2:-}" ;;
    *)     echo "usage: $0 start | stop [DIR]" >&2; exit 2 ;;
esac
