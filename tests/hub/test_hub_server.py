"""The class server for real: PostgreSQL, JupyterHub, the proxy and the students' servers on loopback.

Runs what ``make hub`` runs (kefu.hub.demo.start) on free ports in a folder of its own, logs
in over HTTP the way a browser does (login form, forced password change), and checks who
runs what: each student's server under their own uid with their own 学号, the Formgrader
open to the teacher and closed (403) to students, the gradebook in PostgreSQL, the course
root closed to students. Then it stops everything and removes the unix users it made.
"""

from __future__ import annotations

import os
import pwd
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.hub]

if sys.platform != "linux":
    pytest.skip("班级服务器只支持 Linux", allow_module_level=True)
if os.geteuid() != 0:
    pytest.skip("班级服务器需要 root：每个学生的服务器以各自的系统用户运行", allow_module_level=True)

import requests  # noqa: E402 - a dependency of JupyterHub

from bench.hub import WAVE, add_students, demo_class, wave  # noqa: E402
from bench.hub import login as _login  # noqa: E402
from kefu.hub import demo  # noqa: E402

PREFIX = "kft"  # not the demo's "kf": a running demo keeps its users
#: Students of a roster imported while the class runs, who then log in all at once.
WAVE_STUDENTS = [f"2027{n:03d}" for n in range(1, WAVE + 1)]


@pytest.fixture(scope="module")
def hub():
    with demo_class("test", PREFIX, extra_users=WAVE_STUDENTS) as (_, settings):
        started = time.monotonic()
        try:
            passwords = demo.start(settings, say=lambda line: print(line, flush=True))
            print(f"hub up in {time.monotonic() - started:.1f} s")
            yield settings, passwords
        finally:
            log = settings.path("logs", "jupyterhub.log")
            if log.is_file():
                print(log.read_text("utf-8", "replace")[-3000:])


def _start_server(settings, session: requests.Session, username: str) -> None:
    base = settings.url.rstrip("/")
    spawn = session.get(f"{base}/hub/spawn", timeout=60)  # what the browser opens after login
    assert spawn.status_code == 200, spawn.status_code
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        # a page (not the API) takes the browser through the hub's OAuth to the server
        page = session.get(f"{base}/user/{username}/lab", timeout=60)
        if page.status_code == 200 and page.url.endswith(f"/user/{username}/lab"):
            status = session.get(f"{base}/user/{username}/api/status", timeout=30)
            assert status.status_code == 200 and "started" in status.json()
            return
        time.sleep(1)
    raise AssertionError(f"{username} 的服务器没有启动")


