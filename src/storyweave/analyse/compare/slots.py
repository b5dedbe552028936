"""Slots: the places where two versions of one statement say something different.

Two close versions of a fact mostly share their wording; where one replaces a few words of
the other between shared words ("owns [55 percent] of the shares" / "owns [half] of the
shares", "[Macron] said" / "[Barrot] said"), the replaced words fill the same role in both
sentences. Values found in such a slot are values asserted about the same thing, so a
difference there is a difference in the fact, not context placed elsewhere.

A slot is a ``replace`` step of a word-level diff, at most :data:`MAX_SLOT_WORDS` words long
on either side, with shared words on at least one side of it (so it has a role to fill).
Each slot is read grown to whole space-separated words and one more word either side, so a
unit ("percent", "a.m.") or a month that both keep still qualifies the changed figure.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from storyweave.analyse.compare.values import fold

#: A longer replacement is a rewording, not one detail told differently.
MAX_SLOT_WORDS = 6
_TOKEN = re.compile(r"\w+(?:[’'.,]\d+)*|[^\w\s]")


@dataclass(frozen=True)
class Slot:
    """Character ranges in the left and right text: the replaced words (``*_core``) and the
    range their values are read from (``*_read``)."""

    left_core: tuple[int, int]
    right_core: tuple[int, int]
    left_read: tuple[int, int]
    right_read: tuple[int, int]


def _tokens(text: str) -> list[tuple[str, int, int]]:
    return [(fold(m.group()), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _range(toks: list[tuple[str, int, int]], start: int, end: int) -> tuple[int, int]:
    start, end = max(0, start), min(len(toks), end)
    return (toks[start][1], toks[end - 1][2]) if end > start else (0, 0)


def slots(left: str, right: str) -> Iterator[Slot]:
    """Every slot of ``left`` against ``right`` (see the module docstring)."""
    a, b = _tokens(left), _tokens(right)
    matcher = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False)
    steps = matcher.get_opcodes()
    for n, (tag, i1, i2, j1, j2) in enumerate(steps):
        if tag != "replace" or max(i2 - i1, j2 - j1) > MAX_SLOT_WORDS:
            continue
        before = n > 0 and steps[n - 1][0] == "equal"
        after = n + 1 < len(steps) and steps[n + 1][0] == "equal"
        if not (before or after):
            continue
        left_core, right_core = _range(a, i1, i2), _range(b, j1, j2)
        yield Slot(left_core, right_core, _widen(left, left_core), _widen(right, right_core))


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
