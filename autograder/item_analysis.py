"""Item analysis of the gradebook: difficulty, discrimination and students at risk, as HTML.

The statistics are the classic ones of classroom test analysis:

- 难度 (difficulty index) of an item: mean score ÷ maximum, so higher means easier;
- 区分度 (corrected point-biserial): the Pearson correlation between the item score and the
  student's chapter total without that item;
- 高分组 / 低分组得分率: the item's mean share among the upper and lower 27% of students by
  chapter total.

Written answers that nobody has graded yet (nbgrader stores neither an automatic nor a manual
score) are left out of every statistic until they are graded.
"""

from __future__ import annotations

import base64
import html
import json
import math
import multiprocessing
import warnings
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from autograder.coursedir import Course
from autograder.items import chapter_items
from autograder.ledger import Ledger
from autograder.schedule import SHANGHAI
from autograder.webfont import font_face
from course import charts, plotting
from course.chapters import title as chapter_title

#: Difficulty above this: the item is too easy (太容易).
EASY = 0.9
#: Difficulty below this: the item is too hard (太难).
HARD = 0.3
#: Discrimination below this (and not negative): the item separates students poorly (区分度低).
LOW_DISCRIMINATION = 0.2
#: Fewer students than this: no discrimination is computed.
MIN_STUDENTS = 5
#: Share of students in each of the upper and lower groups.
GROUP_SHARE = 0.27
#: Default pass mark as a share of the points.
PASS_SHARE = 0.6

UNGRADED = "尚未人工批改"
ITEM_COLUMNS = ["章节", "题目", "题型", "满分", "人数", "平均得分", "难度", "区分度",
                "高分组得分率", "低分组得分率", "提示"]
RISK_COLUMNS = ["学号", "姓名", "平均得分率", "未提交章数", "低于及格的章节", "原因"]
CELL_KINDS = {"code": "自动评分", "markdown": "书面作答"}


@dataclass
class ClassRecords:
    """What the report needs from the gradebook, as plain tables."""

    #: 学号, 姓名 of every student in the gradebook.
    students: pd.DataFrame
    #: 章节, 学号, 迟交扣分: one row per submission.
    submissions: pd.DataFrame
    #: 章节, 学号, 题目, 题型, 满分, 得分 (NaN while a written answer awaits grading).
    grades: pd.DataFrame
    #: Chapter → its grade ids in the order of the source notebook.
    order: dict[str, list[str]]
    #: Grade id → 练习 label.
    labels: dict[str, str] = field(default_factory=dict)
    #: 章节, 学号, 原因: submissions that could not be graded (empty, corrupt …), left out.
    unusable: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["章节", "学号", "原因"]))


def read_gradebook(course: Course, chapters: list[str]) -> ClassRecords:
    """Students, submissions and per-item grades of ``chapters`` from the course's gradebook."""
    from nbgrader.api import Gradebook

    db_url = course.db_url
    if db_url.startswith("sqlite:///") and not Path(db_url.removeprefix("sqlite:///")).is_file():
        # Gradebook() would quietly create an empty database here.
        raise FileNotFoundError(f"找不到成绩库 {db_url}：请先运行 kefu grade 批改作业。")
    ledger = Ledger(course.ledger_path)
    students, submissions, grades, unusable = [], [], [], []
    with Gradebook(db_url) as gradebook:
        for student in gradebook.students:
            students.append((str(student.id),
                             f"{student.last_name or ''}{student.first_name or ''}"))
        for chapter in chapters:
            for sub in gradebook.assignment_submissions(chapter):
                student_id = str(sub.student_id)
                entry = ledger.get(student_id, chapter)
                if entry is not None and entry.ok == "no":  # empty, corrupt …: not a score
                    unusable.append((chapter, student_id, entry.reason))
                    continue
                submissions.append((chapter, student_id, float(sub.late_submission_penalty or 0)))
                for notebook in sub.notebooks:
                    for grade in notebook.grades:
                        # grade.score is 0.0 when nothing is set: look at the parts instead.
                        pending = grade.manual_score is None and grade.auto_score is None
                        grades.append((chapter, student_id, grade.name,
                                       _kind(grade),
                                       float(grade.cell.max_score or 0),
                                       math.nan if pending else float(grade.score)))
    return ClassRecords(
        students=pd.DataFrame(students, columns=["学号", "姓名"]),
        submissions=pd.DataFrame(submissions, columns=["章节", "学号", "迟交扣分"]),
        grades=pd.DataFrame(grades, columns=["章节", "学号", "题目", "题型", "满分", "得分"]),
        order={chapter: _source_order(course, chapter) for chapter in chapters},
        labels={item.grade_id: item.label for chapter in chapters
                for item in chapter_items(course, chapter)},
        unusable=pd.DataFrame(unusable, columns=["章节", "学号", "原因"]),
    )


