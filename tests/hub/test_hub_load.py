"""How many students' servers the loopback demo holds on this machine (a bounded load test).

The hub, the proxy and PostgreSQL start as ``make hub`` starts them; extra student accounts
are made from a roster (``kefu hub users``' code, unix users included). In waves of
:data:`WAVE` students at once, each student logs in over HTTP (the Chinese form, the
forced change), their JupyterLab is spawned, a kernel starts and loads the shop data as the
first cell of every chapter does (``course.data.load``) — a student who has just opened a
chapter. A wave holds when every server answers and every kernel has run its cell within
:data:`LIMIT` seconds. Waves stop at :data:`MAX_SERVERS` (``KEFU_HUB_LOAD_MAX``), at the
first wave that does not hold, or when less than 1.5 GB of memory is left.

What was measured (servers held, spawn and first-cell times per wave, memory per active
student, load average) goes to ``test-artifacts/hub/load.json`` and the test's output; the
first logins also start each student's answer-key build in the background
(kefu/hub/answerkeys.py), as in a real class's first lesson.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.hub]

if sys.platform != "linux":
    pytest.skip("班级服务器只支持 Linux", allow_module_level=True)
if os.geteuid() != 0:
    pytest.skip("班级服务器需要 root：每个学生的服务器以各自的系统用户运行", allow_module_level=True)

import requests  # noqa: E402

from kefu.hub import demo  # noqa: E402
from kefu.hub.accounts import AccountStore  # noqa: E402
from kefu.hub.users import users_from_roster  # noqa: E402
from tests.hub.demo_class import demo_class  # noqa: E402
from tests.hub.test_hub_server import _login  # noqa: E402

PREFIX = "kfl"
WAVE = 6
MAX_SERVERS = int(os.environ.get("KEFU_HUB_LOAD_MAX", "24"))
LIMIT = 180  # seconds a student may wait for their server and their first cell
FIRST_CELL = "import course.data as d\nprint(len(d.load('orders')), d.load('messages').shape)"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "hub"
STUDENTS = [f"2027{n:03d}" for n in range(1, MAX_SERVERS + 1)]


def _mem_available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


def _rss_of_uid(uid: int) -> int:
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if proc.stat().st_uid != uid:
                continue
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


@pytest.fixture(scope="module")
def hub():
    with demo_class("load", PREFIX, extra_users=STUDENTS) as (state, settings):
        demo.start(settings, say=lambda line: print(line, flush=True))
        roster = state / "压测花名册.csv"
        roster.write_text("学号,姓名,班级\n" + "".join(
            f"{s},压测{i},压测班\n" for i, s in enumerate(STUDENTS, 1)), "utf-8")
        made = users_from_roster(AccountStore(settings.accounts_file), roster, unix=True,
                                 home_base=settings.home_base, prefix=PREFIX,
                                 sheet=state / "压测密码.xlsx", grader=settings.grader_user)
        yield settings, {account.username: password for account, password in made.issued}


def _first_cell(settings, session: requests.Session, username: str) -> float:
    """Start a kernel in the student's server and run the chapter's first cell; seconds."""
    import websocket

    base = f"{settings.url}user/{username}"
    xsrf = session.cookies.get("_xsrf", path=f"/user/{username}/") or session.cookies.get("_xsrf")
    started = time.monotonic()
    kernel = session.post(f"{base}/api/kernels", json={"name": "python3"},
                          headers={"X-XSRFToken": xsrf}, timeout=LIMIT)
    assert kernel.status_code == 201, kernel.text[:300]
    cookie = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws = websocket.create_connection(
        f"ws://127.0.0.1:{settings.port}/user/{username}/api/kernels/{kernel.json()['id']}/channels",
        cookie=cookie, header=[f"X-XSRFToken: {xsrf}"], timeout=LIMIT)
    try:
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "username": username, "session": uuid.uuid4().hex,
                       "msg_type": "execute_request", "version": "5.3"},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": FIRST_CELL, "silent": False, "store_history": False,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
        while True:
            message = json.loads(ws.recv())
            if (message.get("parent_header", {}).get("msg_id") == msg_id
                    and message.get("msg_type") == "execute_reply"):
                assert message["content"]["status"] == "ok", message["content"]
                return time.monotonic() - started
    finally:
        ws.close()


def _student(settings, username: str, password: str) -> dict:
    """One student: log in (first time), wait for the server, run the first cell."""
    started = time.monotonic()
    session = _login(settings, username, password, new=f"Load-{uuid.uuid4().hex[:8]}-pw")
    session.get(f"{settings.url}hub/spawn", timeout=LIMIT)
    while True:
        page = session.get(f"{settings.url}user/{username}/lab", timeout=LIMIT)
        if page.status_code == 200 and page.url.endswith(f"/user/{username}/lab"):
            break
        assert time.monotonic() - started < LIMIT, f"{username}: no server after {LIMIT} s"
        time.sleep(1)
    spawned = time.monotonic() - started
    cell = _first_cell(settings, session, username)
    return {"user": username, "server_s": round(spawned, 1), "first_cell_s": round(cell, 1)}


def _one(settings, username: str, passwords: dict, done: list, failures: list, lock) -> None:
    try:
        result = _student(settings, username, passwords[username])
        with lock:
            done.append(result)
    except Exception as exc:  # noqa: BLE001 - a student the server could not hold
        with lock:
            failures.append(f"{username}: {type(exc).__name__}: {str(exc)[:200]}")


def test_how_many_student_servers_the_demo_holds(hub):
    import pwd

    settings, passwords = hub
    baseline = _mem_available()
    results: dict = {"machine": {"cpus": os.cpu_count(),
                                 "mem_total_gb": round(os.sysconf("SC_PAGE_SIZE")
                                                       * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                                 "mem_available_gb_before": round(baseline / 2**30, 1)},
                     "wave_size": WAVE, "limit_s": LIMIT, "max_servers": MAX_SERVERS,
                     "waves": []}
    held: list[str] = []
    lock = threading.Lock()
    for start in range(0, MAX_SERVERS, WAVE):
        wave = STUDENTS[start:start + WAVE]
        began = time.monotonic()
        failures: list[str] = []
        done: list[dict] = []
        with ThreadPoolExecutor(len(wave)) as pool:
            list(pool.map(lambda name, d=done, f=failures: _one(settings, name, passwords, d, f,
                                                                 lock), wave))
        rss = [_rss_of_uid(pwd.getpwnam(f"{PREFIX}{u}").pw_uid) for u in held + [d["user"] for d in done]]
        record = {
            "servers_after": len(held) + len(done), "wave_s": round(time.monotonic() - began, 1),
            "server_s_median": round(statistics.median(d["server_s"] for d in done), 1) if done else None,
            "server_s_max": max((d["server_s"] for d in done), default=None),
            "first_cell_s_median": round(statistics.median(d["first_cell_s"] for d in done), 1) if done else None,
            "first_cell_s_max": max((d["first_cell_s"] for d in done), default=None),
            "rss_per_student_mb": round(statistics.mean(rss) / 2**20) if rss else None,
            "mem_available_gb": round(_mem_available() / 2**30, 2),
            "load_average_1m": round(os.getloadavg()[0], 1),
            "failures": failures,
        }
        results["waves"].append(record)
        print(json.dumps(record, ensure_ascii=False), flush=True)
        if failures:
            break
        held += [d["user"] for d in done]
        if _mem_available() < 1.5 * 2**30:
            break
    results["servers_held"] = len(held)
    per_student = results["waves"][-1]["rss_per_student_mb"] or 1
    results["memory_bound_estimate"] = int(baseline / 2**20 / per_student)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(results, ensure_ascii=False, indent=1))
    # A class of a dozen working at once must fit even a small machine like this one.
    assert len(held) >= min(12, MAX_SERVERS), results
