"""Grading from nbgrader's exchange: every hand-in kept, the right one graded, its time checked,
nothing taken in someone else's name or through a link; feedback returned to its student only.

Hand-ins are made the way nbgrader's submit makes them (``inbound/<user>+ch07+<time>+<random>/``
with ``timestamp.txt`` and ``submission_secret.txt``), owned by the submitting unix user.
Owners other than root need root (chown); those tests are skipped otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from autograder import exchange
from autograder.coursedir import Course
from autograder.exchange import Handin, choose
from autograder.schedule import SHANGHAI

NOW = datetime.now(UTC).replace(microsecond=0)
DUE = NOW + timedelta(hours=1)
#: Unix owners of the hand-ins (no passwd entry needed: the resolver maps "uid N").
UID = {"2026001": 61001, "2026002": 61002, "2026003": 61003, "2026004": 61004, "2026005": 61005}
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="hand-ins of other unix users need root")


def _handin(when, owner="kf1", user="kf1", changed=None):
    return Handin(f"{user}+ch07+{when}+x", user, "ch07", when, owner, changed or when)


def test_the_newest_hand_in_before_the_due_date_is_graded_and_the_sheet_says_why():
    early, newest_on_time, late = NOW - timedelta(hours=5), NOW - timedelta(minutes=3), DUE + timedelta(hours=2)
    hands = [_handin(late), _handin(early), _handin(newest_on_time)]
    pick, note = choose(hands, DUE)
    assert pick.claimed == newest_on_time
    assert "共提交 3 次" in note and "评分截止前的最后一次" in note and "--latest" in note
    pick, note = choose(hands, DUE, latest=True)
    assert pick.claimed == late and "按教师要求（--latest）评分最新的一次" in note
    pick, note = choose([_handin(late), _handin(late + timedelta(hours=1))], DUE)
    assert pick.claimed == late + timedelta(hours=1) and "都在截止之后" in note
    pick, note = choose([_handin(early)], DUE)
    assert note == ""  # one hand-in on time: nothing to say
    pick, note = choose([_handin(early)], None)
    assert note == ""


def test_a_claimed_time_the_server_never_saw_is_replaced_by_the_server_s():
    forged = _handin(NOW - timedelta(days=3), changed=NOW)
    pick, note = choose([forged], DUE)
    assert pick.moment == NOW and "按服务器的时间计" in note
    honest = _handin(NOW - timedelta(seconds=2), changed=NOW)  # copying takes a moment
    assert not honest.doubtful and honest.moment == honest.claimed


# -- a course with an exchange ---------------------------------------------------------
@pytest.fixture
def clock() -> tuple[datetime, datetime]:
    """(now, the due date an hour later), taken when the test starts: hand-ins are made
    now, and their claimed times must stay within minutes of the folders' ctimes."""
    now = datetime.now(UTC).replace(microsecond=0)
    return now, now + timedelta(hours=1)


@pytest.fixture
def xcourse(course, tmp_path, clock) -> Course:
    copy = course.copy_to(tmp_path / "course", chapters=["ch07"])
    config = copy.root / "nbgrader_config.py"
    due = clock[1].astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    config.write_text(config.read_text("utf-8") + (
        "\nc.CourseDirectory.course_id = 'kefu'\n"
        f"c.Exchange.root = {str(tmp_path / 'exchange')!r}\n"
        f"c.CourseCalendar.due_dates = {{'ch07': {due!r}}}\n"), "utf-8")
    loaded = Course.load(copy.root)
    (tmp_path / "exchange").mkdir()
    exchange.release_assignment(loaded, "ch07")
    return loaded


def _resolve(owner: str, user: str) -> str | None:
    for student, uid in UID.items():
        if owner == f"uid {uid}" and user in (f"kf{student}", student):
            return student
    return None


def _full(course: Course) -> bytes:
    from autograder import sampleclass

    release = json.loads(course.release_notebook("ch07").read_text("utf-8"))
    source = json.loads(course.source_notebook("ch07").read_text("utf-8"))
    return json.dumps(sampleclass.fill(release, sampleclass.solutions(source)),
                      ensure_ascii=False).encode()


def hand_in(course: Course, student: str, when: datetime, notebook: bytes, *,
            name: str | None = None, owner: int | None = None) -> Path:
    """A hand-in as nbgrader's submit leaves it, owned by the student's unix user."""
    inbound = Path(course.config.Exchange.root) / "kefu" / "inbound"
    stamp = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f") + " UTC"
    user = name or f"kf{student}"
    folder = inbound / f"{user}+ch07+{stamp}+{secrets.token_urlsafe(6)}"
    folder.mkdir()
    (folder / "ch07.ipynb").write_bytes(notebook)
    (folder / "timestamp.txt").write_text(stamp)
    (folder / "submission_secret.txt").write_text(secrets.token_hex(64))
    uid = owner if owner is not None else UID[student]
    for item in [folder, *folder.iterdir()]:
        os.chown(item, uid, uid)
    return folder


