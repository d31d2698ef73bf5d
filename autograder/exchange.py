"""Grading from nbgrader's exchange, and returning the feedback through it.

On a class server students fetch and submit in their Assignment List; nbgrader's exchange
keeps **every** hand-in in ``<exchange>/<course>/inbound/<user>+<chNN>+<time>+<random>/``.
:func:`collect` runs nbgrader's collect (:class:`nbgrader.exchange.default.ExchangeCollect`)
with the course's own rules for which hand-in to grade, and lays the chosen ones out for
the grading pipeline (``<学号>/<chNN>/<chNN>.ipynb`` with ``timestamp.txt``), so the folder
intake, the engine, the feedback and the grade sheets work exactly as for a folder:

- **which hand-in**: per student, the newest handed in by their own due date (缓交 counts);
  when all are late, the newest; ``latest=True`` (``kefu grade --latest``) takes the newest
  whatever the due date. Every other hand-in stays in the exchange, and the grade sheet's
  状态 says how many there were and which one was graded.
- **whose**: the hand-in's folder must belong (by its unix owner, which only the kernel
  sets) to the account it names: a file put into the exchange in someone else's name is
  listed and not graded. ``resolve`` maps the owner to the 学号 (on the class server: the
  accounts file; otherwise the owner's name must be the folder's user name, nbgrader's own
  check).
- **when**: the time in the folder's name is the exchange's record. The student's own
  process writes it, so it is checked against the folder's change time (ctime, set by the
  kernel, never moved back by a user): a hand-in claiming to be more than
  :data:`TIME_SLACK` older than the server saw it is graded at the server's time, with the
  reason in the sheet. (Restoring the exchange from a backup resets every ctime: grade such
  a restored exchange with ``check_times=False``.)
- **what**: only the chapter's notebook is copied, as a regular file owned by the student,
  never through a link (the grader runs as root: a link could otherwise pull the answers or
  another student's work into a feedback page).

:func:`release_feedback` re-renders each student's feedback page from the gradebook
(manual grades and comments included) and puts it where nbgrader's ``fetch_feedback``
finds it: ``<exchange>/<course>/feedback/<md5(submission secret + notebook)>.html``. The
secret is random per hand-in and known only to the student who made it (their own cache)
and the grader, and the folder cannot be listed, so each student fetches only their own.
"""

from __future__ import annotations

import functools
import json
import os
import pwd
import shutil
import stat
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from autograder.coursedir import Course
from autograder.schedule import nbgrader_timestamp, shanghai_clock

#: How much older than the server's own record a hand-in's claimed time may be.
TIME_SLACK = timedelta(minutes=10)
#: Larger files are not a student's notebook.
MAX_BYTES = 64 * 1024 * 1024
#: Where the chosen hand-ins are remembered (per chapter, for release_feedback).
RECORD_DIR = "autograder/exchange"


class ExchangeError(ValueError):
    """The exchange cannot be used (Chinese message)."""


@dataclass
class Handin:
    """One hand-in in the exchange's inbound folder."""

    folder: str  # its name in inbound/
    user: str  # the user name in the folder's name (written by the student's own process)
    chapter: str
    claimed: datetime  # the time in the folder's name (aware, UTC)
    owner: str  # the unix user owning the folder
    changed: datetime  # the folder's ctime (aware, UTC)
    student: str | None = None  # the 学号 it belongs to
    problem: str = ""  # why it is not graded

    @property
    def moment(self) -> datetime:
        """The submission time used: the claimed one unless the server saw it later."""
        return self.changed if self.doubtful else self.claimed

    @property
    def doubtful(self) -> bool:
        return self.changed - self.claimed > TIME_SLACK


@dataclass
class Chosen:
    """The hand-in graded for one student and chapter, and why."""

    student: str
    chapter: str
    folder: str
    moment: str  # ISO, the time that decides lateness
    claimed: str
    note: str  # Chinese, for the grade sheet's 状态 ("" when nothing to say)
    count: int
    secret: str = ""  # nbgrader's submission_secret.txt (names the feedback file)


