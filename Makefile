# Everything a fresh machine needs comes from pip: `make demo`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VSM    := $(BIN)/vsm-draw
STAMP  := $(VENV)/.installed
EXAMPLES := $(wildcard examples/*.yaml)

.PHONY: demo test golden bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(VSM) check $(EXAMPLES)
	@set -e; for map in $(EXAMPLES); do \
	  name=$$(basename $$map .yaml); name=$${name%.vsm}; \
	  echo "== $$map"; \
	  $(VSM) metrics $$map; \
	  $(VSM) metrics $$map --json > out/$$name.metrics.json; \
	done
	@echo "Everything is in out/"

test: $(STAMP)
	$(BIN)/python -m pytest -q

golden: $(STAMP)
	$(BIN)/python tests/regen_golden.py

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf out .pytest_cache build *.egg-info
