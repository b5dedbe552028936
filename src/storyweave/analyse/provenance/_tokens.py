"""Sentences and word tokens with their character offsets (attribution needs the offsets)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ0-9])")
_TOKEN = re.compile(r"\w(?:[\w’'.&-]*\w)?|[^\w\s]", re.UNICODE)
#: Words whose trailing full stop does not end a sentence ("Mr. Trump", "U.S. officials").
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc ltd co corp vs etc no u.s u.k "
    "e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec adm capt cmdr maj gen rev".split()
)


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark and where it sits in the text."""

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence; a line break always ends one."""
    spans: list[tuple[int, int]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        lead = len(body) - len(body.lstrip())
        start = lead
        for match in _SENTENCE_END.finditer(body):
            before = body[start : match.start()].rstrip('"”’»)]')
            last = before.rsplit(None, 1)[-1].rstrip(".!?").lower() if before.strip() else ""
            if last in ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
                continue
            _add_span(spans, position + start, position + match.start(), text)
            start = match.end()
        _add_span(spans, position + start, position + len(body), text)
        position += len(line)
    return spans


def _add_span(spans: list[tuple[int, int]], start: int, end: int, text: str) -> None:
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def tokenise(text: str, offset: int = 0) -> list[Token]:
    """Word and punctuation tokens of ``text``, offsets shifted by ``offset``."""
    return [Token(m.group(0), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]
