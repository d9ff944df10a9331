# Two commands on a fresh Linux machine with Python >= 3.11 and make:
#   make demo   set up and run the main job on bundled sample data
#   make test   set up and pass the tests (ruff, mypy, pytest)
# make demo-styles runs the month once per register layout (Tally, GSTR-2 template, Busy,
# Zoho, SAP, hand-kept) and fails unless each agrees with the ground truth.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo demo-styles test lint typecheck pytest bench workbook pictures release clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m gst_ims.demo --check

demo-styles: $(STAMP)
	$(PY) -m gst_ims.demo --register-style all --no-render --check --folder demo/styles

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check python tests benchmarks

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP)
	$(VENV)/bin/pytest -q

bench: $(STAMP)
	$(PY) -m benchmarks.run_all

workbook: $(STAMP)
	$(VENV)/bin/gst-ims build-workbook

# The README's pictures (docs/images), rendered by LibreOffice headless.
pictures: $(STAMP)
	$(PY) tests/support/pictures.py docs/images

# dist/GST_IMS_Reconciler-<version>-win64.zip: workbook, install.cmd and a wheelhouse for
# 64-bit Windows (downloads from the package index).
release: $(STAMP)
	$(VENV)/bin/gst-ims release --out dist

clean:
	rm -rf $(VENV) demo dist .pytest_cache .mypy_cache .ruff_cache
