# Two commands on a fresh clone (only Python >= 3.10 and make needed):
#   make lesson   set up .venv and open the lessons in JupyterLab (runs until Ctrl-C)
#   make test     set up .venv and run every check, notebooks included
# `make help` lists every target: a target documents itself with a `## ` comment.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg --nbval-current-env --nbval-cell-timeout=120

.PHONY: help lesson test unit nbval lint notebooks bench clean
.DEFAULT_GOAL := help

help: ## List the targets and what they do
	@echo "make TARGET [VARIABLE=value ...]; the targets:"
	@grep -hE '^[A-Za-z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([^:]+):.*## (.*)/\1\t\2/' \
		| awk -F '\t' '{ printf "  %-17s %s\n", $$1, $$2 }'

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# One stamp per extra: reinstall when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[$*]'
	@# Build matplotlib's font cache now, not in a notebook cell (it logs to stderr).
	MPLBACKEND=Agg $(PY) -c "import matplotlib.pyplot"
	touch $@

# JupyterLab refuses to start as root (containers, cloud shells, CI images) without
# --allow-root, which changes nothing for other users. LAB_ARGS passes more arguments,
# e.g. make lesson LAB_ARGS="--port=8890 --no-browser".
LAB_ARGS ?=
lesson: $(VENV)/.installed-lesson ## Open the lessons in JupyterLab; runs until Ctrl-C (LAB_ARGS="..." for more options)
	$(VENV)/bin/jupyter lab notebooks --allow-root $(LAB_ARGS)

test: lint unit nbval ## Run every check: ruff, the unit tests and gates, every notebook under nbval

lint: $(VENV)/.installed-test ## ruff on the package, the tests, the benchmarks, the notebooks and tools
	$(PY) -m ruff check sgd_lesson tests benchmarks notebooks tools

unit: $(VENV)/.installed-test $(VENV)/.installed-lesson ## The unit tests, doctests and notebook gates
	$(PY) -m pytest -q tests sgd_lesson --doctest-modules -n 2 --dist worksteal

nbval: $(VENV)/.installed-test ## Every notebook under strict nbval; one: make nbval NOTEBOOKS=notebooks/02_*.ipynb
	$(PY) -m pytest -q $(NBVAL) -n 2 --dist loadfile $(NOTEBOOKS)

# Re-execute every notebook in a fresh kernel and clean it, to regenerate outputs.
notebooks: $(VENV)/.installed-test ## Re-execute notebooks in a fresh kernel and clean them (NOTEBOOKS=... for some)
	$(PY) tools/run_notebooks.py $(NOTEBOOKS)

bench: $(VENV)/.installed-test $(VENV)/.installed-bench ## Time sgd against the closed form and other libraries
	$(PY) benchmarks/bench_sgd.py

# Per-cell times of every notebook against a floor of bare kernels (a benchmark, not a test).
.PHONY: bench-notebooks
bench-notebooks: $(VENV)/.installed-test ## Time every notebook cell against bare kernels (writes benchmarks/notebook_times.json)
	$(PY) benchmarks/bench_notebooks.py --json benchmarks/notebook_times.json $(NOTEBOOKS)

# The oldest supported versions: pyproject.toml's lower bounds pinned exactly
# (tools/oldest_requirements.py; the test and lesson extras, since the unit tests
# start JupyterLab) in their own venv, the package on top without deps; then ruff,
# the unit tests and every notebook under strict nbval there.
OLDEST ?= .venv-oldest
.PHONY: test-oldest
$(OLDEST)/.installed-test-lesson: pyproject.toml tools/oldest_requirements.py
	rm -rf $(OLDEST)
	$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python tools/oldest_requirements.py --extra test --extra lesson > $(OLDEST)/requirements.txt
	$(OLDEST)/bin/python -m pip install --quiet --only-binary=:all: -r $(OLDEST)/requirements.txt
	$(OLDEST)/bin/python -m pip install --quiet --no-deps -e .
	$(OLDEST)/bin/python -m pip check
	MPLBACKEND=Agg $(OLDEST)/bin/python -c "import matplotlib.pyplot"
	touch $@

