"""How a written answer reads: its sentences and words, negation, repetition and keyword lists.

The rubric checker (:mod:`autograder.rubric`) looks for what each scoring row asks for;
this module tells it where a word really stands. Words come from ``rjieba`` (the jieba-rs
segmenter) with the rubrics' own vocabulary added, so a short word only counts as a word
("拍" is not in "拍照", "售中" is not in "不在售"), a concept after a negation in the same
clause ("问题不在售中…") counts as absent, a sentence written twice counts once, and a
sentence that is only a list of keywords ("售中、备注、核对、模板…") gives no evidence.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

#: Sentence ends: the unit a teacher reads as one statement (and one line of a list).
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]*")
_ENDS = "。！？!?；; \t\r"
#: Clause separators inside a sentence (a list of keywords is many short clauses); a colon
#: between digits is a time of day ("16:00"), not a separator; a space separates only
#: between two Chinese characters ("红玫瑰 新鲜", not "6 月" or "小A 的").
_CLAUSE_SEP = re.compile(r"[，,、／/|]+|(?<!\d)[：:]|[：:](?!\d)"
                         r"|(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
#: A line's heading in a list of phrases ("1. 包邮：", "售后问题："): it names the scene.
_HEADING = re.compile(r"(?m)^[ \t]*(?:\d+[.、)]|[①-⑩])?[ \t]*[^：:\n。，,]{1,8}[：:]")
#: A sentence of at least this many clauses, 80% of them at most ``LISTING_WORD``
#: characters long, is a list of keywords ("售中、订单备注、核对、模板、抽查").
LISTING_CLAUSES = 5
LISTING_WORD = 5
#: Where a negation's reach ends, going back from a word.
_CLAUSE_END = frozenset("，,。！？!?；;：:、\n")
_CJK = re.compile(r"[\u4e00-\u9fff]")

#: Words that negate what follows in their clause ("不在售中", "没有核对").
NEGATORS = frozenset({
    "不", "没", "没有", "未", "无", "非", "并非", "不是", "不在", "不会", "不要", "不能", "不用",
    "无需", "不必", "勿", "别", "从未", "从不", "毫无", "不再", "绝不", "决不", "并不", "并没有",
    "未能", "没能", "不够", "缺少", "缺乏", "忘了", "忘记", "而非", "并未",
})
#: Words that start like a negation but are not one ("不仅", "不同", "无论" …).
NOT_NEGATORS = frozenset({
    "不仅", "不但", "不断", "不少", "不同", "不错", "不久", "不妨", "不管", "不论", "不光", "不只",
    "不好意思", "没关系", "不客气", "无论", "无误", "未来", "不一", "无忧", "不定期", "不满",
    "不满意", "不对", "不舒服", "不开心", "不新鲜", "不精神",
})
#: Contrast words: a negation before them does not reach past them ("不是A，而是B").
CONTRAST = frozenset({"但", "但是", "而", "而是", "可是", "不过", "却", "只是", "其实"})
#: How many words back a negation reaches ("不在|售中|的|备注" reaches 备注).
NEGATION_REACH = 4



class Segmenter:
    """jieba-rs, loaded on first use, with the rubrics' vocabulary added once.

    It is rjieba's own default segmenter (importing rjieba loads its dictionary;
    a second ``rjieba.Jieba()`` would load it again): nothing else in the course
    segments Chinese.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jieba = None
        self._known: set[str] = set()

    def _engine(self):
        if self._jieba is None:
            import rjieba

            self._jieba = rjieba
        return self._jieba

    def add_words(self, words: Iterable[str]) -> None:
        """Keep each of ``words`` (2–8 Chinese characters) in one piece when segmenting."""
        new = [w for w in words if w not in self._known and 2 <= len(w) <= 8
               and all(_CJK.match(ch) for ch in w)]
        if not new:
            return
        with self._lock:
            engine = self._engine()
            for word in new:
                engine.add_word(word, 200_000, None)
                self._known.add(word)

    def tag(self, text: str) -> list[tuple[str, str]]:
        with self._lock:
            return self._engine().tag(text)


SEGMENTER = Segmenter()


@dataclass(frozen=True)
class Sentence:
    """One sentence (or list line) of an answer: its place, text and how it reads."""

    start: int
    end: int
    text: str
    #: A list of keywords rather than a sentence (many clauses of a word or two).
    listing: bool
    #: The same sentence (or nearly) came earlier in the answer.
    repeat: bool


@dataclass(frozen=True)
class Token:
    word: str
    tag: str
    start: int
    end: int


def chars(text: str) -> int:
    """Characters a teacher counts: everything but white space."""
    return len(re.sub(r"\s", "", text))


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", "", text)


