# Two commands do all set-up on a fresh machine with Python 3.11+ and pip:
#   make run    start Alongside with a demo circle on SQLite (http://localhost:8000/)
#   make test   run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint lock clean

# The exact versions CI tests (requirements.lock, with hashes), then Alongside itself; a dependency
# added to pyproject.toml but not yet locked still installs (tests/test_lock_file.py asks for `make lock`).
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Refresh requirements.lock after changing a dependency in pyproject.toml (keeps other pins).
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet pip-tools
	$(VENV)-lock/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml

run: $(BIN)/.installed
	$(BIN)/alongside serve --demo --host $(HOST) --port $(PORT)

test: $(BIN)/.installed
	$(BIN)/python -m pytest -n auto --dist loadfile -q

lint: $(BIN)/.installed
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) $(VENV)-lock var
