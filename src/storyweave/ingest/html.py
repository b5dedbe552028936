"""Read one HTML page: decode it, find the article text and its metadata.

The article text comes from trafilatura, run in two focuses and compared (see
:func:`extract_body`); a small link-density fallback reads pages where both find nothing.
The body is plain text, one paragraph per line. Metadata (title, author, date, site,
canonical URL) comes from the page's own declarations: ``<meta>`` tags, JSON-LD, ``<html lang>``.
"""

from __future__ import annotations

import codecs
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import charset_normalizer
import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement

from storyweave.errors import DecodeError, EmptyInput, ParseError, TooLarge, UnsupportedInput
from storyweave.models import Format, RawDocument
from storyweave.settings import Settings
from storyweave.text import collapse_spaces

__all__ = ["decode_html", "extract_html"]

# Versioned names of the ways a body can be obtained, recorded in ``RawDocument.extra``.
PRECISION = "trafilatura-precision.v1"
RECALL = "trafilatura-recall.v1"
DENSITY = "link-density.v1"

# The precision pass is kept unless it holds less than this share of the recall pass's text:
# then its stricter rules misfired on the page's layout rather than trimmed debris.
_KEEP_PRECISION_SHARE = 0.5

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.I
)
# Labels that browsers map to another codec (WHATWG Encoding Standard).
_BROWSER_CODECS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
    "tis-620": "cp874",
}
_MAX_BAD_SHARE = 0.05


def decode_html(data: bytes, locator: str) -> str:
    """Decode HTML bytes: BOM, then UTF-8 or ``<meta charset>``, then a statistical guess.

    Non-ASCII bytes that are valid UTF-8 are UTF-8 whatever the page declares (pages often
    keep a stale declaration; other encodings are almost never valid UTF-8 by accident). A
    declared charset is trusted only if the bytes decode under it; bytes no codec explains
    are replaced (U+FFFD). Raises DecodeError when the result is mostly not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), locator)
    declared = _declared_codec(data)
    order = (declared, "utf-8") if data.isascii() else ("utf-8", declared)
    candidates = [enc for enc in order if enc]
    for encoding in candidates:
        try:
            return _checked(data.decode(encoding), locator)
        except UnicodeDecodeError:
            continue
    best = charset_normalizer.from_bytes(data[:1_000_000]).best()
    guessed = _codec(best.encoding) if best is not None else None
    return _checked(data.decode(guessed or candidates[0], errors="replace"), locator)


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, with browsers' substitutions; None if unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    if name in {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}:
        return "utf-8"  # a page declaring UTF-16 without a BOM is UTF-8 (it parsed as ASCII)
    return _BROWSER_CODECS.get(name, name)


def _declared_codec(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return _codec(match.group(1).decode("ascii")) if match else None


def _checked(text: str, locator: str) -> str:
    if not text.strip():
        raise EmptyInput(locator, "the page is empty")
    sample = text[:100_000]
    bad = sum(1 for ch in sample if ch == "\ufffd" or (ch < " " and ch not in "\t\n\r\f"))
    if bad > _MAX_BAD_SHARE * len(sample):
        raise DecodeError(locator, "the bytes are not text in any plausible encoding")
    return text


def parse_html(text: str, locator: str) -> HtmlElement:
    """Parse decoded HTML leniently (as browsers do); ParseError only if nothing is left."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml.html.fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise ParseError(locator, f"malformed HTML: {exc}") from None
    if not isinstance(root, HtmlElement):
        raise ParseError(locator, "malformed HTML: no element tree")
    return root


# --- metadata ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageMetadata:
    """What the page declares about itself."""

    title: str | None = None
    author: str | None = None
    url: str | None = None
    source: str | None = None
    published: datetime | None = None
    language: str | None = None
    description: str | None = None


_DATE_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "article:published",
    "publishdate",
    "publish-date",
    "pubdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "parsely-pub-date",
    "sailthru.date",
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$", re.I)


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, author, canonical URL, site name, publication time and declared language."""
    try:
        found = trafilatura.extract_metadata(deepcopy(tree), default_url=url)
    except Exception:  # third-party code on hostile input: metadata is optional
        found = None
    page_url = _http_url(url) or _http_url(getattr(found, "url", None))
    source = _text(getattr(found, "sitename", None)) or _text(getattr(found, "hostname", None))
    return PageMetadata(
        title=_text(getattr(found, "title", None)),
        author=_text(getattr(found, "author", None)),
        url=page_url,
        source=source,
        published=_published(tree, getattr(found, "date", None)),
        language=_declared_language(tree),
        description=_text(getattr(found, "description", None)),
    )


def _text(value: Any) -> str | None:
    return collapse_spaces(value) or None if isinstance(value, str) else None


def _http_url(value: Any) -> str | None:
    """An absolute http(s) URL, or None: a page may declare anything as its canonical URL."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in {"http", "https"} and parts.netloc else None