@dataclass
class Pick:
    """What :func:`collect` found: the graded hand-ins, laid out in ``out``."""

    out: Path
    chosen: dict[tuple[str, str], Chosen] = field(default_factory=dict)
    #: Hand-ins not graded, with the reason (Chinese).
    problems: list[str] = field(default_factory=list)
    #: (学号, chapter) → reason, for students whose chosen hand-in cannot be graded at all.
    unusable: dict[tuple[str, str], str] = field(default_factory=dict)

    def notes(self) -> dict[tuple[str, str], str]:
        return {key: chosen.note for key, chosen in self.chosen.items()}

    def report(self) -> str:
        lines = [f"exchange：{len(self.chosen)} 份作业待评分（每人每章一份）。"]
        lines += [f"  - {c.student} {c.chapter}：{c.note}" for c in self.chosen.values() if c.note]
        if self.problems or self.unusable:
            lines.append("exchange 中没有评分的提交：")
            lines += [f"  - {p}" for p in self.problems]
            lines += [f"  - {s} {ch}：{why}" for (s, ch), why in sorted(self.unusable.items())]
        return "\n".join(lines)


def exchange_paths(course: Course) -> tuple[Path, str]:
    """(exchange root, course id) from the course's nbgrader configuration."""
    from nbgrader.exchange.default import Exchange

    course_id = course.coursedir.course_id
    root = Path(Exchange(config=course.config).root)
    if not course_id:
        raise ExchangeError("课程配置没有 course_id（c.CourseDirectory.course_id），"
                            "不知道要从 exchange 的哪门课收作业。")
    if not (root / course_id).is_dir():
        raise ExchangeError(f"exchange 中没有这门课：{root / course_id}（c.Exchange.root、"
                            "c.CourseDirectory.course_id）。请先发布作业（kefu hub release）。")
    return root, course_id


def release_assignment(course: Course, chapter: str) -> Path:
    """Publish ``release/<chapter>`` to the exchange with nbgrader (students fetch it)."""
    from nbgrader.auth import Authenticator
    from nbgrader.exchange.default import Exchange
    from nbgrader.exchange.default.release_assignment import ExchangeReleaseAssignment

    if not course.coursedir.course_id:
        raise ExchangeError("课程配置没有 course_id（c.CourseDirectory.course_id），无法发布到 exchange。")
    if not course.release_notebook(chapter).is_file():
        raise ExchangeError(f"没有 {chapter} 的学生版（release/{chapter}），请先运行 kefu release {chapter}。")
    root = Path(Exchange(config=course.config).root)
    coursedir = course.with_course_dir(assignment_id=chapter).coursedir
    releaser = ExchangeReleaseAssignment(coursedir=coursedir,
                                         authenticator=Authenticator(config=course.config),
                                         config=course.config)
    releaser.force = True
    releaser.start()
    # nbgrader leaves a root it made 0777; the sticky bit keeps one user from renaming or
    # removing what another made there (students need to write only into inbound/). On a
    # class server root made it (1777) and the grader account releases.
    if os.stat(root).st_uid == os.geteuid():
        os.chmod(root, 0o1777)
    return root / coursedir.course_id / "outbound" / chapter


@functools.cache
def _refusing_collect_class():
    from nbgrader.exchange import ExchangeError as NbgraderExchangeError
    from nbgrader.exchange.default.collect import ExchangeCollect

    class ClassServerCollect(ExchangeCollect):
        """nbgrader's collect as the Formgrader's "Collect" button would run it, refused.

        On the class server hand-ins are named by unix users (``kf2024001``), not 学号, and
        nbgrader's own copy follows links as the grader (root in the demo). The class
        server's course config sets ``c.ExchangeFactory.collect`` to this class, so the
        button says what to run instead of filling the gradebook with the wrong names.
        """

        def start(self):
            message = ("在班级服务器上请用 kefu grade chNN --from-exchange 收作业并评分"
                       "（它按账号找到学号、检查提交时间、不打开快捷方式），不要用 Formgrader 的 Collect。")
            self.log.error(message)
            raise NbgraderExchangeError(message)

    return ClassServerCollect


