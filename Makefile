# il6sim: `make run` (main job) and `make test` (whole suite) set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
OUT ?= il6sim-out
HOST ?= 127.0.0.1
PORT ?= 8050

.PHONY: setup run serve test calibrate sample calibrate-hepg2 profiles bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/il6sim compare --out $(OUT)

serve: $(STAMP)
	$(BIN)/il6sim serve --host $(HOST) --port $(PORT)

test: $(TEST_STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -n 2 --dist loadgroup

calibrate: $(STAMP)
	MPLBACKEND=Agg $(BIN)/il6sim calibrate joint --out calibration-joint

sample: $(STAMP)
	MPLBACKEND=Agg $(BIN)/il6sim calibrate sample --out calibration-joint

profiles: $(STAMP)
	MPLBACKEND=Agg $(BIN)/il6sim calibrate profiles --out calibration-joint/profiles

calibrate-hepg2: $(STAMP)
	$(BIN)/il6sim calibrate hepg2 --out calibration-hepg2

bench: $(STAMP)
	$(BIN)/python benchmarks/engine.py --json
	$(BIN)/python benchmarks/sweep.py --json

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
