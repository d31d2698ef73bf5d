"""The Python on-ramp (source/ch00) teaches every construct the chapters' solutions use."""

from __future__ import annotations

from pathlib import Path

from autograder import constructs

ROOT = Path(__file__).resolve().parents[2]


def test_constructs_are_named_from_the_code():
    found = constructs.constructs(
        'june = orders[orders["created_at"] >= "2025-06-01"]\n'
        'q1 = june.groupby("agent_id")["buyer_id"].nunique().idxmax()\n'
        "late = pd.Timedelta(hours=48)\n"
        "q2 = {a for a in june['agent_id'] if a}\n"
        "kpi.agent_kpis('2025-06-01', '2025-06-30')\n"
        "练习3.letter_of('x')\n")
    assert {"按条件筛选行 表[条件]", "「.groupby()」", "「.nunique()」", "「.idxmax()」",
            "「pd.Timedelta()」", "集合推导式 {… for …}", ">= 大于等于"} <= found
    assert not any("agent_kpis" in c or "letter_of" in c for c in found)


def test_a_function_body_answer_is_read_inside_its_def():
    found = constructs.constructs("if kind == '仅退款':\n    return since + pd.Timedelta(days=2)\n"
                                  "return None")
    assert {"if 条件判断", "return 返回结果", "「pd.Timedelta()」"} <= found


def test_the_students_own_helper_functions_are_not_constructs():
    found = constructs.constructs("def zhe(t):\n    return float(t)\nq = zhe('9')")
    assert "「zhe()」" not in found and "def 定义函数" in found


def test_every_solution_construct_is_taught_in_the_onramp():
    missing = constructs.untaught(ROOT)
    assert not missing, "导学没有教过这些写法（章节）：" + "；".join(
        f"{c}（{'、'.join(sorted(chs))}）" for c, chs in sorted(missing.items()))
