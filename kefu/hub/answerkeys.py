"""Each student's answer keys on the class server (behind ``练习N.check()``), theirs alone.

The class server never gives a student the class secret (every classmate's variant key is
derived from it), so the students' environment only carries the public variant's answer
keys. Each student's own keys are built here, from the reference notebooks and their
variant key, into ``<state>/answerkeys/<user>/chNN.json``: the folder belongs to root and
the student's own group (mode 0750), so no other student can read it. The spawner points
``KEFU_ANSWER_KEYS`` at it (:mod:`course.coach` reads the keys from there).

Building one student's keys takes about ten seconds of one core, so it never delays a
login: the spawner leaves a request and starts a builder in the background
(:func:`request`); one builder at a time works through the requests (a lock file), so a
class logging in at once queues up instead of running fifty builds in parallel. Until a
student's keys are ready, ``check()`` says it can only tell whether the answer runs.
A stamp (digest of the source notebooks and the variant) rebuilds stale keys after the
teacher changes a notebook.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import re
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.classkey import ClassKey
from autograder.coursedir import Course
from kefu.hub.accounts import Account, AccountStore

STAMP = ".kefu-stamp"
REQUESTS = ".requests"
STAGING = ".staging"
LOCK = ".builder.lock"


def folder(base: Path, username: str) -> Path:
    """Where the keys of ``username`` live."""
    return Path(base) / username


def identity(course: Course, account: Account) -> dict[str, str]:
    """``KEFU_STUDENT`` and ``KEFU_VARIANT_KEY`` of a student account ({} for staff, or
    when the course gives everyone the public variant)."""
    if account.role != "student":
        return {}
    return ClassKey.of(course).identity_env(account.student_id)


def stamp(course: Course, variant_key: str) -> str:
    """What the keys depend on: the reference notebooks and the student's variant."""
    digest = hashlib.sha256(hashlib.sha256(variant_key.encode()).digest())
    for chapter in course.released_chapters():
        digest.update(chapter.encode() + b"\0" + course.source_notebook(chapter).read_bytes())
    return digest.hexdigest()


def fresh(base: Path, course: Course, account: Account) -> bool:
    """Whether the student's keys exist and match the course as it is now."""
    ident = identity(course, account)
    if not ident:
        return True
    saved = saved_stamp(base, account.username)
    return saved is not None and saved == stamp(course, ident["KEFU_VARIANT_KEY"])


def prepare_base(base: Path) -> Path:
    """The keys' parent folder: root's, enterable (not listable) by everyone."""
    base = Path(base)
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o711)
    (base / REQUESTS).mkdir(mode=0o700, exist_ok=True)
    return base