test-oldest: export PYDEVD_DISABLE_FILE_VALIDATION = 1
test-oldest: $(OLDEST)/.installed-test-lesson ## Every check on the oldest supported versions, in .venv-oldest
	$(OLDEST)/bin/python -m pip freeze --exclude-editable | tr '\n' ' ' && echo
	$(OLDEST)/bin/python -m ruff check sgd_lesson tests benchmarks notebooks tools
	$(OLDEST)/bin/python -m pytest -q tests sgd_lesson --doctest-modules -n 2 --dist worksteal
	$(OLDEST)/bin/python -m pytest -q $(NBVAL) -n 2 --dist loadfile $(NOTEBOOKS)

# Every notebook in real JupyterLab in headless Chromium: Debian's chromium, driven by
# Playwright for Python (never `playwright install`). Screenshots go to build/screenshots/;
# BROWSER_TEST_ARGS="--pages --verbose" also cuts them into pages and times each step.
.PHONY: test-browser
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
test-browser: $(VENV)/.installed-lesson ## Every notebook in real JupyterLab in headless Chromium
	test -x /usr/bin/chromium || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
	$(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install --quiet playwright
	$(PY) tests/browser/lab_e2e.py $(BROWSER_TEST_ARGS) $(NOTEBOOKS)

# Lecture slides (docs/CONVENTIONS.md): one reveal.js deck per lesson in build/slides/, from the
# stored outputs; reveal.js and MathJax are fetched from the npm registry into the build folder.
.PHONY: slides test-slides
slides: $(VENV)/.installed-slides ## Static reveal.js decks of every lesson in build/slides/ (offline)
	command -v npm >/dev/null || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y npm'
	$(PY) tools/slides.py --out build/slides $(NOTEBOOKS)

# Every deck in headless Chromium (every slide, no overflow at 1280x720, projector-sized text, no
# request to another host; screenshots of lesson 02 in build/slide-screenshots/), then lesson 02
# as a live RISE slideshow in JupyterLab.
test-slides: slides $(VENV)/.installed-lesson ## Every deck in headless Chromium, then lesson 02 as a live RISE slideshow
	test -x /usr/bin/chromium || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
	$(PY) -c "import playwright" 2>/dev/null || $(PY) -m pip install --quiet playwright
	$(PY) tests/browser/slides_e2e.py
	$(PY) tests/browser/rise_e2e.py

# The instructors' guide, docs/INSTRUCTORS.md, totalled from the lessons' speaker notes
# (tools/lecture.py); tests/test_lecture.py checks it is current.
.PHONY: guide
guide: $(VENV)/.installed-test ## Regenerate docs/INSTRUCTORS.md from the lessons' speaker notes
	$(PY) tools/lecture.py

# The student edition: student/ from notebooks/, every exercise's solution stubbed out
# (docs/CONVENTIONS.md). Committed; tests/test_student_edition.py checks it is current.
.PHONY: student
student: $(VENV)/.installed-test ## Regenerate student/, the lessons with every solution stubbed out
	$(PY) tools/student_edition.py --out student $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# The static website of the series, built from the stored notebooks (nothing re-executed),
# into build/site/ (docs/build_site.py; Sphinx, MyST-NB, sphinx-book-theme; warnings are errors).
.PHONY: site
site: $(VENV)/.installed-site ## The static website of the series in build/site/ (offline, from the stored outputs)
	$(PY) docs/build_site.py

# The built site in headless Chromium, every other host blocked (tests/site/site_e2e.py), then
# the site builder's own tests on small notebooks of its own. Screenshots: build/site-screenshots/.
.PHONY: test-site
test-site: site $(VENV)/.installed-test ## Build the site and check every page in headless Chromium
	test -x /usr/bin/chromium || $(SUDO) sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium'
	$(PY) tests/site/site_e2e.py
	$(PY) -m pytest -q tests/site/test_*.py

# Binder and Colab links (README, 00_start_here, a Colab install cell per lesson) from
# [project.urls] Repository in pyproject.toml; re-executes the notebooks it changes.
.PHONY: launch-links
launch-links: $(VENV)/.installed-test ## Binder/Colab links from [project.urls] Repository in pyproject.toml
	$(PY) tools/launch_links.py

clean: ## Remove the virtual environments and build/
	rm -rf $(VENV) $(OLDEST) build .pytest_cache