def _published(tree: HtmlElement, fallback: Any) -> datetime | None:
    """The declared publication time: meta tags, then JSON-LD, then trafilatura's guess."""
    declared: dict[str, str] = {}
    for element in tree.iter("meta", "time", "span", "div", "abbr"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).lower()
        value = element.get("content") or element.get("datetime")
        if key in _DATE_KEYS and value and key not in declared:
            declared[key] = value
    values = [declared[key] for key in _DATE_KEYS if key in declared]
    for script in tree.iter("script"):
        if "ld+json" in (script.get("type") or "") and script.text:
            values.extend(_JSONLD_DATE.findall(script.text))
    if isinstance(fallback, str):
        values.append(fallback)
    for value in values:
        parsed = parse_timestamp(value)
        if parsed is not None:
            return parsed
    return None


def parse_timestamp(value: str) -> datetime | None:
    """ISO 8601 or RFC 2822 time as an aware datetime; no offset given means UTC."""
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if not 1900 <= parsed.year <= 2200:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _declared_language(tree: HtmlElement) -> str | None:
    """Primary subtag of ``<html lang>`` (or a content-language meta tag), lower-cased."""
    candidates = [tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang")]
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language":
            candidates.append(meta.get("content"))
    for value in candidates:
        match = _LANG.match((value or "").strip().split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None


# --- body ----------------------------------------------------------------------------------


def _trafilatura_pass(tree: HtmlElement, focus: str, url: str | None) -> str:
    """Main text by trafilatura in one focus ("precision" or "recall"), "" if none."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        favor_precision=focus == "precision",
        favor_recall=focus == "recall",
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        with_metadata=False,
    )
    text = getattr(document, "text", None)
    return tidy(text) if isinstance(text, str) else ""


def tidy(text: str) -> str:
    """One paragraph per line: spaces folded, blank lines dropped."""
    lines = (collapse_spaces(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _weight(text: str) -> int:
    return sum(1 for ch in text if ch.isalnum())


def extract_body(tree: HtmlElement, settings: Settings, url: str | None = None) -> tuple[str, str]:
    """The article text and the versioned name of the method that found it ("" if none).

    The precision pass is preferred: it drops more debris. The recall pass replaces it when
    the precision pass is empty, or (with ``extract_favor_recall``) when it kept less than
    half of the text the recall pass found. The density fallback reads what is left.
    """
    errors: list[str] = []
    found: dict[str, str] = {}
    for name, focus in ((PRECISION, "precision"), (RECALL, "recall")):
        if name == RECALL and found.get(PRECISION) and not settings.extract_favor_recall:
            break
        try:
            found[name] = _trafilatura_pass(tree, focus, url)
        except Exception as exc:  # third-party extractor on hostile input
            errors.append(f"{focus} extraction failed ({type(exc).__name__})")
    precise, broad = found.get(PRECISION, ""), found.get(RECALL, "")
    if precise and _weight(precise) >= _KEEP_PRECISION_SHARE * _weight(broad):
        return precise, PRECISION
    if broad:
        return broad, RECALL
    fallback = density_text(tree)
    if fallback:
        return fallback, DENSITY
    if errors:
        raise ParseError("", "; ".join(errors))
    return "", ""


_BLOCKS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd", "td"}
)
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
     "button", "select", "svg", "iframe"}
)  # fmt: skip
_MIN_BLOCK_WEIGHT = 60
_MAX_LINK_DENSITY = 0.5


def density_text(tree: HtmlElement) -> str:
    """Fallback: text blocks long enough and not mostly links, in document order."""
    kept: list[str] = []
    for element in tree.iter(*_BLOCKS):
        if any(
            ancestor.tag in _SKIP or ancestor.tag in _BLOCKS for ancestor in element.iterancestors()
        ):
            continue
        text = collapse_spaces(element.text_content())
        weight = _weight(text)
        if weight < _MIN_BLOCK_WEIGHT:
            continue
        linked = sum(_weight(a.text_content()) for a in element.iter("a"))
        if linked <= _MAX_LINK_DENSITY * weight:
            kept.append(text)
    return "\n".join(kept)


# --- entry point ---------------------------------------------------------------------------


def extract_html(
    data: bytes, locator: str, settings: Settings, url: str | None = None
) -> RawDocument:
    """Read one HTML page into a RawDocument (``raw`` is ``data`` verbatim).

    Raises TooLarge, EmptyInput (no article text), DecodeError or ParseError, all naming
    ``locator``. ``url``, when given, wins over the canonical URL the page declares.
    """
    if len(data) > settings.max_input_bytes:
        raise TooLarge(
            locator, f"{len(data)} bytes is over the limit of {settings.max_input_bytes}"
        )
    if b"\x00" in data[:4096] and not data.startswith(tuple(bom for bom, _ in _BOMS)):
        raise UnsupportedInput(locator, "binary data, not HTML")
    tree = parse_html(decode_html(data, locator), locator)
    meta = read_metadata(tree, url)
    try:
        body, method = extract_body(tree, settings, meta.url)
    except ParseError as exc:
        raise ParseError(locator, exc.reason) from None
    if not body:
        raise EmptyInput(locator, "no article text found in HTML")
    extra = {"extractor": method}
    if meta.description:
        extra["description"] = meta.description
    return RawDocument(
        locator=locator,
        format=Format.HTML,
        raw=data,
        body=body,
        title=meta.title,
        url=meta.url,
        source=meta.source,
        author=meta.author,
        published=meta.published,
        language=meta.language,
        extra=extra,
    )
