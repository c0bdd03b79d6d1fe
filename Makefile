# feedwatch — build, test, demo. Every target installs the Debian packages it needs when missing.
SWIFT        ?= swift
PREFIX       ?= /usr/local
DESTDIR      ?=
APT_PACKAGES := libxml2-dev libsqlite3-dev pkg-config
SHARED       ?= ../shared
BIN_RELEASE  := .build/release/feedwatch

.PHONY: all deps build release test demo conformance bench clean

all: build

# Install missing system packages (Debian/Ubuntu). Uses sudo when not root.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product feedwatch

SHELL := /bin/bash

test: deps
	$(SWIFT) test 2>&1 | tee .build/test.log | grep -vE '^\[[0-9]+/[0-9]+\]|^Test Case .* (started|passed)'; \
	  exit $${PIPESTATUS[0]}

demo: release
	@echo "== feedwatch demo: parsing the bundled sample feeds in Feeds/samples =="
	@for f in Feeds/samples/*; do \
	  printf '%-40s ' "$$f"; \
	  $(BIN_RELEASE) parse "$$f" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("%-5s %-4s %3d entries  %s" % (d["format"], d["version"] or "-", len(d["entries"]), d["title"]))'; \
	done

conformance: release
	python3 $(SHARED)/conformance/feeds/run.py --cmd "$(BIN_RELEASE) parse" --jobs 2

clean:
	rm -rf .build