def _kind(grade) -> str:
    """题型 of a graded cell: a role-play chat is a code cell graded by hand."""
    from course.roleplays import by_grade_id

    if by_grade_id(grade.name) is not None:
        return "对话（教师批改）"
    return CELL_KINDS.get(grade.cell.cell_type, "书面作答")


def _source_order(course: Course, chapter: str) -> list[str]:
    """The grade ids of the chapter's source notebook, in notebook order."""
    path = course.source_notebook(chapter)
    if not path.is_file():
        return []
    cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    grade_ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in cells]
    return [g for g in grade_ids if g]


def item_table(course: Course, chapters: list[str]) -> pd.DataFrame:
    """One row per (chapter, item) with difficulty, discrimination, group rates and flags.

    Args:
        course: the course whose gradebook and source notebooks are read.
        chapters: chapter ids such as ``["ch01", "ch07"]``; chapters without
            submissions contribute no rows.

    Returns:
        Columns 章节, 题目, 题型, 满分, 人数 (students with a score), 平均得分, 难度,
        区分度, 高分组得分率, 低分组得分率, 提示. Statistics that cannot be computed are NaN.
    """
    records = read_gradebook(course, chapters)
    return _item_stats(records.grades, records.order)


def students_at_risk(course: Course, chapters: list[str],
                     threshold: float = PASS_SHARE) -> pd.DataFrame:
    """Students who need attention, weakest first.

    A student is at risk when the mean share over the chapters they submitted is below
    ``threshold``, when 2 or more chapters are missing, or when 2 or more chapters score
    below ``threshold`` (a student with no submission at all is at risk too). Only chapters
    that someone has submitted count as missing, so unreleased chapters do not.

    Returns:
        Columns 学号, 姓名, 平均得分率 (NaN without submissions), 未提交章数,
        低于及格的章节 (list of chapter ids), 原因.
    """
    return _risk_table(read_gradebook(course, chapters), chapters, threshold)


def build_report(course: Course, chapters: list[str], out_path: Path | str,
                 threshold: float = PASS_SHARE) -> Path:
    """Write the item-analysis report as one self-contained HTML file and return its path."""
    records = read_gradebook(course, chapters)
    items = _item_stats(records.grades, records.order)
    shares = _chapter_shares(records)
    risk = _risk_table(records, chapters, threshold, shares)
    page = _page(records, chapters, items, shares, risk, threshold)
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return out


# --- statistics -----------------------------------------------------------------------------

