"""WARC and ARC web archives (warcio): every HTML response record becomes an article.

The archive is streamed, never loaded whole, so multi-gigabyte crawls work; each record is
limited to ``max_input_bytes``. A damaged record or a truncated archive yields a Failure and
the records before it are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import replace
from typing import IO

from warcio.exceptions import ArchiveLoadFailed

from storyweave.errors import InputError
from storyweave.ingest._dates import parse_date
from storyweave.ingest.html import extract_html
from storyweave.models import Failure, RawDocument
from storyweave.settings import Settings

_HTML_TYPES = ("text/html", "application/xhtml+xml")
# What warcio raises on damaged archives: its own error, and plain ones from deep inside its
# header and decompression code when bytes are corrupt.
_DAMAGED = (
    ArchiveLoadFailed, ValueError, EOFError, OSError, zlib.error, AttributeError, KeyError,
    IndexError,
)  # fmt: skip


def _content_type(record: object) -> str:
    http_headers = getattr(record, "http_headers", None)
    if http_headers is not None:
        value = http_headers.get_header("Content-Type") or ""
    else:
        value = record.rec_headers.get_header("Content-Type") or ""  # type: ignore[attr-defined]
    return str(value).split(";")[0].strip().lower()


def read_warc(
    stream: IO[bytes], locator: str, settings: Settings
) -> Iterator[RawDocument | Failure]:
    """Articles from the HTML response (or resource) records of a WARC/ARC stream."""
    from warcio.archiveiterator import ArchiveIterator

    number = 0
    try:
        for record in ArchiveIterator(stream, arc2warc=True):
            number += 1
            if record.rec_type not in ("response", "resource"):
                continue
            if record.http_headers is not None and record.http_headers.get_statuscode() != "200":
                continue
            if _content_type(record) not in _HTML_TYPES:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            where = f"{locator}#record-{number}"
            payload = record.content_stream().read(settings.max_input_bytes + 1)
            if len(payload) > settings.max_input_bytes:
                yield Failure(where, f"record larger than {settings.max_input_bytes} bytes")
                continue
            missing = getattr(record.raw_stream, "limit", 0)
            if missing:
                yield Failure(where, f"record is truncated ({missing} bytes missing)")
                continue
            try:
                doc = extract_html(payload, where, settings, url=uri)
            except InputError as exc:
                yield Failure(where, exc.reason)
                continue
            fetched = parse_date(record.rec_headers.get_header("WARC-Date") or "")
            extra = dict(doc.extra)
            if fetched:
                extra["fetched"] = fetched.isoformat()
            yield replace(doc, extra=extra)
    except _DAMAGED as exc:
        yield Failure(locator, f"archive is damaged or truncated after record {number}: {exc}")
