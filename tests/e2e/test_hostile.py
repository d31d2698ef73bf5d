"""The hostile-submission corpus (tests/e2e/hostile.py), graded as root and as a normal user.

Each mode grades every case in one batch together with honest students, so it
also shows that no submission can stop or disturb the others. As root, the
"user" mode runs the batch as ``nobody`` in a private mount namespace that
exposes the Python installation (which may live under a private home folder).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder import pipeline, sampleclass
from autograder.coursedir import Course
from autograder.engine.worker import BASE_UID, TESTER_UID, sandbox_kind
from tests.e2e import hostile

# alone: test_no_student_process_outlives_the_batch looks at every process of the machine.
pytestmark = [pytest.mark.slow, pytest.mark.alone,
              pytest.mark.skipif(sandbox_kind() == "none", reason="评分引擎需要 Linux")]
CH = hostile.CHAPTER
HONEST = ["honest_full_1", "honest_full_2", "honest_wrong"]
NOBODY = 65534
ROOT = os.geteuid() == 0
CONFIG = "\nc.Execute.timeout = 4\nc.SandboxLimits.memory_bytes = 1024**3\n"
GRADE = """
import json, sys, warnings
warnings.filterwarnings("ignore")
from autograder import pipeline
from autograder.coursedir import Course
outcomes = pipeline.autograde_all(Course.load(sys.argv[1]), [sys.argv[2]], None,
                                  progress=False, jobs=2)
