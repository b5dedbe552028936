"""The story in time order: each article with the facts no earlier article had reported.

Articles are ordered by publication time; undated ones keep their place in the story's order
after the dated ones before them, and ties keep the story's order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from storyweave.models import Article, Fact, TimelineEntry


def _when(article: Article) -> datetime | None:
    moment = article.published
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment


def in_time_order(articles: Sequence[Article]) -> list[Article]:
    """Publication order; an undated article stays after the dated one before it."""
    keyed: list[tuple[datetime, int, Article]] = []
    carried = min((w for a in articles if (w := _when(a)) is not None), default=None)
    for position, article in enumerate(articles):
        carried = _when(article) or carried
        keyed.append((carried or datetime.min.replace(tzinfo=UTC), position, article))
    keyed.sort(key=lambda row: (row[0], row[1]))
    return [article for _, _, article in keyed]


def timeline(articles: Sequence[Article], facts: Sequence[Fact]) -> list[TimelineEntry]:
    """One entry per article, in time order, listing the ids of the facts it was first with."""
    ordered = in_time_order(articles)
    rank = {a.id: n for n, a in enumerate(ordered)}
    first: dict[str, list[str]] = {a.id: [] for a in ordered}
    for fact in facts:
        earliest = min(fact.articles, key=lambda a: rank[a])
        first[earliest].append(fact.id)
    return [TimelineEntry(a.id, a.published, a.source, tuple(first[a.id])) for a in ordered]
