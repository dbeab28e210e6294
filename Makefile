# The targets CI runs. Everything installs from this repository's own files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint system lock messages bench clean

# Every dependency comes from the lock, pinned by hash (make lock writes it from pyproject.toml).
$(STAMP): pyproject.toml requirements-dev.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# requirements.lock: what the workflows install (with the build backend); requirements-dev.lock: the
# same and the test tools. For Python 3.11 on Linux, like GitHub's runners.
LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --python-platform linux --no-header
lock: $(STAMP)
	printf 'hatchling>=1.27\neditables>=0.5\n' | $(LOCK) pyproject.toml - -o requirements.lock
	printf 'hatchling>=1.27\neditables>=0.5\n' | $(LOCK) --extra test pyproject.toml - -o requirements-dev.lock

demo: $(STAMP)
	rm -rf build/demo
	$(BIN)/humas demo build/demo

# The Debian packages the tests use (sshd, rsync, Chromium, Pango): installed when this user can,
# otherwise make stops at once with the one line to run (.ci/system-packages).
system:
	bash .ci/system-packages

test: system lint
	$(BIN)/pytest -q -n auto --dist worksteal
	$(BIN)/python bench/run.py --quick

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench tools
	$(BIN)/ruff format --check --quiet pipeline tests bench tools
	$(BIN)/mypy pipeline tools
	$(BIN)/vulture pipeline vulture_allow.py --min-confidence 60 --exclude pipeline/editor/vendor
	$(BIN)/lint-imports --no-cache

# The Indonesian catalogue: add the messages new in the code (to translate), drop those gone.
messages: $(STAMP)
	mkdir -p build
	$(BIN)/python -m tools.catalogue build/humas.pot
	$(BIN)/pybabel update -i build/humas.pot -d pipeline/locale -D humas -l id --no-fuzzy-matching \
	  --ignore-obsolete --width 120

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build site outbox .pytest_cache
