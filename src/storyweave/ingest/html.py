"""Read one HTML page: decode it, find the article text and its metadata.

The article text comes from trafilatura, run in two focuses and compared (see
:func:`extract_body`); a small link-density fallback reads pages where both find nothing.
The body is plain text, one paragraph per line. Metadata (title, author, date, site,
canonical URL) comes from the page's own declarations: ``<meta>`` tags, JSON-LD, ``<html lang>``.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
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
_LABEL_ALIASES = {"windows-874": "cp874", "x-sjis": "shift_jis", "x-gbk": "gbk"}
_BROWSER_CODECS = {
    "ascii": "cp1252",
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
    for encoding in dict.fromkeys(enc for enc in order if enc):
        try:
            return _checked(data.decode(encoding), locator)
        except UnicodeDecodeError:
            continue
    as_utf8 = data.decode("utf-8", errors="replace")
    if _mostly_utf8(as_utf8, declared == "utf-8"):
        return _checked(as_utf8, locator)
    best = charset_normalizer.from_bytes(data[:1_000_000]).best()
    guessed = _codec(best.encoding) if best is not None else None
    return _checked(data.decode(guessed or declared or "utf-8", errors="replace"), locator)


def _mostly_utf8(text: str, declared: bool) -> bool:
    """Whether damaged UTF-8 explains ``text`` (decoded with replacement) best.

    Valid multi-byte sequences almost never occur by chance in other encodings: a few of
    them confirm a UTF-8 declaration, and without one they must outnumber the bad bytes.
    """
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return good >= bad or (declared and good > 0)


def _codec(label: str | None) -> str | None:
    """Python codec name for a charset label, with browsers' substitutions; None if unknown."""
    if not label:
        return None
    try:
        label = label.strip().lower()
        name = codecs.lookup(_LABEL_ALIASES.get(label, label)).name
    except LookupError:
        return None
    if name in {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}:
        return "utf-8"  # a page declaring UTF-16 without a BOM is UTF-8 (it parsed as ASCII)
    return _BROWSER_CODECS.get(name, name)


