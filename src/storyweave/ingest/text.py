"""Plain-text articles as scrapers deliver them: headline on the first line, body after.

An optional metadata header may come first, between two ``---`` lines, one ``key: value`` a
line (keys are case-insensitive)::

    ---
    title: Discussions on sending troops to Ukraine resume in Europe
    url: https://example.org/news/123
    source: Example News
    published: 2024-11-20T09:30:00+01:00
    language: en
    author: Jane Doe
    id: my-own-id-123
    ---
    Headline (used only when no ``title`` is given above)
    First paragraph ...

Unknown keys are kept in the article's ``extra``. A bad ``published`` value is an error that
names the file, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Iterator

from storyweave.errors import EmptyInput, ParseError
from storyweave.ingest._dates import parse_date
from storyweave.ingest._decode import decode_bytes
from storyweave.models import Failure, Format, RawDocument

HEADER_FENCE = "---"
_KNOWN = {"title", "url", "source", "published", "date", "language", "lang", "author", "id"}
_MAX_HEADER_LINES = 50


def _split_header(text: str, locator: str) -> tuple[dict[str, str], str]:
    stripped = text.lstrip("\ufeff")
    lines = stripped.split("\n")
    if not lines or lines[0].strip() != HEADER_FENCE:
        return {}, text
    header: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == HEADER_FENCE:
            return header, "\n".join(lines[number:])
        if number > _MAX_HEADER_LINES:
            break
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            raise ParseError(locator, f"metadata header line {number} is not 'key: value'")
        header[key.strip().lower()] = value.strip()
    raise ParseError(locator, "metadata header opened with '---' is never closed")


def read_text(data: bytes, locator: str) -> Iterator[RawDocument | Failure]:
    """One RawDocument from a plain-text file (see the module docstring for the format)."""
    text, encoding = decode_bytes(data, locator)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    header, rest = _split_header(text, locator)
    title = header.get("title") or None
    body = rest.strip("\n")
    if title is None:
        first, _, body = rest.lstrip().partition("\n")
        title = first.strip() or None
    if not (title or body.strip()):
        raise EmptyInput(locator, "empty text file")
    published = None
    raw_date = header.get("published") or header.get("date")
    if raw_date:
        published = parse_date(raw_date)
        if published is None:
            raise ParseError(locator, f"metadata 'published' is not a date: {raw_date!r}")
    extra: dict[str, str] = {k: v for k, v in header.items() if k not in _KNOWN}
    if encoding != "utf-8":
        extra["encoding"] = encoding
    yield RawDocument(
        locator=locator,
        format=Format.TEXT,
        raw=data,
        body=body,
        title=title,
        url=header.get("url") or None,
        source=header.get("source") or None,
        author=header.get("author") or None,
        published=published,
        language=header.get("language") or header.get("lang") or None,
        external_id=header.get("id") or None,
        extra=extra,
    )
