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
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.classkey import ClassKey
from autograder.coursedir import Course
from kefu.hub.accounts import Account, AccountStore

STAMP = ".kefu-stamp"
REQUESTS = ".requests"
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
    try:
        saved = (folder(base, account.username) / STAMP).read_text("ascii").strip()
    except OSError:
        return False
    return saved == stamp(course, ident["KEFU_VARIANT_KEY"])


def prepare_base(base: Path) -> Path:
    """The keys' parent folder: root's, enterable (not listable) by everyone."""
    base = Path(base)
    base.mkdir(parents=True, exist_ok=True)
    os.chmod(base, 0o711)
    (base / REQUESTS).mkdir(mode=0o700, exist_ok=True)
    return base


def build(course: Course, base: Path, account: Account) -> Path | None:
    """Build the keys of one student now (seconds); None for accounts that need none."""
    from autograder.answerkey import build as build_keys

    ident = identity(course, account)
    if not ident:
        return None
    base = prepare_base(base)
    target = folder(base, account.username)
    scratch = Path(tempfile.mkdtemp(prefix=f".{account.username}.", dir=base))
    try:
        build_keys(course.root, course.released_chapters(),
                   [(ident["KEFU_STUDENT"], ident["KEFU_VARIANT_KEY"])], scratch, jobs=1)
        (scratch / STAMP).write_text(stamp(course, ident["KEFU_VARIANT_KEY"]) + "\n", "ascii")
        _give_to(scratch, account.unix_user)
        old = base / f".{account.username}.old"
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            os.replace(target, old)
        os.replace(scratch, target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return target


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
            python: str = sys.executable, log: Path | None = None) -> None:
    """Ask for ``username``'s keys and make sure a builder runs (returns at once)."""
    base = prepare_base(base)
    (base / REQUESTS / username).touch()
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115 - the child keeps it
    try:
        subprocess.Popen([python, "-m", "kefu.hub.answerkeys", "--course", str(course_root),
                          "--base", str(base), "--accounts", str(accounts_file)],
                         stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                         start_new_session=True, cwd="/")
    finally:
        if log:
            out.close()


def work(course: Course, base: Path, store: AccountStore) -> list[str]:
    """Build every requested student's keys, one at a time; returns the users built.

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
                    if account is None or fresh(base, course, account):
                        continue
                    try:
                        if build(course, base, account) is not None:
                            done.append(account.username)
                    except Exception as exc:  # noqa: BLE001 - one student's keys never stop the rest
                        print(f"answer keys of {account.username} failed: {exc}", flush=True)
        # Requests made while the lock was being released are taken by the next round.
        if not any((base / REQUESTS).iterdir()):
            return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kefu.hub.answerkeys")
    parser.add_argument("--course", type=Path, required=True)
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--accounts", type=Path, required=True)
    parser.add_argument("users", nargs="*", help="build these now (default: the requests)")
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError):
        os.nice(10)  # never slow the students' servers down
    course = Course.load(args.course)
    store = AccountStore(args.accounts)
    for username in args.users:
        (prepare_base(args.base) / REQUESTS / username).touch()
    built = work(course, args.base, store)
    print(f"answer keys built for: {', '.join(built) or 'nobody'}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