def _server_process(username: str) -> tuple[int, dict[str, str]]:
    """(uid, environment) of the single-user server of ``username``."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes()
            environ = (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"jupyterhub-singleuser" not in cmdline:
            continue
        env = dict(item.split("=", 1) for item in environ.decode("utf-8", "replace").split("\0")
                   if "=" in item)
        if env.get("JUPYTERHUB_USER") == username and "JUPYTERHUB_SERVICE_NAME" not in env:
            return proc.stat().st_uid, env
    raise AssertionError(f"没有找到 {username} 的服务器进程")


def test_is_a_wrong_password_refused_in_chinese(hub):
    settings, _ = hub
    session = requests.Session()
    base = settings.url.rstrip("/")
    session.get(f"{base}/hub/login", timeout=30)
    answer = session.post(f"{base}/hub/login", timeout=60, data={
        "username": "2026003", "password": "not-it", "_xsrf": session.cookies.get("_xsrf")})
    assert answer.status_code == 403
    assert "学号（用户名）或密码不对" in answer.content.decode("utf-8")


def test_does_each_student_run_as_their_own_unix_user(hub):
    settings, passwords = hub
    uids = {}
    for username in ("2026001", "2026002"):
        session = _login(settings, username, passwords[username], new=f"pw-{username[::-1]}-ok")
        _start_server(settings, session, username)
        uid, env = _server_process(username)
        assert uid == pwd.getpwnam(f"{PREFIX}{username}").pw_uid != 0
        assert env["KEFU_STUDENT"] == username  # their own data variant
        assert env["HOME"] == str(settings.home_base / f"{PREFIX}{username}")
        assert "KEFU_COURSE_SECRET" not in env and "KEFU_HUB_SETTINGS" not in env
        uids[username] = uid
    assert len(set(uids.values())) == 2
    # one student cannot open another's server
    other = session.get(f"{settings.url}user/2026001/lab", timeout=60)
    assert other.status_code == 403


def _as(unix_user: str, *cmd: str) -> subprocess.CompletedProcess:
    return subprocess.run(["setpriv", f"--reuid={unix_user}", f"--regid={unix_user}",
                           "--clear-groups", *cmd], capture_output=True)


def test_does_no_student_server_hold_the_class_secret(hub):
    from autograder.classkey import ClassKey
    from autograder.coursedir import Course
    from course.variants import derive_key

    settings, _ = hub
    # The class secret file itself (this test process has its own KEFU_COURSE_SECRET;
    # the grader account that derives the students' keys has a clean environment).
    secret = ClassKey.of(Course.load(settings.course)).path.read_text("utf-8").strip()
    assert secret
    for username in ("2026001", "2026002"):
        _, env = _server_process(username)
        assert env["KEFU_VARIANT_KEY"] == derive_key(secret, username)  # their own, derived
        assert not any(secret in value for value in env.values())
        assert env["KEFU_ANSWER_KEYS"] == str(settings.answer_keys / username)
    site = subprocess.run([str(settings.singleuser_env / "bin" / "python"), "-c",
                           "import course, os; print(os.path.dirname(course.__file__))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert not (Path(site) / "classkey.txt").exists()
    places = [site, settings.singleuser_env / "etc", settings.singleuser_env / "share" / "jupyter",
              settings.home_base, settings.exchange_root, settings.answer_keys]
    found = subprocess.run(["grep", "-rlF", "--", secret, *map(str, places)],
                           capture_output=True, text=True)
    assert found.returncode == 1 and not found.stdout, found.stdout  # 1: nothing found
    key_file = settings.course / "autograder" / "classkey.txt"
    if key_file.exists():
        done = _as(f"{PREFIX}2026001", "cat", str(key_file))
        assert done.returncode != 0 and secret.encode() not in done.stdout
    # each student's own answer keys arrive in the background, readable by them only
    deadline = time.monotonic() + 240
    mine = settings.answer_keys / "2026001"
    while time.monotonic() < deadline and not (
            (mine / ".kefu-stamp").is_file() and (settings.answer_keys / "2026002" / ".kefu-stamp").is_file()):
        time.sleep(2)
    assert (mine / "ch07.json").is_file(), settings.path("logs", "answerkeys.log").read_text()
    assert _as(f"{PREFIX}2026001", "cat", str(mine / "ch07.json")).returncode == 0
    assert _as(f"{PREFIX}2026002", "cat", str(mine / "ch07.json")).returncode != 0
    assert _as(f"{PREFIX}2026002", "ls", str(settings.answer_keys)).returncode != 0


def test_is_the_formgrader_for_teachers_and_tas_only(hub):
    settings, passwords = hub
    student = _login(settings, "2026003", passwords["2026003"], new="my-own-pw-2026")
    answer = student.get(f"{settings.url}services/formgrader/formgrader", timeout=60)
    assert answer.status_code == 403
    for username in ("teacher", "ta"):
        staff = _login(settings, username, passwords[username], new=f"grading-pw-{len(username)}x")
        answer = staff.get(f"{settings.url}services/formgrader/formgrader", timeout=120)
        assert answer.status_code == 200 and "formgrader" in answer.url, answer.url
        assert "nbgrader" in answer.text.lower()
    # The Formgrader runs as the course's owner (root here): graders get neither a shell
    # nor a kernel in it, and its Collect button points to kefu grade --from-exchange.
    base = f"{settings.url}services/formgrader"
    xsrf = {"X-XSRFToken": staff.cookies.get("_xsrf", path="/services/formgrader/")
            or staff.cookies.get("_xsrf")}
    assert staff.post(f"{base}/api/terminals", headers=xsrf, timeout=60).status_code >= 400
    assert staff.post(f"{base}/api/kernels", json={"name": "python3"}, headers=xsrf,
                      timeout=60).status_code >= 400
    collected = staff.post(f"{base}/formgrader/api/assignment/ch07/collect", headers=xsrf,
                           timeout=60)
    assert collected.status_code == 200 and not collected.json()["success"]
    assert "kefu grade chNN --from-exchange" in collected.json()["log"] + collected.json().get("error", "")


def _formgrader_pids(settings) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"--ServerApp.default_url=/formgrader" in cmdline and \
                    f"--ServerApp.root_dir={settings.course}".encode() in cmdline:
                pids.append(int(proc.name))
    return pids


def test_can_a_ta_who_writes_the_course_config_not_become_root(hub):
    """Everything a grader can write through the Formgrader (here the course's
    nbgrader_config.py, over its contents API) is only ever run by the grader account: by the
    Formgrader, by ``kefu grade`` and ``kefu hub release`` that root starts, and by the
    spawner's identity step when a student logs in."""
    import uuid

    settings, passwords = hub
    grader = pwd.getpwnam(settings.grader_user)
    assert settings.course.stat().st_uid == grader.pw_uid
    pids = _formgrader_pids(settings)
    assert pids and all(Path(f"/proc/{pid}").stat().st_uid == grader.pw_uid for pid in pids)

    witness = Path(tempfile.gettempdir()) / f"kefu-witness-{uuid.uuid4().hex}"
    witness.touch()
    witness.chmod(0o666)
    ta = _session_as(settings, passwords, "ta")
    base = f"{settings.url}services/formgrader"
    ta.get(f"{base}/formgrader", timeout=120)
    xsrf = {"X-XSRFToken": ta.cookies.get("_xsrf", path="/services/formgrader/")
            or ta.cookies.get("_xsrf")}
    url = f"{base}/api/contents/nbgrader_config.py"
    original = ta.get(url, params={"content": 1, "type": "file", "format": "text"}, timeout=60)
    assert original.status_code == 200, original.text[:300]
    text = original.json()["content"]
    planted = text + (f"\ntry:\n    open({str(witness)!r}, 'a').write(f'{{__import__(\"os\").geteuid()}}\\n')"
                      "\nexcept OSError:\n    pass\n")
    try:
        saved = ta.put(url, json={"type": "file", "format": "text", "content": planted},
                       headers=xsrf, timeout=60)
        assert saved.status_code in (200, 201), saved.text[:300]
        graded = _kefu(settings, "grade", "ch07", "--from-exchange", "--jobs", "1", "--quiet",
                       "--no-feedback")
        assert graded.returncode == 0, graded.stderr[-2000:]
        released = _kefu(settings, "hub", "release", "ch07")
        assert released.returncode == 0, released.stderr[-2000:]
        student = _session_as(settings, passwords, "2026003")  # the spawner's identity step
        _start_server(settings, student, "2026003")
    finally:
        ta.put(url, json={"type": "file", "format": "text", "content": text}, headers=xsrf,
               timeout=60)
    ran_as = {int(line) for line in witness.read_text().split()}
    witness.unlink()
    assert ran_as == {grader.pw_uid}, ran_as  # ran, and never as root