def __getattr__(name: str):
    if name == "ClassServerCollect":  # nbgrader imports it by name from the course config
        return _refusing_collect_class()
    raise AttributeError(name)


def _collector(course: Course, chapter: str, dest: Path):
    """nbgrader's collect for ``chapter``, copying into ``dest`` (see :class:`_Collect`)."""
    from nbgrader.auth import Authenticator

    coursedir = course.with_course_dir(assignment_id=chapter,
                                       submitted_directory=str(dest)).coursedir
    return _collect_class()(coursedir=coursedir, authenticator=Authenticator(config=course.config),
                            config=course.config)


def _collect_class():
    from nbgrader.exchange.default.collect import ExchangeCollect

    class _Collect(ExchangeCollect):
        """nbgrader's collect, with the course's choice of hand-in and a copy that never
        follows a link (it runs as the grader, who can read everything)."""

        chosen_records: list = []

        def _paths(self) -> None:
            self.course_path = os.path.join(self.root, self.coursedir.course_id)
            self.inbound_path = os.path.join(self.course_path, "inbound")

        def all_records(self) -> list[dict]:
            import glob

            self._paths()
            if not os.path.isdir(self.inbound_path):
                return []
            pattern = os.path.join(self.inbound_path, f"*+{self.coursedir.assignment_id}+*")
            records = []
            for path in glob.glob(pattern):
                try:
                    records.append(self._path_to_record(path))
                except Exception:  # noqa: BLE001 - nbgrader's fail(): a name it cannot read
                    records.append({"username": "", "filename": os.path.basename(path),
                                    "timestamp": None})
            return records

        def init_src(self):
            self._paths()
            self.src_records = list(self.chosen_records)

        def do_copy(self, src, dest, log=None):
            _safe_copy(Path(src), Path(dest), self.coursedir.assignment_id)

    return _Collect


