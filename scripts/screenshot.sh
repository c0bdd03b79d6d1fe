#!/usr/bin/env bash
# Renders a digest page in headless Chromium: a PNG for a desktop and a phone viewport, and a
# check that no script runs in a digest page.
#
#   scripts/screenshot.sh DIGEST.html OUTDIR
#
# Writes OUTDIR/<name>-desktop.png (1280x2000), OUTDIR/<name>-phone.png (390x1600) and
# OUTDIR/<name>-dark.png (1280x2000, prefers-color-scheme: dark), then
# loads Tests/DigestTests/Golden/title-probe.html (a digest whose feed text would set
# document.title to "PWNED" if any of it ran) and fails unless the title is unchanged. A
# control page with a real script must change its title, proving the browser runs scripts.
# Needs Debian's chromium (apt-get install -y chromium). Exit 0 only when all of this holds.
set -euo pipefail

if [ $# -ne 2 ]; then
    echo "usage: $0 DIGEST.html OUTDIR" >&2
    exit 2
fi
page=$1
outdir=$2
here=$(cd "$(dirname "$0")/.." && pwd)
probe="$here/Tests/DigestTests/Golden/title-probe.html"

[ -f "$page" ] || { echo "screenshot: $page: no such file" >&2; exit 1; }
[ -f "$probe" ] || { echo "screenshot: $probe: no such file" >&2; exit 1; }
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "screenshot: chromium not found (apt-get install -y chromium)" >&2; exit 1; }

mkdir -p "$outdir"
abs_page=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
abs_out=$(cd "$outdir" && pwd)
name=$(basename "$page" .html)
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

run() {
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$profile" --virtual-time-budget=2000 "$@" 2>/dev/null
}

for viewport in desktop:1280,2000 phone:390,1600 dark:1280,2000; do
    label=${viewport%%:*}
    size=${viewport#*:}
    scheme=()
    [ "$label" = dark ] && scheme=(--force-dark-mode --blink-settings=preferredColorScheme=0)
    run "${scheme[@]}" --screenshot="$abs_out/$name-$label.png" --window-size="$size" "file://$abs_page" >/dev/null
    [ -s "$abs_out/$name-$label.png" ] || { echo "screenshot: no $label PNG was written" >&2; exit 1; }
    echo "screenshot: $abs_out/$name-$label.png"
done

title_of() { run --dump-dom "file://$1" | tr '\n' ' ' | sed -n 's:.*<title>\(.*\)</title>.*:\1:p'; }

control="$profile/control.html"
printf '%s\n' '<!DOCTYPE html><html><head><title>unchanged</title></head>' \
    '<body><script>document.title="PWNED"</script></body></html>' > "$control"
control_title=$(title_of "$control")
if [ "$control_title" != "PWNED" ]; then
    echo "screenshot: control page title is '$control_title': this browser runs no script, so the check proves nothing" >&2
    exit 1
fi

expected=$(sed -n 's:.*<title>\(.*\)</title>.*:\1:p' "$probe" | head -n 1)
probe_title=$(title_of "$probe")
if [ "$probe_title" != "$expected" ] || grep -q PWNED <<<"$probe_title"; then
    echo "screenshot: SCRIPT RAN in the digest: title became '$probe_title' (expected '$expected')" >&2
    exit 1
fi
echo "screenshot: no script ran (title unchanged: $probe_title; the control page's script did run)"
