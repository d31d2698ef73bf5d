"""A class on the hub, end to end, in a real browser (issue 19's "done when").

JupyterHub, the proxy and PostgreSQL on loopback (``kefu.hub.demo.start``, what ``make hub``
runs). In Debian's chromium (Playwright): two students log in (the forced first-login
password change), open the Assignment List, fetch ch07, answer it (one fully, one partly:
the code answers through the Jupyter contents API, the written answer typed in the notebook)
and submit in the Assignment List. The teacher collects and grades with
``kefu grade ch07 --from-exchange``; while that run is still going, a TA marks the written
answer in the Formgrader. ``kefu release-feedback ch07`` returns the feedback; each student
fetches it in the Assignment List and sees their own Chinese page and nobody else's; the
grade sheet shows both students, with the TA's mark. Each step's time goes to
``test-artifacts/browser/hub_e2e_timings.json``, screenshots next to it.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_browser import ARTIFACTS, CHROMIUM

pytestmark = [pytest.mark.slow, pytest.mark.hub, pytest.mark.browser,
              pytest.mark.skipif(CHROMIUM is None, reason="没有安装 chromium")]

if sys.platform != "linux":
    pytest.skip("班级服务器只支持 Linux", allow_module_level=True)
if os.geteuid() != 0:
    pytest.skip("班级服务器需要 root：每个学生的服务器以各自的系统用户运行", allow_module_level=True)

from autograder import sampleclass  # noqa: E402
from autograder.coursedir import Course  # noqa: E402
from bench.hub import demo_class  # noqa: E402
from kefu.hub import demo  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
PREFIX = "kfe"  # neither the demo's "kf" nor test_hub_server's "kft"
FULL, PART = "2026001", "2026002"
NEW_PASSWORDS = {FULL: "Lily-garden-2048", PART: "Tulip-market-4096", "ta": "Orchid-marks-512"}
WRITTEN = "written_improvement_plan"
TA_SCORE, TA_COMMENT = 2.5, "原因分析到位；措施再具体一点（谁来做、何时复查）会更好。"
TIMES: dict[str, float] = {}


@contextlib.contextmanager
def step(name: str):
    started = time.monotonic()
    yield
    TIMES[name] = round(time.monotonic() - started, 1)
    print(f"{name}: {TIMES[name]} s", flush=True)


@pytest.fixture(scope="module")
def hub():
    with demo_class("e2e", PREFIX) as (_, settings):
        try:
            with step("启动 PostgreSQL、JupyterHub 和演示班级（make hub）"):
                passwords = demo.start(settings, say=lambda line: print(line, flush=True))
            yield settings, passwords
        finally:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            log = settings.path("logs", "jupyterhub.log")
            if log.is_file():  # kept for when a test failed
                shutil.copyfile(log, ARTIFACTS / "hub_e2e_jupyterhub.log")
            (ARTIFACTS / "hub_e2e_timings.json").write_text(
                json.dumps(TIMES, ensure_ascii=False, indent=1), "utf-8")


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"hub_{name}.png"))


def _log_in(browser, settings, username: str, password: str):
    """A browser of its own (cookies), through the Chinese login and the forced change."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(f"{settings.url}hub/login")
    assert "登录课程平台" in page.content()
    page.fill("#username_input", username)
    page.fill("#password_input", password)
    if username == FULL:
        _shot(page, "login")
    page.click("#login_submit")
    page.wait_for_selector("#new_password_input")
    assert "设置新密码" in page.content()
    if username == FULL:
        _shot(page, "first_login_change_password")
    page.fill("#new_password_input", NEW_PASSWORDS[username])
    page.fill("#new_password_again_input", NEW_PASSWORDS[username])
    page.click("#change_submit")
    return page


def _lab(page, username: str) -> None:
    page.wait_for_url(f"**/user/{username}/lab**", timeout=240_000)
    page.wait_for_selector(".jp-LabShell", timeout=120_000)
    page.wait_for_selector(".lm-MenuBar-itemLabel >> text=Nbgrader", timeout=120_000)


