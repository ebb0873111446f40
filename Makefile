# Two commands on a fresh clone (only Python >= 3.10 and make needed):
#   make lesson   set up .venv and open the lessons in JupyterLab
#   make test     set up .venv and run every check, notebooks included
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env --nbval-cell-timeout=120

.PHONY: lesson test unit nbval lint notebooks bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# One stamp per extra: reinstall when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[$*]'
	@# Build matplotlib's font cache now, not in a notebook cell (it logs to stderr).
	MPLBACKEND=Agg $(PY) -c "import matplotlib.pyplot"
	touch $@

lesson: $(VENV)/.installed-lesson
	$(VENV)/bin/jupyter lab notebooks

test: lint unit nbval

lint: $(VENV)/.installed-test
	$(PY) -m ruff check sgd_lesson tests benchmarks notebooks tools

unit: $(VENV)/.installed-test
	$(PY) -m pytest -q tests sgd_lesson --doctest-modules -n 2 --dist worksteal

nbval: $(VENV)/.installed-test
	$(PY) -m pytest -q $(NBVAL) -n 2 --dist loadfile $(NOTEBOOKS)

# Re-execute every notebook in a fresh kernel and clean it, to regenerate outputs.
notebooks: $(VENV)/.installed-test
	$(PY) tools/run_notebooks.py $(NOTEBOOKS)

bench: $(VENV)/.installed-test $(VENV)/.installed-bench
	$(PY) benchmarks/bench_sgd.py

# Per-cell times of every notebook against a floor of bare kernels (a benchmark, not a test).
.PHONY: bench-notebooks
bench-notebooks: $(VENV)/.installed-test
	$(PY) benchmarks/bench_notebooks.py --json benchmarks/notebook_times.json $(NOTEBOOKS)

# The oldest supported versions: pyproject.toml's lower bounds pinned exactly
# (tools/oldest_requirements.py) in their own venv, the package on top without
# deps; then ruff, the unit tests and every notebook under strict nbval there.
OLDEST ?= .venv-oldest
.PHONY: test-oldest
$(OLDEST)/.installed: pyproject.toml tools/oldest_requirements.py
	rm -rf $(OLDEST)
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python tools/oldest_requirements.py > $(OLDEST)/requirements.txt
	$(OLDEST)/bin/python -m pip install --quiet --only-binary=:all: -r $(OLDEST)/requirements.txt
	$(OLDEST)/bin/python -m pip install --quiet --no-deps -e .
	$(OLDEST)/bin/python -m pip check
	MPLBACKEND=Agg $(OLDEST)/bin/python -c "import matplotlib.pyplot"
	touch $@

test-oldest: export PYDEVD_DISABLE_FILE_VALIDATION = 1
test-oldest: $(OLDEST)/.installed
	$(OLDEST)/bin/python -m pip freeze --exclude-editable | tr '\n' ' ' && echo
	$(OLDEST)/bin/python -m ruff check sgd_lesson tests benchmarks notebooks tools
	$(OLDEST)/bin/python -m pytest -q tests sgd_lesson --doctest-modules -n 2 --dist worksteal
	$(OLDEST)/bin/python -m pytest -q $(NBVAL) -n 2 --dist loadfile $(NOTEBOOKS)

# Every notebook in real JupyterLab in headless Chromium: Debian's chromium, driven by
# Playwright for Python (never `playwright install`). Screenshots go to build/screenshots/;
# BROWSER_TEST_ARGS="--pages --verbose" also cuts them into pages and times each step.
.PHONY: test-browser
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
test-browser: $(VENV)/.installed-lesson
	test -x /usr/bin/chromium || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
	$(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install --quiet playwright
	$(PY) tests/browser/lab_e2e.py $(BROWSER_TEST_ARGS) $(NOTEBOOKS)

# The static website of the series, built from the stored notebooks (nothing re-executed),
# into build/site/ (docs/build_site.py; Sphinx, MyST-NB, sphinx-book-theme; warnings are errors).
.PHONY: site
site: $(VENV)/.installed-site
	$(PY) docs/build_site.py

# The built site in headless Chromium, every other host blocked (tests/site/site_e2e.py), then
# the site builder's own tests on small notebooks of its own. Screenshots: build/site-screenshots/.
.PHONY: test-site
test-site: site $(VENV)/.installed-test
	test -x /usr/bin/chromium || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
	$(PY) tests/site/site_e2e.py
	$(PY) -m pytest -q tests/site/test_*.py

# Binder and Colab links (README, 00_start_here, a Colab install cell per lesson) from
# [project.urls] Repository in pyproject.toml; re-executes the notebooks it changes.
.PHONY: launch-links
launch-links: $(VENV)/.installed-test
	$(PY) tools/launch_links.py

clean:
	rm -rf $(VENV) $(OLDEST) build .pytest_cache
