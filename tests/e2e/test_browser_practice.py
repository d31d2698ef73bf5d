"""Practising the job in a real JupyterLab (chromium): role-play chats and promotion forms.

For each sales chapter (售前 ch04, 售中 ch05, 售后 ch06) a learner opens the chapter with every
other answer done, chats with the scripted buyer in the widget (a bad message first: it is
refused in Chinese and stays in the box), closes the chat well, pastes the widget's
「复制为代码」 into the answer cell, runs it and saves. The saved file then goes to the
teacher's side: the replayed chat and a full suggested score. In ch04 a learner fills the
「创建优惠券」 form for 练习 7 (a coupon above its threshold first: a Chinese message beside the
field, the typed value kept), pastes its 「复制为代码」 into the answer cell, and the check cell
under the test cell says ✔. Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import json
import re

import pytest

from autograder import chats, sampleclass
from autograder.coursedir import Course
from course import roleplays
from kefu import lab
from tests.e2e.test_browser import (
    ARTIFACTS,
    CHROMIUM,
    ROOT,
    _close,
    _errors,
    _open,
    _output_of,
    _run_all,
    running_lab,
)

COURSE = Course.load(ROOT)
SALES = ["ch04", "ch05", "ch06"]
FORM_ANSWER = "answer_scoped_coupon"

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="没有安装 chromium")]


def _reference(source: dict, grade_id: str) -> list[str]:
    return chats.replies_of(sampleclass.solutions(source)[grade_id]) or []


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A learner's workspace: each sales chapter answered except its chats (as released)."""
    workspace = tmp_path_factory.mktemp("workspace")
    lab.prepare_workspace(COURSE.release_dir, workspace)
    for chapter in SALES:
        release = json.loads(COURSE.release_notebook(chapter).read_text("utf-8"))
        source = json.loads(COURSE.source_notebook(chapter).read_text("utf-8"))
        answers = sampleclass.solutions(source)
        for scenario in roleplays.of_chapter(chapter):
            answers.pop(scenario.grade_id, None)
        (workspace / chapter / "chat.ipynb").write_text(
            json.dumps(sampleclass.fill(release, answers), ensure_ascii=False), "utf-8")
        if chapter == "ch04":  # the form exercise left for the learner; the rest answered
            answers = sampleclass.solutions(source)
            answers.pop(FORM_ANSWER)
            (workspace / chapter / "form.ipynb").write_text(
                json.dumps(sampleclass.fill(release, answers), ensure_ascii=False), "utf-8")
    env = lab.environment(workspace / ".jupyter", instructor=False, workspace=workspace)
    with running_lab(workspace, env, tmp_path_factory.mktemp("logs"), "JupyterLab") as base:
        yield base, workspace


def _send(output, text: str) -> None:
    box = output.locator("textarea").first
    box.fill(text)
    output.get_by_role("button", name="发送").click()


def _wait_text(locator, wanted: str, timeout: float = 20_000) -> str:
    locator.page.wait_for_function(
        "([el, wanted]) => el.textContent.includes(wanted)", arg=[locator.element_handle(), wanted],
        timeout=timeout)
    return locator.text_content() or ""


