# make run   — set up (first time) and launch Marquee
# make test  — set up (first time) and run the whole test suite offscreen
.PHONY: run test lint setup

setup:
	@bash tools/bootstrap.sh

run: setup
	.venv/bin/python main.py $(ARGS)

test: setup
	QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q $(ARGS)

lint: setup
	.venv/bin/ruff check .
	.venv/bin/mypy