def pearson(x: np.ndarray, y: np.ndarray) -> float:
    """Pearson correlation of two equal-length arrays; NaN when either has no variance."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    dx, dy = x - x.mean(), y - y.mean()
    sxx, syy = float(dx @ dx), float(dy @ dy)
    if len(x) < 2 or np.isclose(sxx, 0.0) or np.isclose(syy, 0.0):
        return math.nan
    return float(dx @ dy) / math.sqrt(sxx * syy)


def flags(difficulty: float, discrimination: float) -> list[str]:
    """Chinese warnings for one item (empty when the item looks fine)."""
    out = []
    if difficulty > EASY:
        out.append("太容易")
    elif difficulty < HARD:
        out.append("太难")
    if discrimination < 0:
        out.append("反向区分")
    elif discrimination < LOW_DISCRIMINATION:
        out.append("区分度低")
    return out  # comparisons with NaN are False, so NaN statistics raise no flag


def _item_stats(grades: pd.DataFrame, order: dict[str, list[str]]) -> pd.DataFrame:
    rows = []
    for chapter, chapter_grades in grades.groupby("章节", sort=False):
        # first() skips NaN, so an answer awaiting grading stays NaN.
        wide = chapter_grades.groupby(["学号", "题目"])["得分"].first().unstack().sort_index()
        total = wide.sum(axis=1, skipna=True)  # an answer awaiting grading adds nothing yet
        upper, lower = _groups(total)
        meta = chapter_grades.drop_duplicates("题目").set_index("题目")
        for item in _item_order(order.get(str(chapter), []), list(meta.index)):
            scores = wide[item]
            scored = scores.notna()
            n = int(scored.sum())
            max_score = float(meta.at[item, "满分"])
            mean = float(scores[scored].mean()) if n else math.nan
            difficulty = mean / max_score if n and max_score > 0 else math.nan
            discrimination = math.nan
            if n >= MIN_STUDENTS:
                discrimination = pearson(scores[scored], (total - scores)[scored])
            notes = flags(difficulty, discrimination)
            if n < len(scores):
                pending = len(scores) - n
                notes.append(UNGRADED if n == 0 else f"{UNGRADED}（{pending} 份）")
            rows.append([chapter, item, meta.at[item, "题型"], max_score, n, mean, difficulty,
                         discrimination, _group_rate(scores, upper, max_score),
                         _group_rate(scores, lower, max_score), "、".join(notes)])
    return pd.DataFrame(rows, columns=ITEM_COLUMNS)


def _groups(total: pd.Series) -> tuple[pd.Index, pd.Index]:
    """Students in the upper and lower 27% by total (ties broken by 学号); empty below 2."""
    if len(total) < 2:
        return pd.Index([]), pd.Index([])
    size = max(1, round(GROUP_SHARE * len(total)))
    ranked = total.sort_values(kind="stable").index
    return ranked[-size:], ranked[:size]


def _group_rate(scores: pd.Series, group: pd.Index, max_score: float) -> float:
    values = scores.loc[group].dropna()
    if values.empty or max_score <= 0:
        return math.nan
    return float(values.mean()) / max_score


def _item_order(source_order: list[str], names: list[str]) -> list[str]:
    """Items in the order of the chapter's source notebook; unknown ones after, as found."""
    position = {g: i for i, g in enumerate(source_order)}
    found = {name: i for i, name in enumerate(names)}
    return sorted(names, key=lambda name: (position.get(name, len(position)), found[name]))


def _chapter_shares(records: ClassRecords) -> pd.DataFrame:
    """Per submission: 章节, 学号, 得分率 = (graded points − late penalty) ÷ graded maximum."""
    graded = records.grades.dropna(subset=["得分"])
    sums = graded.groupby(["章节", "学号"], sort=False)[["得分", "满分"]].sum()
    pending = (records.grades.assign(待批改=records.grades["得分"].isna())
               .groupby(["章节", "学号"], sort=False)["待批改"].any())
    table = records.submissions.set_index(["章节", "学号"]).join(sums).join(pending)
    points = (table["得分"].fillna(0) - table["迟交扣分"]).clip(lower=0)
    table["得分率"] = (points / table["满分"]).where(table["满分"] > 0)
    table["待批改"] = table["待批改"].fillna(False).astype(bool)
    return table.reset_index()[["章节", "学号", "得分率", "待批改"]]


def _risk_table(records: ClassRecords, chapters: list[str], threshold: float,
                shares: pd.DataFrame | None = None) -> pd.DataFrame:
    shares = _chapter_shares(records) if shares is None else shares
    collected = [ch for ch in chapters if ch in set(shares["章节"])]
    rows = []
    for student in records.students.sort_values("学号").itertuples(index=False):
        mine = shares[shares["学号"] == student.学号].set_index("章节")["得分率"]
        missing = [ch for ch in collected if ch not in mine.index]
        below = [ch for ch in collected if ch in mine.index and mine[ch] < threshold]
        mean = float(mine.mean()) if mine.notna().any() else math.nan
        reasons = []
        if collected and mine.empty:
            reasons.append("一章作业都未提交")
        if mean < threshold:
            reasons.append(f"平均得分率 {mean:.0%} 低于 {threshold:.0%}")
        if len(missing) >= 2:
            reasons.append(f"{len(missing)} 章未提交（{'、'.join(missing)}）")
        if len(below) >= 2:
            reasons.append(f"{len(below)} 章得分率低于 {threshold:.0%}（{'、'.join(below)}）")
        if reasons:
            rows.append([student.学号, student.姓名, mean, len(missing), below,
                         "；".join(reasons)])
    table = pd.DataFrame(rows, columns=RISK_COLUMNS)
    return table.sort_values(["平均得分率", "未提交章数"], ascending=[True, False],
                             na_position="first", kind="stable").reset_index(drop=True)