@pytest.mark.parametrize("chapter", SALES)
def test_a_learner_chats_pastes_the_chat_and_the_teacher_sees_it_replayed(browser, server, chapter):
    base, workspace = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    scenario = roleplays.of_chapter(chapter)[0]
    source = json.loads(COURSE.source_notebook(chapter).read_text("utf-8"))
    replies = _reference(source, scenario.grade_id)
    assert replies, f"{scenario.key} has a reference chat"
    page = _open(browser, base, f"{chapter}/chat.ipynb")
    try:
        _run_all(page)
        assert _errors(page) == []
        output = _output_of(page, f'RolePlayChat("{scenario.key}")')
        # Bad input: refused in Chinese, nothing lost.
        _send(output, "😀👍🌹")
        text = _wait_text(output, "只有表情或符号")
        assert output.locator("textarea").first.input_value() == "😀👍🌹"
        _send(output, "好" * 10_000)
        _wait_text(output, "回复太长了")
        for number, reply in enumerate(replies, 1):
            _send(output, reply)
            _wait_text(output.locator(".widget-html").nth(1), reply[:12])
            if number == 1:
                output.screenshot(path=str(ARTIFACTS / f"{chapter}_chat_first_reply.png"))
        text = _wait_text(output, "对话结束")
        assert "✔" in text and "犯了禁忌" not in text, text
        assert re.search(r"[\u4e00-\u9fff]", text) and "□" not in text
        output.screenshot(path=str(ARTIFACTS / f"{chapter}_chat_closed.png"))
        code = output.locator("textarea").nth(1).input_value()
        assert code.startswith(f"{scenario.answer} = [")
        # Paste into the answer cell, run it, save.
        answer = page.locator(".jp-CodeCell", has_text=f"{scenario.answer} = []").first.element_handle()
        answer.scroll_into_view_if_needed()
        answer.query_selector(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(code)
        page.keyboard.press("Shift+Enter")
        page.keyboard.press("Control+s")
        page.wait_for_timeout(2000)
        answer.screenshot(path=str(ARTIFACTS / f"{chapter}_chat_pasted.png"))
    finally:
        _close(page, base)
    saved = json.loads((workspace / chapter / "chat.ipynb").read_text("utf-8"))
    cell = next(c for c in saved["cells"]
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == scenario.grade_id)
    assert chats.replies_of("".join(cell["source"])) == replies
    points = cell["metadata"]["nbgrader"]["points"]
    suggestion = chats.suggest(scenario.grade_id, cell["source"], points)
    assert suggestion.startswith(f"参考建议：{points:g} / {points:g} 分"), suggestion
    assert "对话结束" in suggestion


def _expected_coupon() -> dict:
    """练习 7's coupon for the public data, worked out as the reference solution does."""
    from course import data, promotions, variants
    from course.exercises.ch04 import coupon_case

    case = coupon_case(variants.params("ch04.q7"))
    products = data.load("products")
    skus = sorted(products.loc[products["category"] == case["category"], "sku"])
    before = promotions.quote(list(case["cart"]), case["base"])
    inside = sum(float(line.amount) for line in before.lines if line.sku in skus)
    return {"at": int(inside // 10 * 10), "minus": int(float(before.margin) - case["margin"]),
            "skus": skus, "total": case["total"], "per_person": case["per_person"],
            "start": case["start"], "end": case["end"], "category": case["category"]}


def _field(output, label: str):
    return output.locator(".widget-hbox", has=output.page.locator(".widget-html", has_text=label)).first


def test_a_learner_sets_a_coupon_in_the_form_and_the_check_accepts_it(browser, server):
    base, _ = server
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    want = _expected_coupon()
    page = _open(browser, base, "ch04/form.ipynb")
    try:
        _run_all(page)  # stops at the unanswered 练习 7, after the form
        walk = page.locator(".jp-MarkdownCell", has_text="操作演练：").last
        walk.scroll_into_view_if_needed()
        shown = walk.locator(".jp-RenderedMarkdown").first.text_content() or ""
        assert "入口" in shown and "整理于" in shown and "**" not in shown and "<small>" not in shown
        walk.screenshot(path=str(ARTIFACTS / "ch04_walkthrough.png"))
        output = _output_of(page, "coupon_form = CouponForm(")
        threshold = _field(output, "使用门槛").locator("input[type=number]").first
        threshold.fill(str(want["at"]))
        threshold.press("Enter")
        face = _field(output, "面额").locator("input[type=number]").first
        face.fill(str(want["at"] + 10))  # a coupon above its threshold
        face.press("Enter")
        text = _wait_text(_field(output, "面额"), "门槛")
        assert "✘" in text and re.search(r"[\u4e00-\u9fff]", text), text
        assert face.input_value() == str(want["at"] + 10)  # nothing lost
        output.screenshot(path=str(ARTIFACTS / "ch04_coupon_form_error.png"))
        face.fill(str(want["minus"]))
        face.press("Enter")
        scope = _field(output, "商品范围")
        scope.locator("select:not([multiple])").first.select_option(label=want["category"])
        scope.get_by_role("button", name="加入这个品类的全部商品").click()
        total = _field(output, "发放量").locator("input").first
        total.fill(str(want["total"]))
        total.press("Enter")
        _field(output, "每人限领").locator("select").first.select_option(label=f"{want['per_person']} 张")
        dates = _field(output, "有效期").locator("input[type=text]")
        dates.nth(0).fill(want["start"])
        dates.nth(1).fill(want["end"])
        dates.nth(1).press("Enter")
        text = _wait_text(output, "设置有效")
        assert "□" not in text and "试算" in text
        code = output.locator("textarea").last.input_value()
        assert code.startswith("q7 = {")
        scope_code: dict = {}
        exec(code, scope_code)  # noqa: S102 - the form's own output, as the learner pastes it
        got = scope_code["q7"]["coupon"]
        assert {k: got[k] for k in ("at", "minus", "skus", "total", "per_person", "start", "end")} == {
            k: want[k] for k in ("at", "minus", "skus", "total", "per_person", "start", "end")}
        output.screenshot(path=str(ARTIFACTS / "ch04_coupon_form_done.png"))
        answer = page.locator(".jp-CodeCell", has_text="做法一（推荐）").first.element_handle()
        answer.scroll_into_view_if_needed()
        answer.query_selector(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(code)
        for _ in range(3):  # the answer, its test cell, the check cell
            page.keyboard.press("Shift+Enter")
            page.wait_for_timeout(1500)
        check = page.locator(".jp-CodeCell", has_text="练习7.check()").first
        result = _wait_text(check.locator(".jp-OutputArea").first, "正确", timeout=60_000)
        check.scroll_into_view_if_needed()
        check.screenshot(path=str(ARTIFACTS / "ch04_coupon_form_checked.png"))
        assert "✔ 正确" in result, result
    finally:
        _close(page, base)
