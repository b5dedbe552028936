"""Decide an input's format from its first bytes (content, not file name)."""

from __future__ import annotations

import json
import re

from storyweave.errors import UnsupportedInput
from storyweave.ingest._decode import decode_bytes
from storyweave.models import Format

SNIFF_BYTES = 65536
_FEED_ROOT = re.compile(r"<(?:[\w-]+:)?(rss|feed|rdf)\b", re.I)
_HTML_ROOT = re.compile(r"<(!doctype\s+html|html|head|body)\b", re.I)
_HTML_TAG = re.compile(r"</?(p|div|article|section|br|span|a|h[1-6]|ul|li|table|img)\b[^>]*>", re.I)
_MIN_TAGS_FOR_FRAGMENT = 3


def _first_line_is_json_object(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].strip()
    if not first.startswith("{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except json.JSONDecodeError:
        # A first line cut by the sniff window is still JSONL if it looks like an object.
        return len(first) >= SNIFF_BYTES // 2 and first.startswith('{"')


def sniff(head: bytes, locator: str) -> Format:
    """The format of an input from its first bytes; raises UnsupportedInput for binary data.

    WARC/ARC by their record headers; JSONL when the first line is a JSON object; a feed when
    the root element is ``rss``/``feed``/``rdf:RDF``; HTML by its root or by several block
    tags; anything else that decodes as text is a plain-text article.
    """
    if head.startswith(b"WARC/") or head.startswith(b"filedesc://"):
        return Format.WARC
    text, _ = decode_bytes(head, locator)
    stripped = text.lstrip("\ufeff \t\r\n")
    if _first_line_is_json_object(stripped):
        return Format.JSONL
    if stripped.startswith("<"):
        prolog = re.sub(r"<\?xml[^>]*>|<!--.*?-->|<!DOCTYPE\s+(?!html)[^>]*>", "", stripped[:4096],
                        flags=re.S | re.I).lstrip()  # fmt: skip
        feed = _FEED_ROOT.match(prolog)
        if feed:
            return Format.FEED
        if _HTML_ROOT.match(prolog) or _HTML_TAG.match(prolog):
            return Format.HTML
        if prolog.startswith("<") and not _HTML_TAG.search(prolog):
            raise UnsupportedInput(locator, "XML that is neither a feed nor HTML")
    if _HTML_ROOT.search(stripped[:4096]) or len(_HTML_TAG.findall(stripped[:20000])) >= (
        _MIN_TAGS_FOR_FRAGMENT
    ):
        return Format.HTML
    return Format.TEXT
