"""What a teacher hands out to a class (``kefu bundle``): the student edition, no answers.

The bundle is a zip holding an installable wheel (``kefu-course-student``) and a short
Chinese README. The wheel carries the ``course`` package with the class's secret
(``course/classkey.txt``: each student's variant is derived from it and the 学号), the
student notebooks (``release/``) and the shop data (``course/_shipped/``), and the
student-side ``kefu`` command (lab, check with the visible tests, progress). It never
carries ``source/`` (solutions, hidden tests), ``autograder/`` or the gradebook;
:func:`leaks` checks that, and ``kefu bundle`` refuses to write a bundle that leaks.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from autograder.classkey import ClassKey
from autograder.coursedir import Course

_LEAKS = [re.compile(p) for p in (r"BEGIN SOLUTION", r"BEGIN HIDDEN TESTS", r"END HIDDEN TESTS")]


class BundleError(ValueError):
    """The bundle cannot be built (Chinese message)."""


@dataclass(frozen=True)
class Bundle:
    zip_path: Path
    wheel_name: str
    fingerprint: str
    keyed: int = 0


def _pyproject(version: str, dependencies: list[str]) -> str:
    deps = ",\n    ".join(f'"{d}"' for d in dependencies)
    return f'''[build-system]
requires = ["setuptools>=77"]
build-backend = "setuptools.build_meta"

[project]
name = "kefu-course-student"
version = "{version}"
description = "淘宝网店金牌客服：学生版（不含答案和隐藏测试）"
requires-python = ">=3.11"
dependencies = [
    {deps},
]

[project.scripts]
kefu = "kefu.student:main"

[tool.setuptools.packages.find]
include = ["course*", "kefu*"]

[tool.setuptools.package-data]
course = ["classkey.txt", "_shipped/**/*", "answerkey/*.json"]
'''


README = """# 淘宝网店金牌客服 —— 学生版

这是老师发给本班的课程（不含答案）。需要 Python 3.11 或更新版本。

```bash
python3 -m venv .venv
.venv/bin/pip install {wheel}
.venv/bin/kefu lab --student 你的学号      # 第一次：记住学号并打开 JupyterLab
.venv/bin/kefu lab ch07                    # 以后：直接打开某一章
```

Windows：把 `.venv/bin/` 换成 `.venv\\Scripts\\`。

- 每位同学的店铺数据、题目里的数字和选项顺序都是自己的（由学号决定），抄同学的答案拿不到分。
- 学号只需输入一次（保存在工作区 `workspace/.kefu-student`）；也可以在每章第一个单元格下面的框里输入。
- 每道题下面的 `练习3.check()` 立即告诉你主要情况做得对不对，`练习3.hint()`、`练习3.hint(2)` 给出提示；
  参考答案在本章截止之后由老师发布（`答案_ch07.json`，放进 ch07 文件夹后运行 `练习3.solution()`）。
  检查、提示和查看答案的次数会记录下来，老师能看到。
