"""autograder.feedback.chinese_page: one scan gives what a substitution per phrase gave."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from autograder import feedback

LABELS = {"test_q1": "练习 1 <b>", "a": "A&B"}

FRAGMENTS = ["(Score: 2 / 3)", "(Score: -1.5)", "Score: 1 / 2", "(Score: ", "Score: ", "1.5",
             " / ", ")", "Late submission penalty", "(Top)", ">Coding free-response</a>",
             ">Written response</a>", ">Task</a>", ">Comment</a>", "Student's answer",
             "Student's task", "Grade cell: ", "<b>Comments:</b>", "<html>",
             '<a href="#test_q1">Test cell</a>', '<a href="#other-2">Test cell</a>',
             '<a href="#', '">Test cell</a>', "x", " ", "<", "得分", "\n"]
#: nbgrader's grade ids are letters, digits, "_" and "-" (its metadata validator checks):
#: no phrase can sit inside a test link's id.


def one_substitution_per_phrase(body: str, labels: dict[str, str]) -> str:
    """What chinese_page did before it scanned once (the reference)."""
    body = feedback._TEST_LINK.sub(lambda m: f'<a href="#{m.group(1)}">'
                                   f'{html.escape(labels.get(m.group(1), "测试"))}</a>', body)
    for pattern, chinese in feedback._PHRASES:
        body = pattern.sub(chinese, body)
    return body


def _no_phrase_in_a_link_id(body: str) -> bool:
    return all(not any(p.search(m.group(1)) for p, _ in feedback._PHRASES)
               for m in feedback._TEST_LINK.finditer(body))


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)
       .filter(_no_phrase_in_a_link_id))
def test_one_scan_translates_like_a_substitution_per_phrase(body):
    assert feedback.chinese_page(body, LABELS) == one_substitution_per_phrase(body, LABELS)


def test_the_headings_come_out_chinese_and_labels_escaped():
    page = feedback.chinese_page('<html>(Score: 2 / 3) <a href="#test_q1">Test cell</a>', LABELS)
    assert page == '<html lang="zh-CN">（得分：2 / 3） <a href="#test_q1">练习 1 &lt;b&gt;</a>'
