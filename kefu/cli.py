"""The ``kefu`` command (also ``python -m kefu``): a thin Chinese wrapper over the library.

The course is loaded once here (:class:`~autograder.coursedir.Course`) and passed down.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from autograder.coursedir import Course, CourseError
from course.chapters import chapter_id


class _Formatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # argparse passes prefix="" when it builds a subcommand's name: keep that one.
        return super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self):
        # Section titles end with a full-width colon, like the rest of the Chinese text.
        return "\n".join(line[:-1] + "：" if line.endswith(":") and not line.startswith(" ")
                         else line for line in super().format_help().split("\n"))


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese section titles, help flag and error messages."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        message = (message.replace("the following arguments are required", "缺少必需的参数")
                   .replace("unrecognized arguments", "无法识别的参数")
                   .replace("invalid choice", "无效的选择")
                   .replace("expected one argument", "需要一个值")
                   .replace("argument", "参数"))
        self.exit(2, f"{self.prog}：错误：{message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kefu",
        description="淘宝网店金牌客服——交互式课程与自动评分工具。",
        epilog="示例：\n  kefu lab            打开 JupyterLab 学习\n"
               "  kefu grade ch07     用示例班级批改第七章\n"
               "  kefu grade ch07 --submissions 收上来的作业.zip\n"
               "  kefu roster 花名册.xlsx  导入学生名单（学号、姓名、班级）\n"
               "  kefu report          生成题目分析报告\n"
               "  kefu hub users 花名册.xlsx  建立班级服务器（JupyterHub）的学生账号\n"
               "  kefu grade ch07 --from-exchange  批改班级服务器上学生提交的作业\n"
               "  kefu release-feedback ch07  把反馈发还给班级服务器上的学生",
    )
    sub = parser.add_subparsers(dest="command", title="命令", metavar="命令",
                                parser_class=_Parser)
    lab = sub.add_parser("lab", help="打开 JupyterLab 学习课程（学生、自学者）",
                         description="把各章作业复制到 workspace/（已有的不覆盖），"
                                     "然后在中文界面的 JupyterLab 中打开。")
    lab.add_argument("chapter", nargs="?", default="ch07",
                     help="要打开的章节，如 ch07（默认 ch07）")
    lab.add_argument("--no-browser", action="store_true", help="不自动打开浏览器")
    lab.add_argument("--advanced", action="store_true",
                     help="进阶：答题单元格从空白开始，不给带 ___ 的骨架（只改还没动过的骨架）")
    lab.add_argument("--port", type=int, default=None, help="JupyterLab 使用的端口")
    lab.add_argument("--instructor", action="store_true",
                     help="教师模式：在课程根目录打开，含 nbgrader 的 Formgrader 和创建作业工具")
    lab.add_argument("--student", default=None, metavar="学号",
                     help="记住你的学号（保存在工作区，只需一次）：班级版课程按学号给每人一份自己的数据")

    grade = sub.add_parser("grade", help="批量自动评分（教师）",
                           description="用 nbgrader 批改一个班的作业，生成反馈和成绩表。")
    grade.add_argument("chapters", nargs="*", metavar="章节",
                       help="要批改的章节，如 ch07（默认：所有已有章节）")
    grade.add_argument("--submissions", type=Path, default=None, metavar="文件夹或zip",
                       help="学生提交：nbgrader 目录结构 <学号>/<chNN>/…，"
                            "或 学号_姓名_chNN.ipynb 文件的文件夹/zip；省略时使用内置示例班级")
    grade.add_argument("--jobs", type=int, default=None, metavar="N",
                       help="并行评分的进程数（默认：本机全部 CPU 核）")
    grade.add_argument("--student", action="append", default=None, metavar="学号",
                       help="只批改这名学生（可重复）；不加 --submissions 时，重新批改课程中已有的副本")
    grade.add_argument("--times", type=Path, default=None, metavar="提交记录文件",
                       help="学习通等平台导出的提交记录（.xlsx 或 .csv，列：学号、提交时间，可选章节），"
                            "用来判断迟交")
    grade.add_argument("--file-times", action="store_true",
                       help="用文件或 zip 中的修改时间判断迟交（这些时间学生可以改动，默认不采用）")
    grade.add_argument("--submitted-at", default=None, metavar="时间",
                       help="教师指定这名学生的提交时间（北京时间，如 \"2025-07-14 10:00\"），"
                            "需同时使用 --student")
    grade.add_argument("--from-exchange", action="store_true",
                       help="从 nbgrader 的 exchange 收取并评分（班级服务器上学生在「作业列表」中提交的作业；"
                            "每人评分截止前的最后一次提交，提交时间取 exchange 的记录）")
    grade.add_argument("--latest", action="store_true",
                       help="与 --from-exchange 一起用：每人评分最新的一次提交，即使在截止之后")
    grade.add_argument("--accounts", type=Path, default=None, metavar="文件",
                       help="与 --from-exchange 一起用：班级服务器的账号文件（由提交者的系统用户找到学号；"
                            "默认取课程配置 c.KefuHub.accounts_file 或 $KEFU_HUB_ACCOUNTS）")
    grade.add_argument("--trust-exchange-times", action="store_true",
                       help="与 --from-exchange 一起用：不再用服务器的文件时间核对提交时间"
                            "（只在从备份恢复 exchange 之后使用）")
    grade.add_argument("--no-feedback", action="store_true", help="只评分，不生成反馈 HTML")
    grade.add_argument("--quiet", action="store_true", help="不显示进度条")

    check = sub.add_parser("check", help="用隐藏测试检查自己的作业并给出分数（自学者）",
                           description="用老师评分时的同一套评分引擎和隐藏测试（学生代码在沙箱里运行）"
                                       "给你的笔记本评分，逐题列出得分；不会改动课程和你的笔记本。")
    check.add_argument("chapter", metavar="章节", help="如 ch07")
    check.add_argument("notebook", nargs="?", type=Path, default=None, metavar="笔记本",
                       help="要检查的笔记本（默认 workspace/chNN/chNN.ipynb）")
    sub.add_parser("progress", help="查看 9 章的学习进度（自学者）",
                   description="列出 workspace/ 中各章的作答情况和最近一次 kefu check 的得分。")
    roster = sub.add_parser("roster", help="导入学生花名册（教师）",
                            description="从 CSV 或 Excel 文件导入学生（列：学号、姓名、班级）。"
                                        "再次导入会更新已有学生，不会重复；有错误时一个都不导入。")
    roster.add_argument("file", type=Path, metavar="花名册文件", help=".csv 或 .xlsx 文件")
    roster.add_argument("--replace", action="store_true",
                        help="用这份名单替换已保存的花名册（默认与已有名单合并）")
    feedback = sub.add_parser(
        "release-feedback", help="把一章的中文反馈经 exchange 发还给学生（教师，班级服务器）",
        description="按成绩库（含 Formgrader 里的人工评分和评语）重新生成这一章每位学生的反馈页，"
                    "放进 nbgrader 的 exchange：学生在「作业列表」中点 Fetch Feedback 就能看到自己的"
                    "反馈，看不到别人的。只发还用 kefu grade --from-exchange 评分的作业。")
    feedback.add_argument("chapter", metavar="章节", help="如 ch07")
    feedback.add_argument("--student", action="append", default=None, metavar="学号",
                          help="只发还这名学生的反馈（可重复）")
    sub.add_parser("export", help="从成绩库重新生成成绩表和题目分析报告（教师）",
                   description="不重新评分，只根据成绩库（含人工批改的分数）重新生成全部章节的成绩表、"
                               "学习通导入文件和题目分析报告。")
    release = sub.add_parser("release", help="从 source/ 重新生成学生版 release/（教师）",
                             description="修改源笔记本后，用 nbgrader 重新生成学生版（去掉答案和隐藏测试）。")
    release.add_argument("chapters", nargs="*", metavar="章节",
                         help="要生成的章节，如 ch07（默认：全部，含导学 ch00）")
    sub.add_parser("secret", help="生成或查看班级密钥（教师）",
                   description="每位学生的数据版本由班级密钥和学号算出。没有密钥时生成一个"
                               "（autograder/classkey.txt，请备份），有则显示它的指纹。")
    bundle = sub.add_parser("bundle", help="生成发给学生的学生版课程（教师）",
                            description="生成一个 zip：可安装的学生版（课程包、学生版笔记本、店铺数据、"
                                        "班级密钥、kefu lab/check/progress），不含答案、隐藏测试和评分程序。")
    bundle.add_argument("--out", type=Path, default=None, metavar="文件",
                        help="保存位置（默认 autograder/exports/kefu-学生版-日期.zip）")
    solutions = sub.add_parser("solutions", help="本章截止后，生成发给学生的参考答案文件（教师）",
                               description="写出 答案_chNN.json（各练习的参考代码）。学生把它放进该章文件夹，"
                                           "运行 练习N.solution() 就能看到参考答案。最后一位学生（含缓交）"
                                           "截止之前拒绝生成，除非加 --force。")
    solutions.add_argument("chapter", metavar="章节", help="如 ch07")
    solutions.add_argument("--out", type=Path, default=None, metavar="文件",
                           help="保存位置（默认 autograder/exports/答案_chNN.json）")
    solutions.add_argument("--force", action="store_true", help="截止之前也生成（提前发布答案）")
    report = sub.add_parser("report", help="生成题目分析报告（教师）",
                            description="根据成绩库生成 HTML 题目分析报告：各章得分分布、"
                                        "每题难度和区分度、需要关注的题目和学生。")
    report.add_argument("chapters", nargs="*", metavar="章节",
                        help="要分析的章节，如 ch07（默认：所有已有章节）")
    report.add_argument("--out", type=Path, default=None, metavar="文件",
                        help="报告保存位置（默认 autograder/exports/report.html）")
    _hub_parser(sub)
    return parser


def _hub_parser(sub) -> None:
    hub = sub.add_parser("hub", help="班级服务器（JupyterHub）：账号、本机演示（教师、管理员）",
                         description="JupyterHub 班级服务器的账号管理和本机演示（deploy/hub/README.md）。")
    hub_sub = hub.add_subparsers(dest="hub_command", title="命令", metavar="命令",
                                 parser_class=_Parser)
    users = hub_sub.add_parser(
        "users", help="按花名册建立学生账号（学号为用户名），生成初始密码表",
        description="按花名册（列：学号、姓名、班级）建立 JupyterHub 账号：学号是用户名，每人一个随机的"
                    "初始密码，第一次登录必须改成自己的密码；没有自助注册。初始密码写进一个 Excel 表"
                    "（每班一张工作表）供老师打印。已有的账号保留原密码，可以放心重复运行。"
                    "同时为每个账号建立系统用户（如 kf2024001，需要 root），各人的服务器互不共享；"
                    "只建 JupyterHub 账号时加 --no-system-users。")
    users.add_argument("file", type=Path, metavar="花名册文件", help=".xlsx 或 .csv 文件")
    users.add_argument("--teacher", action="append", default=[], metavar="用户名",
                       help="教师账号（可重复），可以使用 Formgrader")
    users.add_argument("--ta", action="append", default=[], metavar="用户名",
                       help="助教账号（可重复），可以使用 Formgrader")
    users.add_argument("--reset", action="append", default=[], metavar="用户名",
                       help="给这个账号一个新的初始密码（忘记密码、账号被锁时；可重复）")
    users.add_argument("--accounts", type=Path, default=None, metavar="文件",
                       help="账号文件（默认 $KEFU_HUB_ACCOUNTS 或 autograder/hub/accounts.sqlite）")
    users.add_argument("--out", type=Path, default=None, metavar="文件",
                       help="初始密码表保存位置（默认在账号文件旁边）")
    users.add_argument("--url", default="", metavar="网址", help="写在密码表上的登录网址")
    users.add_argument("--no-system-users", action="store_true",
                       help="不建立系统用户（只建立 JupyterHub 账号；服务器另行管理用户时使用）")
    users.add_argument("--home-base", type=Path, default=Path("/home"), metavar="文件夹",
                       help="系统用户的家目录放在这里（默认 /home）")
    users.add_argument("--unix-prefix", default="kf", metavar="前缀",
                       help="系统用户名的前缀（默认 kf：学号 2024001 → kf2024001）")
    reset = hub_sub.add_parser(
        "reset-password", help="给一个账号（学生、助教或教师）一个新的初始密码",
        description="给一个账号生成新的随机初始密码并显示一次（不写密码表）：下次登录时必须改成"
                    "自己的密码，账号的锁定同时解除，已经登录的页面在几分钟内退出。教师在网页上"
                    "（/hub/kefu/reset-password）只能重设学生和助教；教师账号用这个命令重设。")
    reset.add_argument("username", metavar="用户名", help="学号或用户名，如 2024001")
    reset.add_argument("--accounts", type=Path, default=None, metavar="文件",
                       help="账号文件（默认 $KEFU_HUB_ACCOUNTS 或 autograder/hub/accounts.sqlite）")


    release = hub_sub.add_parser(
        "release", help="把章节发布到 exchange，学生在「作业列表」中获取（Fetch）",
        description="用 nbgrader 把 release/ 中的学生版笔记本发布到课程的 exchange（已发布的会更新）。")
    release.add_argument("chapters", nargs="+", metavar="章节", help="如 ch07")

    start = hub_sub.add_parser(
        "start", help="在本机 127.0.0.1 上启动演示班级服务器（make hub）",
        description="启动 PostgreSQL（成绩库）、演示班级（3 名学生、1 名教师、1 名助教）和 JupyterHub，"
                    "只监听 127.0.0.1；打印网址和演示账号的初始密码。可以重复运行。需要 root。")
    start.add_argument("--port", type=int, default=None, metavar="端口", help="网址的端口（默认 8000）")
    hub_sub.add_parser("stop", help="停止演示班级服务器和它的数据库（make hub-stop）",
                       description="停止 JupyterHub（连同代理、Formgrader 和所有人的服务器）和 PostgreSQL。"
                                   "账号、成绩库和作业都保留，下次 make hub 继续使用。")


def _hub(course: Course, args) -> int:
    if args.hub_command in ("start", "stop"):
        from kefu.hub import demo
        from kefu.hub.settings import SettingsError

        values = {"port": args.port} if getattr(args, "port", None) else {}
        settings = demo.settings_for(**values)
        try:
            if args.hub_command == "stop":
                print("\n".join(demo.stop(settings)))
                return 0
            passwords = demo.start(settings)
        except SettingsError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
        print("\n".join(demo.status_lines(settings, passwords)))
        return 0
    if args.hub_command == "release":
        from autograder.exchange import release_assignment

        for chapter in [chapter_id(c) for c in args.chapters]:
            print(f"{chapter} 已发布到 exchange：{release_assignment(course, chapter)}")
        return 0
    if args.hub_command == "reset-password":
        return _hub_reset_password(course, args)
    if args.hub_command == "users":
        from kefu.hub.accounts import AccountError, AccountStore
        from kefu.hub.users import users_from_roster

        path = _hub_accounts_file(course, args.accounts)
        try:
            done = users_from_roster(
                AccountStore(path), args.file, teachers=args.teacher, tas=args.ta,
                reset=args.reset, unix=not args.no_system_users, home_base=args.home_base,
                prefix=args.unix_prefix, sheet=args.out, login_url=args.url)
        except AccountError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return 2
        print(done.report())
        print(f"账号文件：{path}")
        return 0
    print("用法：kefu hub users 花名册.xlsx（更多命令见 kefu hub --help）", file=sys.stderr)
    return 2


def _hub_accounts_file(course: Course, given: Path | None) -> Path:
    """Where ``kefu hub users`` and ``reset-password`` keep the accounts: the option,
    $KEFU_HUB_ACCOUNTS, else autograder/hub/accounts.sqlite in the course."""
    return given or Path(os.environ.get("KEFU_HUB_ACCOUNTS")
                         or course.root / "autograder" / "hub" / "accounts.sqlite")


def _hub_reset_password(course: Course, args) -> int:
    """``kefu hub reset-password USER``: a new initial password for any account, shown once."""
    from kefu.hub.accounts import ROLE_NAMES, AccountError, AccountStore

    path = _hub_accounts_file(course, args.accounts)
    if not path.is_file():
        print(f"错误：找不到账号文件 {path}（先用 kefu hub users 建立账号，或用 --accounts 指定）。",
              file=sys.stderr)
        return 2
    try:
        account, password = AccountStore(path).reset_to_initial(args.username)
    except AccountError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"已为 {account.username}（{account.name or '未填姓名'}"
          f"{'，' + account.class_name if account.class_name else ''}，{ROLE_NAMES[account.role]}）"
          "重设密码。")
    print(f"新的初始密码（只显示这一次）：{password}")
    print("下次登录时必须改成自己的密码；账号的锁定已解除，已经登录的页面会在几分钟内退出。")
    return 0


def _lab(course: Course, args) -> int:
    from course import variants
    from course.notebook import identity_note
    from kefu import lab

    chapter = chapter_id(args.chapter)
    workspace = course.workspace_dir
    home = workspace / ".jupyter"
    if args.instructor:
        root_dir, open_path = course.root, str(course.source_notebook(chapter)
                                               .relative_to(course.root))
        print(f"教师模式：在课程根目录打开 JupyterLab（含 Formgrader），课程目录：{course.root}")
    else:
        if args.student is not None:
            path = variants.save_student(args.student, workspace)
            print(f"已记住学号 {args.student.strip()}（{path}）。")
        print(identity_note(variants.current()).replace("**", ""))
        lab.prepare_workspace(course.release_dir, workspace, advanced=args.advanced)
        root_dir, open_path = workspace, f"{chapter}/{chapter}.ipynb"
        if not (workspace / open_path).exists():
            print(f"第 {chapter} 章还没有作业，先打开工作区。", file=sys.stderr)
            open_path = None
        print(f"正在启动 JupyterLab，工作区：{workspace}（按 Ctrl+C 退出）")
    env = lab.environment(home, instructor=args.instructor, workspace=workspace)
    cmd = lab.command(root_dir, open_path, port=args.port, browser=not args.no_browser)
    return subprocess.call(cmd, cwd=root_dir, env=env)


def _grade(course: Course, args) -> int:
    from autograder.batch import default_jobs
    from autograder.engine.worker import sandbox_kind
    from autograder.pipeline import grade

    chapters = [chapter_id(c) for c in args.chapters]
    if args.jobs is not None and args.jobs < 1:
        raise ValueError("--jobs 至少为 1。")
    submitted_at = None
    if args.submitted_at:
        from autograder.submission_times import parse_time

        try:
            submitted_at = parse_time(args.submitted_at)
        except ValueError:
            raise ValueError(f"无法识别的提交时间「{args.submitted_at}」，"
                             "请写成 2025-07-14 10:00 这样的北京时间。") from None
    if args.from_exchange:
        run = _grade_from_exchange(course, chapters, args)
    else:
        if args.latest or args.accounts or args.trust_exchange_times:
            raise ValueError("--latest、--accounts 和 --trust-exchange-times 只能和 --from-exchange 一起用。")
        run = grade(course, chapters or None, submissions=args.submissions,
                    progress=not args.quiet, jobs=args.jobs, feedback=not args.no_feedback,
                    students=args.student, times=args.times, file_times=args.file_times,
                    submitted_at=submitted_at)
    if run.intake_report:
        print(run.intake_report)
    done = len(run.outcomes) - len(run.failed)
    sandbox = {"bwrap": "bubblewrap 沙箱", "plain": "独立进程（无命名空间隔离）",
               "none": "nbgrader 原有方式（无隔离）"}[sandbox_kind()]
    print(f"评分完成：{done} 份成功，{len(run.failed)} 份失败，用时 {run.seconds:.1f} 秒"
          f"（{sandbox}，{args.jobs or default_jobs()} 个并行进程）。")
    for outcome in run.failed:
        print(f"  - {outcome.student_id} {outcome.chapter}：{outcome.reason}")
    for problem in run.problems:
        print(f"  ! {problem}")
    _print_sheets(run.sheets, run.report_path)
    print(f"反馈（每人每章一个 HTML）：{run.feedback_dir}")
    if run.intake_record:
        print(f"本次收取记录：{run.intake_record}")
    if run.missing_report:
        print(run.missing_report)
    return 0


def _accounts_file(course: Course, given: Path | None) -> Path | None:
    """The class server's accounts file: the option, $KEFU_HUB_ACCOUNTS, the course config."""
    path = given or os.environ.get("KEFU_HUB_ACCOUNTS") or course.config.KefuHub.get("accounts_file")
    return Path(path) if path else None


