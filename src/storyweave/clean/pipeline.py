"""Compose the cleaning steps and record every line they remove."""

from __future__ import annotations

from collections.abc import Sequence

from storyweave.clean.dateline import datelines
from storyweave.clean.steps import (
    LINE_FILTERS,
    NORMALISERS,
    LineFilter,
    collapse_blank_lines,
    repeated_headline,
)
from storyweave.models import Cleaned, Removal


def normalise(text: str) -> str:
    """Apply every normaliser (unicode, quotes, spaces); keeps the line structure."""
    for step in NORMALISERS:
        text = step(text)
    return text


def clean(
    body: str, title: str | None = None, filters: Sequence[LineFilter] = LINE_FILTERS
) -> Cleaned:
    """Normalise ``body`` and drop debris lines, recording each with its reason.

    ``Removal.index`` is the line's 0-based number in ``body`` after line-break normalisation
    (CRLF/CR -> LF), so a reader can point at it in the original. Blank lines are dropped
    without being recorded: they carry nothing.
    """
    lines = normalise(body).split("\n")
    numbers = list(range(len(lines)))
    removed: list[Removal] = []
    for line_filter in (repeated_headline(normalise(title or "")), datelines, *filters):
        kept_lines: list[str] = []
        kept_numbers: list[int] = []
        for line, number, drop in zip(lines, numbers, line_filter.drops(lines), strict=True):
            if drop:
                removed.append(Removal(line=line, reason=line_filter.reason, index=number))
            else:
                kept_lines.append(line)
                kept_numbers.append(number)
        lines, numbers = kept_lines, kept_numbers
    removed.sort(key=lambda r: r.index)
    return Cleaned(text=collapse_blank_lines("\n".join(lines)), removed=tuple(removed))
