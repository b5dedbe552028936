"""Articles for the comparison tests, built in memory."""

from __future__ import annotations

from datetime import UTC, datetime

from storyweave.models import Article
from tests.analyse.articles import article as make_article


def article(
    article_id: str,
    text: str,
    *,
    language: str = "en",
    source: str | None = None,
    title: str | None = None,
    day: int | None = None,
) -> Article:
    """An article published on ``day`` of November 2024 (undated without one)."""
    published = datetime(2024, 11, day, tzinfo=UTC) if day else None
    return make_article(
        article_id, text, source=source, title=title, published=published, lang=language
    )