def test_is_the_gradebook_in_postgresql_with_the_roster(hub):
    from autograder.coursedir import Course

    settings, _ = hub
    course = Course.load(settings.course)
    assert course.db_url.startswith("postgresql+psycopg://")
    with course.gradebook() as gradebook:
        assert {s.id for s in gradebook.students} >= {"2026001", "2026002", "2026003"}


def test_can_students_not_read_the_answers(hub):
    settings, _ = hub
    source = settings.course / "source" / "ch07" / "ch07.ipynb"
    assert source.is_file()
    done = subprocess.run(["setpriv", f"--reuid={PREFIX}2026001", f"--regid={PREFIX}2026001",
                           "--clear-groups", "cat", str(source)], capture_output=True)
    assert done.returncode != 0 and b"BEGIN SOLUTION" not in done.stdout


def _assignments(settings, session, username: str, action: str = "", **data):
    """The student's Assignment List server extension, as the browser calls it."""
    base = f"{settings.url}user/{username}/assignments"
    xsrf = session.cookies.get("_xsrf", path=f"/user/{username}/") or session.cookies.get("_xsrf")
    if action:
        answer = session.post(f"{base}/{action}", data={"course_id": "kefu", **data},
                              headers={"X-XSRFToken": xsrf}, timeout=120)
    else:
        answer = session.get(base, params={"course_id": "kefu"}, headers={"X-XSRFToken": xsrf},
                             timeout=60)
    assert answer.status_code == 200 and answer.json()["success"], answer.text[:500]
    return answer.json()["value"]