def _grade_from_exchange(course: Course, chapters: list[str], args):
    from autograder.exchange import grade as grade_exchange
    from autograder.exchange import same_user
    from kefu.hub.accounts import directory_path

    if args.submissions or args.times or args.file_times or args.submitted_at:
        raise ValueError("--from-exchange 从 exchange 收作业，不能同时使用 --submissions、--times、"
                         "--file-times 或 --submitted-at（exchange 自己记录提交时间）。")
    accounts = _accounts_file(course, args.accounts)
    if accounts is not None and not (accounts.is_file() or directory_path(accounts).is_file()):
        raise ValueError(f"找不到班级服务器的账号文件：{accounts}")
    if accounts is not None:
        from kefu.hub.accounts import exchange_resolver, read_directory

        resolve = exchange_resolver(read_directory(accounts))
    else:
        resolve = same_user
    return grade_exchange(course, chapters or None, resolve=resolve, latest=args.latest,
                          students=args.student, check_times=not args.trust_exchange_times,
                          progress=not args.quiet, jobs=args.jobs, feedback=not args.no_feedback)


def _release_feedback(course: Course, args) -> int:
    from autograder.exchange import release_feedback

    done = release_feedback(course, chapter_id(args.chapter), args.student)
    print(done.report())
    return 0 if done.students or not done.skipped else 1


