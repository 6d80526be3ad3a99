# kzgov: the few verbs a newcomer needs. Everything runs inside .venv, created on demand.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# One thread per process for BLAS and torch: needed for byte-identical outputs.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
export MPLBACKEND := Agg

.PHONY: help setup reproduce site test unit nbval lab notebooks sync check-reproducible datapackage readme lint bench clean

help:
	@echo "make reproduce           set up .venv, execute every notebook -> data/processed, reports, the site"
	@echo "make site                rebuild the report site (reports/site, with any batch reports) alone"
	@echo "make test                set up .venv, run unit tests and nbval on notebooks/"
	@echo "make lab                 start JupyterLab on notebooks/ (each .ipynb is paired with its .py)"
	@echo "make notebooks           re-execute notebooks in place (refresh stored outputs for nbval)"
	@echo "make sync                pair and clean notebooks without executing them (before a commit)"
	@echo "make check-reproducible  reproduce twice and compare hashes of data/processed"
	@echo "make readme              rewrite the README's audit summary from data/processed/audit.csv"
	@echo "make datapackage         rebuild data/raw/datapackage.json from data/meta/resources"
	@echo "make bench               print benchmark figures"

# PyTorch: the CPU build 2.13.0, from a local wheel when there is one (offline machines),
# else from PyTorch's CPU index. An unpinned torch from PyPI is a CUDA build of several GB.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24" || true
	$(BIN)/python -m pip install --quiet --no-deps --no-index -c constraints.txt torch==2.13.0 \
	  || $(BIN)/python -m pip install --quiet --no-deps --index-url $(TORCH_INDEX) torch==2.13.0
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test,dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

setup: $(STAMP)

JOBS ?= 2

reproduce: $(STAMP)
	$(BIN)/kzgov reproduce --jobs $(JOBS)
	$(BIN)/python scripts/readme_audit.py

readme: $(STAMP)
	$(BIN)/python scripts/readme_audit.py

site: $(STAMP)
	$(BIN)/kzgov site

test: $(STAMP)
	$(BIN)/python -m pytest tests -q -p no:cacheprovider
	$(BIN)/python -m pytest --doctest-modules src/kzgov -q -p no:cacheprovider
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks -q -p no:cacheprovider

unit: $(STAMP)
	$(BIN)/python -m pytest tests -q

nbval: $(STAMP)
	$(BIN)/python -m pytest --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg notebooks -q

# JupyterLab on notebooks/ with the project's kernel; jupytext's contents manager saves every
# notebook to both halves of its pair (NN_name.ipynb and NN_name.py). LAB_ARGS adds options,
# e.g. make lab LAB_ARGS="--no-browser --port 8890".
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

notebooks: $(STAMP)
	$(BIN)/kzgov notebooks --jobs $(JOBS)

sync: $(STAMP)
	$(BIN)/kzgov notebooks --sync

check-reproducible: $(STAMP)
	$(BIN)/python scripts/check_reproducible.py --jobs $(JOBS)

datapackage: $(STAMP)
	$(BIN)/kzgov datapackage build

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/api_size.py
	$(BIN)/python benchmarks/reproduce.py
	test ! -f benchmarks/forecaster.py || $(BIN)/python benchmarks/forecaster.py

clean:
	find data/processed reports -mindepth 1 ! -name .gitkeep -delete
	rm -rf .cache
