"""Loading the 花卉知六 shop data set as typed pandas DataFrames.

``load("orders")`` reads ``data/orders.csv`` (or ``$KEFU_DATA_DIR/orders.csv``),
checks every column the course relies on and converts it to its type: ids and
text stay strings, money becomes float rounded to 0.01 元, times become
``datetime64`` (Asia/Shanghai wall-clock time, naive), flags become int.
A missing file or column, or a value that cannot be parsed, raises
:class:`DataError` with a Chinese message naming the file, the column and the row.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pandas as pd

from course import variants
from course.datadir import data_dir

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"

#: The schema: every table of the shop data set and its columns, in file order.
COLUMNS = {
    "agents": ["agent_id", "name", "role", "hired_on"],
    "products": ["sku", "name", "category", "price", "cost", "stock"],
    "customers": ["buyer_id", "nick", "member_level", "registered_on", "city", "blacklisted"],
    "orders": ["order_id", "buyer_id", "created_at", "paid_at", "shipped_at", "finished_at",
               "closed_at", "status", "goods_amount", "shipping_fee", "paid_amount", "agent_id"],
    "order_items": ["order_id", "sku", "qty", "unit_price", "paid_amount"],
    "sessions": ["session_id", "buyer_id", "agent_id", "started_at", "ended_at", "is_inquiry",
                 "rating"],
    "messages": ["session_id", "sent_at", "sender", "text"],
    "refunds": ["refund_id", "order_id", "sku", "type", "reason", "amount", "applied_at",
                "responded_at", "status", "agent_id"],
    "reviews": ["order_id", "buyer_id", "rating", "text", "created_at", "dsr_item",
                "dsr_service", "dsr_logistics"],
    "reminders": ["order_id", "buyer_id", "agent_id", "sent_at", "channel", "template"],
}

#: Column types beyond plain strings; every other column is text.
TYPES: dict[str, dict[str, str]] = {
    "agents": {"hired_on": "date"},
    "products": {"price": "money", "cost": "money", "stock": "int"},
    "customers": {"member_level": "int", "registered_on": "date", "blacklisted": "int"},
    "orders": {"created_at": "time", "paid_at": "time?", "shipped_at": "time?",
               "finished_at": "time?", "closed_at": "time?", "goods_amount": "money",
               "shipping_fee": "money", "paid_amount": "money", "agent_id": "str?"},
    "order_items": {"qty": "int", "unit_price": "money", "paid_amount": "money"},
    "sessions": {"started_at": "time", "ended_at": "time", "is_inquiry": "int",
                 "rating": "str?"},
    "messages": {"sent_at": "time"},
    "refunds": {"amount": "money", "applied_at": "time", "responded_at": "time?",
                "agent_id": "str?"},
    "reviews": {"created_at": "time", "dsr_item": "int", "dsr_service": "int",
                "dsr_logistics": "int"},
    "reminders": {"sent_at": "time"},
}
TABLES = tuple(COLUMNS)
_KIND_LABEL = {"money": "金额", "int": "整数", "time": "时间（YYYY-MM-DD HH:MM:SS）",
               "date": "日期（YYYY-MM-DD）"}


class DataError(ValueError):
    """A data file is missing or malformed; the message is Chinese and names the place."""


def _convert(frame: pd.DataFrame, column: str, kind: str, filename: str) -> pd.Series:
    raw = frame[column]
    optional = kind.endswith("?")
    kind = kind.rstrip("?")
    blank = raw.str.strip() == ""
    if kind == "str":
        return raw.mask(blank)
    if blank.any() and not optional:
        row = int(blank.idxmax()) + 2  # +1 for the header, +1 for 1-based numbering
        raise DataError(f"数据文件 {filename} 的列「{column}」第 {row} 行为空，但这一列必须有值。")
    if kind == "time":
        parsed = pd.to_datetime(raw.mask(blank), format=TIME_FORMAT, errors="coerce")
    elif kind == "date":
        parsed = pd.to_datetime(raw.mask(blank), format="%Y-%m-%d", errors="coerce")
    else:
        parsed = pd.to_numeric(raw.mask(blank), errors="coerce")
    bad = parsed.isna() & ~blank
    if bad.any():
        row = int(bad.idxmax())
        raise DataError(
            f"数据文件 {filename} 的列「{column}」第 {row + 2} 行的值「{raw[row]}」"
            f"不是有效的{_KIND_LABEL[kind]}。"
        )
    if kind == "money":
        return parsed.astype("float64").round(2)
    if kind == "int":
        if (parsed % 1 != 0).any():
            row = int((parsed % 1 != 0).idxmax())
            raise DataError(
                f"数据文件 {filename} 的列「{column}」第 {row + 2} 行的值「{raw[row]}」不是整数。"
            )
        return parsed.astype("int64")
    return parsed


def read_table(name: str, path: Path | str) -> pd.DataFrame:
    """Read and type one table from an explicit CSV path (no caching)."""
    path = Path(path)
    if name not in COLUMNS:
        raise DataError(f"没有名为「{name}」的数据表。可用的表：{'、'.join(TABLES)}。")
    if not path.is_file():
        raise DataError(f"找不到数据文件 {path}（表「{name}」）。请检查 data/ 文件夹，"
                        "或运行 python -m course.datagen 重新生成。")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"数据文件 {path.name} 不是 UTF-8 编码：{exc.reason}。") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataError(f"数据文件 {path.name} 无法按 CSV 解析：{exc}") from exc
    missing = [c for c in COLUMNS[name] if c not in frame.columns]
    if missing:
        raise DataError(f"数据文件 {path.name} 缺少列「{'」「'.join(missing)}」。")
    frame = frame[COLUMNS[name]].copy()
    for column, kind in TYPES[name].items():
        frame[column] = _convert(frame, column, kind, path.name)
    return frame


@lru_cache(maxsize=32)
def _cached(name: str, path: str, mtime_ns: int) -> pd.DataFrame:
    return read_table(name, path)


def _base(name: str) -> pd.DataFrame:
    """The public table ``name``, parsed once per process (not a copy: never change it)."""
    path = data_dir() / f"{name}.csv"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = -1
    return _cached(name, str(path), mtime)


#: Share of buyers a student's variant leaves out (drawn per variant in this range).
DROP_SHARE = (0.08, 0.16)
#: Written by the generator next to the tables: ``buyer_id,reason`` of the buyers every
#: variant keeps, the rows that put a rule's boundary into every student's data (a buyer
#: who paid exactly 30 days before an as-of date tells "≤" from "<").
KEPT_BUYERS_FILE = "kept_buyers.csv"


@lru_cache(maxsize=8)
def kept_buyers(folder: str) -> frozenset[str]:
    """The buyers no variant leaves out (none when the folder has no list)."""
    path = Path(folder) / KEPT_BUYERS_FILE
    if not path.is_file():
        return frozenset()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    return frozenset(frame["buyer_id"])


@lru_cache(maxsize=8)
def _variant_tables(key: str, folder: str) -> dict[str, pd.DataFrame]:
    """Every table of the shop as the variant ``key`` sees it.

    The variant is the public shop without a share of its buyers: everything of a
    buyer who is left out (customer row, orders and their items, refunds, reviews,
    reminders, chats and their messages) goes together, so the tables stay consistent
    and every count, sum and ranking the exercises ask for moves a little. The agents,
    products and their traits (小C stays the slow responder) are the shop's own, and the
    buyers of ``kept_buyers.csv`` are in every variant.
    """
    rng = random.Random(f"{key}:data")
    base = {name: _base(name) for name in TABLES}
    buyers = base["customers"]["buyer_id"].to_numpy()
    share = rng.uniform(*DROP_SHARE)
    kept = kept_buyers(folder)
    dropped = set(rng.sample([b for b in buyers if b not in kept], round(len(buyers) * share)))
    keep_buyer = {name: ~base[name]["buyer_id"].isin(dropped)
                  for name in ("customers", "orders", "sessions", "reviews", "reminders")}
    orders = set(base["orders"]["order_id"][~keep_buyer["orders"]])
    sessions = set(base["sessions"]["session_id"][~keep_buyer["sessions"]])
    keep = {
        **keep_buyer,
        "order_items": ~base["order_items"]["order_id"].isin(orders),
        "refunds": ~base["refunds"]["order_id"].isin(orders),
        "messages": ~base["messages"]["session_id"].isin(sessions),
    }
    tables = {}
    for name in TABLES:
        frame = base[name]
        if name in keep:
            frame = frame[keep[name].to_numpy()].reset_index(drop=True)
        tables[name] = frame
    return tables


def load(name: str) -> pd.DataFrame:
    """Return the shop table ``name`` (see ``TABLES``) as a typed DataFrame.

    The learner's own variant of the shop (see :mod:`course.variants`): the public
    data when nobody is identified. Files are parsed once per process and a variant
    is built once per process; every call returns a fresh copy, so changing the
    result never changes what the next call returns.
    """
    if name not in COLUMNS:
        raise DataError(f"没有名为「{name}」的数据表。可用的表：{'、'.join(TABLES)}。")
    variant = variants.current()
    # pandas copies on write (always, since 3.0): a shallow copy shares the columns' data
    # until either side changes a column, and has its own labels, so the caller may change
    # it freely and nothing is copied that is only read (most of a notebook's loads).
    if variant.public:
        return _base(name).copy(deep=False)
    return _variant_tables(variant.key, str(data_dir()))[name].copy(deep=False)


def shop_version() -> tuple[str, str]:
    """Which tables :func:`load` returns in this process now: equal tokens, equal tables.

    Results computed from the shop's own tables may be remembered under this token.
    """
    variant = variants.current()
    return ("public" if variant.public else variant.key, str(data_dir()))


def load_all() -> dict[str, pd.DataFrame]:
    """Every table, keyed by name."""
    return {name: load(name) for name in TABLES}