def _print_sheets(sheets, report_path) -> None:
    print(f"成绩表（Excel，全部已批改的章节）：{sheets.excel}")
    print(f"成绩表（CSV）：{sheets.csv}（学号开头的 0 在 Excel 中可能丢失，请优先使用 Excel 文件）")
    print(f"学习通成绩导入：{sheets.lms}")
    if report_path:
        print(f"题目分析报告：{report_path}")


def _export(course: Course, args) -> int:
    from autograder.pipeline import export

    sheets, report_path, problems = export(course)
    for problem in problems:
        print(f"  ! {problem}")
    _print_sheets(sheets, report_path)
    return 0


def _workspace(course: Course) -> Path:
    """The learner's workspace: ``KEFU_WORKSPACE`` (set by ``kefu lab`` for its notebooks),
    else the course's ``workspace/``."""
    return Path(os.environ.get("KEFU_WORKSPACE") or course.workspace_dir)


def _check(course: Course, args) -> int:
    import atexit
    import gc

    from autograder import selfcheck
    from course.progress import learner_note

    # The command ends after the check: the interpreter's last garbage collections over
    # everything pandas, nbgrader and SQLAlchemy loaded take ~0.4 s and free nothing the
    # operating system would not. (atexit: a process that goes on, e.g. a test run, is
    # not affected until it ends.)
    atexit.register(gc.freeze)
    chapter = chapter_id(args.chapter)
    # The grading sandbox warms up (about 0.5 s) while this process reads the course and
    # the notebook; it is stopped on every way out of this command.
    with selfcheck.Sandbox(chapter) as sandbox:
        if chapter not in course.released_chapters():
            raise ValueError(f"没有 {chapter} 这一章的作业。可以检查的章节：{'、'.join(course.released_chapters())}。")
        notebook = args.notebook or _workspace(course) / chapter / f"{chapter}.ipynb"
        releases = {c: course.release_notebook(c) for c in course.released_chapters()}
        note = learner_note(Path(notebook), chapter, releases)
        if note is not None and note.fatal:
            print(note.message, file=sys.stderr if note.code else sys.stdout)
            return note.code
        print(f"正在检查 {notebook}（约需几秒）……", flush=True)
        if note is not None:
            print(f"注意：{note.message}")
        workspace = _workspace(course).resolve()
        if workspace not in Path(notebook).resolve().parents:
            print(f"注意：这个笔记本不在工作区 {workspace} 里；得分照样记入工作区的学习进度。")
        result = selfcheck.check(course, chapter, notebook, sandbox)
    print(result.report())
    if not result.problem:
        selfcheck.save_progress(_workspace(course), result)
    return 0 if not result.problem else 1