def build(course: Course, base: Path, account: Account) -> Path | None:
    """Build the keys of one student now (seconds); None for accounts that need none."""
    ident = identity(course, account)
    if not ident:
        return None
    base = prepare_base(base)
    scratch = Path(tempfile.mkdtemp(prefix=f".{account.username}.", dir=base))
    try:
        _build_into(course, scratch, ident)
        _give_to(scratch, account.unix_user)
        return _replace(base, account.username, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _build_into(course: Course, folder: Path, ident: dict[str, str]) -> None:
    from autograder.answerkey import build as build_keys

    build_keys(course.root, course.released_chapters(),
               [(ident["KEFU_STUDENT"], ident["KEFU_VARIANT_KEY"])], folder, jobs=1)
    (folder / STAMP).write_text(stamp(course, ident["KEFU_VARIANT_KEY"]) + "\n", "ascii")


def _replace(base: Path, username: str, ready: Path) -> Path:
    target = folder(base, username)
    old = base / f".{username}.old"
    if target.exists():
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
    os.replace(ready, target)
    shutil.rmtree(old, ignore_errors=True)
    return target


# -- the class server: building as the grader account, installing as root ----------------
#: Largest key file root copies out of the grader's staging folder.
MAX_KEY_FILE = 8 * 1024 * 1024
KEY_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def stage(course: Course, staging: Path, username: str, student_id: str) -> Path:
    """As the grader account: one student's keys into ``staging/<username>``."""
    target = staging / username
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    _build_into(course, target, ClassKey.of(course).identity_env(student_id))
    return target


def install(base: Path, staged: Path, account: Account) -> Path:
    """As root: copy a student's staged keys (regular files only, never through a link,
    bounded in size) into a new folder of root and the student's group, then swap it in.
    The staging folder belongs to the grader account, so nothing in it is trusted."""
    base = prepare_base(base)
    scratch = Path(tempfile.mkdtemp(prefix=f".{account.username}.", dir=base))
    try:
        for entry in os.scandir(staged):
            if not KEY_NAME.fullmatch(entry.name) or not entry.is_file(follow_symlinks=False):
                continue
            fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            with os.fdopen(fd, "rb") as source:
                info = os.fstat(source.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_KEY_FILE:
                    continue
                (scratch / entry.name).write_bytes(source.read(MAX_KEY_FILE + 1)[:MAX_KEY_FILE])
        _give_to(scratch, account.unix_user)
        return _replace(base, account.username, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def saved_stamp(base: Path, username: str) -> str | None:
    try:
        return (folder(base, username) / STAMP).read_text("ascii").strip()
    except OSError:
        return None


def as_grader(grader: str) -> dict:
    """``subprocess`` arguments that run a command as the grader account (root only)."""
    entry = pwd.getpwnam(grader)
    return {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": [], "cwd": "/",
            "env": {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                    "HOME": entry.pw_dir}}


def identity_as_grader(python: str, course_root: Path, student_id: str, grader: str) -> dict:
    """``{"env": …, "stamp": …}`` of a student, computed by the grader account (the course's
    configuration is never loaded by root)."""
    done = subprocess.run([python, "-m", "kefu.hub.answerkeys", "identity", "--course",
                           str(course_root), "--student-id", student_id],
                          capture_output=True, text=True, timeout=120, **as_grader(grader))
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise RuntimeError(said[-1][-500:] if said else f"无法为 {student_id} 算出数据版本密钥（评分账号的步骤失败）。")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _give_to(path: Path, unix_user: str) -> None:
    """root-owned, readable by the student's own group only (0750 folder, 0640 files)."""
    try:
        gid = pwd.getpwnam(unix_user).pw_gid
    except KeyError:  # no unix user (a test without root): only the owner reads it
        gid = None
    for item in [path, *path.iterdir()]:
        if gid is not None and os.geteuid() == 0:
            os.chown(item, 0, gid)
        os.chmod(item, 0o750 if item.is_dir() else 0o640)


# -- background building -------------------------------------------------------------
def request(base: Path, course_root: Path, accounts_file: Path, username: str,
            python: str = sys.executable, log: Path | None = None, grader: str = "",
            grader_python: str = "") -> None:
    """Ask for ``username``'s keys and make sure a builder runs (returns at once)."""
    base = prepare_base(base)
    (base / REQUESTS / username).touch()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the child keeps it
    split = ["--grader", grader, "--python", grader_python or python] if grader else []
    try:
        subprocess.Popen([python, "-m", "kefu.hub.answerkeys", "--course", str(course_root),
                          "--base", str(base), "--accounts", str(accounts_file), *split],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                         start_new_session=True, cwd="/")
    finally:
        if log:
            out.close()


def work(course: Course | Path, base: Path, store: AccountStore, grader: str | None = None,
         python: str = sys.executable) -> list[str]:
    """Build every requested student's keys, one at a time; returns the users built.

    With ``grader`` (root on a class server), ``course`` is the course root's path: each
    student's keys are built by the grader account and installed by root (:func:`install`).

    Only one builder works at a time; a builder that finds another at work leaves (the
    other one takes its requests too, as it looks again after releasing the lock).
    """
    base = prepare_base(base)
    done: list[str] = []
    while True:
        with open(base / LOCK, "a") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return done
            while True:
                pending = sorted(p for p in (base / REQUESTS).iterdir())
                if not pending:
                    break
                for item in pending:
                    item.unlink(missing_ok=True)
                    account = store.get(item.name)
                    try:
                        if grader is not None:
                            if account is not None and account.role == "student":
                                _build_as_grader(base, course, account, grader, python)
                                done.append(account.username)
                        elif account is not None and not fresh(base, course, account):
                            if build(course, base, account) is not None:
                                done.append(account.username)
                    except Exception as exc:  # noqa: BLE001 - one student's keys never stop the rest
                        print(f"answer keys of {item.name} failed: {exc}", flush=True)
        # Requests made while the lock was being released are taken by the next round.
        if not any((base / REQUESTS).iterdir()):
            return done


def _build_as_grader(base: Path, course_root, account: Account, grader: str, python: str) -> None:
    staging = base / STAGING
    entry = pwd.getpwnam(grader)
    if not staging.is_dir() or staging.is_symlink():
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
    os.chown(staging, entry.pw_uid, entry.pw_gid, follow_symlinks=False)
    done = subprocess.run([python, "-m", "kefu.hub.answerkeys", "stage", "--course",
                           str(course_root), "--staging", str(staging), "--username",
                           account.username, "--student-id", account.student_id],
                          capture_output=True, text=True, timeout=1800, **as_grader(grader))
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip()[-800:])
    staged = staging / account.username
    if staged.is_symlink() or not staged.is_dir():
        raise RuntimeError("no keys were staged")
    install(base, staged, account)
    shutil.rmtree(staged, ignore_errors=True)


def _grader_main(argv: list[str]) -> int:
    """``identity`` and ``stage``: the parts the grader account runs."""
    parser = argparse.ArgumentParser(prog="python -m kefu.hub.answerkeys")
    parser.add_argument("mode", choices=("identity", "stage"))
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--student-id", required=True)
    parser.add_argument("--staging", type=Path)
    parser.add_argument("--username")
    args = parser.parse_args(argv)
    course = Course.load(args.course)
    if args.mode == "identity":
        env = ClassKey.of(course).identity_env(args.student_id)
        print(json.dumps({"env": env, "stamp": stamp(course, env["KEFU_VARIANT_KEY"])
                          if "KEFU_VARIANT_KEY" in env else None}))
        return 0
    with contextlib.suppress(OSError):
        os.nice(10)
    stage(course, args.staging, args.username, args.student_id)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kefu.hub.answerkeys")
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--accounts", type=Path, required=True)
    parser.add_argument("--grader", default=None,
                        help="build as this account, install as root (the class server)")
    parser.add_argument("--python", default=sys.executable,
                        help="the interpreter the grader account runs")
    parser.add_argument("users", nargs="*", help="build these now (default: the requests)")
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("identity", "stage"):
        try:
            return _grader_main(argv)
        except ValueError as exc:  # ClassKeyError, CourseError: Chinese, shown by the spawner
            print(str(exc), file=sys.stderr)
            return 2
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError):
        os.nice(10)  # never slow the students' servers down
    store = AccountStore(args.accounts)
    for username in args.users:
        (prepare_base(args.base) / REQUESTS / username).touch()
    if args.grader:  # root never loads the course's configuration
        built = work(args.course, args.base, store, grader=args.grader, python=args.python)
    else:
        built = work(Course.load(args.course), args.base, store)
    print(f"answer keys built for: {', '.join(built) or 'nobody'}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