def _declared_codec(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return _codec(match.group(1).decode("ascii")) if match else None


def _looks_binary(data: bytes) -> bool:
    """NUL bytes in more than 1% of the head, and no BOM of a UTF-16/32 text."""
    head = data[:4096]
    return head.count(0) > 0.01 * len(head) and not data.startswith(tuple(b for b, _ in _BOMS))


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
# Dates only from markup and URLs: a date found by searching the prose may be any date.
_DATES = {"original_date": True, "extensive_search": False}
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_LANG = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$", re.I)


def read_metadata(tree: HtmlElement, url: str | None = None) -> PageMetadata:
    """Title, author, canonical URL, site name, publication time and declared language."""
    try:
        found = trafilatura.extract_metadata(deepcopy(tree), default_url=url, date_config=_DATES)
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


_MIN_LIST_ITEMS = 3
_MAX_LIST_LINK_SHARE = 0.7
_EMBEDDED_POST_CLASSES = ("twitter-tweet",)
_CONTAINERS = frozenset({"body", "article", "main"})


def prepare_tree(tree: HtmlElement) -> HtmlElement:
    """A copy of the page ready for extraction: link lists dropped, embedded posts lifted."""
    copy = deepcopy(tree)
    _drop_link_lists(copy)
    _lift_embedded_posts(copy)
    return copy


def _drop_link_lists(tree: HtmlElement) -> None:
    """Remove lists whose text is mostly link labels: menus, tag clouds, related stories.

    Extractors keep such a list when it sits inside the article container; its items are
    headlines of other pages, not part of this one.
    """
    for listing in list(tree.iter("ul", "ol")):
        items = [item for item in listing if item.tag == "li"]
        if len(items) < _MIN_LIST_ITEMS or listing.getparent() is None:
            continue
        weight = sum(_weight(_visible_text(item)) for item in items)
        linked = sum(_weight(_visible_text(a)) for item in items for a in item.iter("a"))
        if weight and linked >= _MAX_LIST_LINK_SHARE * weight:
            listing.drop_tree()


def _lift_embedded_posts(tree: HtmlElement) -> None:
    """Unwrap embedded social posts (the standard ``blockquote.twitter-tweet`` markup).

    Pages wrap them in widgets whose class names ("social", "embed", "tweet") extractors
    prune as share buttons, losing a quoted statement that is part of the story. The
    blockquote replaces the outermost wrapper that holds nothing else.
    """
    for quote in list(tree.iter("blockquote")):
        classes = (quote.get("class") or "").split()
        if not any(name in classes for name in _EMBEDDED_POST_CLASSES):
            continue
        text = collapse_spaces(_visible_text(quote))
        wrapper = quote
        parent = wrapper.getparent()
        while (
            parent is not None
            and parent.getparent() is not None
            and parent.tag not in _CONTAINERS
            and collapse_spaces(_visible_text(parent)) == text
        ):
            wrapper, parent = parent, parent.getparent()
        if wrapper is not quote:
            quote.tail = None
            wrapper.addprevious(quote)
            wrapper.drop_tree()


def _visible_text(element: HtmlElement) -> str:
    """Text of ``element`` without what scripts and styles hold."""
    parts = element.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")
    return "".join(str(part) for part in parts)


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


def extract_body(
    tree: HtmlElement, settings: Settings, locator: str, url: str | None = None
) -> tuple[str, str]:
    """The article text and the versioned name of the method that found it ("" if none).

    The precision pass is preferred: it drops more debris. The recall pass replaces it when
    the precision pass is empty, or (with ``extract_favor_recall``) when it kept less than
    half of the text the recall pass found. The density fallback reads what is left.
    ParseError if every pass failed.
    """
    errors: list[str] = []
    found: dict[str, str] = {}
    tree = prepare_tree(tree)
    for name, focus in ((PRECISION, "precision"), (RECALL, "recall")):
        if name == RECALL and found.get(PRECISION) and not settings.extract_favor_recall:
            break
        try:
            found[name] = _trafilatura_pass(tree, focus, url)
        except Exception as exc:  # third-party extractor on hostile input
            errors.append(f"{focus} extraction failed ({type(exc).__name__})")
    precise, broad = found.get(PRECISION, ""), found.get(RECALL, "")
    if precise and _weight(precise) >= _KEEP_PRECISION_SHARE * _weight(broad):
        return _with_split_parts(tree, precise, "precision", url), PRECISION
    if broad:
        return _with_split_parts(tree, broad, "recall", url), RECALL
    fallback = density_text(tree)
    if fallback:
        return fallback, DENSITY
    if errors:
        raise ParseError(locator, "; ".join(errors))
    return "", ""


_MIN_PART_PARAGRAPHS = 2
_MIN_PARAGRAPH_WEIGHT = 40
_MAX_COUSIN_DISTANCE = 3  # parts of one article share an ancestor at most this far up


def _with_split_parts(tree: HtmlElement, body: str, focus: str, url: str | None) -> str:
    """``body`` completed with the other parts of an article split across containers.

    Layouts that interleave ads or widgets cut the article into several containers of one
    kind (same tag and class); an extractor keeps the first. When the paragraphs found sit
    in such a container and its twins hold paragraphs not found, the twins are merged into
    it and the pass re-run: the result replaces ``body`` only if it kept all of it and grew.
    """
    merged = _merge_twin_containers(tree, set(body.splitlines()))
    if merged is None:
        return body
    try:
        longer = _trafilatura_pass(merged, focus, url)
    except Exception:  # the first pass succeeded; keep its result
        return body
    if _weight(longer) > _weight(body) and set(body.splitlines()) <= set(longer.splitlines()):
        return longer
    return body


def _merge_twin_containers(tree: HtmlElement, lines: set[str]) -> HtmlElement | None:
    """A copy of ``tree`` with the twins of the body's container moved into it, or None."""
    holders: Counter[HtmlElement] = Counter()
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is not None and collapse_spaces(paragraph.text_content()) in lines:
            holders[parent] += 1
    if not holders:
        return None
    main, count = holders.most_common(1)[0]
    signature = main.get("class")
    if count < _MIN_PART_PARAGRAPHS or not signature:
        return None
    twins = [
        element
        for element in tree.iter(main.tag)
        if element.get("class") == signature
        and _cousins(element, main)
        and _unseen_paragraphs(element, lines) >= _MIN_PART_PARAGRAPHS
    ]
    if not twins:
        return None
    copy = deepcopy(tree)
    document = tree.getroottree()
    target = copy.xpath(document.getpath(main))[0]
    for twin in [copy.xpath(document.getpath(t))[0] for t in twins]:
        target.extend(list(twin))
        twin.drop_tree()
    return copy


def _cousins(a: HtmlElement, b: HtmlElement) -> bool:
    """Distinct elements at one depth whose common ancestor is at most a few levels up."""
    up_a, up_b = list(a.iterancestors()), list(b.iterancestors())
    if a is b or len(up_a) != len(up_b):
        return False
    return any(x is y for x, y in zip(up_a[:_MAX_COUSIN_DISTANCE], up_b, strict=False))


def _unseen_paragraphs(element: HtmlElement, lines: set[str]) -> int:
    texts = (collapse_spaces(p.text_content()) for p in element.iter("p"))
    return sum(1 for t in texts if t not in lines and _weight(t) >= _MIN_PARAGRAPH_WEIGHT)


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
    if _looks_binary(data):
        raise UnsupportedInput(locator, "binary data, not HTML")
    tree = parse_html(decode_html(data, locator), locator)
    meta = read_metadata(tree, url)
    body, method = extract_body(tree, settings, locator, meta.url)
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
