#!/usr/bin/env bash
# Runs CMD with FEEDWATCH_TEST_POSTGRES_URL pointing at a throwaway PostgreSQL cluster
# (scripts/test-postgres.sh), and stops and removes the cluster when CMD ends, whether it passes,
# fails or is interrupted. Exits with CMD's status.
#
#   scripts/with-test-postgres.sh CMD [ARG...]
#
# When FEEDWATCH_TEST_POSTGRES_URL is already set, CMD runs against that server and nothing is
# started or stopped.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 CMD [ARG...]" >&2; exit 2; }

if [ -n "${FEEDWATCH_TEST_POSTGRES_URL:-}" ]; then
    echo "with-test-postgres: using the existing server in FEEDWATCH_TEST_POSTGRES_URL" >&2
    exec "$@"
fi

out=$("$here/test-postgres.sh" start) || { echo "with-test-postgres: error: could not start PostgreSQL (see above)" >&2; exit 1; }
url=$(sed -n 's/^FEEDWATCH_TEST_POSTGRES_URL=//p' <<<"$out")
dir=$(sed -n 's/^FEEDWATCH_TEST_POSTGRES_DIR=//p' <<<"$out")
if [ -z "$url" ] || [ -z "$dir" ]; then
    [ -z "$dir" ] || "$here/test-postgres.sh" stop "$dir" || true
    echo "with-test-postgres: error: unexpected output from test-postgres.sh start: $out" >&2
    exit 1
fi

trap '"$here/test-postgres.sh" stop "$dir" || echo "with-test-postgres: warning: could not remove $dir" >&2' EXIT
# A signal ends this script through the EXIT trap (the command has its own handling of it).
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

export FEEDWATCH_TEST_POSTGRES_URL="$url"
set +e
"$@"
status=$?
set -e
exit "$status"
