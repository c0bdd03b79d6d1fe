#!/usr/bin/env bash
# Checks the unit files: `systemd-analyze verify` must print nothing (it only warns on unknown
# keys and bad values), and feedwatch.service's exposure must be at most 2.0.
# Usage: systemd/check-units.sh [BINARY]   (BINARY stands in for /usr/local/bin/feedwatch)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="${1:-/bin/true}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for unit in feedwatch.service feedwatch-once.service feedwatch-once.timer; do
  sed "s#/usr/local/bin/feedwatch#$(readlink -f "$bin")#g" "$here/$unit" > "$tmp/$unit"
done
status=0
for unit in feedwatch.service feedwatch-once.service feedwatch-once.timer; do
  out="$(cd "$tmp" && SYSTEMD_LOG_COLOR=0 systemd-analyze verify "./$unit" 2>&1 || true)"
  if [ -n "$out" ]; then echo "verify $unit:"; echo "$out"; status=1; else echo "verify $unit: OK"; fi
done
line="$(cd "$tmp" && systemd-analyze security --offline=true --threshold=20 ./feedwatch.service 2>&1 | grep -i 'overall exposure' || true)"
echo "security feedwatch.service: ${line:-no score}"
if ! (cd "$tmp" && systemd-analyze security --offline=true --threshold=20 ./feedwatch.service >/dev/null 2>&1); then
  echo "exposure above 2.0"; status=1
fi
exit $status
