# ALL Timeline: `make run` installs and serves the app; `make test` installs and runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# apt-get needs root; use sudo when we are not root.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: reviews run test test-fast lint chromium poppler fonts node clean bench fuzz load wrk messages translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

# Compiled catalogues (issue 13: compiling the five .po files took most of a second at every start). Each .mo
# records its language and the sha256 of its .po, and the app uses it only while that matches the .po
# (webapp/i18n.py), so a stale one is never used and a fresh clone without them still works, only slower to start.
PO := $(wildcard webapp/translations/*/LC_MESSAGES/messages.po)
translations: $(PO:.po=.mo)

webapp/translations/%/LC_MESSAGES/messages.mo: webapp/translations/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(BIN)/python -c 'import sys; from webapp import i18n; i18n.write_compiled(sys.argv[1])' $*

# Everything that starts the app starts faster with the compiled catalogues.
run test test-fast bench fuzz load: translations

# The PDF export prints the print view in Chromium, so serving needs it too.
run: $(VENV)/.runtime chromium fonts
	@echo "ALL Timeline: open http://$(HOST):$(PORT)/ in your browser (Ctrl+C stops it)."
	$(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) wsgi:app

# The browser tests drive the distribution's Chromium; browser downloads are not possible here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from the distribution's packages"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }

# Chinese and Arabic print-outs and PDFs need fonts for their scripts (issue 14): Debian's Noto fonts, which
# Chromium embeds in the PDF. The pages themselves use the visitor's own system fonts.
fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK SC" && fc-list | grep -q "Noto Naskh Arabic" || { \
	  echo "Installing the Noto fonts (Arabic, Chinese) from the distribution's packages"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q fonts-noto-core fonts-noto-cjk; }

# The PDF tests read the PDF back with pdftotext, pdftoppm and pdfinfo (poppler-utils).
poppler:
	@command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || { \
	  echo "Installing poppler-utils from the distribution's packages"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q poppler-utils; }

# axe-core (accessibility rules) comes from the npm registry at the exact version and hash in
# package-lock.json; `npm ci` reinstalls it whenever the lock file changes.
node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "Installing Node.js and npm from the distribution's packages"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q nodejs npm; }

node_modules/axe-core/axe.min.js: package.json package-lock.json | node
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

lint: $(VENV)/.dev
	$(BIN)/ruff check .

# Two test processes (pytest-xdist), each with its own app, server, Chromium and temporary folders; the tests are
# handed out cheapest first (tests/conftest.py), and a worker that runs out steals half of the other's remaining
# tests (--dist worksteal), so neither sits idle while the other finishes a long queue. TEST_WORKERS=0 runs them in
# this process (for pdb, -x and the like). The run ends with its ten slowest tests, so the dear ones stay in sight
# (README, "Test").
TEST_WORKERS ?= 2
# pytest keeps its assertion-rewritten test modules as .pyc files (git-ignored __pycache__/); with
# PYTHONDONTWRITEBYTECODE set, as in some shells and CI images, every test process rewrote all 90 files again:
# 8.4 s of CPU to collect, 3.8 s with the cache (measured here, issue 13). Empty means unset to Python.
test test-fast fuzz load: export PYTHONDONTWRITEBYTECODE =

test: $(VENV)/.dev chromium poppler fonts node_modules/axe-core/axe.min.js lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=10

# The inner loop: no browser, no PDF, no gunicorn, no load, no fuzz, no CalDAV (README, "Test"; markers in pyproject.toml).
test-fast: $(VENV)/.dev lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal -m "not browser and not pdf and not server and not load and not fuzz and not caldav"

# Extra targets (issue 6). wrk comes from the distribution's packages.
wrk:
	@command -v wrk >/dev/null 2>&1 || { \
	  echo "Installing wrk from the distribution's packages"; \
	  $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q wrk; }

# Prints the benchmark table and PASS/FAIL per target; BENCH_SECONDS, BENCH_ROUNDS, BENCH_BROWSER_RUNS tune it.
bench: $(VENV)/.dev chromium wrk
	$(BIN)/python bench/run.py

# The whole naughty-strings list in every parameter, and as parameter names.
fuzz: $(VENV)/.dev
	ALL_TIMELINE_FUZZ=full $(BIN)/python -m pytest tests/test_fuzz.py

# 20,000 requests at concurrency 64 against gunicorn, each checked for its expected answer; no time limit but a
# safety one against hangs (ALL_TIMELINE_LOAD_REQUESTS changes the count; `make test` sends 2,000).
load: $(VENV)/.dev
	ALL_TIMELINE_LOAD_REQUESTS=$${ALL_TIMELINE_LOAD_REQUESTS:-20000} $(BIN)/python -m pytest -m load tests/test_serving.py

# How much of each translation a medical translator has reviewed, and who (webapp/review.py, README "Languages").
reviews: $(VENV)/.runtime
	@$(BIN)/python -c "from webapp import review; print(review.report())"

clean:
	rm -rf $(VENV) build node_modules test-artifacts .pytest_cache .ruff_cache .hypothesis

# Translations (issue 5): gather every marked string, data text included, into build/messages.pot and merge it
# into each language's .po (new entries come out empty; tests/test_i18n.py then fails until they are filled).
messages: $(VENV)/.dev
	mkdir -p build
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k lazy_gettext --add-location=file --sort-by-file --no-wrap \
	  --project="ALL Timeline" --copyright-holder="ALL Timeline" -o build/messages.pot .
	$(BIN)/pybabel update -i build/messages.pot -d webapp/translations --no-wrap --ignore-obsolete