def _safe_copy(src: Path, dest: Path, chapter: str) -> None:
    """Copy the hand-in's notebook and nbgrader's two small files, regular files only."""
    dest.mkdir(parents=True, exist_ok=False)
    owner = os.lstat(src).st_uid
    for name in (f"{chapter}.ipynb", "submission_secret.txt"):
        try:
            fd = os.open(src / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_uid != owner or info.st_size > MAX_BYTES:
                continue
            (dest / name).write_bytes(handle.read(MAX_BYTES + 1)[:MAX_BYTES])


def _owner(path: Path) -> tuple[str, datetime] | None:
    """(unix owner, ctime) of a hand-in folder; None when it is not a real folder."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode):
        return None
    try:
        owner = pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        owner = f"uid {info.st_uid}"
    return owner, datetime.fromtimestamp(info.st_ctime, UTC)


def same_user(owner: str, user: str) -> str | None:
    """The default resolver (nbgrader's own check): the folder's owner is the user it names,
    and that name is the 学号."""
    return user if owner == user else None


def inbound(course: Course, chapter: str, resolve: Callable[[str, str], str | None]
            ) -> list[Handin]:
    """Every hand-in of ``chapter`` in the exchange, each with its 学号 or its problem."""
    root, course_id = exchange_paths(course)
    collector = _collector(course, chapter, course.cache_dir / "unused")
    folder = root / course_id / "inbound"
    found = []
    for record in collector.all_records():
        name = record["filename"]
        owned = _owner(folder / name)
        if record["timestamp"] is None or owned is None:
            found.append(Handin(name, record["username"], chapter, datetime.fromtimestamp(0, UTC),
                                "", datetime.fromtimestamp(0, UTC),
                                problem=f"「{_shown(name)}」不是 nbgrader 提交的作业文件夹，没有评分"))
            continue
        owner, changed = owned
        claimed = record["timestamp"].replace(tzinfo=UTC)
        handin = Handin(name, record["username"], chapter, claimed, owner, changed)
        handin.student = resolve(owner, record["username"])
        if handin.student is None:
            handin.problem = (f"「{_shown(name)}」以 {_shown(record['username'])} 的名义提交，"
                              f"却是系统用户 {owner} 放进 exchange 的：不是本人提交，没有评分")
        found.append(handin)
    return found


def _shown(text: str) -> str:
    from autograder.intake import safe_label

    return safe_label(text)[:120]


def choose(handins: list[Handin], due: datetime | None, latest: bool = False
           ) -> tuple[Handin, str]:
    """The hand-in to grade among one student's ``handins`` (≥ 1), and the note (Chinese)."""
    ordered = sorted(handins, key=lambda h: (h.moment, h.folder))
    on_time = [h for h in ordered if due is None or h.moment <= due]
    if latest:
        pick, why = ordered[-1], "按教师要求（--latest）评分最新的一次"
    elif on_time:
        pick, why = on_time[-1], ("评分截止前的最后一次" if len(on_time) < len(ordered)
                                  else "评分最新的一次")
    else:
        pick, why = ordered[-1], "都在截止之后，评分最新的一次"
    notes = []
    if len(ordered) > 1:
        times = "、".join(shanghai_clock(h.moment) for h in ordered)
        notes.append(f"exchange 中共提交 {len(ordered)} 次（{times}），{why}（{shanghai_clock(pick.moment)}）")
        later = [h for h in ordered if h.moment > pick.moment]
        if later and not latest:
            notes.append(f"之后的 {len(later)} 次在截止之后，没有评分（教师可用 --latest 改评最新一次）")
    if pick.doubtful:
        notes.append(f"提交记录的时间（{shanghai_clock(pick.claimed)}）比服务器看到这份作业的时间"
                     f"（{shanghai_clock(pick.changed)}）早，按服务器的时间计")
    return pick, "；".join(notes)


def collect(course: Course, chapters: list[str], out: Path,
            resolve: Callable[[str, str], str | None] = same_user, latest: bool = False,
            students: list[str] | None = None, check_times: bool = True) -> Pick:
    """Lay out the hand-ins to grade under ``out`` (``<学号>/<chNN>/<chNN>.ipynb`` + time).

    ``resolve(owner, user)`` gives the 学号 of a hand-in owned by unix user ``owner`` in the
    name of ``user`` (None: not theirs). ``students`` limits the intake to some 学号.
    """
    exchange_paths(course)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    pick = Pick(out)
    calendar = course.calendar
    for chapter in chapters:
        handins = inbound(course, chapter, resolve)
        by_student: dict[str, list[Handin]] = {}
        for handin in handins:
            if not check_times:
                handin.changed = handin.claimed
            if handin.problem:
                pick.problems.append(f"{chapter}：{handin.problem}")
            elif students is None or handin.student in students:
                by_student.setdefault(handin.student, []).append(handin)
        chosen_records = []
        for student, mine in sorted(by_student.items()):
            due = calendar.extended_due(chapter, student) or calendar.due(chapter)
            handin, note = choose(mine, due, latest)
            pick.chosen[(student, chapter)] = Chosen(
                student, chapter, handin.folder, handin.moment.isoformat(),
                handin.claimed.isoformat(), note, len(mine))
            chosen_records.append({"username": handin.folder.rsplit("+", 3)[0],
                                   "filename": handin.folder, "timestamp": handin.claimed,
                                   "kefu_student": student})
        _copy_chosen(course, chapter, chosen_records, pick)
    return pick


def _copy_chosen(course: Course, chapter: str, records: list[dict], pick: Pick) -> None:
    """nbgrader's collect of the chosen hand-ins, then the pipeline's layout by 学号."""
    import tempfile

    course.cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="collect-", dir=course.cache_dir) as tmp:
        staging = Path(tmp) / "collected"
        for record in records:
            # One nbgrader collect per hand-in: the student's own user name may be anything
            # (two accounts must not land in one folder), so each gets its own target.
            target = staging / record["kefu_student"]
            collector = _collector(course, chapter, target)
            collector.check_owner = False  # checked above, against the account
            collector.chosen_records = [record]
            collector.start()
            student = record["kefu_student"]
            got = target / record["username"] / chapter
            chosen = pick.chosen[(student, chapter)]
            if (got / "submission_secret.txt").is_file():
                chosen.secret = (got / "submission_secret.txt").read_text("ascii", "replace").strip()
            notebook = got / f"{chapter}.ipynb"
            if not notebook.is_file():
                pick.unusable[(student, chapter)] = (
                    f"exchange 中评分的那次提交（{shanghai_clock(datetime.fromisoformat(chosen.moment))}）"
                    f"没有 {chapter}.ipynb（文件被改名、删除，或不是普通文件），无法评分")
                continue
            place = pick.out / student / chapter
            place.mkdir(parents=True)
            shutil.copyfile(notebook, place / f"{chapter}.ipynb")
            (place / "timestamp.txt").write_text(
                nbgrader_timestamp(datetime.fromisoformat(chosen.moment)), "utf-8")


def grade(course: Course, chapters: list[str] | None = None,
          resolve: Callable[[str, str], str | None] = same_user, latest: bool = False,
          students: list[str] | None = None, check_times: bool = True, **options):
    """``kefu grade --from-exchange``: collect (:func:`collect`), then the usual pipeline
    (intake of the collected folder, engine, feedback, sheets, report); ``options`` go to
    :func:`autograder.pipeline.grade` (jobs, feedback, progress)."""
    from autograder import pipeline

    chapters = chapters or course.chapters()
    unknown = [c for c in chapters if c not in course.chapters()]
    if unknown:
        raise ValueError(f"没有这些章节的作业：{'、'.join(unknown)}。")
    staging = course.cache_dir / "exchange-intake"
    pick = collect(course, chapters, staging, resolve, latest, students, check_times)
    save_record(course, pick)  # before grading: a killed run still knows what it took
    try:
        run = pipeline.grade(course, chapters, submissions=staging, students=students,
                             notes=pick.notes(), unusable=pick.unusable, **options)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    run.intake_report = "\n".join(x for x in (pick.report(), run.intake_report) if x)
    return run


# -- the record of what was graded ----------------------------------------------------
def record_path(course: Course, chapter: str) -> Path:
    return course.root / RECORD_DIR / f"{chapter}.json"


def save_record(course: Course, pick: Pick) -> None:
    """Remember the graded hand-ins (merged per chapter; the folder is the course's, 0700)."""
    chapters = sorted({chapter for _, chapter in pick.chosen})
    for chapter in chapters:
        path = record_path(course, chapter)
        path.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        known = load_record(course, chapter)
        for (student, ch), chosen in pick.chosen.items():
            if ch == chapter and (student, ch) not in pick.unusable:
                known[student] = asdict(chosen)
        scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(known, handle, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(scratch, path)


def load_record(course: Course, chapter: str) -> dict[str, dict]:
    try:
        return json.loads(record_path(course, chapter).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


# -- feedback back through the exchange ------------------------------------------------
@dataclass
class Released:
    chapter: str
    students: list[str] = field(default_factory=list)
    #: 学号 → why their page was not released (Chinese).
    skipped: dict[str, str] = field(default_factory=dict)
    #: Students whose written answers still wait for the teacher.
    pending: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = [f"{self.chapter}：已把 {len(self.students)} 名学生的反馈放进 exchange，"
                 "学生在 Assignment List（作业列表）中点「Fetch Feedback」即可看到自己的反馈。"]
        if self.pending:
            lines.append(f"  注意：{len(self.pending)} 名学生还有书面题或对话练习没有批改"
                         f"（{'、'.join(self.pending[:10])}{'……' if len(self.pending) > 10 else ''}），"
                         "反馈里这些题显示为待批改；批改后再运行一次本命令即可更新。")
        lines += [f"  - {student}：{why}" for student, why in sorted(self.skipped.items())]
        return "\n".join(lines)


def release_feedback(course: Course, chapter: str, students: list[str] | None = None
                     ) -> Released:
    """Re-render the chapter's feedback from the gradebook and release it via the exchange."""
    from nbgrader.api import MissingEntry
    from nbgrader.exchange.default.release_feedback import ExchangeReleaseFeedback

    root, course_id = exchange_paths(course)
    done = Released(chapter)
    record = load_record(course, chapter)
    wanted = students if students is not None else sorted(record)
    with course.gradebook() as gradebook:
        for student in wanted:
            chosen = record.get(student)
            if chosen is None:
                done.skipped[student] = "这一章不是从 exchange 收的作业，无法经 exchange 返还"
                continue
            if not chosen.get("secret"):
                done.skipped[student] = "提交中没有 submission_secret.txt（旧版 nbgrader？），无法返还"
                continue
            try:
                submission = gradebook.find_submission(chapter, student)
            except MissingEntry:
                done.skipped[student] = "成绩库中没有这份作业的成绩（先运行 kefu grade）"
                continue
            if any(g.auto_score is None and g.manual_score is None
                   for nb in submission.notebooks for g in nb.grades):
                done.pending.append(student)
    feedback_root = course.feedback_dir
    for student in wanted:
        if student in done.skipped:
            continue
        chosen = record[student]
        problem = _render_again(course, student, chapter)
        page = course.feedback_page(student, chapter)
        if problem or not page.is_file():
            done.skipped[student] = problem or "没有反馈页面（先运行 kefu grade）"
            continue
        folder = page.parent
        (folder / "timestamp.txt").write_text(
            nbgrader_timestamp(datetime.fromisoformat(chosen["claimed"])), "utf-8")
        secret_file = folder / "submission_secret.txt"
        fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(chosen["secret"])
        os.chmod(page, 0o644)
        coursedir = course.with_course_dir(assignment_id=chapter, student_id=student,
                                           feedback_directory=str(feedback_root)).coursedir
        from nbgrader.auth import Authenticator

        ExchangeReleaseFeedback(coursedir=coursedir, authenticator=Authenticator(config=course.config),
                                config=course.config).start()
        done.students.append(student)
    outbound = root / course_id / "feedback"
    if outbound.is_dir():
        os.chmod(outbound, 0o711)  # enterable by the hash only, never listable
    return done


def _render_again(course: Course, student: str, chapter: str) -> str:
    """Render the feedback page again from the autograded notebook and the gradebook, so the
    teacher's manual scores and comments are on it; "" or a Chinese reason."""
    from autograder.batch import Submission, _resources, _write_atomic
    from autograder.feedback import render_feedback
    from autograder.items import labels

    autograded = course.autograded_notebook(student, chapter)
    if not autograded.is_file():
        return ""  # a submission that could not be run keeps its short page
    sub = Submission(student, chapter, course.submitted_notebook(student, chapter))
    try:
        _write_atomic(course.feedback_page(student, chapter),
                      render_feedback(autograded, _resources(sub, course.db_url), course.config,
                                      labels(course, chapter)))
    except Exception as exc:  # noqa: BLE001 - one page failing never stops the release
        return f"反馈生成失败：{type(exc).__name__}: {str(exc)[:200]}"
    return ""
