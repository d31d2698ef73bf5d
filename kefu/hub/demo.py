"""The loopback demo of the class server (``make hub`` / ``kefu hub start``, ``make hub-stop``).

``start`` brings up, in order, everything a class needs on 127.0.0.1, and is idempotent
(running it again reuses what exists and only starts what is stopped):

1. the state folder (``/tmp/kefu-hub-<tag>``, or ``$KEFU_HUB_VAR``) and its settings;
2. PostgreSQL from Debian in that folder, and the gradebook database with its own role;
3. the demo course: a copy of this course whose ``nbgrader_config.py`` names that gradebook,
   the exchange, the course id and the accounts file (``kefu grade --from-exchange`` maps
   hand-ins to 学号 with it); the demo roster imported into the gradebook; its class secret
   (kept there); every chapter released to the exchange;
4. the accounts of the demo class (3 students, a teacher, a TA) with unix users;
5. the students' environment (class edition of the course, :mod:`kefu.hub.singleuser`);
6. JupyterHub itself (in the background; ``jupyterhub.pid`` and ``logs/`` in the folder).

``stop`` ends JupyterHub (which ends the proxy, the Formgrader and every user's server) and
PostgreSQL. Tests call the same functions with their own folder and free ports.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import asdict
from datetime import datetime, timedelta
from pathlib import Path

from autograder.classkey import ClassKey
from autograder.coursedir import Course
from autograder.exchange import release_assignment
from autograder.schedule import SHANGHAI
from kefu.hub.accounts import AccountStore
from kefu.hub.answerkeys import prepare_base
from kefu.hub.postgres import LocalPostgres
from kefu.hub.settings import (
    DEPLOY,
    REPO,
    HubSettings,
    SettingsError,
    default_state_dir,
    secure_dir,
)

DEMO_ROSTER = DEPLOY / "demo-roster.csv"
DEMO_TEACHERS = ("teacher",)
DEMO_TAS = ("ta",)
GRADEBOOK_DB = "kefu_gradebook"
GRADEBOOK_ROLE = "kefu"
_HUB_BLOCK = "# --- class server (written by kefu hub start; kefu/hub/demo.py) ---"


def settings_for(state_dir: Path | None = None, **values) -> HubSettings:
    """The settings saved in ``state_dir`` (default :func:`default_state_dir`), updated."""
    state_dir = Path(state_dir or default_state_dir())
    saved = state_dir / "settings.json"
    settings = HubSettings.load(saved) if saved.is_file() else HubSettings()
    settings.state_dir = str(state_dir)
    for key, value in values.items():
        setattr(settings, key, value)
    settings.teacher_python = settings.teacher_python or sys.executable
    return settings


def prepare_course(settings: HubSettings, gradebook_url: str) -> Course:
    """The demo course root: this course's config, source/ and release/, with the hub block
    (gradebook, exchange, course id) at the end of its nbgrader_config.py."""
    root = settings.course
    Course.load(REPO).copy_to(root)  # refreshed on every start; autograder/ (the class's state) stays
    (root / "pyproject.toml").write_bytes((REPO / "pyproject.toml").read_bytes())
    config = root / "nbgrader_config.py"
    text = config.read_text("utf-8").split("\n" + _HUB_BLOCK)[0].rstrip("\n")
    text += (f"\n\n{_HUB_BLOCK}\n"
             f"c.CourseDirectory.db_url = {gradebook_url!r}\n"
             f"c.CourseDirectory.course_id = {settings.course_ids[0]!r}\n"
             f"c.Exchange.root = {str(settings.exchange_root)!r}\n"
             f"c.KefuHub.accounts_file = {str(settings.accounts_file)!r}\n"
             "# the Formgrader's Collect button: use kefu grade --from-exchange (autograder/exchange.py)\n"
             "c.ExchangeFactory.collect = 'autograder.exchange.ClassServerCollect'\n")
    if settings.due_dates:
        text += f"c.CourseCalendar.due_dates = {settings.due_dates!r}\n"
    config.write_text(text, "utf-8")
    os.chmod(root, 0o700)  # the answers: no student user may enter
    os.chmod(config, 0o600)  # holds the gradebook's password
    return Course.load(root)


def hand_over(settings: HubSettings, grader) -> None:
    """The course root, the Formgrader's home and the course's exchange folders belong to the
    grader account (a demo from before the grader account existed is handed over once;
    links are changed, never followed; students' hand-ins keep their owners)."""
    def give(path: Path) -> None:
        os.chown(path, grader.pw_uid, grader.pw_gid, follow_symlinks=False)

    def give_tree(top: Path) -> None:  # os.walk never descends into a link
        for folder, dirs, files in os.walk(top):
            for name in (folder, *(os.path.join(folder, n) for n in dirs + files)):
                give(Path(name))

    for folder in (settings.course, settings.path("formgrader-home")):
        if folder.is_symlink():
            raise SettingsError(f"{folder} 是一个链接：为安全起见不使用它。")
        folder.mkdir(mode=0o700, exist_ok=True)
        if os.lstat(folder).st_uid != grader.pw_uid:
            give_tree(folder)
        os.chmod(folder, 0o700)
    for course_id in settings.course_ids:
        mine = settings.exchange_root / course_id
        if mine.is_dir() and not mine.is_symlink() and os.lstat(mine).st_uid == 0:
            give(mine)
            for sub in ("outbound", "feedback"):
                give_tree(mine / sub)
            if (mine / "inbound").is_dir() and not (mine / "inbound").is_symlink():
                give(mine / "inbound")  # the hand-ins inside stay the students'


def prepare_as_grader(settings: HubSettings, roster: Path, grader) -> Path:
    """Run :func:`prepare_course_here` as the grader account; returns the class edition wheel."""
    import tempfile

    from kefu.hub.answerkeys import as_grader

    with tempfile.TemporaryDirectory(prefix="kefu-roster-") as tmp:
        os.chmod(tmp, 0o755)
        copy = Path(tmp) / Path(roster).name  # the teacher's roster may sit where the grader cannot read
        copy.write_bytes(Path(roster).read_bytes())
        os.chmod(copy, 0o644)
        job = {"settings": asdict(settings), "roster": str(copy)}
        run = as_grader(settings.grader_user)
        run["env"]["HOME"] = str(settings.path("formgrader-home"))
        done = subprocess.run([settings.grader_python, "-m", "kefu.hub.demo", "prepare"],
                              input=json.dumps(job), capture_output=True, text=True, **run)
    if done.returncode != 0:
        raise SettingsError("以评分账号准备课程目录失败：" + (done.stderr or done.stdout)[-1500:])
    return Path(json.loads(done.stdout.strip().splitlines()[-1])["wheel"])


def prepare_course_here(settings: HubSettings, roster: Path) -> Path:
    """As the grader account: the course root, the roster, the class secret, the released
    chapters in the exchange and the class edition wheel (for the students' environment)."""
    from autograder.roster import import_roster
    from kefu.hub.singleuser import course_wheel

    course = prepare_course(settings, settings.gradebook_url)
    import_roster(course, roster)
    key = ClassKey.of(course)
    if key.per_student:  # stays in the course root; students get their derived keys only
        key.create()
    for chapter in course.released_chapters():  # students fetch them in the Assignment List
        release_assignment(course, chapter)
    wheels = course.root / "autograder" / ".cache" / "hub-wheel"
    shutil.rmtree(wheels, ignore_errors=True)
    return course_wheel(course, wheels)


def _prepare_main() -> int:
    job = json.loads(sys.stdin.read())
    settings = HubSettings(**job["settings"])
    try:
        wheel = prepare_course_here(settings, Path(job["roster"]))
    except (ValueError, OSError) as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"wheel": str(wheel)}))
    return 0