def _kefu(settings, *args: str) -> subprocess.CompletedProcess:
    """``kefu …`` as root on the class's course, in a process of its own (it drops to the
    grader account, which a test process must not)."""
    env = {k: v for k, v in os.environ.items() if k != "KEFU_COURSE_SECRET"}  # the file's secret
    return subprocess.run([sys.executable, "-m", "kefu", *args], capture_output=True, text=True,
                          timeout=900, cwd="/", env={**env, "KEFU_COURSE": str(settings.course)})


def test_does_a_hand_in_go_from_the_exchange_to_the_grade_and_back(hub):
    """Fetch and submit twice over the Assignment List API, kefu grade --from-exchange,
    kefu release-feedback, fetch the feedback: the student's own page, in Chinese."""
    settings, passwords = hub
    session = _login(settings, "2026001", "pw-1006202-ok")
    listed = _assignments(settings, session, "2026001")
    assert {a["assignment_id"] for a in listed} >= {"ch07", "ch09"}  # make hub released them
    _assignments(settings, session, "2026001", "fetch", assignment_id="ch07")
    home = settings.home_base / f"{PREFIX}2026001"
    assert (home / "ch07" / "ch07.ipynb").is_file()
    for _ in range(2):
        _assignments(settings, session, "2026001", "submit", assignment_id="ch07")
    inbound = settings.exchange_root / "kefu" / "inbound"
    mine = [p for p in inbound.iterdir() if p.name.startswith(f"{PREFIX}2026001+ch07+")]
    assert len(mine) == 2 and all(p.stat().st_uid == pwd.getpwnam(f"{PREFIX}2026001").pw_uid
                                  for p in mine)
    # The teacher, as root, grades: the command goes on as the grader account.
    graded = _kefu(settings, "grade", "ch07", "--from-exchange", "--jobs", "1", "--quiet")
    assert graded.returncode == 0, graded.stderr[-2000:]
    assert "exchange 中共提交 2 次" in graded.stdout and "评分完成：1 份成功" in graded.stdout, graded.stdout
    assert f"以课程目录的所有者 {settings.grader_user} 的身份运行" in graded.stderr
    released = _kefu(settings, "release-feedback", "ch07")
    assert released.returncode == 0 and "1 名学生" in released.stdout, released.stderr[-2000:]
    value = _assignments(settings, session, "2026001", "fetch_feedback", assignment_id="ch07")
    submitted = next(a for a in value if a["status"] == "submitted" and a["assignment_id"] == "ch07")
    pages = list((home / "ch07" / "feedback").glob("*/ch07.html"))
    # feedback for the graded hand-in (the newer one) only
    with_feedback = [s["timestamp"] for s in submitted["submissions"] if s["has_local_feedback"]]
    assert len(pages) == 1 and with_feedback == [max(s["timestamp"] for s in submitted["submissions"])]
    page = pages[0].read_text("utf-8")
    assert "2026001" in page and "练习" in page and "BEGIN HIDDEN TESTS" not in page
    # the feedback folder of the exchange cannot be listed by a student
    feedback = settings.exchange_root / "kefu" / "feedback"
    assert _as(f"{PREFIX}2026002", "ls", str(feedback)).returncode != 0