def _assignment_list(page) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Nbgrader").click()
    page.locator(".lm-Menu-itemLabel", has_text="Assignment List").click()
    page.wait_for_selector("#released_assignments_list .list_item", timeout=60_000)


def _row(page, listing: str, chapter: str = "ch07"):
    return page.locator(f"#{listing} .list_item:not(.nested_list_item)",
                        has=page.locator(".item_name", has_text=chapter)).first


def _xsrf(page, username: str) -> str:
    for cookie in page.context.cookies():
        if cookie["name"] == "_xsrf" and cookie["path"].startswith(f"/user/{username}"):
            return cookie["value"]
    return next(c["value"] for c in page.context.cookies() if c["name"] == "_xsrf")


def _contents(page, settings, username: str, path: str, body: dict | None = None):
    """The student's own files through the Jupyter contents API, in their browser session."""
    url = f"{settings.url}user/{username}/api/contents/{path}"
    headers = {"X-XSRFToken": _xsrf(page, username)}
    if body is None:
        return page.request.get(f"{url}?content=1", headers=headers)
    return page.request.put(url, headers=headers, data=json.dumps(body))


def _answers(course: Course, full: bool) -> dict:
    """A fetched ch07 answered fully (the reference solutions) or partly (the sample class's
    "partial" student), the written answer left for typing."""
    release = json.loads(course.release_notebook("ch07").read_text("utf-8"))
    source = json.loads(course.source_notebook("ch07").read_text("utf-8"))
    if full:
        answers = sampleclass.solutions(source)
    else:
        bank = sampleclass.answer_bank(course, "ch07")
        answers = sampleclass.chapter_answers(bank, "partial", random.Random("hub-e2e"))
    answers.pop(WRITTEN, None)
    return sampleclass.fill(release, answers)


def _type_written_answer(page, text: str) -> None:
    """Open ch07 in JupyterLab, type the written answer into its cell, save."""
    page.locator(".jp-DirListing-item", has_text="ch07").first.dblclick()
    page.locator(".jp-DirListing-item", has_text="ch07.ipynb").first.dblclick()
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook", timeout=90_000)
    cell = page.locator(".jp-MarkdownCell", has_text="请在这里写下你的答案").last
    cell.scroll_into_view_if_needed()
    cell.dblclick()
    editor = cell.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(text)
    page.keyboard.press("Shift+Enter")
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    _shot(page, "student_typed_written_answer")


def _teacher_env(settings) -> dict[str, str]:
    """The teacher's shell: this test process's own KEFU_COURSE_SECRET is not the class's."""
    env = {k: v for k, v in os.environ.items() if k != "KEFU_COURSE_SECRET"}
    return {**env, "KEFU_COURSE": str(settings.course)}


def _run(*args: str, settings) -> subprocess.CompletedProcess:
    env = _teacher_env(settings)
    return subprocess.run([sys.executable, "-m", "kefu", *args], env=env, cwd=str(REPO),
                          capture_output=True, text=True, timeout=900)


