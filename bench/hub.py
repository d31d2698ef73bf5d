"""Hub bench: how many students' servers the loopback class server holds on this machine.

The hub, the proxy and PostgreSQL start as ``make hub`` starts them, in a throw-away demo
class (:func:`demo_class`); extra student accounts are made from a roster (``kefu hub
users``' code, unix users included). In waves of :data:`WAVE` students at once, each student
logs in over HTTP (the Chinese form, the forced change), their JupyterLab is spawned, a
kernel starts and loads the shop data as the first cell of every chapter does
(``course.data.load``): a student who has just opened a chapter. Waves stop at the bound
(``--servers``), at the first wave in which a student got no working server within
:data:`LIMIT` seconds, or when less than 1.5 GB of memory is left.

This is a measurement, so it lives here and not in the test suite; the suite checks that one
wave of students logging in at once all get a working server
(``tests/hub/test_hub_server.py``), with this module's :func:`wave`.

Run alone (root, Linux): ``python -m bench.hub [--servers 24]``; ``make bench`` runs it as the
``hub`` part.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

#: The students' environment is kept between runs (rebuilt when its packages change).
SINGLEUSER = Path(tempfile.gettempdir()) / "kefu-hub-test-singleuser"
#: The demo roster's students, its teacher and TA, and the grader account (without prefix).
DEMO_USERS = ("grader", "2026001", "2026002", "2026003", "teacher", "ta")
#: Students who log in at the same moment.
WAVE = 6
#: Seconds a student may wait for their server and their first cell before it counts as
#: not held (a bound against a hang, not a speed target).
LIMIT = 180
FIRST_CELL = "import course.data as d\nprint(len(d.load('orders')), d.load('messages').shape)"


@contextmanager
def demo_class(tag: str, prefix: str,
               extra_users: Iterable[str] = ()) -> Iterator[tuple[Path, object]]:
    """``(state folder, settings)`` of a class not yet started (``demo.start`` it): its own
    state folder, free ports, its own unix-user prefix (never the demo's "kf", whose users a
    running demo keeps) and grader account; stopped and removed afterwards, unix users
    included."""
    from kefu.hub import demo
    from kefu.hub.settings import free_port
    from kefu.hub.users import remove_unix_users

    extra_users = tuple(extra_users)
    state = Path(tempfile.mkdtemp(prefix=f"kefu-hub-{tag}-"))
    state.chmod(0o755)
    settings = demo.settings_for(
        state, port=free_port(), hub_port=free_port(), proxy_api_port=free_port(),
        formgrader_port=free_port(), postgres_port=free_port(), unix_prefix=prefix,
        grader_user=f"{prefix}grader", singleuser_dir=str(SINGLEUSER))
    try:
        yield state, settings
    finally:
        demo.stop(settings)
        remove_unix_users(f"{prefix}{name}" for name in (*DEMO_USERS, *extra_users))
        shutil.rmtree(state, ignore_errors=True)


def add_students(settings, students: list[str], prefix: str) -> dict[str, str]:
    """Accounts (and unix users) for ``students`` from a roster in the class's state folder,
    as ``kefu hub users`` makes them; ``{username: initial password}``."""
    from kefu.hub.accounts import AccountStore
    from kefu.hub.users import users_from_roster

    state = settings.path()
    roster = state / "压测花名册.csv"
    roster.write_text("学号,姓名,班级\n" + "".join(
        f"{s},压测{i},压测班\n" for i, s in enumerate(students, 1)), "utf-8")
    made = users_from_roster(AccountStore(settings.accounts_file), roster, unix=True,
                             home_base=settings.home_base, prefix=prefix,
                             sheet=state / "压测密码.xlsx", grader=settings.grader_user)
    return {account.username: password for account, password in made.issued}


def login(settings, username: str, password: str, new: str | None = None):
    """A ``requests`` session logged in through the form; a first login sets ``new`` as the
    password (the forced change)."""
    import requests

    session = requests.Session()
    base = settings.url.rstrip("/")
    session.get(f"{base}/hub/login", timeout=30)
    xsrf = session.cookies.get("_xsrf")
    answer = session.post(f"{base}/hub/login", timeout=60, allow_redirects=False,
                          data={"username": username, "password": password, "_xsrf": xsrf})
    if new is not None:
        page = answer.content.decode("utf-8")
        assert answer.status_code == 200 and "设置新密码" in page, page[:500]
        token = re.search(r'name="change_token" value="([^"]+)"', page).group(1)
        answer = session.post(f"{base}/hub/login", timeout=60, allow_redirects=False,
                              data={"change_token": token, "new_password": new,
                                    "new_password_again": new, "_xsrf": xsrf})
    assert answer.status_code == 302, (answer.status_code, answer.text[:500])
    return session


def ask_kernel(ws, kind: str, content: dict, username: str, seconds: float = LIMIT) -> dict:
    """Send a ``kind``_request on a kernel's websocket channel; its reply's content.
    TimeoutError when no reply came within ``seconds``."""
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({
        "header": {"msg_id": msg_id, "username": username, "session": uuid.uuid4().hex,
                   "msg_type": f"{kind}_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
        "content": content}))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        message = json.loads(ws.recv())
        if (message.get("parent_header", {}).get("msg_id") == msg_id
                and message.get("msg_type") == f"{kind}_reply"):
            return message["content"]
    raise TimeoutError(f"内核 {seconds:.0f} 秒内没有回答")


def first_cell(settings, session, username: str) -> float:
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
        reply = ask_kernel(ws, "execute", {
            "code": FIRST_CELL, "silent": False, "store_history": False,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}, username)
        assert reply["status"] == "ok", reply
        return time.monotonic() - started
    finally:
        ws.close()


def student(settings, username: str, password: str) -> dict:
    """One student: log in (first time), wait for the server, run the first cell."""
    started = time.monotonic()
    session = login(settings, username, password, new=f"Load-{uuid.uuid4().hex[:8]}-pw")
    session.get(f"{settings.url}hub/spawn", timeout=LIMIT)
    while True:
        page = session.get(f"{settings.url}user/{username}/lab", timeout=LIMIT)
        if page.status_code == 200 and page.url.endswith(f"/user/{username}/lab"):
            break
        assert time.monotonic() - started < LIMIT, f"{username}: no server after {LIMIT} s"
        time.sleep(1)
    spawned = time.monotonic() - started
    cell = first_cell(settings, session, username)
    return {"user": username, "server_s": round(spawned, 1), "first_cell_s": round(cell, 1)}


def wave(settings, usernames: list[str], passwords: dict[str, str]) -> tuple[list, list]:
    """``usernames`` log in at once; ``(results of those held, failures)``."""
    done: list[dict] = []
    failures: list[str] = []
    lock = threading.Lock()

    def one(username: str) -> None:
        try:
            result = student(settings, username, passwords[username])
            with lock:
                done.append(result)
        except Exception as exc:  # noqa: BLE001 - a student the server could not hold
            with lock:
                failures.append(f"{username}: {type(exc).__name__}: {str(exc)[:200]}")

    with ThreadPoolExecutor(len(usernames)) as pool:
        list(pool.map(one, usernames))
    return done, failures


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


def unavailable() -> str:
    """Why the class server cannot be measured here ("" when it can)."""
    import sys

    if sys.platform != "linux":
        return "班级服务器只支持 Linux"
    if os.geteuid() != 0:
        return "需要 root：每个学生的服务器以各自的系统用户运行"
    return ""


def measure(max_servers: int = 24, wave_size: int = WAVE, say=print) -> dict:
    """Waves of ``wave_size`` students until ``max_servers``, a wave not held, or memory."""
    import pwd

    from kefu.hub import demo

    prefix = "kfl"
    students = [f"2027{n:03d}" for n in range(1, max_servers + 1)]
    with demo_class("load", prefix, extra_users=students) as (_, settings):
        demo.start(settings, say=lambda line: None)
        passwords = add_students(settings, students, prefix)
        baseline = _mem_available()
        results: dict = {
            "machine": {"cpus": os.cpu_count(),
                        "mem_total_gb": round(os.sysconf("SC_PAGE_SIZE")
                                              * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
                        "mem_available_gb_before": round(baseline / 2**30, 1)},
            "wave_size": wave_size, "limit_s": LIMIT, "max_servers": max_servers, "waves": []}
        held: list[str] = []
        for start in range(0, max_servers, wave_size):
            began = time.monotonic()
            done, failures = wave(settings, students[start:start + wave_size], passwords)
            rss = [_rss_of_uid(pwd.getpwnam(f"{prefix}{u}").pw_uid)
                   for u in held + [d["user"] for d in done]]
            record = {
                "servers_after": len(held) + len(done),
                "wave_s": round(time.monotonic() - began, 1),
                "server_s_median": round(statistics.median(d["server_s"] for d in done), 1)
                if done else None,
                "server_s_max": max((d["server_s"] for d in done), default=None),
                "first_cell_s_median": round(statistics.median(d["first_cell_s"] for d in done), 1)
                if done else None,
                "first_cell_s_max": max((d["first_cell_s"] for d in done), default=None),
                "rss_per_student_mb": round(statistics.mean(rss) / 2**20) if rss else None,
                "mem_available_gb": round(_mem_available() / 2**30, 2),
                "load_average_1m": round(os.getloadavg()[0], 1),
                "failures": failures,
            }
            results["waves"].append(record)
            say(json.dumps(record, ensure_ascii=False))
            if failures:
                break
            held += [d["user"] for d in done]
            if _mem_available() < 1.5 * 2**30:
                break
        results["servers_held"] = len(held)
        per_student = results["waves"][-1]["rss_per_student_mb"] or 1
        results["memory_bound_estimate"] = int(baseline / 2**20 / per_student)
    return results


def report(results: dict) -> list[str]:
    """The results file's lines for one :func:`measure`."""
    machine = results["machine"]
    lines = [
        "| 波次后的服务器数 | 本波用时 | 登录到 JupyterLab（中位／最长） | 第一个单元格（中位／最长） | "
        "每名学生内存 | 剩余内存 | 1 分钟负载 | 未撑住 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for w in results["waves"]:
        lines.append(
            f"| {w['servers_after']} | {w['wave_s']} | {w['server_s_median']} / "
            f"{w['server_s_max']} | {w['first_cell_s_median']} / {w['first_cell_s_max']} | "
            f"{w['rss_per_student_mb']} MB | {w['mem_available_gb']} GB | "
            f"{w['load_average_1m']} | {len(w['failures']) or ''} |")
    lines += [
        "",
        f"单位：秒。每波 {results['wave_size']} 名学生同时首次登录（中文登录页、强制改密码），"
        f"等自己的 JupyterLab 启动，再在新内核里运行各章第一个单元格（`course.data.load`）；"
        f"一名学生 {results['limit_s']} 秒内没有可用的服务器就算没撑住。",
        f"- 撑住了 {results['servers_held']} / {results['max_servers']} 名学生"
        f"（上限由 `--servers` 设定）；机器 {machine['cpus']} 核、{machine['mem_total_gb']} GB，"
        f"开始时可用内存 {machine['mem_available_gb_before']} GB。",
        f"- 只看内存，约可容纳 {results['memory_bound_estimate']} 名这样的学生；"
        "真正的限制是 CPU：每启动一个服务器约花几 CPU 秒，全班同一分钟登录时最后一人要等得更久。",
    ]
    for w in results["waves"]:
        for failure in w["failures"]:
            lines.append(f"- 未撑住：{failure}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.hub", description="班级服务器容量基准")
    parser.add_argument("--servers", type=int, default=24, help="最多启动多少名学生的服务器（默认 24）")
    args = parser.parse_args(argv)
    reason = unavailable()
    if reason:
        print(f"无法测量：{reason}")
        return 1
    print("\n".join(report(measure(args.servers))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