#: Each account's own password once it has set one (the tests above set these; the password
#: tests below keep this up to date, so each of them also runs alone).
OWN = {"2026001": "pw-1006202-ok", "2026002": "pw-2006202-ok", "2026003": "my-own-pw-2026",
       "teacher": "grading-pw-7x", "ta": "grading-pw-2x"}


def _accounts(settings):
    from kefu.hub.accounts import AccountStore

    return AccountStore(settings.accounts_file)


def _session_as(settings, passwords, username: str) -> requests.Session:
    if _accounts(settings).get(username).must_change:
        return _login(settings, username, passwords[username], new=OWN[username])
    return _login(settings, username, OWN[username])


def _html(answer: requests.Response) -> str:
    return answer.content.decode("utf-8")  # the hub's pages name their charset in a meta tag


def _xsrf_of(page: str) -> str:
    return re.search(r'name="_xsrf" value="([^"]+)"', page).group(1)


def _refused_login(settings, username: str, password: str) -> int:
    session = requests.Session()
    base = settings.url.rstrip("/")
    session.get(f"{base}/hub/login", timeout=30)
    return session.post(f"{base}/hub/login", timeout=60, allow_redirects=False, data={
        "username": username, "password": password,
        "_xsrf": session.cookies.get("_xsrf")}).status_code


def test_can_a_user_change_their_own_password(hub):
    settings, passwords = hub
    base = f"{settings.url}hub"
    mine, elsewhere = (_session_as(settings, passwords, "2026002") for _ in range(2))
    home = mine.get(f"{base}/home", timeout=60)
    assert home.status_code == 200 and 'href="/hub/kefu/password"' in _html(home)
    assert "kefu/reset-password" not in _html(home)  # a student: no reset link
    page = mine.get(f"{base}/kefu/password", timeout=60)
    assert page.status_code == 200 and "当前密码" in _html(page)
    xsrf, old, new = _xsrf_of(_html(page)), OWN["2026002"], "changed-pw-2026"
    form = {"current_password": old, "new_password": new, "new_password_again": new}
    store, before = _accounts(settings), _accounts(settings).password_fingerprint("2026002")

    wrong = mine.post(f"{base}/kefu/password", timeout=60, allow_redirects=False,
                      data={**form, "current_password": "not-my-password", "_xsrf": xsrf})
    assert wrong.status_code == 403 and "当前密码不对" in _html(wrong)
    assert store.get("2026002").failures == 1  # counted toward the login lock
    no_xsrf = mine.post(f"{base}/kefu/password", timeout=60, allow_redirects=False, data=form)
    assert no_xsrf.status_code == 403
    weak = mine.post(f"{base}/kefu/password", timeout=60, allow_redirects=False,
                     data={**form, "new_password": "short", "new_password_again": "short",
                           "_xsrf": xsrf})
    assert weak.status_code == 400 and "至少要 8 个字符" in _html(weak)
    assert store.password_fingerprint("2026002") == before

    done = mine.post(f"{base}/kefu/password", timeout=60, allow_redirects=False,
                     data={**form, "_xsrf": xsrf})
    assert done.status_code == 302 and done.headers["Location"].endswith("/kefu/password?changed=1")
    OWN["2026002"] = new
    assert "密码已修改" in _html(mine.get(f"{base}/kefu/password?changed=1", timeout=60))
    assert store.get("2026002").failures == 0
    # this browser stays logged in, the other one is logged out
    assert mine.get(f"{base}/home", timeout=60, allow_redirects=False).status_code == 200
    assert elsewhere.get(f"{base}/home", timeout=60, allow_redirects=False).status_code == 302
    assert _refused_login(settings, "2026002", old) == 403
    _login(settings, "2026002", new)