- `kefu check ch07` 运行本章的可见测试（格式检查）；分数由老师用隐藏测试评定。
- `kefu progress` 查看 9 章的作答进度；`kefu whoami` 查看本机记住的学号。
- 作业文件在 `workspace/chNN/chNN.ipynb`，按老师的要求提交这个文件。
"""


def leaks(names_and_texts: list[tuple[str, str]]) -> list[str]:
    """Names of the entries that look like answers, hidden tests or the grader."""
    found = []
    for name, text in names_and_texts:
        parts = Path(name).parts
        if "source" in parts or "autograder" in parts or name.endswith(".db"):
            found.append(name)
        elif any(p.search(text) for p in _LEAKS):
            found.append(name)
    return found


def _answer_keys(course: Course, secret: str | None, out_dir: Path, jobs: int) -> int:
    """Write the answer keys behind 练习N.check() for every student on the roster (and the
    public variant); returns how many students are keyed."""
    from autograder.answerkey import build as build_keys
    from autograder.roster import load_saved_roster
    from course.variants import derive_key

    students: list[tuple[str, str | None]] = [("", None)]
    roster = sorted(load_saved_roster(course)) if secret is not None else []
    students += [(student, derive_key(secret, student)) for student in roster]
    build_keys(course.root, course.released_chapters(), students, out_dir, jobs=jobs)
    return len(roster)


def build(course: Course, app_files: list[Path], out: Path | None = None, jobs: int = 2,
          ship_secret: bool = True) -> Bundle:
    """Build the student bundle of ``course`` (its class secret is created if missing).

    ``app_files`` are the student side of the app (``kefu/lab.py`` and ``kefu/student.py``):
    the app hands them down, so the grader never imports the app.

    ``ship_secret=False`` builds the class server's edition: no class secret and only the
    public variant's answer keys in the package. The server hands each student's JupyterLab
    their own variant key instead (``KEFU_STUDENT`` + ``KEFU_VARIANT_KEY``), so no student
    can derive a classmate's variant; nothing of the course's secret is created or read.
    """
    key = ClassKey.of(course)
    if key.per_student and ship_secret:
        fingerprint, _ = key.create()
        secret = key.read()
    elif key.per_student:
        fingerprint, secret = "（班级服务器：密钥不随课程发放）", None
    else:
        fingerprint, secret = "public", None
    pyproject = tomllib.loads((course.root / "pyproject.toml").read_text("utf-8")) \
        if (course.root / "pyproject.toml").is_file() else {}
    project = pyproject.get("project", {})
    version = project.get("version", "0.1.0")
    dependencies = [d for d in project.get("dependencies", [])
                    if not d.startswith(("nbgrader", "nh3", "tqdm"))] or [
        "jupyterlab>=4.4,<5", "ipywidgets>=8.1,<9", "pandas>=3.0,<4", "matplotlib>=3.9"]
    import course as course_package

    out = Path(out or course.exports_dir / f"kefu-学生版-{date.today():%Y%m%d}.zip")
    with tempfile.TemporaryDirectory(prefix="kefu-bundle-") as tmp:
        stage = Path(tmp) / "stage"
        shutil.copytree(Path(course_package.__file__).parent, stage / "course",
                        ignore=shutil.ignore_patterns("__pycache__", "classkey.txt", "_shipped"))
        shipped = stage / "course" / "_shipped"
        for chapter in course.released_chapters():
            shutil.copytree(course.release_dir / chapter, shipped / "release" / chapter,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        data = Path(course_package.__file__).resolve().parents[1] / "data"
        shutil.copytree(data, shipped / "data")
        if secret is not None:
            (stage / "course" / "classkey.txt").write_text(secret + "\n", encoding="utf-8")
        keyed = _answer_keys(course, secret, stage / "course" / "answerkey", jobs)
        kefu_dir = stage / "kefu"
        kefu_dir.mkdir()
        (kefu_dir / "__init__.py").write_text(
            '"""The student edition of the kefu command (see kefu/student.py)."""\n', "utf-8")
        (kefu_dir / "__main__.py").write_text(
            "from kefu.student import main\n\nraise SystemExit(main())\n", "utf-8")
        for path in app_files:
            shutil.copy(path, kefu_dir / Path(path).name)
        (stage / "pyproject.toml").write_text(_pyproject(version, dependencies), "utf-8")
        wheels = Path(tmp) / "wheels"
        done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                               "-w", str(wheels), str(stage)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BundleError("学生版安装包（wheel）生成失败：" + (done.stderr or done.stdout)[-800:])
        wheel = next(wheels.glob("*.whl"))
        with zipfile.ZipFile(wheel) as built:
            entries = [(n, built.read(n).decode("utf-8", "replace")) for n in built.namelist()]
        problems = leaks(entries)
        if problems:
            raise BundleError("学生版里出现了答案、隐藏测试或评分程序，没有生成：" + "、".join(problems[:5]))
        out.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
            bundle.write(wheel, f"kefu-学生版/{wheel.name}")
            bundle.writestr("kefu-学生版/README.md", README.format(wheel=wheel.name))
    return Bundle(out, wheel.name, fingerprint, keyed)