def _progress(course: Course, args) -> int:
    from autograder import selfcheck

    if not _workspace(course).is_dir():
        print(f"还没有工作区 {_workspace(course)}：先运行 kefu lab，它会把各章作业复制到那里，"
              "然后就可以查看学习进度了。")
        return 0
    rows = selfcheck.progress(course, _workspace(course))
    print(f"学习进度（工作区：{_workspace(course)}）")
    for row in rows:
        left = f"，还有 {row['未作答']} 处未作答" if row["未作答"] not in ("", "0") else ""
        score = f"，最近自查 {row['最近自查得分']}" if row["最近自查得分"] else ""
        helped = f"；{row['练习帮助']}" if row.get("练习帮助") else ""
        print(f"  {row['章节']} {row['标题']}：{row['状态']}{left}{score}{helped}")
    return 0


def _roster(course: Course, args) -> int:
    from autograder.roster import import_roster

    print(import_roster(course, args.file, replace=args.replace).report())
    return 0


def _report(course: Course, args) -> int:
    from autograder.item_analysis import build_report

    chapters = [chapter_id(c) for c in args.chapters] or course.chapters()
    out = args.out or course.exports_dir / "report.html"
    print(f"题目分析报告：{build_report(course, chapters, out)}")
    return 0


def _release(course: Course, args) -> int:
    from autograder.release import build_release

    chapters = [chapter_id(c) for c in args.chapters] or None
    for chapter, path in build_release(course, chapters).items():
        print(f"{chapter} → {path}")
    return 0