class AnswerText:
    """A student's answer, segmented once, with the questions the rubric checker asks of it.

    ``headed``: the answer is a list of phrases under headings ("1. 包邮：亲，…"); a heading
    names the scene and shows nothing of the phrase, so it is no evidence, and two lines
    with the same phrase under different headings are a repetition.
    """

    def __init__(self, text: str, headed: bool = False) -> None:
        self.text = text
        self.headed = headed

    @cached_property
    def _headings(self) -> list[tuple[int, int]]:
        if not self.headed:
            return []
        return [m.span() for m in _HEADING.finditer(self.text)]

    def in_heading(self, pos: int) -> bool:
        """``pos`` is inside a line's heading (only for a ``headed`` answer)."""
        return any(lo <= pos < hi for lo, hi in self._headings)

    def _body(self, start: int, end: int) -> str:
        """The sentence's text without its heading."""
        for lo, hi in self._headings:
            if lo <= start < hi:
                return self.text[hi:end]
        return self.text[start:end]

    @cached_property
    def tokens(self) -> list[Token]:
        out, at = [], 0
        for word, tag in SEGMENTER.tag(self.text):
            out.append(Token(word, tag, at, at + len(word)))
            at += len(word)
        return out

    @cached_property
    def _bounds(self) -> tuple[frozenset[int], frozenset[int], list[int]]:
        starts = frozenset(t.start for t in self.tokens)
        ends = frozenset(t.end for t in self.tokens)
        index = [0] * (len(self.text) + 1)
        for i, token in enumerate(self.tokens):
            for pos in range(token.start, token.end):
                index[pos] = i
        index[len(self.text)] = len(self.tokens)
        return starts, ends, index

    def aligned(self, start: int, end: int) -> bool:
        """``text[start:end]`` starts and ends where words do (not inside a longer word)."""
        starts, ends, _ = self._bounds
        return start in starts and end in ends

    def negated(self, start: int) -> bool:
        """A negation stands before ``start`` in the same clause (no contrast word between)."""
        _, _, index = self._bounds
        i = index[start] - 1
        for _ in range(NEGATION_REACH):
            if i < 0:
                return False
            word = self.tokens[i].word
            if word in CONTRAST or any(ch in _CLAUSE_END for ch in word):
                return False
            if word in NEGATORS or (word[0] in "不没未" and 2 <= len(word) <= 3
                                    and word not in NOT_NEGATORS):
                return True
            i -= 1
        return False

    @cached_property
    def sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        seen: list[tuple[str, frozenset[str]]] = []
        for match in _SENTENCE.finditer(self.text):
            text = match.group(0)
            if not _norm(text):
                continue
            key = _norm(self._body(match.start(), match.end()))
            body_start = match.end() - len(self._body(match.start(), match.end()))
            words = frozenset(t.word for t in self._tokens_in(body_start, match.end())
                              if _norm(t.word))
            repeat = len(key) >= 6 and any(
                key == k or (len(words) >= 6 and len(words & w) >= 0.8 * len(words | w))
                for k, w in seen)
            seen.append((key, words))
            found.append(Sentence(match.start(), match.end(), text,
                                  self._listing(match.start(), match.end()), repeat))
        return found

    def _tokens_in(self, start: int, end: int) -> list[Token]:
        _, _, index = self._bounds
        return self.tokens[index[start]:index[end]]

    def _listing(self, start: int, end: int) -> bool:
        """Many clauses, nearly all of them a word or two: a list of keywords, not a sentence."""
        clauses = [c for c in _CLAUSE_SEP.split(self.text[start:end]) if _norm(c)]
        short = sum(1 for c in clauses if len(_norm(c)) <= LISTING_WORD)
        return len(clauses) >= LISTING_CLAUSES and short >= 0.8 * len(clauses)

    def sentence_at(self, pos: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= pos < sentence.end:
                return sentence
        return None

    @cached_property
    def own_chars(self) -> int:
        """Characters without the repeated sentences (what the student really wrote)."""
        return chars(self.text) - sum(chars(s.text) for s in self.sentences if s.repeat)

    @cached_property
    def listing_share(self) -> float:
        """The share of the answer's characters that stand in keyword lists."""
        total = sum(chars(s.text) for s in self.sentences)
        listed = sum(chars(s.text) for s in self.sentences if s.listing)
        return listed / total if total else 0.0

    @cached_property
    def repeat_share(self) -> float:
        total = sum(chars(s.text) for s in self.sentences)
        repeated = sum(chars(s.text) for s in self.sentences if s.repeat)
        return repeated / total if total else 0.0

    def excerpt(self, start: int, end: int, width: int = 34) -> str:
        """The sentence around ``text[start:end]``, cut to about ``width`` characters."""
        sentence = self.sentence_at(start)
        if sentence is None:
            return self.text[start:end]
        text, lo, hi = sentence.text, start - sentence.start, end - sentence.start
        text_lo = len(text) - len(text.lstrip())
        text_hi = len(text.rstrip(_ENDS))
        if text_hi - text_lo <= width or text_hi <= text_lo:
            return text[text_lo:text_hi]
        left = max(text_lo, min(lo - width // 3, text_hi - width))
        right = min(text_hi, max(left + width, hi))
        return ("…" if left > text_lo else "") + text[left:right].strip() + (
            "…" if right < text_hi else "")
