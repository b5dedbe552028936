"""JSON Lines in the shared corpus schema: one article object a line.

``{"id", "dataset", "cluster", "lang", "title", "text", "date", "source", "url", "extra"}``;
only ``text`` is required (it may be empty when ``title`` is not: a headline-only
item). ``cluster`` and ``dataset`` (gold labels of evaluation corpora) and
any unknown field are kept in the article's ``extra`` — nothing is dropped. Each line is read
on its own: a bad line is reported with its number and the rest of the file goes on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from storyweave.ingest._dates import parse_date
from storyweave.models import Failure, Format, RawDocument

_STRING_FIELDS = ("title", "lang", "source", "url", "date", "author")
_KNOWN = {"id", "text", "extra", *_STRING_FIELDS}


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"field {key!r} must be a string or null, got {type(value).__name__}")
    return value.strip() or None


def _document(record: dict[str, Any], raw: bytes, locator: str) -> RawDocument:
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("field 'text' is required and must be a string")
    identifier = record.get("id")
    if identifier is not None and not isinstance(identifier, str | int):
        raise ValueError("field 'id' must be a string or an integer")
    fields = {key: _optional_str(record, key) for key in _STRING_FIELDS}
    if not text.strip() and not fields["title"]:
        raise ValueError("both 'text' and 'title' are empty: nothing to read")
    published = None
    if fields["date"]:
        published = parse_date(fields["date"])
        if published is None:
            raise ValueError(f"field 'date' is not a date: {fields['date']!r}")
    extra = record.get("extra") or {}
    if not isinstance(extra, dict):
        raise ValueError("field 'extra' must be an object")
    extra = {**{k: v for k, v in record.items() if k not in _KNOWN}, **extra}
    return RawDocument(
        locator=locator,
        format=Format.JSONL,
        raw=raw,
        body=text,
        title=fields["title"],
        url=fields["url"],
        source=fields["source"],
        author=fields["author"],
        published=published,
        language=fields["lang"],
        external_id=str(identifier) if identifier is not None and str(identifier) else None,
        extra=extra,
    )


def read_jsonl(lines: Iterable[bytes], locator: str) -> Iterator[RawDocument | Failure]:
    """Stream articles from JSONL ``lines``; a bad line yields a Failure naming ``file:line``."""
    for number, raw_line in enumerate(lines, start=1):
        raw = raw_line.rstrip(b"\r\n")
        if not raw.strip():
            continue
        where = f"{locator}:{number}"
        try:
            record = json.loads(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            yield Failure(where, "line is not valid UTF-8")
            continue
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield Failure(where, f"expected a JSON object, got {type(record).__name__}")
            continue
        try:
            yield _document(record, raw, where)
        except ValueError as exc:
            yield Failure(where, str(exc))