# --- charts ---------------------------------------------------------------------------------

ZONE_COLOURS = {"太容易": "#4c9be8", "太难": "#f4a261", "区分度低": "#e9c46a",
                "反向区分": "#e76f51"}


def _png(fig: Figure) -> str:
    return base64.b64encode(charts.to_png(fig)).decode("ascii")


def score_histogram(shares: pd.Series, title: str, threshold: float = PASS_SHARE) -> Figure:
    """Number of students per 10% band of the chapter share, failing bands in red."""
    plotting.setup()
    fig = Figure(figsize=(6.4, 3.0), dpi=100)
    ax = fig.subplots()
    counts, edges = np.histogram(shares.dropna() * 100, bins=np.arange(0, 101, 10))
    colours = ["#e76f51" if edge < threshold * 100 else "#2a9d8f" for edge in edges[:-1]]
    ax.bar(edges[:-1], counts, width=10, align="edge", color=colours, edgecolor="white")
    ax.axvline(threshold * 100, color="#555555", linestyle="--", linewidth=1)
    ax.text(threshold * 100, max(counts.max(), 1) * 1.02, " 及格线", fontsize=8, va="bottom")
    ax.set_xlim(0, 100)
    ax.set_xticks(range(0, 101, 10))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylim(0, max(counts.max(), 1) * 1.15)
    ax.set_xlabel("本章得分率（%）")
    ax.set_ylabel("学生人数")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def difficulty_bars(items: pd.DataFrame, title: str,
                    labels: dict[str, str] | None = None) -> Figure:
    """One horizontal bar per item: its difficulty, coloured by its difficulty flag."""
    plotting.setup()
    rows = items.iloc[::-1]
    fig = Figure(figsize=(6.4, 0.34 * max(len(rows), 3) + 1.3), dpi=100)
    ax = fig.subplots()
    colours = [ZONE_COLOURS["太容易"] if d > EASY else ZONE_COLOURS["太难"] if d < HARD
               else "#8d99ae" for d in rows["难度"]]
    positions = range(len(rows))
    ax.barh(positions, rows["难度"].fillna(0), color=colours, height=0.6)
    for y, d in zip(positions, rows["难度"], strict=True):
        ax.text(0.01 if math.isnan(d) else d + 0.01, y, UNGRADED if math.isnan(d) else f"{d:.2f}",
                va="center", fontsize=7)
    ax.axvline(HARD, color="#555555", linestyle="--", linewidth=1)
    ax.axvline(EASY, color="#555555", linestyle="--", linewidth=1)
    ax.set_yticks(list(positions), [(labels or {}).get(t, t) for t in rows["题目"]], fontsize=8)
    ax.set_xlim(0, 1.08)
    ax.set_xlabel(f"难度（平均得分 ÷ 满分，越高越容易；虚线为 {HARD} 与 {EASY}）")
    ax.set_title(title)
    fig.tight_layout()
    return fig


