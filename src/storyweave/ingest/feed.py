"""RSS 0.9x/1.0/2.0 and Atom feeds, parsed by feedparser.

Each entry becomes one article. Entries that carry full content (``content:encoded``, Atom
``content``) keep it; entries with only a summary are kept as such and flagged
``summary_only``. A feed broken part-way still yields the entries read before the break, plus
a Failure that says where it broke.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from storyweave.errors import EmptyInput, ParseError
from storyweave.models import Failure, Format, RawDocument

_ENTRY_XML = re.compile(rb"<(?:[\w-]+:)?(item|entry)[\s>].*?</(?:[\w-]+:)?\1\s*>", re.S | re.I)
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# feedparser's warnings that do not mean any content was lost.
_BENIGN = {"CharacterEncodingOverride", "NonXMLContentType"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "tr", "table", "section", "article", "figure", "figcaption", "hr",
}  # fmt: skip


def fragment_text(html: str) -> str:
    """Plain text of an HTML fragment, one block (paragraph, list item, heading) a line."""
    import lxml.html
    from lxml import etree

    html = _XML_UNSAFE.sub("", html)
    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", html).strip()
    for element in root.iter("script", "style", "noscript", "iframe"):
        element.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() == "br":
                continue
            element.text = "\n" + (element.text or "")
    text: str = root.text_content()
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    return None


def _body(entry: Any) -> tuple[str, bool]:
    contents = [c for c in entry.get("content") or [] if c.get("value", "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return fragment_text(best["value"]), False
    return fragment_text(entry.get("summary", "") or ""), True


def _entry_raw(entry: Any, slices: list[bytes], index: int) -> bytes:
    if index < len(slices):
        return slices[index]
    # No verbatim slice (exotic markup): keep the parsed entry itself, losslessly serialised.
    return json.dumps(entry, default=str, sort_keys=True, ensure_ascii=False).encode("utf-8")


def read_feed(data: bytes, locator: str) -> Iterator[RawDocument | Failure]:
    """Articles from an RSS or Atom feed given as bytes."""
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries") or []
    if parsed.get("bozo") and not entries:
        reason = parsed.get("bozo_exception")
        raise ParseError(locator, f"malformed feed: {reason}")
    if not entries:
        raise EmptyInput(locator, "feed has no entries")
    slices = [m.group(0) for m in _ENTRY_XML.finditer(data)]
    if len(slices) != len(entries):
        slices = []
    feed = parsed.get("feed", {})
    for index, entry in enumerate(entries):
        where = f"{locator}#entry-{index + 1}"
        body, summary_only = _body(entry)
        if not body:
            yield Failure(where, "feed entry has neither content nor summary")
            continue
        yield RawDocument(
            locator=where,
            format=Format.FEED,
            raw=_entry_raw(entry, slices, index),
            body=body,
            title=entry.get("title") or None,
            url=entry.get("link") or None,
            source=feed.get("title") or None,
            author=entry.get("author") or None,
            published=_when(entry),
            language=entry.get("language") or feed.get("language") or None,
            summary_only=summary_only,
            extra={"guid": entry["id"]} if entry.get("id") else {},
        )
    reason = parsed.get("bozo_exception")
    if parsed.get("bozo") and type(reason).__name__ not in _BENIGN:
        yield Failure(locator, f"feed is malformed after {len(entries)} entries: {reason}")
