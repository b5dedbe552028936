"""Where the cleaner's removed lines stood in an article's body, to show them in place.

The store keeps the cleaned text and every removed line with its line number in the body, but
not the body itself (blank lines are dropped without a record). The body is recovered by
reading the article's raw bytes again with the same reader; the layout is trusted only when
that reading reproduces the stored article exactly (every removed line at its number, the
kept lines equal to the cleaned text), else there is no exact layout and callers show the
removed lines apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from storyweave.clean import article_id, normalise
from storyweave.ingest import read_bytes
from storyweave.models import Article, RawDocument, Removal
from storyweave.settings import Settings

#: One line of the body as read: its text, and the removal that dropped it (None: kept).
LayoutLine = tuple[str, Removal | None]


def article_layout(article: Article, settings: Settings) -> list[LayoutLine] | None:
    """The body's non-blank lines in order, removed ones marked; None when not exact."""
    if not article.removed:
        return [(line, None) for line in article.text.split("\n") if line.strip()]
    body = _body(article, settings)
    if body is None:
        return None
    return _place(normalise(body).split("\n"), article.removed, article.text)


def _body(article: Article, settings: Settings) -> str | None:
    """The body the reader finds in the raw bytes, when it reads back as this article."""
    for item in read_bytes(article.raw, article.locator, settings):
        if not isinstance(item, RawDocument) or item.format != article.format:
            return None
        return item.body if article_id(item) == article.id else None
    return None


def _place(lines: Sequence[str], removed: Sequence[Removal], text: str) -> list[LayoutLine] | None:
    by_number = {r.index: r for r in removed}
    if any(i >= len(lines) or lines[i] != r.line for i, r in by_number.items()):
        return None
    layout: list[LayoutLine] = [
        (line, by_number.get(number))
        for number, line in enumerate(lines)
        if number in by_number or line.strip()
    ]
    kept = "\n".join(line for line, removal in layout if removal is None)
    return layout if kept == text else None