def _start_grading(settings) -> subprocess.Popen:
    env = _teacher_env(settings)
    return subprocess.Popen([sys.executable, "-m", "kefu", "grade", "ch07", "--from-exchange",
                             "--jobs", "1", "--quiet"], env=env, cwd=str(REPO),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _ta_marks(ta, settings, notebook_id: str, score_value: float, comment_text: str) -> None:
    """The TA opens the submission in the Formgrader, scores the written answer, comments."""
    # the page binds its inputs once it has loaded the grades and comments
    with ta.expect_response(lambda r: "/formgrader/api/comments?" in r.url and r.ok):
        ta.goto(f"{settings.url}services/formgrader/formgrader/submissions/{notebook_id}/?index=0")
    score = ta.locator(f"#{WRITTEN}")
    score.wait_for(timeout=60_000)
    ta.wait_for_timeout(300)
    with ta.expect_response(lambda r: "/formgrader/api/grade/" in r.url and r.ok):
        score.fill(str(score_value))
        score.press("Tab")
    comment = ta.locator(f"#{WRITTEN}-comment")
    with ta.expect_response(lambda r: "/formgrader/api/comment/" in r.url and r.ok):
        comment.fill(comment_text)
        comment.press("Tab")


def _press(page, listed: str, button: str, lands: str) -> None:
    """In the Assignment List, press ``button`` on ch07's row in ``listed``; wait until the
    row shows in ``lands``."""
    _assignment_list(page)
    _row(page, listed).get_by_role("button", name=button).click()
    _row(page, lands).wait_for(timeout=60_000)


def test_a_class_on_the_hub_from_login_to_feedback(hub, browser):
    from nbgrader.api import MissingEntry

    settings, passwords = hub
    course = Course.load(settings.course)
    written = sampleclass.answer_bank(course, "ch07")[WRITTEN][0]

    with step("两名学生登录（首次登录改密码）并进入 JupyterLab"):
        pages = {name: _log_in(browser, settings, name, passwords[name]) for name in (FULL, PART)}
        for name, page in pages.items():
            _lab(page, name)
        _shot(pages[FULL], "student_lab")

    with step("两名学生在作业列表中获取 ch07"):
        for page in pages.values():
            _press(page, "released_assignments_list", "Fetch", "fetched_assignments_list")
        _shot(pages[FULL], "assignment_list_fetched")

    with step("作答（一人全部、一人部分；书面题在笔记本中输入）"):
        for name, page in pages.items():
            answer = _contents(page, settings, name, "ch07/ch07.ipynb",
                               {"type": "notebook", "format": "json",
                                "content": _answers(course, full=name == FULL)})
            assert answer.ok, answer.text()
        _type_written_answer(pages[FULL], written)
        saved = _contents(pages[FULL], settings, FULL, "ch07/ch07.ipynb").json()["content"]
        assert any(written[:20] in "".join(c["source"]) for c in saved["cells"])

    with step("两名学生在作业列表中提交"):
        for page in pages.values():
            _press(page, "fetched_assignments_list", "Submit", "submitted_assignments_list")
        _shot(pages[PART], "assignment_list_submitted")
    inbound = settings.exchange_root / "kefu" / "inbound"
    assert {p.name.split("+")[0] for p in inbound.iterdir()} == {f"{PREFIX}{FULL}", f"{PREFIX}{PART}"}

    ta = _log_in(browser, settings, "ta", passwords["ta"])
    ta.wait_for_url("**/user/ta/**", timeout=240_000)
    ta.goto(f"{settings.url}services/formgrader/formgrader")
    ta.wait_for_load_state("networkidle")
    assert "/services/formgrader/formgrader" in ta.url and "nbgrader" in ta.content().lower()

    with step("教师 kefu grade --from-exchange（助教同时在 Formgrader 批改书面题）"):
        grading, began = _start_grading(settings), time.monotonic()
        autograded = course.autograded_notebook(FULL, "ch07")
        while not autograded.is_file():  # the Formgrader shows the autograded notebook
            assert grading.poll() is None, grading.communicate()[0][-3000:]
            assert time.monotonic() - began < 600
            time.sleep(0.05)
        with course.gradebook() as gradebook:
            notebook_id = gradebook.find_submission_notebook("ch07", "ch07", FULL).id
        comment_text = TA_COMMENT
        _ta_marks(ta, settings, notebook_id, TA_SCORE, comment_text)
        marked_at = time.monotonic()
        overlapped = grading.poll() is None
        _shot(ta, "formgrader_ta_marks_written_answer")
        out, _ = grading.communicate(timeout=900)
        ended = time.monotonic()
        if not overlapped:
            # This machine graded both before the TA's clicks landed: the teacher grades
            # again (a re-grade keeps manual marks too) and the TA revises the comment meanwhile.
            print("the first run ended before the TA saved; grading again while the TA revises")
            grading, began = _start_grading(settings), time.monotonic()
            comment_text = TA_COMMENT + "（复核）"
            _ta_marks(ta, settings, notebook_id, TA_SCORE, comment_text)
            marked_at = time.monotonic()
            overlapped = grading.poll() is None
            out, _ = grading.communicate(timeout=900)
            ended = time.monotonic()
    TIMES["助教保存评分时 kefu grade 已运行（秒）"] = round(marked_at - began, 1)
    TIMES["助教保存后 kefu grade 又运行（秒）"] = round(ended - marked_at, 1)
    print(out)
    assert grading.returncode == 0, out[-3000:]
    assert overlapped, "the TA's mark was saved after grading had ended"
    assert "评分完成：2 份成功，0 份失败" in out

    with course.gradebook() as gradebook:  # nothing the TA wrote was overwritten
        notebook = gradebook.find_submission_notebook("ch07", "ch07", FULL)
        grade = next(g for g in notebook.grades if g.name == WRITTEN)
        comment = next(c for c in notebook.comments if c.name == WRITTEN)
        assert grade.manual_score == TA_SCORE and comment.manual_comment == comment_text
        full_score = gradebook.find_submission("ch07", FULL).score
        part_score = gradebook.find_submission("ch07", PART).score
        assert full_score > part_score > 0
        with pytest.raises(MissingEntry):
            gradebook.find_submission("ch07", "2026003")

    with step("教师 kefu release-feedback 发还反馈"):
        done = _run("release-feedback", "ch07", settings=settings)
    assert done.returncode == 0 and "2 名学生" in done.stdout, done.stdout + done.stderr

    with step("两名学生在作业列表中获取并打开自己的反馈"):
        for name, page in pages.items():
            _assignment_list(page)
            row = _row(page, "submitted_assignments_list")
            row.get_by_role("button", name="Fetch Feedback").click()
            link = row.get_by_text("view feedback")
            link.wait_for(timeout=60_000)
            link.click()  # the file browser goes to the feedback folder
            page.locator(".jp-DirListing-item", has_text="ch07.html").first.dblclick()
            frame = page.frame_locator(".jp-HTMLViewer iframe")
            frame.locator("body").wait_for(timeout=60_000)
            page.wait_for_timeout(1500)
            _shot(page, f"feedback_{'full' if name == FULL else 'partial'}")
    for name, other in ((FULL, PART), (PART, FULL)):
        home = settings.home_base / f"{PREFIX}{name}"
        pages_found = list((home / "ch07" / "feedback").glob("*/ch07.html"))
        assert len(pages_found) == 1
        relative = pages_found[0].relative_to(home).as_posix()
        text = _contents(pages[name], settings, name, relative).json()["content"]
        assert name in text and other not in text  # their own page, nobody else's
        assert "练习" in text and "反馈" in text  # in Chinese
        if name == FULL:
            assert comment_text in text  # the TA's comment reached the student
        # another student's files and server stay closed
        assert pages[other].request.get(f"{settings.url}user/{name}/api/contents/ch07").status == 403

    with step("成绩表（kefu export）"):
        exported = _run("export", settings=settings)
    assert exported.returncode == 0, exported.stderr
    import pandas as pd

    summary = pd.read_excel(course.exports_dir / "grades.xlsx", sheet_name="汇总", dtype={"学号": str})
    rows = summary[summary["章节"] == "ch07"].set_index("学号")
    assert rows.at[FULL, "得分"] > rows.at[PART, "得分"] > 0
    assert rows.at[FULL, "提交时间来源"] == rows.at[PART, "提交时间来源"] == "nbgrader 提交时间"
    assert rows.at["2026003", "状态"] == "未提交"
    questions = pd.read_excel(course.exports_dir / "grades.xlsx", sheet_name="ch07",
                              dtype={"学号": str}).set_index("学号")
    written_column = next(c for c in questions.columns if "书面" in str(c))
    assert float(questions.at[FULL, written_column]) == TA_SCORE
    print(json.dumps(TIMES, ensure_ascii=False, indent=1))
