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
	$(PY) -m ruff check sgd_lesson tests benchmarks

unit: $(VENV)/.installed-test
	$(PY) -m pytest -q tests sgd_lesson --doctest-modules -n 2

nbval: $(VENV)/.installed-test
	$(PY) -m pytest -q $(NBVAL) -n 2 --dist loadfile $(NOTEBOOKS)

# Re-execute every notebook in a fresh kernel and clean it, to regenerate outputs.
notebooks: $(VENV)/.installed-test
	$(PY) tools/run_notebooks.py $(NOTEBOOKS)

bench: $(VENV)/.installed-test $(VENV)/.installed-bench
	$(PY) benchmarks/bench_sgd.py

# Every notebook in real JupyterLab in headless Chromium: Debian's chromium, driven by
# Playwright for Python (never `playwright install`). Screenshots go to build/screenshots/;
# BROWSER_TEST_ARGS="--pages --verbose" also cuts them into pages and times each step.
.PHONY: test-browser
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
test-browser: $(VENV)/.installed-lesson
	test -x /usr/bin/chromium || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
	$(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install --quiet playwright
	$(PY) tests/browser/lab_e2e.py $(BROWSER_TEST_ARGS) $(NOTEBOOKS)

clean:
	rm -rf $(VENV) build .pytest_cache
