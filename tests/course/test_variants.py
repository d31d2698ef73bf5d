"""Per-student variants: identity, keys, question parameters, option order and the shop data."""

from __future__ import annotations

import pytest

from course import data, kpi, variants
from course.variants import Question, Variant


@pytest.fixture
def nobody(monkeypatch, tmp_path):
    """No identity, no secret, and a working folder without a workspace file."""
    for name in ("KEFU_STUDENT", "JUPYTERHUB_USER", "KEFU_VARIANT_KEY", "KEFU_COURSE_SECRET",
                 "KEFU_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(variants, "KEY_FILE", tmp_path / "no-classkey.txt")
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_without_identity_everyone_gets_the_public_variant_and_is_told_so(nobody):
    variant = variants.current()
    assert variant.public and variant.student is None
    assert "公共数据" in variant.source


def test_the_identity_comes_from_env_then_hub_then_the_workspace_file(nobody, tmp_path):
    nobody.setenv("KEFU_COURSE_SECRET", "s")
    variants.save_student(" 2024001 ", tmp_path / "ws")
    nobody.setenv("KEFU_WORKSPACE", str(tmp_path / "ws"))
    assert variants.current().student == "2024001"
    nobody.setenv("JUPYTERHUB_USER", "stu-02")
    assert variants.current().student == "stu-02"
    nobody.setenv("KEFU_STUDENT", "2024003")
    assert variants.current().student == "2024003"
    assert variants.current().key == variants.derive_key("s", "2024003")


def test_an_identity_without_a_class_secret_uses_the_public_data(nobody):
    nobody.setenv("KEFU_STUDENT", "2024001")
    variant = variants.current()
    assert variant.public and variant.student == "2024001" and "班级密钥" in variant.source


@pytest.mark.parametrize("bad", ["", "   ", "张三", "2024 001", "../etc", "a\x07b", "x" * 65,
                                 "-lead"])
def test_a_malformed_student_id_gets_a_chinese_reason_and_the_public_variant(nobody, bad):
    with pytest.raises(variants.IdentityError, match="学号"):
        variants.check_student_id(bad)
    if bad.strip():
        nobody.setenv("KEFU_COURSE_SECRET", "s")
        nobody.setenv("KEFU_STUDENT", bad)
        variant = variants.current()
        assert variant.public and "学号" in variant.source and "\x07" not in variant.source


def test_a_bad_variant_key_from_the_grader_never_becomes_someone_elses_variant(nobody):
    nobody.setenv("KEFU_STUDENT", "2024001")
    nobody.setenv("KEFU_VARIANT_KEY", "not-hex")
    assert variants.current().public


def test_keys_depend_on_the_secret_and_the_student_and_are_stable():
    a = variants.derive_key("secret", "2024001")
    assert a == variants.derive_key("secret", "2024001")
    assert len({a, variants.derive_key("secret", "2024002"),
                variants.derive_key("other", "2024001")}) == 3
    assert Variant("2024001", a).fingerprint != Variant("2024002", variants.derive_key(
        "secret", "2024002")).fingerprint
    assert a not in Variant("2024001", a).fingerprint


def test_public_parameters_are_the_book_numbers_and_variants_draw_from_the_choices():
    spec = {"sales": (24000, range(12000, 36001, 600)), "buyers": (120, [80, 100, 140])}
    assert Variant().params("ch07.q4", spec) == {"sales": 24000, "buyers": 120}
    drawn = [Variant("s", variants.derive_key("k", f"s{i}")).params("ch07.q4", spec)
             for i in range(30)]
    assert all(d["buyers"] in (80, 100, 140) and 12000 <= d["sales"] <= 36000 for d in drawn)
    assert len({d["sales"] for d in drawn}) > 10
    again = Variant("s", variants.derive_key("k", "s3")).params("ch07.q4", spec)
    assert again == drawn[3]


def test_option_order_is_a_per_student_permutation_and_letters_follow_it():
    public = Variant()
    assert public.order("ch07.q9", "ABCDEF") == "ABCDEF"
    assert public.letters("ch07.q9", "ABCDEF", "ACF") == ["A", "C", "F"]
    orders = set()
    for i in range(40):
        v = Variant("s", variants.derive_key("k", f"s{i}"))
        order = v.order("ch07.q9", "ABCDEF")
        assert sorted(order) == list("ABCDEF")
        orders.add(order)
        # the letter shown for canonical option X is the position of X in the order
        for shown, canonical in zip("ABCDEF", order, strict=True):
            assert v.letter("ch07.q9", "ABCDEF", canonical) == shown
    assert len(orders) > 20


def test_a_question_shows_the_learners_options_and_numbers(nobody):
    nobody.setenv("KEFU_COURSE_SECRET", "s")
    nobody.setenv("KEFU_STUDENT", "2024001")
    q = Question("ch07.q9", "哪些越低越好？", options={"A": "首次响应时间", "B": "询单转化率",
                                                     "C": "平均响应时间"})
    text = q._repr_markdown_()
    assert text.startswith("哪些越低越好？")
    for letter, option in q.shown.items():
        assert f"- {letter}. {option}" in text
        assert variants.letter("ch07.q9", "ABC", "ABC"["首次响应时间 询单转化率 平均响应时间".split()
                                                       .index(option)]) == letter
    assert q.letter_of("询单转化率") in "ABC"
    with pytest.raises(KeyError):
        q.letter_of("不存在的选项")
    numbers = Question("ch07.q5", "销售额 {sales:,} 元，买家 {buyers} 人")
    assert numbers.values == variants.params("ch07.q5")
    assert f"{numbers['sales']:,}" in numbers.text


def test_unknown_items_have_no_parameters():
    assert variants.spec_of("ch07.nope") is None and variants.spec_of("nonsense") is None
    with pytest.raises(KeyError):
        variants.params("ch99.q1")


def test_a_variant_shop_is_consistent_and_keeps_the_story(nobody):
    public = {name: data.load(name) for name in data.TABLES}
    nobody.setenv("KEFU_COURSE_SECRET", "s")
    nobody.setenv("KEFU_STUDENT", "2024001")
    mine = {name: data.load(name) for name in data.TABLES}
    buyers = set(mine["customers"]["buyer_id"])
    assert 0.80 * len(public["customers"]) <= len(buyers) < len(public["customers"])
    for table in ("orders", "sessions", "reviews", "reminders"):
        assert set(mine[table]["buyer_id"]) <= buyers
        assert len(mine[table]) < len(public[table])
    orders = set(mine["orders"]["order_id"])
    assert set(mine["order_items"]["order_id"]) <= orders
    assert set(mine["refunds"]["order_id"]) <= orders
    assert set(mine["messages"]["session_id"]) <= set(mine["sessions"]["session_id"])
    assert mine["agents"].equals(public["agents"]) and mine["products"].equals(public["products"])
    june = kpi.agent_kpis("2025-06-01", "2025-06-30")
    presale = june.loc[["A01", "A02", "A03", "A04"]]
    assert presale["first_response_s"].idxmax() == "A03"  # 小C stays the slow responder
    assert presale["conversion_rate"].idxmin() == "A03"
    mine["orders"].loc[0, "paid_amount"] = -1  # a copy: the next load is unchanged
    assert data.load("orders").loc[0, "paid_amount"] != -1


def test_two_students_shops_differ(nobody):
    nobody.setenv("KEFU_COURSE_SECRET", "s")
    totals = []
    for student in ("2024001", "2024002", "2024003"):
        nobody.setenv("KEFU_STUDENT", student)
        totals.append(round(float(data.load("orders")["paid_amount"].sum()), 2))
    assert len(set(totals)) == 3
