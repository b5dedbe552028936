"""Articles built in memory for the analysis stages' tests."""

from __future__ import annotations

from datetime import datetime

from storyweave.models import Article, Format, Language


def article(
    ident: str,
    text: str,
    *,
    source: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
    lang: str = "en",
    title: str | None = None,
) -> Article:
    """A cleaned text article as ingest would store it (the text is its own raw bytes)."""
    return Article(
        id=ident,
        locator=f"{ident}.txt",
        format=Format.TEXT,
        raw=text.encode(),
        text=text,
        title=title,
        url=url,
        source=source,
        published=published,
        language=Language(lang, 1.0, "declared"),
    )