def _secret(course: Course, args) -> int:
    from autograder.classkey import ClassKey

    key = ClassKey.of(course)
    if not key.per_student:
        print("本课程所有学生使用同一份公共数据（c.CourseVariants.per_student = False），不需要班级密钥。")
        return 0
    fingerprint, created = key.create()
    if created:
        print(f"已生成班级密钥：{key.path}（指纹 {fingerprint}）。请备份这个文件；"
              "发给学生的课程（kefu bundle）和评分都必须用它。")
    else:
        print(f"班级密钥：{key.path}（指纹 {fingerprint}）。")
    return 0


def _solutions(course: Course, args) -> int:
    from autograder.solutions import SolutionsError, write

    try:
        path = write(course, chapter_id(args.chapter), args.out, force=args.force)
    except SolutionsError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"参考答案文件：{path}。发给学生，让他们放进 {chapter_id(args.chapter)} 文件夹，"
          "再运行各题下面的 练习N.solution()。")
    return 0


def _bundle(course: Course, args) -> int:
    from autograder.bundle import build

    here = Path(__file__).resolve().parent
    made = build(course, [here / "lab.py", here / "student.py"], args.out)
    print(f"学生版课程：{made.zip_path}")
    if made.keyed:
        print(f"  练习的自动检查（练习N.check()）已为花名册上的 {made.keyed} 位学生生成答案检查表"
              "（只含摘要，不含答案）。")
    else:
        print("  注意：还没有导入花名册（kefu roster），练习N.check() 只能检查公共数据版本；"
              "导入花名册后重新运行 kefu bundle。")
    print(f"  安装包 {made.wheel_name}，班级密钥指纹 {made.fingerprint}；"
          "不含 source/（答案、隐藏测试）和评分程序。把这个 zip 发给学生，学生按其中的 README 安装。")
    return 0