print(json.dumps([[o.student_id, o.ok, o.reason] for o in outcomes], ensure_ascii=False))
"""


def _prepare(course: Course, folder: Path) -> Course:
    root = course.copy_to(folder, chapters=[CH]).root
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as config:
        config.write(CONFIG)
    graded = Course.load(root)
    # A class's own secret file (the run as nobody starts from an empty environment, so
    # it cannot rely on KEFU_COURSE_SECRET): every case is graded as its own student.
    (root / "autograder").mkdir(exist_ok=True)
    (root / "autograder" / "classkey.txt").write_text("kefu-hostile-secret\n", "utf-8")
    release = json.loads(graded.release_notebook(CH).read_text("utf-8"))
    bank = sampleclass.answer_bank(graded, CH)
    full = {gid: answers[0] for gid, answers in bank.items()}
    wrong = {gid: answers[1] for gid, answers in bank.items()}
    for name, (case, data) in hostile.build_all(release, full, wrong, sampleclass.fill).items():
        (graded.submitted_dir / name / CH).mkdir(parents=True)
        (graded.submitted_dir / name / CH / case.filename).write_bytes(data)
    for name in HONEST:
        (graded.submitted_dir / name / CH).mkdir(parents=True)
        nb = sampleclass.fill(release, wrong if "wrong" in name else full)
        (graded.submitted_dir / name / CH / f"{CH}.ipynb").write_text(json.dumps(nb), "utf-8")
    assert pipeline.prepare_gradebook(graded, [CH]) == []
    return graded


def _grade_here(course: Course) -> dict[str, tuple[bool, str]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KEFU_TEACHER_TOKEN", hostile.TEACHER_SECRET)
        outcomes = pipeline.autograde_all(course, [CH], None, progress=False, jobs=2)
    return {o.student_id: (o.ok, o.reason) for o in outcomes}


def _blocked(paths: list[str]) -> dict[str, set[str]]:
    """Folders others cannot enter on the way to ``paths`` → the entries that must show."""
    found: dict[str, set[str]] = {}
    for path in paths:
        parts = Path(path).resolve().parts
        for i in range(1, len(parts) - 1):
            folder = Path(*parts[: i + 1])
            if not folder.stat().st_mode & 0o001:
                found.setdefault(str(folder), set()).add(parts[i + 1])
                break
    return found


def _grade_as_nobody(course: Course) -> dict[str, tuple[bool, str]]:
    """Run the batch as an unprivileged user, the Python install exposed read-only."""
    for tool in ("unshare", "setpriv"):
        if shutil.which(tool) is None:
            pytest.skip(f"需要 {tool} 才能以普通用户身份评分")
    home = Path(tempfile.mkdtemp(prefix="kefu-nobody-home-", dir=course.root.parent))
    subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(course.root), str(home)],
                   check=True)
    import course as course_package

    needed = [sys.base_prefix, sys.prefix, os.path.dirname(course_package.__file__),
              str(course.root), os.environ.get("KEFU_DATA_DIR", str(Path(
                  course_package.__file__).resolve().parents[1] / "data"))]
    script = ["set -e", "keep=$(mktemp -d)"]
    for i, (folder, entries) in enumerate(_blocked(needed).items()):
        script += [f"mkdir -p $keep/{i}", f"mount --bind '{folder}' $keep/{i}",
                   f"mount -t tmpfs -o mode=0755,size=1m tmpfs '{folder}'"]
        for entry in entries:
            script += [f"mkdir -p '{folder}/{entry}'",
                       f"mount --bind $keep/{i}/'{entry}' '{folder}/{entry}'"]
    env = (f"PATH={os.path.dirname(sys.executable)}:/usr/bin:/bin HOME={home} "
           f"KEFU_TEACHER_TOKEN={hostile.TEACHER_SECRET}")
    script.append(f"exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups "
                  f"--inh-caps=-all env -i {env} {sys.executable} -c \"$GRADE\" "
                  f"'{course.root}' {CH}")
    done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c",
                           "\n".join(script)], capture_output=True, text=True,
                          env={**os.environ, "GRADE": GRADE}, timeout=1200, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    return {student: (ok, reason) for student, ok, reason in rows}


@pytest.fixture(scope="module", params=["root", "user"])
def corpus(request, course):
    mode = request.param
    if mode == "root" and not ROOT:
        pytest.skip("以 root 评分的模式需要 root 权限")
    # A folder every user can enter (pytest's own temp folders are private to root).
    folder = Path(tempfile.mkdtemp(prefix=f"kefu-hostile-{mode}-"))
    folder.chmod(0o755)
    try:
        graded = _prepare(course, folder / "course")
        results = _grade_as_nobody(graded) if mode == "user" and ROOT else _grade_here(graded)
        with graded.gradebook() as gradebook:
            totals = {s.student_id: s.score for s in gradebook.assignment_submissions(CH)}
        cases = {case.name: case for case in hostile._cases(sampleclass.fill)}
        yield {"mode": mode, "course": graded, "cases": cases, "results": results,
               "totals": totals}
    finally:
        if not os.environ.get("KEFU_KEEP_CORPUS"):
            shutil.rmtree(folder, ignore_errors=True)


def test_the_batch_grades_every_submission(corpus):
    assert set(corpus["results"]) == set(corpus["cases"]) | set(HONEST)
    assert set(corpus["totals"]) == set(corpus["results"])


def test_honest_students_are_untouched_by_the_hostile_ones(corpus):
    assert corpus["totals"]["honest_full_1"] == hostile.FULL
    assert corpus["totals"]["honest_full_2"] == hostile.FULL
    assert corpus["totals"]["honest_wrong"] == 0


@pytest.mark.parametrize("name", [c.name for c in hostile._cases(sampleclass.fill)])
def test_each_case_gets_its_expected_score_and_reason(corpus, name):
    case = corpus["cases"][name]
    assert corpus["totals"][name] == case.total, case.what
    _ok, reason = corpus["results"][name]
    feedback = corpus["course"].feedback_page(name, CH)
    assert feedback.is_file()
    if case.reason:
        assert case.reason in reason, reason
        assert case.reason in feedback.read_text("utf-8")


def _hidden_lines(course: Course) -> list[str]:
    source = json.loads(course.source_notebook(CH).read_text("utf-8"))
    return [line.strip() for c in source["cells"]
            for block in "".join(c["source"]).split("### BEGIN HIDDEN TESTS")[1:]
            for line in block.split("### END HIDDEN TESTS")[0].splitlines()
            if len(line.strip()) > 12]


def test_feedback_never_shows_hidden_tests(corpus):
    hidden = _hidden_lines(corpus["course"])
    assert hidden
    for page in corpus["course"].feedback_dir.glob(f"*/{CH}/{CH}.html"):
        text = page.read_text("utf-8")
        assert not [line for line in hidden if line in text], page


def test_no_student_saw_hidden_tests_or_the_teachers_environment(corpus):
    hidden = _hidden_lines(corpus["course"])
    for notebook in corpus["course"].autograded_dir.glob(f"*/{CH}/{CH}.ipynb"):
        outputs = json.dumps([o for c in json.loads(notebook.read_text("utf-8"))["cells"]
                              if c["cell_type"] == "code"
                              and not c["metadata"].get("nbgrader", {}).get("grade")
                              for o in c.get("outputs", [])], ensure_ascii=False)
        assert hostile.TEACHER_SECRET not in outputs, notebook
        assert not [line for line in hidden if line in outputs], notebook


def _outputs(notebook: Path) -> str:
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    return json.dumps([o for c in cells for o in c.get("outputs", [])], ensure_ascii=False)


def test_no_attack_reached_another_process(corpus):
    notebooks = list(corpus["course"].autograded_dir.glob(f"*/{CH}/{CH}.ipynb"))
    assert len(notebooks) > 50
    for notebook in notebooks:
        shown = _outputs(notebook)
        assert not [m for m in hostile.MARKERS if m in shown], (notebook, shown[:2000])


def test_an_answer_never_run_is_explained_in_chinese(corpus):
    page = corpus["course"].feedback_page("deleted_answer", CH).read_text("utf-8")
    assert "还没有定义" in page
    assert "custom exception" not in page.lower() and "Custom TB" not in page


def test_a_flood_of_display_output_is_capped(corpus):
    notebook = corpus["course"].autograded_notebook("display_flood", CH)
    assert notebook.stat().st_size < 9 * 1024**2
    assert "输出超过了评分时的上限" in notebook.read_text("utf-8")


def test_no_student_process_outlives_the_batch(corpus):
    uids = ({NOBODY} if corpus["mode"] == "user" and ROOT
            else set(range(BASE_UID, BASE_UID + 100)) | set(range(TESTER_UID, TESTER_UID + 100)))
    if not ROOT:
        pytest.skip("以普通用户运行时无法区分学生进程和自己的进程")
    leftovers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            # a process that has exited but is not reaped yet (Z, X) runs nothing
            if os.stat(f"/proc/{pid}").st_uid in uids and state not in ("Z", "X"):
                leftovers.append((state, Path(f"/proc/{pid}/cmdline").read_bytes()[:200]))
        except (OSError, IndexError):
            continue
    assert leftovers == []
