"""Turn a reader's RawDocument into a stored-ready Article: clean, detect language, name it."""

from __future__ import annotations

from datetime import UTC

from storyweave.clean.dateline import parse_dateline
from storyweave.clean.language import detect_language
from storyweave.clean.pipeline import clean, normalise
from storyweave.errors import EmptyInput
from storyweave.models import Article, RawDocument
from storyweave.settings import Settings
from storyweave.text import content_hash


def article_id(doc: RawDocument) -> str:
    """The stable id: the input's own id when it has one, else a digest of format + raw bytes.

    Raw bytes, not cleaned text, so that re-ingesting the same input yields the same id even
    after the cleaner improves.
    """
    return doc.external_id or content_hash(doc.format.value, doc.raw)


def _single_line(value: str | None) -> str | None:
    if value is None:
        return None
    folded = " ".join(normalise(value).split())
    return folded or None


def to_article(doc: RawDocument, settings: Settings) -> Article:
    """Clean ``doc`` into an :class:`Article`; raises EmptyInput when too little text is left."""
    title = _single_line(doc.title)
    cleaned = clean(doc.body, title)
    size = len(title or "") + len(cleaned.text)
    if size < settings.min_text_chars:
        raise EmptyInput(
            doc.locator,
            f"only {size} characters of title and text after cleaning "
            f"(min_text_chars is {settings.min_text_chars})",
        )
    published = doc.published
    extra = dict(doc.extra)
    if published is None:
        published = next(
            (parse_dateline(r.line) for r in cleaned.removed if r.reason == "dateline"), None
        )
        if published is not None:
            extra["published_from"] = "dateline"
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    language = detect_language(
        "\n".join(part for part in (title, cleaned.text) if part),
        doc.language,
        min_confidence=settings.language_min_confidence,
        sample_chars=settings.language_sample_chars,
    )
    return Article(
        id=article_id(doc),
        locator=doc.locator,
        format=doc.format,
        raw=doc.raw,
        text=cleaned.text,
        title=title,
        url=_single_line(doc.url),
        source=_single_line(doc.source),
        author=_single_line(doc.author),
        published=published,
        language=language,
        summary_only=doc.summary_only,
        removed=cleaned.removed,
        extra=extra,
    )