COMMANDS = {"lab": _lab, "secret": _secret, "bundle": _bundle, "solutions": _solutions,
            "grade": _grade, "check": _check, "progress": _progress,
            "release": _release, "report": _report, "roster": _roster, "export": _export,
            "hub": _hub, "release-feedback": _release_feedback}


#: Commands that need root itself (system users, the hub, the accounts file).
ROOT_TASKS = {("hub", "users"), ("hub", "start"), ("hub", "stop"), ("hub", "reset-password")}
#: Commands that start grading sandboxes.
SANDBOXED = {"grade", "check"}


def _as_course_owner(args, argv: list[str]) -> None:
    """Root running a teacher command on a course owned by the grader account becomes that
    account before the course's configuration is read (autograder/privilege.py)."""
    from autograder.coursedir import default_root
    from autograder.privilege import run_as_course_owner

    if (args.command, getattr(args, "hub_command", None)) in ROOT_TASKS:
        return
    run_as_course_owner(default_root(), sandbox=args.command in SANDBOXED, argv=argv)


def main(argv: list[str] | None = None) -> int:
    from autograder import speedups

    speedups.skip_iri_grammars()  # before anything imports nbformat (0.5–0.9 s saved)
    speedups.alembic_head_in_process()  # a new gradebook: no `alembic heads` process (2.4 s)
    parser = _parser()
    args = parser.parse_args(argv)
    handler = COMMANDS.get(args.command)
    if handler is None:
        parser.print_help()
        return 0
    from autograder.batch import GradingError

    try:
        _as_course_owner(args, sys.argv[1:] if argv is None else argv)
        course = Course.load()
        # The notebooks, kefu check and the progress find the learner's 学号 here.
        os.environ.setdefault("KEFU_WORKSPACE", str(course.workspace_dir))
        return handler(course, args)
    except GradingError as exc:  # the engine could not grade: nobody was scored by it
        print(f"错误：{exc}", file=sys.stderr)
        return 3
    except (CourseError, ValueError, FileNotFoundError) as exc:
        # RosterError, chapter ids, missing gradebooks …: every message is Chinese.
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - nobody using kefu should meet a traceback
        if _database_error(exc):
            import re

            said = re.sub(r"://[^:/@\s]+:[^@\s]+@", "://***@", str(exc).strip())[:300]
            print(f"错误：成绩库（数据库）连接失败或中断：{type(exc).__name__}: {said}。"
                  "请确认数据库在运行、课程配置中的 db_url 正确；数据库恢复后重新运行同一条命令即可："
                  "已经保存的成绩不会重复，也不会丢失。", file=sys.stderr)
            return 5
        from kefu.student import unexpected

        return unexpected(exc)


def _database_error(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is the gradebook's database going away."""
    seen = 0
    while exc is not None and seen < 5:
        module = type(exc).__module__ or ""
        if module.startswith(("sqlalchemy", "psycopg", "sqlite3")) and "Operational" in type(exc).__name__:
            return True
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return False


if __name__ == "__main__":
    raise SystemExit(main())
