# Every target creates .venv and installs the project into it when missing,
# so each one works as the very first command on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install lab grade test bench release data lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)            ## open JupyterLab on the course (students, self-learners)
	$(BIN)/kefu lab

grade: $(STAMP)          ## grade the bundled sample class
	$(BIN)/kefu grade

test: $(STAMP)           ## lint, then run the whole test suite
	$(BIN)/ruff check course autograder tests bench
	$(BIN)/python -m pytest

bench: $(STAMP)          ## measure speed; results go to bench/results.md
	$(BIN)/python -m bench.run

release: $(STAMP)        ## rebuild release/ from source/ with nbgrader
	$(BIN)/python -m autograder.release

data: $(STAMP)           ## regenerate data/ from the fixed seed
	$(BIN)/python -m course.shopdata

lint: $(STAMP)
	$(BIN)/ruff check course autograder tests bench

clean:
	rm -rf autograder/submitted autograder/autograded autograder/feedback autograder/exports \
	       autograder/gradebook.db autograder/.cache