@needs_root
def test_collect_lays_out_the_chosen_hand_ins_and_refuses_forged_and_linked_ones(xcourse, tmp_path,
                                                                                 clock):
    NOW, DUE = clock  # noqa: N806
    full = _full(xcourse)
    hand_in(xcourse, "2026001", NOW - timedelta(minutes=8), b"{}")
    kept = hand_in(xcourse, "2026001", NOW - timedelta(minutes=3), full)
    hand_in(xcourse, "2026001", DUE + timedelta(hours=2), b"late")
    hand_in(xcourse, "2026002", NOW - timedelta(days=3), full)  # claims a time long gone
    hand_in(xcourse, "2026003", NOW, full, name="kf2026001")  # 2026003 in 2026001's name
    linked = hand_in(xcourse, "2026004", NOW, full)
    (linked / "ch07.ipynb").unlink()
    (linked / "ch07.ipynb").symlink_to(xcourse.source_notebook("ch07"))
    inbound = linked.parent
    (inbound / f"kf2026005+ch07+{NOW:%Y-%m-%d %H:%M:%S.%f} UTC+zz").symlink_to(xcourse.source_dir)

    pick = exchange.collect(xcourse, ["ch07"], tmp_path / "out", _resolve)
    assert sorted(pick.chosen) == [("2026001", "ch07"), ("2026002", "ch07"), ("2026004", "ch07")]
    first = pick.chosen[("2026001", "ch07")]
    assert first.folder == kept.name and first.count == 3
    assert "共提交 3 次" in first.note and "之后的 1 次在截止之后" in first.note
    assert first.secret == (kept / "submission_secret.txt").read_text()
    laid = tmp_path / "out" / "2026001" / "ch07"
    assert (laid / "ch07.ipynb").read_bytes() == full
    assert (laid / "timestamp.txt").read_text().startswith(
        (NOW - timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M:%S"))
    assert "按服务器的时间计" in pick.chosen[("2026002", "ch07")].note
    # the link to the answers is never followed: no notebook, a reason instead
    assert "没有 ch07.ipynb" in pick.unusable[("2026004", "ch07")]
    assert not (tmp_path / "out" / "2026004").exists()
    assert any("不是本人提交" in p and "kf2026001" in p for p in pick.problems)
    assert any("不是 nbgrader 提交的作业文件夹" in p for p in pick.problems)
    assert b"BEGIN SOLUTION" not in b"".join(p.read_bytes() for p in (tmp_path / "out").rglob("*")
                                             if p.is_file())
    # nothing left the exchange: every hand-in is kept
    assert len(list(inbound.iterdir())) == 7
    latest = exchange.collect(xcourse, ["ch07"], tmp_path / "out2", _resolve, latest=True)
    assert latest.chosen[("2026001", "ch07")].claimed.startswith(
        (DUE + timedelta(hours=2)).isoformat()[:16])


@needs_root
@pytest.mark.slow
def test_grading_from_the_exchange_keeps_its_times_and_reasons_and_returns_feedback(xcourse, clock):
    from autograder import gradesheets

    NOW, DUE = clock  # noqa: N806

    full = _full(xcourse)
    hand_in(xcourse, "2026001", NOW - timedelta(minutes=8), b"{}")
    kept = hand_in(xcourse, "2026001", NOW - timedelta(minutes=3), full)
    hand_in(xcourse, "2026001", DUE + timedelta(hours=26), full)
    late = hand_in(xcourse, "2026002", DUE + timedelta(hours=2), full)
    hand_in(xcourse, "2026003", NOW - timedelta(minutes=1), b'{"cells": 1')  # broken
    run = exchange.grade(xcourse, ["ch07"], resolve=_resolve, progress=False, jobs=1)
    assert sorted((o.student_id, o.ok) for o in run.outcomes) == [
        ("2026001", True), ("2026002", True), ("2026003", False)]
    summary = gradesheets.build(xcourse).summary.set_index("学号")
    assert summary.at["2026001", "状态"].startswith("评分完成；exchange 中共提交 3 次")
    assert summary.at["2026001", "迟交扣分"] == 0
    assert summary.at["2026001", "提交时间来源"] == "nbgrader 提交时间"
    assert datetime.fromisoformat(summary.at["2026001", "提交时间"]) == NOW - timedelta(minutes=3)
    assert summary.at["2026002", "迟交扣分"] > 0  # one day late: the exchange's time counts
    assert "笔记本文件损坏" in summary.at["2026003", "状态"]
    assert "exchange 中共提交 3 次" in run.intake_report

    released = exchange.release_feedback(xcourse, "ch07")
    assert sorted(released.students) == ["2026001", "2026002", "2026003"], released.report()
    outbound = Path(xcourse.config.Exchange.root) / "kefu" / "feedback"
    assert os.stat(outbound).st_mode & 0o777 == 0o711
    for student, folder in (("2026001", kept), ("2026002", late)):
        secret = (folder / "submission_secret.txt").read_text()
        name = hashlib.md5((secret + "ch07").encode()).hexdigest()  # nbgrader's notebook_hash
        page = (outbound / f"{name}.html").read_text("utf-8")
        assert student in page and "练习" in page
        assert os.stat(outbound / f"{name}.html").st_mode & 0o044 == 0o044
    assert len(list(outbound.iterdir())) == 3
    # the pages carry what a TA marks later: releasing again renders them from the gradebook
    with xcourse.gradebook() as gradebook:
        nb = gradebook.find_submission_notebook("ch07", "ch07", "2026001")
        written = next(g for g in nb.grades if g.auto_score is None)
        written.manual_score = 1.5
        comment = next(c for c in nb.comments if c.name == written.name)
        comment.manual_comment = "要点齐全，建议再写具体措施。"
        gradebook.db.commit()
    exchange.release_feedback(xcourse, "ch07", ["2026001"])
    secret = (kept / "submission_secret.txt").read_text()
    page = (outbound / f"{hashlib.md5((secret + 'ch07').encode()).hexdigest()}.html").read_text()
    assert "要点齐全，建议再写具体措施。" in page
