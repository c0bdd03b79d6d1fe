#!/usr/bin/env bash
# `make deb` (in CI): the package's own contents must run with no Swift toolchain. Unpacks the
# .deb into a temporary root, shows that ldd finds no Swift library, then runs `once` over a copy
# of the offline demo with the unpacked binary, a clean environment and no library path, and
# checks that the digest was written with entities (so the packaged data files were found).
set -euo pipefail
cd "$(dirname "$0")/.."

DEB=${1:-$(ls -t dist/feedwatch_*.deb | head -1)}
TMP=$(mktemp -d /tmp/feedwatch-deb.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
dpkg-deb -x "$DEB" "$TMP/root"
BIN="$TMP/root/usr/bin/feedwatch"

if ldd "$BIN" | grep -E 'libswift|libFoundation|libdispatch|/opt/swift' ; then
  echo "check-deb: the packaged binary loads Swift libraries (above)" >&2; exit 1
fi
echo "check-deb: ldd: $(ldd "$BIN" | awk '{print $1}' | paste -sd' ')"

mkdir -p "$TMP/cfg"
cp -r Feeds/demo "$TMP/cfg/demo"
sed -e "s#^state_dir = .*#state_dir = \"$TMP/state\"#" -e "s#^digest_dir = .*#digest_dir = \"$TMP/digests\"#" \
  Feeds/demo.toml > "$TMP/cfg/demo.toml"
# No PATH to the toolchain, no LD_LIBRARY_PATH, no FEEDWATCH_RESOURCE_DIR.
env -i HOME="$TMP" PATH=/usr/bin:/bin "$BIN" once --config "$TMP/cfg/demo.toml" --all 2>"$TMP/once.log" \
  || { tail -n 20 "$TMP/once.log"; exit 1; }
json=$(ls "$TMP"/digests/*.json | grep -v feed.json | head -1)
python3 - "$json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
stories = d.get("stories", [])
people = sum(len((s.get("entities") or {}).get("people", [])) for s in stories)
assert stories, "no stories in the packaged binary's digest"
assert people > 0, "no people in the digest: the packaged data files were not found"
print(f"check-deb: packaged binary ran once over the demo: {len(stories)} stories, {people} people named")
PY
