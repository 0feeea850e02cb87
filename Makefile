# The few commands a newcomer needs. `make report` and `make test` work on a fresh machine:
# each sets up .venv first (torch 2.13.0 CPU build before anything that pulls torch).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Where torch comes from. PyPI's Linux wheel is the CUDA build (gigabytes crosscheck never uses):
# on such a machine, `make TORCH_INDEX=https://download.pytorch.org/whl/cpu` takes the CPU build.
TORCH_INDEX ?=

.PHONY: setup report test test-fast test-ray lint bench bench-perf bench-scale onnx check \
	install-check clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0 $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet -e '.[dev,ray]'
	touch $(STAMP)

report: setup
	HF_HUB_OFFLINE=1 $(BIN)/crosscheck report seeds/ --out reports/consistency.md
	HF_HUB_OFFLINE=1 $(BIN)/crosscheck report seeds/ --format json --out reports/consistency.json

test: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not realmodel and not ray"

# The Ray engine on a two-node cluster simulated on this machine (part of `make test` too).
test-ray: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m pytest -q -m ray

lint: setup
	$(BIN)/ruff check crosscheck tests bench
	$(BIN)/mypy crosscheck

bench: setup
	$(BIN)/python bench/temporal.py

# Export the model to ONNX once, so that `crosscheck query` starts without torch (~15 s).
onnx: setup
	HF_HUB_OFFLINE=1 $(BIN)/python -m crosscheck.onnx_export

# The speed benchmarks of bench/PERFORMANCE.md (about 20 minutes on 2 cores).
bench-perf: onnx
	$(BIN)/python bench/throughput.py
	$(BIN)/python bench/incremental.py
	$(BIN)/python bench/memory.py
	$(BIN)/python bench/query.py --hnsw

# Sentences/s of the local engine and of Ray with 1 and 2 workers, then the compressed index at
# 200k, 1M and 2M sentences (docs/SCALE.md; about 25 minutes on 2 cores).
bench-scale: setup
	HF_HUB_OFFLINE=1 $(BIN)/python bench/scale.py

check: setup
	HF_HUB_OFFLINE=1 $(BIN)/crosscheck check seeds/

# Install as a user would (fresh venv, its own pip, not editable) in a temp dir and run one
# report: catches a dependency that the dev setup hides (about 3 minutes).
install-check:
	PYTHON=$(PYTHON) bash .ci/plain-install

clean:
	rm -rf .crosscheck .pytest_cache bench/out
