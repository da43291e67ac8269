# Everything a fresh machine needs comes from pip: `make demo`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
VSM    := $(BIN)/vsm-draw
STAMP  := $(VENV)/.installed
EXAMPLES := $(wildcard examples/*.yaml examples/*/*.yaml)
QUARTERS := $(wildcard examples/quarterly/*.yaml)

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
	  $(VSM) render $$map -o out/$$name.svg; \
	  $(VSM) render $$map -o out/$$name.png; \
	  $(VSM) report $$map -o out/$$name.report.html; \
	  $(VSM) report $$map -o out/$$name.handout.pdf; \
	  $(VSM) report $$map -o out/$$name.poster.pdf --paper A0; \
	done
	@echo "== three quarters of one stream, compared"
	$(VSM) compare $(QUARTERS)
	$(VSM) compare $(QUARTERS) -o out/quarterly-compare.svg
	$(VSM) compare $(QUARTERS) -o out/quarterly-compare.png
	$(VSM) compare $(QUARTERS) -o out/quarterly-compare.html
	@echo "== the stamping plant, current and future state"
	$(VSM) compare examples/stamping-plant.vsm.yaml examples/stamping-plant-future.vsm.yaml
	$(VSM) compare examples/stamping-plant.vsm.yaml examples/stamping-plant-future.vsm.yaml -o out/stamping-plant-compare.svg
	$(VSM) compare examples/stamping-plant.vsm.yaml examples/stamping-plant-future.vsm.yaml -o out/stamping-plant-compare.html
	@echo "== what if code review waited one day instead of eight?"
	$(VSM) whatif examples/code-review-wait.vsm.yaml --set "Code review.wait_time=1d"
	$(VSM) whatif examples/code-review-wait.vsm.yaml --set "Code review.wait_time=1d" -o out/code-review-1d.vsm.yaml
	$(VSM) whatif examples/code-review-wait.vsm.yaml --set "Code review.wait_time=1d" -o out/code-review-1d.svg
	@echo "== a map measured from a work tracker's history, then quarter by quarter"
	$(VSM) measure examples/tracker/history.csv --map examples/tracker/skeleton.vsm.yaml \
	  --columns "item=Issue key,status=To,at=Created" -o out/tracker-measured.vsm.yaml
	$(VSM) render out/tracker-measured.vsm.yaml -o out/tracker-measured.svg
	$(VSM) report out/tracker-measured.vsm.yaml -o out/tracker-measured.report.html
	$(VSM) measure examples/tracker/history.jsonl --map examples/tracker/skeleton.vsm.yaml \
	  --by quarter -o 'out/tracker-{period}.vsm.yaml'
	$(VSM) compare out/tracker-2026-Q*.vsm.yaml
	$(VSM) compare out/tracker-2026-Q*.vsm.yaml -o out/tracker-compare.svg
	@echo "Everything is in out/"

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

golden: $(STAMP)
	$(BIN)/python tests/regen_golden.py
	$(BIN)/python tests/regen_frozen.py

bench: $(STAMP)
	$(BIN)/python bench/bench.py

clean:
	rm -rf out .pytest_cache build *.egg-info
