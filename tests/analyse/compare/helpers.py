"""Articles for the comparison tests, built in memory."""

from __future__ import annotations

from datetime import UTC, datetime

from storyweave.models import Article, Format, Language


def article(
    article_id: str,
    text: str,
    *,
    language: str = "en",
    source: str | None = None,
    title: str | None = None,
    day: int | None = None,
) -> Article:
    return Article(
        id=article_id,
        locator=f"{article_id}.txt",
        format=Format.TEXT,
        raw=text.encode(),
        text=text,
        title=title,
        source=source,
        published=datetime(2024, 11, day, tzinfo=UTC) if day else None,
        language=Language(language, 1.0, "declared"),
    )
