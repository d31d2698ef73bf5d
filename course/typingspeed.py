"""Typing test (chapter 1): Chinese characters per minute and accuracy against a passage."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: The course's reference hiring bar.
MIN_SPEED = 60.0  # correct characters per minute
MIN_ACCURACY = 0.95

PASSAGES = (
    "亲，您好！欢迎光临花卉知六，我是客服小A。今天下午四点前付款，同城当天就能送到，"
    "外地一般次日送达。请问您是想送给什么人呢？我帮您挑一款合适的花束。",
    "亲，您的订单我们已经核对好了：红玫瑰十一枝，贺卡写“生日快乐，天天开心”，"
    "明天上午送到。如果地址有变化，请在发货前告诉我哦。",
    "非常抱歉让您久等了！我们查到快递在中转站耽误了一天，已经联系快递优先派送，"
    "预计今天傍晚前送达。有任何问题您随时找我，我会一直跟进。",
)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class TypingResult:
    """Speed and accuracy of one attempt."""

    reference_chars: int
    typed_chars: int
    correct_chars: int
    seconds: float

    @property
    def speed(self) -> float:
        """Correct characters per minute."""
        return self.correct_chars / self.seconds * 60 if self.seconds > 0 else 0.0

    @property
    def accuracy(self) -> float:
        """Correct characters ÷ characters of the passage."""
        return self.correct_chars / self.reference_chars if self.reference_chars else 0.0

    @property
    def passed(self) -> bool:
        return self.speed >= MIN_SPEED and self.accuracy >= MIN_ACCURACY

    def summary(self) -> str:
        verdict = "达到" if self.passed else "未达到"
        return (f"速度 {self.speed:.0f} 字/分钟，准确率 {self.accuracy:.1%}"
                f"（正确 {self.correct_chars} / 原文 {self.reference_chars} 字，用时 {self.seconds:.0f} 秒），"
                f"{verdict}课程参考标准（{MIN_SPEED:.0f} 字/分钟、{MIN_ACCURACY:.0%}）。")

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def _clean(text: str) -> str:
    return _SPACE.sub("", text)


def typing_result(reference: str, typed: str, seconds: float) -> TypingResult:
    """Compare ``typed`` with ``reference`` (whitespace ignored) over ``seconds``.

    Correct characters are those in the longest matching blocks of the two
    texts (``difflib``), so one missing character does not make the rest wrong.
    """
    if not isinstance(reference, str) or not isinstance(typed, str):
        raise TypeError("原文和输入内容都应该是字符串。")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not seconds > 0:
        raise ValueError(f"用时应该是大于 0 的秒数，收到的是 {seconds!r}。")
    ref, got = _clean(reference), _clean(typed)
    matcher = difflib.SequenceMatcher(None, ref, got, autojunk=False)
    correct = sum(block.size for block in matcher.get_matching_blocks())
    return TypingResult(len(ref), len(got), correct, float(seconds))
