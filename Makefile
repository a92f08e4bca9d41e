# Thin wrappers. The README's two commands are `make serve` and `make test`.
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install streams postgres serve test browser lab-up lab-cluster lab-down lab-reset image base-image image-offline registry-image

# Mermaid is served with the site (Material would fetch it from a CDN at run time): taken from the
# npm registry at install time, never committed (.gitignore).
MERMAID_VERSION := 11.17.2
MERMAID_JS      := docs/assets/javascripts/mermaid.min.js
# The browser tests drive Debian's Chromium (tests/browser).
CHROMIUM        := /usr/bin/chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The project, the site tools and the test tools, pinned in pyproject.toml.
install: $(BIN)/python $(MERMAID_JS) browser streams postgres
	$(BIN)/pip install --quiet -e ".[test]"

$(MERMAID_JS): Makefile
	@echo "== mermaid $(MERMAID_VERSION) from the npm registry -> $@"
	@command -v npm >/dev/null || { echo "npm is needed to fetch mermaid (apt-get install npm)"; exit 1; }
	@mkdir -p $(@D)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null && \
	   tar -xzmf mermaid-$(MERMAID_VERSION).tgz package/dist/mermaid.min.js) && \
	  mv "$$tmp/package/dist/mermaid.min.js" $@

# Lesson 16's stream processor in its own virtualenv: every quixstreams 3.x pins
# confluent-kafka<2.13, the course pins 2.16.1. Rebuilt only when the pins change (the copy of
# the requirements inside the venv is what kafkalab/streams.py checks too).
STREAMS_VENV := .venv-streams
STREAMS_REQS := kafkalab/resources/streams-requirements.txt
streams: $(STREAMS_VENV)/kafkalab-requirements.txt

$(STREAMS_VENV)/kafkalab-requirements.txt: $(STREAMS_REQS)
	@echo "== the stream-processing environment $(STREAMS_VENV) (Quix Streams, Lesson 16)"
	@[ -x $(STREAMS_VENV)/bin/python ] || $(PYTHON) -m venv $(STREAMS_VENV)
	$(STREAMS_VENV)/bin/pip install --quiet -r $(STREAMS_REQS)
	cp $(STREAMS_REQS) $@

# Debian's Chromium for the browser tests and shellcheck for the shell blocks: installed when
# missing (as root), else one clear note; without them those tests fail and say so.
browser:
	@if [ -x $(CHROMIUM) ] && command -v shellcheck >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== Debian's chromium (browser tests) and shellcheck (shell blocks) (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium shellcheck >/dev/null) \
	    || echo "WARNING: apt-get could not install chromium/shellcheck: tests/browser and tests/test_lint_blocks.py will fail"; \
	else \
	  echo "WARNING: $(CHROMIUM) or shellcheck is missing: run 'sudo apt-get install chromium shellcheck', or tests/browser and tests/test_lint_blocks.py fail"; \
	fi

# Debian's PostgreSQL 15 for Lesson 23's change data capture (kafkalab/postgres.py runs a cluster of
# its own on 127.0.0.1:5432): installed when missing (as root), else one clear note. The package
# creates and may start Debian's own `main` cluster on the same port: stopped at once here.
PG_BIN := /usr/lib/postgresql/15/bin/postgres
postgres:
	@if [ -x $(PG_BIN) ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "== Debian's postgresql-15 (Lesson 23, change data capture) (apt-get)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 >/dev/null) \
	    || echo "WARNING: apt-get could not install postgresql-15: kafkalab up --postgres and Lesson 23 will fail"; \
	  pg_ctlcluster 15 main stop 2>/dev/null || true; \
	else \
	  echo "WARNING: $(PG_BIN) is missing: run 'sudo apt-get install postgresql-15', or kafkalab up --postgres and Lesson 23 fail"; \
	fi

# Serve the site on http://127.0.0.1:8000 with live reload.
serve: install
	$(BIN)/mkdocs serve

# The whole suite: gets a broker (KAFKA_BOOTSTRAP_SERVERS, Docker, or native), builds the site
# with `mkdocs build --strict`, and runs every code block of every page.
test: install
	$(BIN)/pytest --markdown-docs

lab-up: install
	$(BIN)/kafkalab up

lab-cluster: install
	$(BIN)/kafkalab up --cluster

lab-reset:
	$(BIN)/kafkalab reset

lab-down:
	$(BIN)/kafkalab down --all

# The course's Kafka image (docker/Dockerfile) from the same Maven jars as the native lab:
# for Docker users who cannot pull apache/kafka from Docker Hub. BASE_IMAGE defaults to
# debian:bookworm-slim; `make image-offline` first builds a base with debootstrap (no registry).
BASE_IMAGE ?=
image: install
	$(BIN)/python -m kafkalab.image $(if $(BASE_IMAGE),--base $(BASE_IMAGE))

# The schema registry's image for the compose `registry` profile (docker/registry/Dockerfile):
# Apicurio Registry from Maven Central on a Java 17 runtime, built here like the Kafka image.
registry-image: install
	$(BIN)/python -m kafkalab.image --registry $(if $(BASE_IMAGE),--base $(BASE_IMAGE))

base-image:
	docker/build-base.sh kafkalab/debian:bookworm

image-offline: base-image
	$(MAKE) image BASE_IMAGE=kafkalab/debian:bookworm