def _hub_pid(settings: HubSettings) -> int | None:
    try:
        pid = int(settings.path("jupyterhub.pid").read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return None
    return pid if b"jupyterhub" in cmdline else None


def _wait_for_hub(settings: HubSettings, process: subprocess.Popen | None, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    # through the proxy: the hub answers before it has given the proxy its routes
    url = f"http://{settings.ip}:{settings.port}/hub/health"
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    log = settings.path("logs", "jupyterhub.log")
    tail = log.read_text("utf-8", "replace")[-2000:] if log.is_file() else ""
    raise SettingsError(f"JupyterHub 没有启动成功（日志：{log}）：\n{tail}")


def _demo_passwords(settings: HubSettings, issued: Iterable) -> dict[str, str]:
    """Initial passwords of the demo accounts, kept (root only) so a second start can show them."""
    path = settings.path("demo-passwords.json")
    known = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    known.update({account.username: password for account, password in issued})
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(known, out, ensure_ascii=False, indent=2)
    return known


def start(settings: HubSettings, roster: Path = DEMO_ROSTER, teachers: Iterable[str] = DEMO_TEACHERS,
          tas: Iterable[str] = DEMO_TAS, say: Callable[[str], None] = print,
          wait: float = 120) -> dict[str, str]:
    """Start the demo (see the module docstring); returns the demo accounts' initial passwords."""
    from autograder.privilege import grader_python
    from kefu.hub.singleuser import build_env
    from kefu.hub.users import ensure_grader, users_from_roster

    if os.geteuid() != 0:
        raise SettingsError("班级服务器的演示需要 root 权限（sudo make hub）：每个学生的服务器以各自的系统用户运行，"
                            "只有 root 能建立这些用户并切换到它们。")
    if not Path(settings.proxy_command).is_file():
        raise SettingsError(f"找不到代理 configurable-http-proxy（{settings.proxy_command}）。"
                            "请先运行 make hub-deps（它用 npm ci --prefix deploy/hub 安装）。")
    state = secure_dir(Path(settings.state_dir))
    for sub in ("logs", "hub"):
        secure_dir(state / sub, 0o700)
    secure_dir(settings.home_base, 0o755)
    settings.save()

    say(f"1/5 启动 PostgreSQL（127.0.0.1:{settings.postgres_port}，数据在 {state / 'postgres'}）……")
    postgres = LocalPostgres(state / "postgres", settings.postgres_port)
    postgres.init()
    postgres.start()
    settings.gradebook_url = postgres.ensure_database(GRADEBOOK_DB, GRADEBOOK_ROLE)
    settings.save()

    if not settings.due_dates:
        # The repository's dates are a past term's; the demo class gets a week from its
        # first start (kept on later starts).
        due = (datetime.now(SHANGHAI) + timedelta(days=7)).strftime("%Y-%m-%d 23:59:59")
        settings.due_dates = {chapter: due for chapter in Course.load(REPO).chapters()}
        settings.save()

    say("2/5 准备课程目录和成绩库（PostgreSQL）；课程目录属于评分账号 "
        f"{settings.grader_user}，Formgrader 和评分都以它运行……")
    grader = ensure_grader(settings.grader_user, settings.grader_home)
    settings.grader_python = grader_python()
    settings.save()
    exchange = settings.exchange_root
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o1777)  # nbgrader's exchange: everyone writes, nobody deletes others' files
    hand_over(settings, grader)
    wheel = prepare_as_grader(settings, roster, grader)
    prepare_base(settings.answer_keys)

    say("3/5 建立演示班级的账号和系统用户……")
    store = AccountStore(settings.accounts_file)
    done = users_from_roster(store, roster, teachers=teachers, tas=tas, unix=True,
                             home_base=settings.home_base, prefix=settings.unix_prefix,
                             sheet=state / "初始密码.xlsx", login_url=settings.url,
                             grader=settings.grader_user)
    passwords = _demo_passwords(settings, done.issued)

    say("4/5 准备学生的 JupyterLab 环境（学生版课程；第一次约需 1–2 分钟）……")
    build_env(settings.singleuser_env, None, exchange, settings.course_ids[0], wheel=wheel)

    say(f"5/5 启动 JupyterHub（{settings.url}）……")
    if _hub_pid(settings) is None:
        log = open(settings.path("logs", "jupyterhub.log"), "ab")  # noqa: SIM115 - the hub keeps it
        env = {**os.environ, "KEFU_HUB_SETTINGS": str(settings.path("settings.json"))}
        process = subprocess.Popen(
            [settings.teacher_python, "-m", "jupyterhub", "-f",
             str(DEPLOY / "jupyterhub_config.py")],
            cwd=settings.path("hub"), env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True)
        log.close()
        settings.path("jupyterhub.pid").write_text(f"{process.pid}\n")
        _wait_for_hub(settings, process, wait)
    else:
        _wait_for_hub(settings, None, wait)
    return {account.username: passwords.get(account.username, "")
            for account in store.all()}


def status_lines(settings: HubSettings, passwords: dict[str, str]) -> list[str]:
    """What ``make hub`` prints at the end (Chinese)."""
    store = AccountStore(settings.accounts_file)
    lines = [f"班级服务器已启动：{settings.url}（只在本机 127.0.0.1 上，停止：make hub-stop）",
             "演示账号（第一次登录要设置新密码）："]
    for account in store.all():
        password = passwords.get(account.username, "")
        shown = "已改为自己的密码" if not account.must_change else (password or "（见初始密码表）")
        lines.append(f"  {account.username:<10} {account.name or account.role:<6} 初始密码：{shown}")
    lines.append(f"教师和助教登录后打开 Formgrader：{settings.url}services/formgrader/")
    if settings.due_dates:
        lines.append(f"各章已发布到学生的「作业列表」（Assignments），演示截止时间："
                     f"{sorted(set(settings.due_dates.values()))[0]}（北京时间）")
    course = f"KEFU_COURSE={settings.course}"
    lines.append(f"收作业并评分：sudo {course} .venv/bin/kefu grade ch07 --from-exchange；"
                 f"发还反馈：sudo {course} .venv/bin/kefu release-feedback ch07")
    lines.append(f"日志：{settings.path('logs', 'jupyterhub.log')}；初始密码表：{settings.path('初始密码.xlsx')}")
    return lines


def stop(settings: HubSettings, wait: float = 60) -> list[str]:
    """Stop JupyterHub (and with it the proxy, the Formgrader and every server) and PostgreSQL."""
    said = []
    pid = _hub_pid(settings)
    if pid is not None:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.3)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
        said.append("JupyterHub 已停止。")
    settings.path("jupyterhub.pid").unlink(missing_ok=True)
    if _stop_key_builders(settings):
        said.append("后台的答案检查表生成已停止（下次登录时继续）。")
    postgres = LocalPostgres(Path(settings.state_dir) / "postgres", settings.postgres_port)
    if (postgres.data / "PG_VERSION").is_file() and postgres.stop():
        said.append("PostgreSQL 已停止。")
    return said or ["班级服务器没有在运行。"]


def _stop_key_builders(settings: HubSettings) -> int:
    """End this class's background answer-key builders (kefu/hub/answerkeys.py; each runs
    in its own session, so stopping the hub does not end it); how many were running."""
    base = str(settings.answer_keys)
    stopped = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            args = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"kefu.hub.answerkeys" in args and base.encode() in args:
            try:
                os.killpg(int(proc.name), signal.SIGTERM)  # the builder and its worker
                stopped += 1
            except (ProcessLookupError, PermissionError):
                continue
    return stopped


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (our own child, not yet reaped) counts as ended
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


if __name__ == "__main__" and sys.argv[1:] == ["prepare"]:
    raise SystemExit(_prepare_main())
