"""Small builders for provenance tests."""

from __future__ import annotations

from datetime import datetime

from storyweave.models import Article, Format, Language

BODY = (
    "The ministry announced on Monday that the new bridge over the river will open next "
    "spring after three years of delays caused by flooding, a shortage of steel and a long "
    "dispute between the city council and the building firm over the cost of the work. "
    "Engineers said the final tests of the structure would take place in February and that "
    "traffic would be limited to two lanes during the first weeks of operation."
)


def article(
    ident: str,
    text: str = BODY,
    *,
    source: str | None = None,
    url: str | None = None,
    published: datetime | None = None,
    lang: str = "en",
    title: str | None = None,
) -> Article:
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
