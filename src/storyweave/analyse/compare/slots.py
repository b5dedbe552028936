"""Slots: the places where two versions of one statement say something different.

Two close versions of a fact mostly share their wording; where one replaces a few words of
the other between shared words ("owns [55 percent] of the shares" / "owns [half] of the
shares", "[Macron] said" / "[Barrot] said"), the replaced words fill the same role in both
sentences. Values found in such a slot are values asserted about the same thing, so a
difference there is a difference in the fact, not context placed elsewhere.

A slot is a ``replace`` step of a word-level diff of two versions sharing most words
(:data:`MIN_SHARED`), at most :data:`MAX_SLOT_WORDS` words long on either side, with shared
words on at least one side of it (so it has a role to fill), and inside quotation marks in
both versions or in neither.
Each slot is read grown to whole space-separated words and one more word either side, so a
unit ("percent", "a.m.") or a month that both keep still qualifies the changed figure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from storyweave.analyse.compare.values import fold

#: A longer replacement is a rewording, not one detail told differently.
MAX_SLOT_WORDS = 6
#: Share of the two versions' words that must be common (difflib's ratio) for their
#: differences to be slots: in looser paraphrases, replaced words need not fill one role.
MIN_SHARED = 0.5
_TOKEN = re.compile(r"\w+(?:[’'.,]\d+)*|[^\w\s]")
_QUOTE_MARKS = frozenset('"“”«»„')


@dataclass(frozen=True)
class Slot:
    """Character ranges in the left and right text: the replaced words (``*_core``) and the
    range their values are read from (``*_read``)."""

    left_core: tuple[int, int]
    right_core: tuple[int, int]
    left_read: tuple[int, int]
    right_read: tuple[int, int]


@lru_cache(maxsize=1 << 14)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """Folded tokens of ``text`` with their offsets (kept: each statement meets many others)."""
    return tuple((fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text))


def _range(toks: Sequence[tuple[str, int, int]], start: int, end: int) -> tuple[int, int]:
    start, end = max(0, start), min(len(toks), end)
    return (toks[start][1], toks[end - 1][2]) if end > start else (0, 0)


def slots(left: str, right: str) -> Iterator[Slot]:
    """Every slot of ``left`` against ``right`` (see the module docstring)."""
    a, b = _tokens(left), _tokens(right)
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    if matcher.real_quick_ratio() < MIN_SHARED or matcher.quick_ratio() < MIN_SHARED:
        return  # upper bounds of ratio(), far cheaper
    if matcher.ratio() < MIN_SHARED:
        return
    steps = matcher.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(steps):
        if tag != "replace" or max(i2 - i1, j2 - j1) > MAX_SLOT_WORDS:
            continue
        if _quoting(a, i1, i2) != _quoting(b, j1, j2):
            continue  # words inside a quote on one side only play another role there
        before = n > 0 and steps[n - 1][0] == "equal"
        after = n + 1 < len(steps) and steps[n + 1][0] == "equal"
        if not (before or after):
            continue
        left_core, right_core = _range(a, i1, i2), _range(b, j1, j2)
        yield Slot(left_core, right_core, _widen(left, left_core), _widen(right, right_core))


def _quoting(toks: Sequence[tuple[str, int, int]], start: int, end: int) -> int:
    """0 outside quotation marks, 1 inside, 2 when the words open or close a quote."""
    if any(t[0] in _QUOTE_MARKS for t in toks[start:end]):
        return 2
    return sum(t[0] in _QUOTE_MARKS for t in toks[:start]) % 2


def _widen(text: str, core: tuple[int, int]) -> tuple[int, int]:
    """``core`` grown to whole space-separated words, and one more word either side."""
    start, end = core
    for _ in range(2):
        while start > 0 and text[start - 1].isspace():
            start -= 1
        while start > 0 and not text[start - 1].isspace():
            start -= 1
    for _ in range(2):
        while end < len(text) and text[end].isspace():
            end += 1
        while end < len(text) and not text[end].isspace():
            end += 1
    return start, end


_WORD = re.compile(r"\w+(?:[’'.]\w+)*")
#: Words that say nothing of a role ("the", "his"), skipped when reading one.
_FILLER = frozenset("the a an of and his her its their s".split())
#: Words that do not make a role on their own: speech verbs are shared by any two quotes.
_WEAK = frozenset("said says told added according to who was is has had".split())


def role(text: str, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The two words before and after ``text[start:end]`` (a name), fillers skipped:
    ``Japanese Prime Minister [Shinzo Abe] said`` -> (("prime", "minister"), ("said",))."""
    before = [w for w in (fold(m) for m in _WORD.findall(text[:start])) if w not in _FILLER]
    after = [w for w in (fold(m) for m in _WORD.findall(text[end:])) if w not in _FILLER]
    return tuple(before[-2:]), tuple(after[:2])


def same_role(left: tuple[str, ...], right: tuple[str, ...]) -> bool:
    """Two contexts that name one role: the same two words, not all of them weak."""
    return len(left) == 2 and left == right and any(w not in _WEAK and len(w) > 3 for w in left)
