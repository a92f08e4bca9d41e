# Thin wrappers. The README's two commands are `make serve` and `make test`.
export NO_MKDOCS_2_WARNING := 1
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: install serve test lab-up lab-cluster lab-down lab-reset

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The project, the site tools and the test tools, pinned in pyproject.toml.
install: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"

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
