# storyweave — the two quick-start commands are `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= storyweave-demo.db

.PHONY: demo test lint typecheck pytest bench clean

$(BIN)/storyweave: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,embed,nlp]'
	touch $(BIN)/storyweave

## demo: set up, ingest the bundled example corpus, show it, then serve it (prints the URL)
demo: $(BIN)/storyweave
	$(BIN)/storyweave --db $(DB) ingest examples/corpus/
	$(BIN)/storyweave --db $(DB) stories
	$(BIN)/storyweave --db $(DB) article examples/corpus/seeds/003_62cb21a93834675e.txt
	$(BIN)/storyweave --db $(DB) provenance examples/corpus/seeds/003_62cb21a93834675e.txt
	$(BIN)/storyweave --db $(DB) story examples/corpus/seeds/003_62cb21a93834675e.txt
	$(BIN)/storyweave --db $(DB) serve

## test: set up, then lint, type-check and run the whole test suite
test: $(BIN)/storyweave lint typecheck pytest

lint:
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

## bench: print the benchmark tables (quality and speed, ours beside a baseline)
bench: $(BIN)/storyweave
	$(BIN)/python bench/extraction.py

clean:
	rm -rf $(VENV) *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache $(DB)*
