"""A teaching assistant in the Formgrader, as a process: manual scores and comments, written
the way nbgrader's Formgrader API handlers write them (tests/hub/test_gradebook_reliability.py).

``python -m tests.hub.gradebook_writers NAME DB_URL ROLE GO STOP OUT STUDENT…`` waits for the
file GO, then writes round after round until the file STOP appears (finishing the round it is
in), and saves what it wrote last, with the time of every write, as JSON in OUT.

ROLE ``written`` marks every answer no test can score (manual_score, as GradeHandler.put) and
comments on the even-numbered cells; ROLE ``override`` overrides the score of the first
auto-graded cell (teachers do that in the Formgrader) and comments on the odd-numbered cells.
Both TAs thus write into the same submissions, next to each other and to ``kefu grade``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _write_round(db_url: str, name: str, role: str, students: list[str], number: int,
                 last: dict, times: list) -> None:
    from nbgrader.api import Gradebook

    for student in students:
        # one gradebook session per request, as the Formgrader's handlers have
        with Gradebook(db_url) as gradebook:
            notebook = gradebook.find_submission_notebook("ch07", "ch07", student)
            grades = sorted(notebook.grades, key=lambda g: g.name)
            comments = sorted(notebook.comments, key=lambda c: c.name)
            manual = [(g.id, g.name, g.max_score) for g in grades
                      if g.cell.cell_type == "markdown" or g.auto_score is None]
            autos = [(g.id, g.name, g.max_score) for g in grades if (g.id, g.name, g.max_score)
                     not in manual]
            parity = 0 if role == "written" else 1
            mine = [(c.id, c.name) for i, c in enumerate(comments) if i % 2 == parity]
        targets = manual if role == "written" else autos[:1]
        for grade_id, cell, max_score in targets:
            value = round(min(float(max_score), 0.5 * (number % 4 + 1)), 2)
            with Gradebook(db_url) as gradebook:
                grade = gradebook.find_grade_by_id(grade_id)
                grade.manual_score = value
                grade.extra_credit = None
                grade.needs_manual_grade = grade.manual_score is None and grade.auto_score is None
                gradebook.db.commit()
            last[f"grade|{student}|{cell}"] = value
            times.append(time.time())
        for comment_id, cell in mine:
            text = f"{name} 第 {number} 轮：{student} 的 {cell} 写得不错，注意口径。"
            with Gradebook(db_url) as gradebook:
                comment = gradebook.find_comment_by_id(comment_id)
                comment.manual_comment = text
                gradebook.db.commit()
            last[f"comment|{student}|{cell}"] = text
            times.append(time.time())


def main(argv: list[str]) -> int:
    name, db_url, role, go, stop, out, *students = argv
    go_file, stop_file = Path(go), Path(stop)
    while not go_file.exists():
        time.sleep(0.01)
    last: dict = {}
    times: list = []
    number = 0
    while True:
        number += 1
        _write_round(db_url, name, role, students, number, last, times)
        if stop_file.exists():
            break
    Path(out).write_text(json.dumps({"last": last, "times": times, "rounds": number},
                                    ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
