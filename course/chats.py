"""The shop's own chats as cases to judge (chapters 1 and 3): real conversations, shown as text.

A *case* is a session of ``messages.csv`` in which the buyer asks about one thing only
(greetings and thanks aside), as :func:`course.autoreply.topics_of` reads their lines. Who
wrote first tells a buyer's question before buying (``"buyer"``) from an agent's check
after a payment (``"agent"``, the follow-up sessions). Cases come from the learner's own
variant of the data, so classmates read different chats; a question names its cases by
``(opened_by, topic)`` kinds and a number ``k`` from its parameters, never by session id.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from course import autoreply, data

#: The topics that are not a question of their own.
_SMALL_TALK = ("问候", "结束语")
_SENDER = {"buyer": "买家", "auto": "自动回复"}


@dataclass(frozen=True)
class Chat:
    """One session: who, when, who wrote first and what the buyer asks about."""

    session_id: str
    buyer_id: str
    agent_id: str
    started_at: pd.Timestamp
    opened_by: str
    topics: tuple[str, ...]


def _chat_order(messages: pd.DataFrame) -> list[int]:
    """Positions of ``messages`` with each session's messages together, by ``sent_at``
    (missing times last, equal ones in file order): each session's messages in the order
    of ``sort_values("sent_at", kind="stable")``."""
    codes, _ = pd.factorize(messages["session_id"])
    ranks, _ = pd.factorize(messages["sent_at"], sort=True)
    return np.lexsort((np.where(ranks < 0, len(ranks), ranks), codes)).tolist()


def _chats(messages: pd.DataFrame, sessions: pd.DataFrame) -> dict[str, Chat]:
    opened: dict[str, str] = {}
    asked: dict[str, list[str]] = {}
    found: dict[str, tuple[str, ...]] = {}  # the topics of a line, once per distinct text
    # Plain lists: iterating the columns themselves boxes every value (many times slower).
    order = _chat_order(messages)
    columns = [messages[c].tolist() for c in ("session_id", "sender", "text")]
    for session, sender, text in zip(*([column[at] for at in order] for column in columns),
                                     strict=True):
        if session == session and (session not in opened or opened[session] != opened[session]):
            opened[session] = sender  # the first sender that is known wrote first
        if sender == "buyer":
            topics = asked.setdefault(session, [])
            said = found.get(text)
            if said is None:
                said = found[text] = autoreply.topics_of(text)
            topics += [t for t in said if t not in _SMALL_TALK and t not in topics]
    chats = {}
    for session, buyer, agent, started in zip(sessions["session_id"].tolist(),
                                              sessions["buyer_id"].tolist(),
                                              sessions["agent_id"].tolist(),
                                              sessions["started_at"].tolist(), strict=True):
        if session in opened:
            chats[session] = Chat(session, buyer, agent, started, opened[session],
                                  tuple(asked.get(session, ())))
    return chats


@lru_cache(maxsize=4)
def _shop_chats(_version: tuple[str, str]) -> dict[str, Chat]:
    return _chats(data.load("messages"), data.load("sessions"))


def chats(messages: pd.DataFrame | None = None, sessions: pd.DataFrame | None = None
          ) -> dict[str, Chat]:
    """Every session as a :class:`Chat`, by session id (the learner's own data by default)."""
    if messages is None and sessions is None:
        return _shop_chats(data.shop_version())
    return _chats(data.load("messages") if messages is None else messages,
                  data.load("sessions") if sessions is None else sessions)


def chat(session_id: str) -> Chat:
    """The session ``session_id`` of the learner's data; ``KeyError`` (Chinese) if missing."""
    found = chats().get(session_id)
    if found is None:
        raise KeyError(f"你的数据里没有会话 {session_id}。")
    return found


def topic_of(session_id: str) -> str:
    """What the buyer of a case asks about (a topic of :data:`course.autoreply.TOPICS`)."""
    topics = chat(session_id).topics
    if len(topics) != 1:
        raise ValueError(f"会话 {session_id} 里买家问了 {len(topics)} 件事，不是一个案例。")
    return topics[0]


def opened_by(session_id: str) -> str:
    """Who wrote first in a session: ``"buyer"`` or ``"agent"``."""
    return chat(session_id).opened_by


def cases(opened: str, topic: str, every: dict[str, Chat] | None = None) -> list[str]:
    """Session ids, in order, where ``opened`` wrote first and the buyer asks about ``topic`` only."""
    every = chats() if every is None else every
    return sorted(s for s, c in every.items() if c.opened_by == opened and c.topics == (topic,))


def pick(kind: tuple[str, str], k: int, every: dict[str, Chat] | None = None) -> str:
    """The ``k``-th case of ``kind`` = (opened_by, topic), counting round the list."""
    found = cases(*kind, every=every)
    if not found:
        raise LookupError(f"数据里没有这一类会话：{kind}。")
    return found[k % len(found)]


def _day_time(moment: pd.Timestamp) -> str:
    return f"{moment.month} 月 {moment.day} 日 {moment:%H:%M}"


@lru_cache(maxsize=4)
def _shop_lines(_version: tuple[str, str]) -> tuple[dict[str, list[int]], np.ndarray, list, list]:
    """The shop's own messages for transcripts: each session's positions, in the order a
    transcript shows them, and the columns ``sent_at`` (numpy), ``sender`` and ``text``."""
    messages = data.load("messages")
    sessions = messages["session_id"].tolist()
    positions: dict[str, list[int]] = {}
    for at in _chat_order(messages):
        positions.setdefault(sessions[at], []).append(at)
    return (positions, messages["sent_at"].to_numpy(), messages["sender"].tolist(),
            messages["text"].tolist())


def transcript(session_id: str, messages: pd.DataFrame | None = None) -> str:
    """The session as Markdown: a heading line, then one quoted line per message."""
    case = chat(session_id)
    names = dict(zip(*[data.load("agents")[c].tolist() for c in ("agent_id", "name")], strict=True))
    if messages is None:
        positions, sent_at, senders, texts = _shop_lines(data.shop_version())
        said = [(pd.Timestamp(sent_at[at]), senders[at], texts[at])
                for at in positions.get(session_id, [])]
    else:
        rows = messages[messages["session_id"] == session_id].sort_values("sent_at", kind="stable")
        said = zip(rows["sent_at"], rows["sender"], rows["text"], strict=True)
    lines = [f"> **会话 {session_id}**：买家 {case.buyer_id}，{_day_time(case.started_at)} 开始  "]
    for sent, sender, text in said:
        who = _SENDER.get(sender, f"客服{names.get(case.agent_id, case.agent_id)}")
        lines.append(f"> {sent:%H:%M} {who}：{text}  ")
    return "\n".join(lines)


def transcripts(sessions: list[str]) -> str:
    """Several sessions as Markdown, numbered 聊天 1, 聊天 2, … in the order given."""
    return "\n\n".join(f"**聊天 {n}**\n\n{transcript(s)}" for n, s in enumerate(sessions, start=1))


def note_cases(every: dict[str, Chat] | None = None, orders: pd.DataFrame | None = None
               ) -> list[dict]:
    """Follow-up chats whose note is easy to put on the wrong order (chapter 1, 小A's mistake).

    A follow-up session is an agent writing first after a payment; its order is the buyer's
    last order paid before the chat, attributed to that agent. A case keeps it when the
    agent's list around the chat also holds (a) another buyer's order paid after it and
    before the chat (the newest order on the list is not this buyer's) and (b) an earlier
    paid order of the same buyer (the buyer alone does not tell the order). The four
    orders shown: those, and another buyer's order the agent had just before, sorted by
    payment time. Returns dicts with ``session``, ``buyer``, ``chat_at`` and ``orders``
    (order id → the text of its option).
    """
    every = chats() if every is None else every
    orders = data.load("orders") if orders is None else orders
    paid = orders[orders["paid_at"].notna()].sort_values(["paid_at", "order_id"], kind="stable")
    order_ids, buyers = paid["order_id"].tolist(), paid["buyer_id"].tolist()
    agents, amounts = paid["agent_id"].tolist(), paid["paid_amount"].tolist()
    times = paid["paid_at"].tolist()
    stamps = paid["paid_at"].to_numpy().astype("datetime64[ns]").view("i8").tolist()
    # Positions in ``paid`` (so in payment order) of each buyer's and each agent's orders.
    by_buyer: dict[str, list[int]] = {}
    by_agent: dict[str, list[int]] = {}
    for at, (buyer, agent) in enumerate(zip(buyers, agents, strict=True)):
        if buyer == buyer:  # NaN is nobody's
            by_buyer.setdefault(buyer, []).append(at)
        if agent == agent:
            by_agent.setdefault(agent, []).append(at)
    agent_stamps = {agent: [stamps[at] for at in ats] for agent, ats in by_agent.items()}
    found = []
    for session in sorted(every):
        c = every[session]
        mine = by_buyer.get(c.buyer_id)
        if c.opened_by != "agent" or mine is None or pd.isna(c.started_at):
            continue
        chat_at = pd.Timestamp(c.started_at).as_unit("ns").value
        # the buyer's orders paid up to the chat: a prefix of ``mine``
        upto = bisect.bisect_right([stamps[at] for at in mine], chat_at)
        if upto < 2 or agents[mine[upto - 1]] != c.agent_id:
            continue
        right, second = mine[upto - 1], mine[upto - 2]
        # the agent's last order of another buyer paid up to the chat (it must come after
        # ``right``), and the last one paid before ``right``
        theirs = by_agent[c.agent_id]
        last = bisect.bisect_right(agent_stamps[c.agent_id], chat_at) - 1
        while last >= 0 and buyers[theirs[last]] == c.buyer_id:
            last -= 1
        earlier = bisect.bisect_left(agent_stamps[c.agent_id], stamps[right]) - 1
        while earlier >= 0 and buyers[theirs[earlier]] == c.buyer_id:
            earlier -= 1
        if last < 0 or stamps[theirs[last]] <= stamps[right] or earlier < 0:
            continue
        shown = sorted([right, second, theirs[last], theirs[earlier]],
                       key=lambda at: (stamps[at], order_ids[at]))
        found.append({
            "session": session, "buyer": c.buyer_id, "chat_at": f"{c.started_at:%Y-%m-%d %H:%M:%S}",
            "orders": {order_ids[at]: f"{order_ids[at]}（买家 {buyers[at]}，付款 {_day_time(times[at])}，"
                                      f"实付 {amounts[at]:.2f} 元）" for at in shown}})
    return found