def difficulty_discrimination(items: pd.DataFrame, title: str,
                              labels: dict[str, str] | None = None) -> Figure:
    """Difficulty (x) against discrimination (y) with the flag zones shaded."""
    plotting.setup()
    fig = Figure(figsize=(7.2, 4.2), dpi=100)
    ax = fig.subplots()
    ax.axvspan(0, HARD, color=ZONE_COLOURS["太难"], alpha=0.18, linewidth=0)
    ax.axvspan(EASY, 1.05, color=ZONE_COLOURS["太容易"], alpha=0.18, linewidth=0)
    ax.axhspan(0, LOW_DISCRIMINATION, color=ZONE_COLOURS["区分度低"], alpha=0.25, linewidth=0)
    ax.axhspan(-1.05, 0, color=ZONE_COLOURS["反向区分"], alpha=0.18, linewidth=0)
    shown = items.dropna(subset=["难度", "区分度"])
    ax.scatter(shown["难度"], shown["区分度"], color="#264653", s=28, zorder=3)
    for (x, y), names in _label_groups(shown).items():
        left = x > 0.75  # keep labels of easy items inside the axes
        text = "、".join((labels or {}).get(n, n).replace("练习 ", "练") for n in names)
        ax.annotate(text, (x, y), xytext=(-4 if left else 4, 3), textcoords="offset points",
                    ha="right" if left else "left", fontsize=7, zorder=4)
    if shown.empty:
        ax.text(0.5, 0.5, f"学生少于 {MIN_STUDENTS} 人或得分没有差异，\n无法计算区分度",
                ha="center", va="center", fontsize=10, color="#555555")
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.set_xlim(0, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("难度（越高越容易）")
    ax.set_ylabel("区分度（校正点二列相关）")
    ax.set_title(title)
    ax.legend(handles=[Patch(color=colour, alpha=0.4, label=label)
                       for label, colour in ZONE_COLOURS.items()],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, title="提示区域",
              title_fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def _label_groups(shown: pd.DataFrame) -> dict[tuple[float, float], list[str]]:
    """Items whose points would overlap share one label (positions rounded to a grid)."""
    groups: dict[tuple[float, float], list[str]] = {}
    for row in shown.itertuples(index=False):
        key = (round(row.难度 / 0.04) * 0.04, round(row.区分度 / 0.08) * 0.08)
        groups.setdefault(key, []).append(row.题目)
    return groups


# --- HTML -----------------------------------------------------------------------------------

CSS = """
body { font-family: "KefuCJK", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; line-height: 1.6; }
h1 { border-bottom: 3px solid #2a9d8f; padding-bottom: .3em; }
h2 { margin-top: 2em; border-left: 6px solid #2a9d8f; padding-left: .5em; }
table { border-collapse: collapse; margin: .8em 0; font-size: 14px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; }
th { background: #f1f5f4; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged { background: #fff8ec; }
.flag { display: inline-block; border-radius: 3px; padding: 0 6px; margin: 1px 2px;
        font-size: 12px; color: #222; }
.flag-easy { background: #cfe3f8; } .flag-hard { background: #fbdcc0; }
.flag-low { background: #f6e7b3; } .flag-reverse { background: #f6c4b6; }
.flag-pending { background: #e0e0e0; }
.detail { color: #888; font-size: 11px; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: .6em 1.2em; background: #fafafa; }
.card b { display: block; font-size: 24px; color: #2a9d8f; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; align-items: flex-start; }
.charts img { max-width: 100%; border: 1px solid #eee; }
.empty { color: #777; font-style: italic; }
.note { color: #555; font-size: 13px; }
"""

FLAG_CLASSES = {"太容易": "flag-easy", "太难": "flag-hard", "区分度低": "flag-low",
                "反向区分": "flag-reverse"}

GUIDE = f"""
<p><b>难度</b>＝该题平均得分 ÷ 满分，取值 0～1，<b>数值越高题目越容易</b>。
难度高于 {EASY} 标为「太容易」，低于 {HARD} 标为「太难」。一份好的练习大多数题目的难度
落在 0.3～0.9 之间。</p>
<p><b>区分度</b>（校正点二列相关）＝学生在该题的得分与其本章<b>除该题以外</b>总分之间的
皮尔逊相关系数，取值 −1～1。它回答的问题是：本章整体学得好的学生，这道题是否也答得更好？
一般认为 0.4 以上很好，0.3～0.4 良好，0.2～0.3 尚可；低于 {LOW_DISCRIMINATION} 标为「区分度低」，
说明这道题与本章其他题目反映的能力关系不大，可能是题意不清、答案有歧义或评分规则有漏洞；
小于 0 标为「反向区分」，即总分高的学生反而更容易答错，应当优先检查题目和参考答案。
学生少于 {MIN_STUDENTS} 人或得分完全相同时无法计算，显示为「—」。</p>
<p><b>高分组 / 低分组得分率</b>：按本章总分排序，取前 27% 与后 27% 的学生，分别计算该题的
平均得分率。两者相差越大，题目越能区分学得好与学得差的学生。</p>
<p><b>尚未人工批改</b>：书面作答题在教师批改前没有分数，这些答卷暂不计入该题的统计，
也不计入学生的本章得分率。</p>
<p><b>本章得分率</b>＝（已批改题目得分 − 迟交扣分）÷ 已批改题目满分。
<b>需要关注的学生</b>：已提交章节的平均得分率低于及格线，或有 2 章及以上未提交，
或有 2 章及以上得分率低于及格线。只有已有学生提交的章节才计为「未提交」。</p>
"""


def _text(value) -> str:
    return html.escape(str(value))


def _number(value: float, fmt: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return format(value, fmt)


def _flag_badges(text: str) -> str:
    badges = []
    for flag in filter(None, text.split("、")):
        css = "flag-pending" if flag.startswith(UNGRADED) else FLAG_CLASSES.get(flag, "")
        badges.append(f'<span class="flag {css}">{_text(flag)}</span>')
    return "".join(badges)


def _table(header: list[str], rows: list[tuple[list[str], str]], numeric: set[int]) -> str:
    """An HTML table; cells are already-escaped HTML, each row has a CSS class (or "")."""
    head = "".join(f"<th>{_text(h)}</th>" for h in header)
    body = []
    for cells, css in rows:
        tds = "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                      for i, c in enumerate(cells))
        body.append(f'<tr class="{css}">{tds}</tr>' if css else f"<tr>{tds}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _summary(records: ClassRecords, chapters: list[str], shares: pd.DataFrame) -> str:
    cards = [("学生人数", len(records.students)), ("提交份数", len(records.submissions)),
             ("已收作业章节", f"{shares['章节'].nunique()} / {len(chapters)}")]
    parts = ['<div class="cards">']
    parts += [f'<div class="card"><b>{_text(v)}</b>{_text(k)}</div>' for k, v in cards]
    parts.append("</div>")
    rows = []
    for chapter in chapters:
        mine = shares[shares["章节"] == chapter]
        rows.append(([_text(chapter), _text(chapter_title(chapter)), str(len(mine)),
                      _number(mine["得分率"].mean(), ".1%") if len(mine) else "—",
                      _number(mine["得分率"].median(), ".1%") if len(mine) else "—",
                      str(int(mine["待批改"].sum()))],
                     "" if len(mine) else "empty"))
    parts.append(_table(["章节", "标题", "提交人数", "平均得分率", "中位得分率", "待人工批改份数"],
                        rows, {2, 3, 4, 5}))
    return "".join(parts)


def _chapter_section(chapter: str, items: pd.DataFrame, shares: pd.DataFrame,
                     threshold: float, labels: dict[str, str]) -> str:
    head = f'<h3 id="{_text(chapter)}">{_text(chapter)} {_text(chapter_title(chapter))}</h3>'
    mine = items[items["章节"] == chapter]
    chapter_shares = shares.loc[shares["章节"] == chapter, "得分率"]
    if chapter_shares.empty:
        return head + '<p class="empty">本章还没有学生提交作业，暂无可分析的数据。</p>'
    figures = [
        (score_histogram(chapter_shares, f"{chapter} 得分率分布（{len(chapter_shares)} 人）",
                         threshold), "本章得分率分布直方图"),
        (difficulty_bars(mine, f"{chapter} 各题难度", labels), "各题难度条形图"),
        (difficulty_discrimination(mine, f"{chapter} 难度与区分度", labels), "难度与区分度散点图"),
    ]
    images = "".join(f'<img src="data:image/png;base64,{_png(fig)}" alt="{_text(alt)}">'
                     for fig, alt in figures)
    rows = []
    for row in mine.itertuples(index=False):
        name = (f'{_text(labels.get(row.题目, row.题目))} '
                f'<span class="detail">{_text(row.题目)}</span>')
        rows.append(([name, _text(row.题型), _number(row.满分, "g"), str(row.人数),
                      _number(row.平均得分, ".2f"), _number(row.难度, ".2f"),
                      _number(row.区分度, ".2f"), _number(row.高分组得分率, ".0%"),
                      _number(row.低分组得分率, ".0%"), _flag_badges(row.提示)],
                     "flagged" if row.提示 else ""))
    table = _table(ITEM_COLUMNS[1:], rows, {2, 3, 4, 5, 6, 7, 8})
    return f'{head}<div class="charts">{images}</div>{table}'


def _risk_section(risk: pd.DataFrame, n_students: int, threshold: float) -> str:
    intro = (f'<p class="note">及格线：得分率 {threshold:.0%}。共 {n_students} 名学生，'
             f"其中 {len(risk)} 名需要关注。</p>")
    if risk.empty:
        return intro + '<p class="empty">目前没有需要特别关注的学生。</p>'
    rows = [([_text(r.学号), _text(r.姓名), _number(r.平均得分率, ".1%"), str(r.未提交章数),
              _text("、".join(r.低于及格的章节) or "—"), _text(r.原因)], "flagged")
            for r in risk.itertuples(index=False)]
    return intro + _table(RISK_COLUMNS, rows, {2, 3})


def _unusable_section(records: ClassRecords) -> list[str]:
    """Submissions left out of every statistic because they could not be graded."""
    if records.unusable.empty:
        return []
    rows = [([_text(r.章节), _text(r.学号), _text(r.原因)], "") for r in
            records.unusable.sort_values(["章节", "学号"]).itertuples(index=False)]
    return ["<h2>无法评分的提交（不计入上面的统计）</h2>",
            '<p class="note">这些文件是空的、损坏的或不是笔记本；请学生重新提交后再批改。</p>',
            _table(["章节", "学号", "原因"], rows, set())]


def _sections(chapters: list[str], items: pd.DataFrame, shares: pd.DataFrame,
              threshold: float, labels: dict[str, str]) -> list[str]:
    """Every chapter's section, in order. Drawing the charts is most of the report's time:
    on a machine with several cores the chapters are drawn side by side in forked
    processes; where that cannot be, one after another."""
    from autograder.batch import default_jobs

    work = [(chapter, items, shares, threshold, labels) for chapter in chapters]
    workers = min(len(work), default_jobs())
    drawn = None
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) \
                    as pool:
                drawn = list(pool.map(_section_of, work))
        except (BrokenProcessPool, OSError):  # e.g. no process could be started: draw here
            pass
    sections = []
    for section, warned in drawn or [_section_of(one) for one in work]:
        for category, message in warned:  # e.g. a missing glyph, as if drawn here
            warnings.warn(message, category, stacklevel=2)
        sections.append(section)
    return sections


def _section_of(work: tuple) -> tuple[str, list[tuple[type[Warning], str]]]:
    """A chapter's section and the warnings drawing it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        section = _chapter_section(*work)
    return section, [(w.category, str(w.message)) for w in caught]


def _page(records: ClassRecords, chapters: list[str], items: pd.DataFrame,
          shares: pd.DataFrame, risk: pd.DataFrame, threshold: float) -> str:
    now = datetime.now(SHANGHAI).strftime("%Y-%m-%d %H:%M")
    nav = " ｜ ".join(f'<a href="#{_text(ch)}">{_text(ch)}</a>' for ch in chapters)
    body = [
        "<h1>淘宝网店金牌客服 · 作业题目分析报告</h1>",
        f'<p class="note">生成时间：{now}（北京时间）　章节：{nav or "无"}</p>',
        "<h2>概况</h2>", _summary(records, chapters, shares),
        "<h2>如何阅读本报告</h2>", GUIDE,
        "<h2>各章题目分析</h2>",
        *_sections(chapters, items, shares, threshold, records.labels),
        "<h2>需要关注的学生</h2>", _risk_section(risk, len(records.students), threshold),
        *_unusable_section(records),
    ]
    text = "\n".join(body)
    font = font_face("作业题目分析报告" + text)  # Chinese even where the system has no CJK font
    return ('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>作业题目分析报告</title>\n<style>{font}\n{CSS}</style>\n</head>\n<body>\n"
            + text + "\n</body>\n</html>\n")
