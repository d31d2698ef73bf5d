"""Pages made from a hostile submission, opened in a real browser: no script runs, nothing leaks.

One student of the course hands in a chapter whose outputs and written answer hold
HTML, SVG and JavaScript that would run in the teacher's browser, fetch a canary URL
or call the Jupyter contents API to write a file into the course. Their gradebook
name is HTML too. The feedback page and the teacher's Formgrader page are opened in
Debian's chromium: no canary request arrives, no script sets its marker, no file is
written. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from autograder import pipeline, sampleclass
from autograder.coursedir import Course
from kefu import lab
from tests.e2e.test_browser import ARTIFACTS, CHROMIUM, TOKEN, running_lab

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="没有安装 chromium")]
CH = "ch07"
STUDENT = "0024666"
HOSTILE_NAME = '<img src=x onerror="window.kefuPwned=\'name\'">'


class _Canary(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        _Canary.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_PUT = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def canary():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _attacks(canary: str) -> tuple[str, str]:
    """(code prepended to the first answer, the written answer)."""
    write = ("fetch('/api/contents/pwned.txt',{method:'PUT',headers:{'Content-Type':"
             "'application/json'},body:JSON.stringify({type:'file',format:'text',content:'x'})})")
    code = "\n".join([
        "from IPython.display import HTML, SVG, Javascript, Markdown, display",
        f"display(HTML('<img src=x onerror=\"window.kefuPwned=1;fetch(\\'{canary}/html\\')\">'))",
        f"display(HTML('<img src=\"{canary}/img\"><script>window.kefuPwned=2</script>'))",
        "display(SVG('<svg xmlns=\"http://www.w3.org/2000/svg\" "
        f"onload=\"fetch(\\'{canary}/svg\\')\"><circle r=\"5\"/></svg>'))",
        f"display(Javascript('window.kefuPwned=3;fetch(\"{canary}/js\")'))",
        f"display(Markdown('![x]({canary}/markdown-output)'))",
    ])
    written = (f"我的回答。<script>window.kefuPwned=4;{write}</script>\n\n"
               f"<img src=x onerror=\"window.kefuPwned=5;{write}\">\n\n"
               f"![跟踪]({canary}/markdown) [点我](javascript:window.kefuPwned=6)\n\n"
               f"<iframe src=\"{canary}/iframe\"></iframe>")
    return code, written


@pytest.fixture(scope="module")
def graded(course, tmp_path_factory, canary):
    copy = course.copy_to(tmp_path_factory.mktemp("safe") / "course", chapters=[CH])
    release = json.loads(copy.release_notebook(CH).read_text("utf-8"))
    bank = sampleclass.answer_bank(copy, CH)
    code, written = _attacks(canary)
    answers = {gid: good for gid, (good, _, _) in bank.items()}
    answers["answer_reply_rate"] = code + "\n" + answers["answer_reply_rate"]
    answers["written_improvement_plan"] = written
    inbox = copy.root.parent / "inbox"
    inbox.mkdir()
    (inbox / f"{STUDENT}_某某_{CH}.ipynb").write_text(
        json.dumps(sampleclass.fill(release, answers), ensure_ascii=False), "utf-8")
    run = pipeline.grade(copy, [CH], submissions=inbox, progress=False, jobs=1)
    assert not run.failed
    with copy.gradebook() as gradebook:
        gradebook.update_or_create_student(STUDENT, first_name=HOSTILE_NAME, last_name="")
        submission = gradebook.find_submission_notebook(CH, CH, STUDENT).id
    return {"course": copy, "submission": submission}


def _watch(browser, canary: str):
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.set_default_timeout(60_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page, requests, dialogs


def _assert_nothing_ran(page, requests: list[str], dialogs: list[str], canary: str) -> None:
    time.sleep(2)  # give any planted script time to run (none must)
    assert page.evaluate("window.kefuPwned") is None
    assert [url for url in requests if url.startswith(canary) or "/api/contents" in url] == []
    assert _Canary.hits == [] and dialogs == []


def test_the_feedback_page_runs_nothing_a_student_wrote(graded, browser, canary):
    path = graded["course"].feedback_page(STUDENT, CH)
    page, requests, dialogs = _watch(browser, canary)
    page.goto(path.as_uri())
    page.wait_for_selector("text=你的答案", state="attached", timeout=30_000)
    _assert_nothing_ran(page, requests, dialogs, canary)
    assert page.locator("text=我的回答").count() >= 1  # the answer itself is still shown
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "safe-feedback.png"), full_page=False)
    page.close()


@pytest.fixture(scope="module")
def formgrader(graded, tmp_path_factory):
    course: Course = graded["course"]
    env = lab.environment(tmp_path_factory.mktemp("home") / ".jupyter", instructor=True)
    with running_lab(course.root, env, tmp_path_factory.mktemp("logs"),
                     "JupyterLab（教师模式）") as base:
        yield base


def test_the_formgrader_page_runs_nothing_a_student_wrote(graded, formgrader, browser, canary):
    page, requests, dialogs = _watch(browser, canary)
    page.goto(f"{formgrader}/formgrader/submissions/{graded['submission']}/?token={TOKEN}")
    page.wait_for_selector("text=我的回答", state="attached", timeout=60_000)
    _assert_nothing_ran(page, requests, dialogs, canary)
    root = graded["course"].root
    assert not list(root.rglob("pwned.txt"))
    header = page.content()
    assert HOSTILE_NAME not in header and "&lt;img" in header  # the name is shown as text
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "safe-formgrader.png"), full_page=False)
    page.close()


def test_the_canary_would_have_heard_an_unsanitised_page(graded, browser, canary, tmp_path):
    """The check can fail: the same notebook without the sanitizer does run and fetch."""
    from nbconvert.exporters import HTMLExporter

    notebook = graded["course"].autograded_notebook(STUDENT, CH)
    body, _ = HTMLExporter().from_filename(str(notebook))
    raw = tmp_path / "raw.html"
    raw.write_text(body, "utf-8")
    page, requests, dialogs = _watch(browser, canary)
    page.goto(raw.as_uri())
    time.sleep(2)
    fired = page.evaluate("window.kefuPwned") is not None or any(
        url.startswith(canary) for url in requests)
    page.close()
    _Canary.hits.clear()
    assert fired
    shutil.rmtree(tmp_path, ignore_errors=True)
