"""kefu bundle: what a teacher hands out carries no answers and works without the grader."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograder.bundle import build, leaks
from autograder.classkey import ClassKey

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(course, tmp_path_factory):
    copy = course.copy_to(tmp_path_factory.mktemp("course"))
    import kefu

    app = [Path(kefu.__file__).parent / name for name in ("lab.py", "student.py")]
    made = build(copy, app, tmp_path_factory.mktemp("out") / "学生版.zip")
    site = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(made.zip_path) as outer:
        names = outer.namelist()
        wheel = next(n for n in names if n.endswith(".whl"))
        (site / "w.whl").write_bytes(outer.read(wheel))
        readme = outer.read(next(n for n in names if n.endswith("README.md"))).decode("utf-8")
    with zipfile.ZipFile(site / "w.whl") as inner:
        entries = {n: inner.read(n) for n in inner.namelist()}
        inner.extractall(site)
    return {"made": made, "course": copy, "names": names, "entries": entries, "site": site,
            "readme": readme}


def test_the_bundle_holds_no_solution_no_hidden_test_no_source_and_no_grader(bundle):
    entries = bundle["entries"]
    texts = [(n, b.decode("utf-8", "replace")) for n, b in entries.items()]
    assert leaks(texts) == []
    assert not any(n.startswith(("autograder/", "source/")) or "/source/" in n for n in entries)
    assert not any("BEGIN SOLUTION" in t or "HIDDEN TESTS" in t for _, t in texts)
    assert leaks([("x/source/ch07.ipynb", ""), ("course/a.py", "### BEGIN HIDDEN TESTS")]) == [
        "x/source/ch07.ipynb", "course/a.py"]  # the guard itself can fail


def test_the_bundle_carries_the_class_secret_notebooks_data_and_a_chinese_readme(bundle):
    entries = bundle["entries"]
    secret = ClassKey.of(bundle["course"]).read()
    assert entries["course/classkey.txt"].decode().strip() == secret
    for chapter in bundle["course"].released_chapters():
        notebook = json.loads(entries[f"course/_shipped/release/{chapter}/{chapter}.ipynb"])
        assert notebook["cells"]
    assert "course/_shipped/data/orders.csv" in entries
    assert "kefu/student.py" in entries and "kefu/cli.py" not in entries
    assert "kefu lab --student" in bundle["readme"] and "学号" in bundle["readme"]
    assert bundle["made"].fingerprint == ClassKey.of(bundle["course"]).check()


def _student_kefu(bundle, tmp_path, *args, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("KEFU_COURSE_SECRET", "KEFU_STUDENT", "KEFU_WORKSPACE")}
    clean.update(PYTHONPATH=str(bundle["site"]), **env)
    return subprocess.run([sys.executable, "-m", "kefu", *args], cwd=tmp_path, env=clean,
                          capture_output=True, text=True, timeout=600)


def test_the_student_edition_runs_without_the_grader_and_uses_the_learners_variant(
        bundle, tmp_path):
    done = _student_kefu(bundle, tmp_path, "whoami")
    assert done.returncode == 0 and "公共数据" in done.stdout, done.stderr
    bad = _student_kefu(bundle, tmp_path, "lab", "--student", "张 三", "--no-browser")
    assert bad.returncode == 2 and "学号" in bad.stderr and "Traceback" not in bad.stderr
    from course import variants

    secret = ClassKey.of(bundle["course"]).read()
    variants.save_student("2024001", tmp_path / "workspace")
    done = _student_kefu(bundle, tmp_path, "whoami")
    want = variants.Variant("2024001", variants.derive_key(secret, "2024001")).fingerprint
    assert "2024001" in done.stdout and want in done.stdout, done.stdout + done.stderr


def test_the_student_check_runs_the_visible_tests_only(bundle, tmp_path):
    from kefu import lab

    lab.prepare_workspace(bundle["site"] / "course" / "_shipped" / "release",
                          tmp_path / "workspace")
    untouched = _student_kefu(bundle, tmp_path, "check", "ch00")
    assert untouched.returncode == 0 and "还没有开始作答" in untouched.stdout
    notebook = tmp_path / "workspace" / "ch00" / "ch00.ipynb"
    nb = json.loads(notebook.read_text("utf-8"))
    answer = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution"))
    answer["source"] = "q1 = -1  # a wrong answer the visible test catches"
    notebook.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    done = _student_kefu(bundle, tmp_path, "check", "ch00")
    assert done.returncode == 0, done.stderr
    assert "可见测试" in done.stdout and "未通过" in done.stdout
    assert "Traceback" not in done.stdout
    missing = _student_kefu(bundle, tmp_path, "check", "ch05", "nowhere.ipynb")
    assert missing.returncode == 2 and "找不到笔记本" in missing.stderr
