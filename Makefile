# Every target creates .venv and installs the project into it when missing,
# so each one works as the very first command on a fresh clone.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install lab grade test bench release data lint clean browser-deps

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

test: $(STAMP) browser-deps  ## lint, then run the whole test suite
	$(BIN)/ruff check course autograder tests bench
	$(BIN)/python -m pytest

# The browser tests drive Debian's chromium (a test tool's own browser download
# does not work offline) and need a CJK font to show Chinese. Installed when
# missing and we are root with apt; otherwise the browser tests are skipped.
browser-deps:
	@need=""; command -v chromium >/dev/null 2>&1 || need="chromium"; \
	fc-list :lang=zh 2>/dev/null | grep -q . || need="$$need fonts-noto-cjk"; \
	if [ -n "$$need" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "安装浏览器测试所需的软件包：$$need"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$need >/dev/null; \
	  else \
	    echo "缺少 $$need：浏览器测试将被跳过（以 root 运行 make test 可自动安装）。"; \
	  fi; \
	fi

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
