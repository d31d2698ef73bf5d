"""Loading the shop tables: types, copies and Chinese errors for bad files."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from course import data


def test_every_table_loads_with_the_designed_columns():
    from course.datagen import COLUMNS

    for name, columns in COLUMNS.items():
        assert list(data.load(name).columns) == columns


def test_times_money_and_flags_are_typed():
    orders = data.load("orders")
    assert pd.api.types.is_datetime64_any_dtype(orders["created_at"])
    assert pd.api.types.is_datetime64_any_dtype(orders["paid_at"])
    assert orders["paid_amount"].dtype == "float64"
    assert orders["agent_id"].isna().any()  # empty cells are missing values, not ""
    assert data.load("customers")["blacklisted"].dtype == "int64"


def _set_values(frame):
    frame.loc[0, "buyer_id"] = "改过了"
    frame.iloc[1, 0] = "改过了"
    frame["paid_amount"] = frame["paid_amount"] * 0
    frame.at[2, "status"] = "改过了"


def _in_place(frame):
    frame.sort_values("paid_amount", inplace=True)
    frame.fillna({"agent_id": "改过了"}, inplace=True)
    frame.drop(columns=["paid_at"], inplace=True)
    frame.rename(columns={"order_id": "改过了"}, inplace=True)
    frame.reset_index(drop=True, inplace=True)


def _labels(frame):
    frame.index.name = "改过了"
    frame.columns.name = "改过了"
    frame["新列"] = 1
    frame.attrs["note"] = "改过了"


def _through_numpy(frame):
    try:  # pandas gives a read-only array of data it shares with another frame
        frame["paid_amount"].to_numpy()[0] = -1.0
    except ValueError:
        pass


@pytest.mark.filterwarnings("ignore:The inplace keyword")  # students still write it
@pytest.mark.parametrize("change", [_set_values, _in_place, _labels, _through_numpy])
@pytest.mark.parametrize("student", [None, "2024001"])
def test_changing_a_loaded_frame_does_not_change_the_next_load(change, student, monkeypatch):
    from course.variants import derive_key

    if student:  # a student's own variant is remembered too
        monkeypatch.setenv("KEFU_STUDENT", student)
        monkeypatch.setenv("KEFU_VARIANT_KEY", derive_key("s" * 16, student))
    before = data.load("orders")
    change(data.load("orders"))
    after = data.load("orders")
    pd.testing.assert_frame_equal(after, before)
    assert after.index.name is None and after.columns.name is None and not after.attrs
    agents = data.load("agents")
    agents.loc[0, "name"] = "改过了"
    assert data.load("agents").loc[0, "name"] != "改过了"


def test_unknown_table_is_named_in_chinese():
    with pytest.raises(data.DataError, match="没有名为「order」的数据表"):
        data.load("order")


@pytest.fixture
def data_copy(tmp_path, monkeypatch, root):
    folder = tmp_path / "data"
    shutil.copytree(root / "data", folder)
    monkeypatch.setenv("KEFU_DATA_DIR", str(folder))
    return folder


def test_missing_file_names_the_file(data_copy):
    (data_copy / "refunds.csv").unlink()
    with pytest.raises(data.DataError, match="找不到数据文件.*refunds.csv"):
        data.load("refunds")


def test_missing_column_names_file_and_column(data_copy):
    frame = pd.read_csv(data_copy / "orders.csv", dtype=str, keep_default_na=False)
    frame.drop(columns="paid_at").to_csv(data_copy / "orders.csv", index=False)
    with pytest.raises(data.DataError, match="orders.csv 缺少列「paid_at」"):
        data.load("orders")


def test_malformed_time_names_file_column_and_row(data_copy):
    lines = (data_copy / "messages.csv").read_text("utf-8").splitlines()
    lines[3] = lines[3].replace("2025-06-", "2025/06/", 1)
    (data_copy / "messages.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(data.DataError, match="messages.csv 的列「sent_at」第 4 行"):
        data.load("messages")


def test_malformed_money_names_the_value(data_copy):
    text = (data_copy / "products.csv").read_text("utf-8").replace("139.00", "一百三十九", 1)
    (data_copy / "products.csv").write_text(text, "utf-8")
    with pytest.raises(data.DataError, match="「一百三十九」不是有效的金额"):
        data.load("products")


def test_required_value_left_empty_is_reported(data_copy):
    lines = (data_copy / "agents.csv").read_text("utf-8").splitlines()
    lines[1] = lines[1].rsplit(",", 1)[0] + ","
    (data_copy / "agents.csv").write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(data.DataError, match="agents.csv 的列「hired_on」第 2 行为空"):
        data.load("agents")


def test_non_utf8_file_is_reported(data_copy):
    text = (data_copy / "agents.csv").read_text("utf-8")
    (data_copy / "agents.csv").write_bytes(text.encode("gbk"))
    with pytest.raises(data.DataError, match="不是 UTF-8 编码"):
        data.load("agents")


def test_a_variant_never_leaves_out_the_kept_buyers(data_copy, monkeypatch, tmp_path):
    from course import variants

    for name in ("JUPYTERHUB_USER", "KEFU_VARIANT_KEY", "KEFU_WORKSPACE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(variants, "KEY_FILE", tmp_path / "no-classkey.txt")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KEFU_COURSE_SECRET", "kept-test")
    buyers = list(pd.read_csv(data_copy / "customers.csv", dtype=str)["buyer_id"])
    kept = buyers[::25]  # 61 buyers: without the list a variant leaves out several of them
    pd.DataFrame({"buyer_id": kept, "reason": "测试"}).to_csv(
        data_copy / data.KEPT_BUYERS_FILE, index=False)
    for student in ("2024001", "2024002", "2024003"):
        monkeypatch.setenv("KEFU_STUDENT", student)
        mine = set(data.load("customers")["buyer_id"])
        assert set(kept) <= mine and len(mine) < len(buyers)
