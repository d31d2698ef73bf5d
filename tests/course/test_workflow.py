"""Unit tests for ``course.workflow`` (客服工作流程, chapter 1), written against the spec."""

from __future__ import annotations

import re

import pytest

from course.workflow import SITUATIONS, STAGES, WORKFLOW, situation, situations, stage_of

CHINESE = re.compile(r"[\u4e00-\u9fff]")
STEPS = [
    ("接待咨询", "售前"), ("推荐商品", "售前"), ("促成下单", "售前"), ("核对订单", "售前"),
    ("催付", "售中"), ("订单备注与交接", "售中"), ("发货跟踪", "售中"),
    ("退换货与退款", "售后"), ("评价管理", "售后"), ("客户回访", "售后"),
]


def test_stages_are_pre_in_and_after_sales_in_order():
    assert STAGES == ("售前", "售中", "售后")


def test_workflow_steps_are_in_order_with_their_stage():
    assert list(WORKFLOW) == STEPS


def test_workflow_never_goes_back_to_an_earlier_stage():
    order = [STAGES.index(stage) for _, stage in WORKFLOW]
    assert order == sorted(order)


def test_every_stage_has_workflow_steps():
    assert {stage for _, stage in WORKFLOW} == set(STAGES)


@pytest.mark.parametrize(("step", "stage"), STEPS)
def test_stage_of_gives_each_steps_stage(step, stage):
    assert stage_of(step) == stage


@pytest.mark.parametrize("step", ["发货", "", "售前", "cuifu"])
def test_stage_of_unknown_step_raises_key_error(step):
    with pytest.raises(KeyError) as info:
        stage_of(step)
    assert CHINESE.search(str(info.value))


def test_every_situation_is_in_a_known_stage():
    for item in SITUATIONS:
        assert item.stage in STAGES, item.key


def test_situation_keys_are_unique():
    keys = [item.key for item in SITUATIONS]
    assert len(keys) == len(set(keys))


def test_every_situation_is_described_in_chinese():
    for item in SITUATIONS:
        for text in (item.title, item.duty, item.handover_to, item.tip):
            assert CHINESE.search(text), (item.key, text)


def test_xiao_a_note_mixup_is_in_sales_and_handed_to_the_warehouse():
    case = situation("note_mixup")
    assert case.key == "note_mixup"
    assert "小A" in case.title
    assert case.stage == "售中"
    assert "仓储" in case.handover_to
    assert "备注" in case.handover_what


@pytest.mark.parametrize("key", [item.key for item in SITUATIONS])
def test_situation_finds_each_key(key):
    assert situation(key).key == key


@pytest.mark.parametrize("key", ["NOTE_MIXUP", "note-mixup", "", "小A"])
def test_situation_unknown_key_raises_key_error(key):
    with pytest.raises(KeyError) as info:
        situation(key)
    assert CHINESE.search(str(info.value))


def test_situations_table_has_one_row_per_situation_indexed_by_key():
    table = situations()
    assert list(table.index) == [item.key for item in SITUATIONS]
    assert table.index.name == "key"


def test_situations_table_has_chinese_columns():
    table = situations()
    assert len(table.columns) >= 5
    for column in table.columns:
        assert CHINESE.search(column) and not re.search(r"[A-Za-z]", column), column


def test_situations_table_shows_stage_and_handover():
    table = situations()
    assert list(table["阶段"]) == [item.stage for item in SITUATIONS]
    assert table.loc["note_mixup", "阶段"] == "售中"
    assert "仓储" in table.loc["note_mixup", "交给谁"]
