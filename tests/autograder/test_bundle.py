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
    from autograder.roster import import_roster

    names = copy.root / "花名册.csv"
    names.write_text("学号,姓名,班级\n2024001,张三,电商1班\n2024002,李四,电商1班\n", "utf-8")
    import_roster(copy, names)
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


def test_check_in_the_class_edition_knows_each_roster_student_s_own_answer(bundle, tmp_path):
    """练习4.check() in the installed student edition: right for the student's own value,
    a misconception named, another student's value wrong; the key holds no answer."""
    from course import coach, variants

    assert bundle["made"].keyed == 2
    key_text = bundle["entries"]["course/answerkey/ch07.json"].decode("utf-8")
    secret = ClassKey.of(bundle["course"]).read()
    ids = {coach.variant_id(None), *(coach.variant_id(variants.derive_key(secret, s)) for s in ("2024001", "2024002"))}
    assert set(json.loads(key_text)["variants"]) == ids

    def value(student, code):
        env = {"KEFU_STUDENT": student, "KEFU_VARIANT_KEY": variants.derive_key(secret, student)}
        script = ("import os, json\nfrom course import data\norders = data.load('orders')\n" + code +
                  "\nprint(json.dumps(int(q4)))")
        done = subprocess.run([sys.executable, "-c", script], env={**os.environ, **env},
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        return int(done.stdout.strip().splitlines()[-1])

    from autograder.sampleclass.answers import ch07 as known
    from course.coach import solution_of

    source = json.loads((bundle["course"].source_notebook("ch07")).read_text("utf-8"))
    right = value("2024001", solution_of(source, "answer_silent_orders"))
    other = value("2024002", solution_of(source, "answer_silent_orders"))
    wrong = value("2024001", known.MISCONCEPTIONS["answer_silent_orders"][0][1])
    assert len({right, other, wrong}) == 3 and str(right) not in key_text.split('"ok"')[0][-3:]

    def check(q4):
        script = (f"import os\nfrom course import coach\nns = {{'q4': {q4:d}}}\ncoach._namespace = lambda: ns\n"
                  "r = coach.Exercise('ch07', 4).check()\nprint(r.kind, r.message)")
        return _student_python(bundle, tmp_path, script, KEFU_STUDENT="2024001")

    assert check(right).startswith("right")
    named = check(wrong)
    assert named.startswith("wrong") and known.MISCONCEPTIONS["answer_silent_orders"][0][0] in named
    assert check(other).startswith("wrong")


def _student_python(bundle, tmp_path, script, **env):
    clean = {k: v for k, v in os.environ.items()
             if k not in ("KEFU_COURSE_SECRET", "KEFU_STUDENT", "KEFU_WORKSPACE", "KEFU_VARIANT_KEY")}
    clean.update(PYTHONPATH=str(bundle["site"]), KEFU_WORKSPACE=str(tmp_path), **env)
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=clean,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()
