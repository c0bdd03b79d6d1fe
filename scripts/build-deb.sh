#!/usr/bin/env bash
# `make deb`: a Debian package of feedwatch built with dpkg-deb from the static binary
# (`make release-static`), so the server needs no Swift toolchain: only libc, libxml2 and
# libsqlite3 (and what those pull in). Writes dist/feedwatch_VERSION_ARCH.deb.
#
#   /usr/bin/feedwatch                       the binary (Swift runtime linked in)
#   /usr/share/feedwatch/                    the entity tagger's weights and word lists
#   /lib/systemd/system/feedwatch*.{service,timer}
#   /etc/feedwatch/feedwatch.toml, feeds.toml   conffiles: dpkg keeps an edited copy on upgrade
#   /usr/share/doc/feedwatch/                README, copyright (the data files' licences)
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=${1:-.build/feedwatch-static}
RESOURCES=Sources/TextAnalysis/Resources
[ -x "$BIN" ] || { echo "build-deb: $BIN missing; run make release-static" >&2; exit 1; }

# The binary must not load the Swift runtime from a toolchain.
if ldd "$BIN" | grep -E 'libswift|libFoundation|libdispatch|/opt/swift|usr/lib/swift' >&2; then
  echo "build-deb: $BIN links Swift libraries dynamically (above); build it with --static-swift-stdlib" >&2
  exit 1
fi

VERSION=$("$BIN" --version | tr -d '[:space:]')
ARCH=$(dpkg --print-architecture)
ROOT=.build/deb/feedwatch_${VERSION}_${ARCH}
rm -rf "$ROOT"
mkdir -p "$ROOT/DEBIAN" dist

install -Dm755 "$BIN" "$ROOT/usr/bin/feedwatch"
strip --strip-unneeded "$ROOT/usr/bin/feedwatch" 2>/dev/null || true
for f in "$RESOURCES"/*.txt "$RESOURCES"/*.bin; do install -Dm644 "$f" "$ROOT/usr/share/feedwatch/$(basename "$f")"; done
for u in feedwatch.service feedwatch-once.service feedwatch-once.timer; do
  mkdir -p "$ROOT/lib/systemd/system"
  sed 's#/usr/local/bin/feedwatch#/usr/bin/feedwatch#g' "systemd/$u" > "$ROOT/lib/systemd/system/$u"
  chmod 644 "$ROOT/lib/systemd/system/$u"
done
install -Dm644 Feeds/feedwatch.toml "$ROOT/etc/feedwatch/feedwatch.toml"
install -Dm644 Feeds/feeds.toml "$ROOT/etc/feedwatch/feeds.toml"
install -Dm644 packaging/README.Debian "$ROOT/usr/share/doc/feedwatch/README.Debian"
install -Dm644 README.md "$ROOT/usr/share/doc/feedwatch/README.md"
{
  echo "feedwatch $VERSION"
  echo
  echo "The data files in /usr/share/feedwatch are distributed under these terms:"
  echo
  cat "$RESOURCES/README.md"
} > "$ROOT/usr/share/doc/feedwatch/copyright"
chmod 644 "$ROOT/usr/share/doc/feedwatch/copyright"

# Depends: the Debian package of every shared library the binary loads.
DEPENDS=$(ldd "$BIN" | awk '/=> \//{print $3}' | while read -r lib; do
  dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true
done | cut -d: -f1 | sort -u | paste -sd, | sed 's/,/, /g')

SIZE=$(du -sk "$ROOT" | cut -f1)
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: feedwatch
Version: $VERSION
Architecture: $ARCH
Maintainer: feedwatch developers <feedwatch@localhost>
Installed-Size: $SIZE
Depends: $DEPENDS
Section: net
Priority: optional
Homepage: https://github.com/feedwatch/feedwatch
Description: news feed watcher that writes one digest a day
 feedwatch watches RSS, Atom and JSON feeds, fetches and extracts the linked
 articles, merges the same story from many outlets, and writes a daily digest
 (Markdown, HTML, JSON) with who covered it, a summary, quotes and figures.
 It runs as a hardened systemd service (feedwatch.service).
CONTROL
printf '/etc/feedwatch/feedwatch.toml\n/etc/feedwatch/feeds.toml\n' > "$ROOT/DEBIAN/conffiles"
install -m755 packaging/postinst "$ROOT/DEBIAN/postinst"
install -m755 packaging/prerm "$ROOT/DEBIAN/prerm"

OUT="dist/feedwatch_${VERSION}_${ARCH}.deb"
dpkg-deb --root-owner-group -Zxz --build "$ROOT" "$OUT" >/dev/null
echo "deb: $OUT ($(du -h "$OUT" | cut -f1)); Depends: $DEPENDS"
