"""The orientation notebook (source/ch00): valid, small, Chinese, and its one exercise grades right."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import matplotlib
import nbformat
import pytest

from autograder.stubs import CODE_STUB
from course import checks
from course.chapters import CHAPTERS
from kefu import cli

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "source" / "ch00" / "ch00.ipynb"
_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS\n.*?### END HIDDEN TESTS\n?", re.S)
_SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION\n?", re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def guide() -> dict:
    notebook = json.loads(GUIDE.read_text("utf-8"))
    for cell in notebook["cells"]:  # nbformat may store a source as a list of lines
        if isinstance(cell["source"], list):
            cell["source"] = "".join(cell["source"])
    return notebook


def _meta(cell: dict) -> dict:
    return cell["metadata"].get("nbgrader", {})


def _cell(guide: dict, grade_id: str) -> dict:
    return next(c for c in guide["cells"] if _meta(c).get("grade_id") == grade_id)


def _graded(guide: dict) -> list[dict]:
    return [c for c in guide["cells"] if _meta(c).get("grade")]


def _run(guide: dict, answer: str | None = None, hidden: bool = True,
         upto: str | None = None) -> dict:
    """Execute the code cells in order in one namespace, as a kernel would.

    ``answer`` replaces the solution region (the released stub when it is CODE_STUB);
    without ``hidden``, the test cells run as the student sees them.
    """
    matplotlib.use("Agg")
    namespace: dict = {"__name__": "__main__"}
    for cell in guide["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = cell["source"]
        if re.match(r"(#[^\n]*\n)*练习\d+\.check\(\)", source):
            continue  # the learner's check cell needs the kernel's exercise handles
        if _meta(cell).get("solution") and answer is not None:
            source = _SOLUTION.sub(lambda _: answer + "\n", source)
        if _meta(cell).get("grade") and not hidden:
            source = _HIDDEN.sub("", source)
        try:
            exec(compile(source, cell["id"], "exec"), namespace)  # noqa: S102 - our own notebook
        except NameError:  # a practice cell of the on-ramp with its blanks ___ still there
            if "raises-exception" not in cell["metadata"].get("tags", []):
                raise
        if upto and _meta(cell).get("grade_id") == upto:
            break
    return namespace


def _test_id(guide: dict) -> str:
    return _graded(guide)[0]["metadata"]["nbgrader"]["grade_id"]


def test_guide_is_valid_nbformat_4_5_with_cell_ids(guide):
    node = nbformat.reads(GUIDE.read_text("utf-8"), as_version=4)
    nbformat.validate(node)
    assert (guide["nbformat"], guide["nbformat_minor"]) == (4, 5)
    ids = [c["id"] for c in guide["cells"]]
    assert all(ids) and len(set(ids)) == len(ids)
    assert guide["metadata"]["kernelspec"]["name"] == "python3"


def test_guide_is_committed_without_outputs(guide):
    for cell in guide["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["id"]


def test_guide_stays_short(guide):
    """The first part (the orientation) stays short; the Python on-ramp follows it."""
    onramp = next(i for i, c in enumerate(guide["cells"]) if c["source"].startswith("# 第二部分"))
    assert 15 <= onramp <= 25
    assert len(guide["cells"]) <= 100


def test_every_markdown_cell_is_chinese(guide):
    for cell in guide["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        prose = re.sub(r"`[^`]*`|```.*?```", "", cell["source"], flags=re.S)
        letters = len(re.findall(r"[A-Za-z]", prose))
        assert len(_CJK.findall(prose)) > 2 * letters, cell["id"]


def test_setup_cell_is_locked_and_calls_the_course_setup(guide):
    setup = _cell(guide, "setup")
    assert guide["cells"].index(setup) == 1
    assert _meta(setup)["locked"] and not _meta(setup)["grade"]
    assert "from course.notebook import setup\nsetup(\"ch00\")" in setup["source"]


def test_exactly_one_graded_item_worth_one_point(guide):
    graded = _graded(guide)
    assert len(graded) == 1
    meta = _meta(graded[0])
    assert graded[0]["cell_type"] == "code" and meta["points"] == 1 and meta["locked"]
    assert meta["schema_version"] == 3
    solutions = [c for c in guide["cells"] if _meta(c).get("solution")]
    assert len(solutions) == 1 and not _meta(solutions[0])["grade"]
    assert _SOLUTION.search(solutions[0]["source"])
    following = guide["cells"][guide["cells"].index(solutions[0]) + 1]
    assert following is graded[0], "the test cell sits right below the answer cell"


def test_test_cell_opens_with_a_docstring_and_never_ends_with_a_bare_value(guide):
    tree = ast.parse(_graded(guide)[0]["source"])
    first, last = tree.body[0], tree.body[-1]
    assert isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
    assert "### BEGIN HIDDEN TESTS" in _graded(guide)[0]["source"]
    assert not (isinstance(last, ast.Expr) and not isinstance(last.value, ast.Call))


def test_solution_passes_visible_and_hidden_tests(guide):
    _run(guide, upto=_test_id(guide))


def test_every_code_cell_runs_in_order_with_the_solution(guide):
    namespace = _run(guide)
    assert "simulator" in namespace and "monthly" in namespace
    matplotlib.pyplot.close("all")


@pytest.mark.parametrize("wrong", [
    "q1 = len(orders)",
    "q1 = int((orders['status'] == 'WAIT_BUYER_PAY').sum())",
    "q1 = int((orders['status'] == 'TRADE_FINISHED').sum()) + 1",
    "q1 = int(orders['paid_at'].notna().sum())",
])
def test_known_wrong_counts_pass_the_visible_test_but_fail_the_hidden_one(guide, wrong):
    _run(guide, answer=wrong, hidden=False, upto=_test_id(guide))
    with pytest.raises(checks.AnswerError):
        _run(guide, answer=wrong, upto=_test_id(guide))


@pytest.mark.parametrize("wrong", ['q1 = "4572"', "q1 = 4572.5", "q1 = -3", "q1 = None"])
def test_answers_of_the_wrong_shape_fail_the_visible_test(guide, wrong):
    with pytest.raises(AssertionError) as failure:
        _run(guide, answer=wrong, hidden=False, upto=_test_id(guide))
    assert _CJK.search(str(failure.value)), "the hint is Chinese"


def test_the_released_stub_fails_in_the_answer_cell(guide):
    with pytest.raises(NotImplementedError):
        _run(guide, answer=CODE_STUB, upto=_test_id(guide))


def test_the_hidden_test_never_shows_the_expected_value(guide):
    with pytest.raises(checks.AnswerError) as failure:
        _run(guide, answer="q1 = len(orders)", upto=_test_id(guide))
    expected = str((_run(guide, upto="setup")["data"].load("orders")["status"]
                    == "TRADE_FINISHED").sum())
    assert expected not in str(failure.value)


def test_guide_explains_what_the_brief_asks_for(guide):
    text = "\n".join(c["source"] for c in guide["cells"] if c["cell_type"] == "markdown")
    for needed in ("Validate", "kefu check", "kefu progress", "kefu lab", "复制为代码",
                   "学号_姓名_chNN.ipynb", "Shift + Enter", "运行所有单元格", "知识目标",
                   "案例导入", "本章小结", "隐藏测试", "mplfonts", "花卉知六"):
        assert needed in text, needed


def test_guide_lists_every_chapter_by_its_title(guide):
    text = "\n".join(c["source"] for c in guide["cells"])
    for title in CHAPTERS.values():
        assert title in text, title


@pytest.mark.parametrize("command", ["lab", "check", "progress"])
def test_every_kefu_command_the_guide_names_exists(guide, command, capsys):
    text = "\n".join(c["source"] for c in guide["cells"])
    assert set(re.findall(r"kefu (\w+)", text)) == {"lab", "check", "progress"}
    with pytest.raises(SystemExit) as done:
        cli.main([command, "--help"])
    assert done.value.code == 0


def test_widget_default_code_matches_the_cell_learners_paste_into(guide):
    namespace = _run(guide)
    simulator = namespace["simulator"]
    pasted = next(c for c in guide["cells"] if "promotions.quote(cart, plan)" in c["source"])
    scratch: dict = {}
    exec(pasted["source"].split("\n\nprint")[0], scratch)  # noqa: S102 - our own notebook
    assert scratch["plan"] == simulator.plan() and scratch["cart"] == simulator.cart()
    labels = [getattr(child, "value", "") for child in simulator.children]
    assert any("复制为代码" in str(label) for label in labels)
    matplotlib.pyplot.close("all")


def test_example_file_name_is_one_the_intake_accepts(guide, tmp_path):
    from autograder import intake

    text = "\n".join(c["source"] for c in guide["cells"])
    example = re.search(r"`(\d+_[^_`]+_ch01\.ipynb)`", text).group(1)
    folder = tmp_path / "收上来的作业"
    folder.mkdir()
    (folder / example).write_text(json.dumps(nbformat.v4.new_notebook()), "utf-8")
    found = intake.collect(folder, ["ch01"], tmp_path / "submitted")
    assert list(found.names) == [example.split("_")[0]]


@pytest.mark.slow
def test_nbgrader_generates_a_release_without_solution_or_hidden_test(course, tmp_path):
    from autograder.release import build_release

    made = build_release(course, ["ch00"], out_dir=tmp_path)["ch00"] / "ch00.ipynb"
    release = nbformat.reads(made.read_text("utf-8"), as_version=4)
    nbformat.validate(release)
    text = "\n".join(c.source for c in release.cells)
    assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert CODE_STUB in text and "TRADE_FINISHED\" 的订单" not in text
