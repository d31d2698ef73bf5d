# Every target creates .venv and installs the project into it when missing,
# so each one works as the very first command on a fresh clone.

# Python's own default: cache compiled modules (and pytest's rewritten test modules) in
# __pycache__. Some machines set PYTHONDONTWRITEBYTECODE=1, which made every test process,
# every `kefu` command and every server compile the course from source again. Sandboxed
# student code never writes there: it runs with -I under read-only binds, as other uids.
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install lab grade test test-fast test-serial bench release data lint clean system-deps sandbox-deps \
        hub hub-stop hub-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,hub]"
	touch $(STAMP)

install: $(STAMP)

lab: $(STAMP)            ## open JupyterLab on the course (students, self-learners)
	$(BIN)/kefu lab

grade: $(STAMP) sandbox-deps  ## grade the bundled sample class
	$(BIN)/kefu grade

# The suite on TEST_JOBS cores (pytest-xdist): each test module runs on one worker, the class
# server's tests together and the browser tests together (tests/conftest.py); tests marked
# `alone` look at the whole machine and run afterwards, one at a time (all of them are slow).
TEST_JOBS ?= 2
XDIST     := -n $(TEST_JOBS) --dist loadgroup --no-loadscope-reorder

test: $(STAMP) system-deps hub-deps  ## lint, then run the whole test suite on TEST_JOBS cores
	$(BIN)/ruff check course autograder kefu tests bench
	status=0; \
	$(BIN)/python -m pytest $(XDIST) -m "not alone" || status=$$?; \
	$(BIN)/python -m pytest -m alone || status=$$?; \
	exit $$status

test-serial: $(STAMP) system-deps hub-deps  ## as `make test`, in one process (easier to debug)
	$(BIN)/ruff check course autograder kefu tests bench
	$(BIN)/python -m pytest

test-fast: $(STAMP)      ## lint, then every test that is neither slow nor a browser test
	$(BIN)/ruff check course autograder kefu tests bench
	$(BIN)/python -m pytest $(XDIST) -m "not slow and not browser"

# Student code is graded inside bubblewrap (namespaces: no network, no access to the
# course); the browser tests drive Debian's chromium (a test tool's own browser
# download does not work offline) and need a CJK font. Installed when missing and we
# are root with apt; otherwise grading runs without namespaces and the browser tests
# are skipped, and the script says so.
sandbox-deps:
	@sh tools/need-packages.sh "评分将在没有命名空间隔离的情况下进行（以 root 运行可自动安装）。" \
	  bwrap:bubblewrap

system-deps:
	@sh tools/need-packages.sh "相关测试将被跳过（以 root 运行 make test 可自动安装）。" \
	  bwrap:bubblewrap chromium:chromium font-zh:fonts-noto-cjk

# The class server demo (deploy/hub/README.md): PostgreSQL from Debian, the proxy from npm
# (pinned in deploy/hub/package-lock.json), all on 127.0.0.1; `make hub-stop` ends it.
hub: $(STAMP) hub-deps sandbox-deps  ## start the JupyterHub demo class on 127.0.0.1
	$(BIN)/kefu hub start

hub-stop: $(STAMP)       ## stop the JupyterHub demo and its database
	$(BIN)/kefu hub stop

HUB_PROXY := deploy/hub/node_modules/.installed

hub-deps:
	@sh tools/need-packages.sh "班级服务器（make hub）和它的测试无法运行（以 root 运行可自动安装）。" \
	  pg-server:postgresql npm:npm
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory $(HUB_PROXY); fi

$(HUB_PROXY): deploy/hub/package-lock.json
	npm ci --prefix deploy/hub --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

bench: $(STAMP) sandbox-deps hub-deps  ## measure speed; results go to bench/results.md
	$(BIN)/python -m bench.run

release: $(STAMP)        ## rebuild release/ from source/ with nbgrader
	$(BIN)/kefu release

data: $(STAMP)           ## regenerate data/ from the fixed seed
	$(BIN)/python -m course.datagen

lint: $(STAMP)
	$(BIN)/ruff check course autograder kefu tests bench

clean:
	rm -rf autograder/submitted autograder/autograded autograder/feedback autograder/exports \
	       autograder/gradebook.db autograder/.cache