def test_can_a_teacher_reset_a_students_password(hub):
    settings, passwords = hub
    base = f"{settings.url}hub"
    student = _session_as(settings, passwords, "2026003")
    teacher = _session_as(settings, passwords, "teacher")
    home = teacher.get(f"{base}/home", timeout=60)
    assert 'href="/hub/kefu/reset-password"' in _html(home)
    page = teacher.get(f"{base}/kefu/reset-password", timeout=60)
    assert page.status_code == 200 and 'name="username"' in _html(page)
    xsrf, store = _xsrf_of(_html(page)), _accounts(settings)
    before = store.password_fingerprint("2026003")

    no_xsrf = teacher.post(f"{base}/kefu/reset-password", data={"username": "2026003"}, timeout=60)
    assert no_xsrf.status_code == 403 and store.password_fingerprint("2026003") == before

    done = teacher.post(f"{base}/kefu/reset-password", timeout=60,
                        data={"username": " 2026003 ", "_xsrf": xsrf})
    assert done.status_code == 200 and "只显示这一次" in _html(done), _html(done)[:800]
    initial = re.search(r'id="kefu-new-password"[^>]*>([^<]+)<', _html(done)).group(1)
    assert store.get("2026003").must_change
    # the student's browser is logged out; the old password fails; the new one forces a change
    assert student.get(f"{base}/home", timeout=60, allow_redirects=False).status_code == 302
    assert _refused_login(settings, "2026003", OWN["2026003"]) == 403
    OWN["2026003"] = "after-reset-2026"
    _login(settings, "2026003", initial, new=OWN["2026003"])

    teacher_before = store.password_fingerprint("teacher")
    for typed, status, said in [
            ("teacher", 400, "教师账号"), ("2099999", 400, "没有学号（用户名）为「2099999」的账号"),
            ("", 400, "请输入要重设密码的学号"),
            ('<script>alert("x")</script>', 400, "&lt;script&gt;alert(&#34;x&#34;)")]:
        answer = teacher.post(f"{base}/kefu/reset-password", timeout=60,
                              data={"username": typed, "_xsrf": xsrf})
        assert answer.status_code == status and said in _html(answer), (typed, _html(answer)[:800])
        assert "<script>alert" not in _html(answer)
    assert store.password_fingerprint("teacher") == teacher_before


def test_may_only_teachers_reset_passwords(hub):
    settings, passwords = hub
    base = f"{settings.url}hub"
    store = _accounts(settings)
    before = store.password_fingerprint("2026001")
    for username in ("ta", "2026002"):
        session = _session_as(settings, passwords, username)
        page = session.get(f"{base}/kefu/reset-password", timeout=60)
        assert page.status_code == 403 and "只有教师可以重设" in _html(page)
        xsrf = _xsrf_of(_html(session.get(f"{base}/kefu/password", timeout=60)))
        answer = session.post(f"{base}/kefu/reset-password", timeout=60,
                              data={"username": "2026001", "_xsrf": xsrf})
        assert answer.status_code == 403 and "只有教师可以重设" in _html(answer)
    assert store.password_fingerprint("2026001") == before
    # not logged in: to the login page, nothing reset
    anonymous = requests.get(f"{base}/kefu/reset-password", timeout=60)
    assert anonymous.url.split("?")[0].endswith("/hub/login")
    assert store.password_fingerprint("2026001") == before


def test_does_starting_again_keep_the_accounts(hub):
    settings, passwords = hub
    again = demo.start(settings, say=lambda line: None)
    assert set(again) == set(passwords)
    assert any("已改为自己的密码" in line for line in demo.status_lines(settings, again))


def test_do_students_logging_in_at_once_all_get_a_working_server(hub):
    """A roster imported while the class runs; its students log in at the same moment
    (first login, forced change), each gets their own JupyterLab and runs a chapter's first
    cell in a fresh kernel. How many such students this machine holds is measured by the
    bench (``python -m bench.hub``, bench/results.md), not here."""
    settings, _ = hub
    issued = add_students(settings, WAVE_STUDENTS, PREFIX)
    assert sorted(issued) == WAVE_STUDENTS
    done, failures = wave(settings, WAVE_STUDENTS, issued)
    assert failures == []
    assert sorted(d["user"] for d in done) == WAVE_STUDENTS
    for username in WAVE_STUDENTS:  # each server runs as the student's own unix user
        uid, env = _server_process(username)
        assert uid == pwd.getpwnam(f"{PREFIX}{username}").pw_uid
        assert env["JUPYTERHUB_USER"] == username
