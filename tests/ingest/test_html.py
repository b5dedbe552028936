"""The HTML reader: article text, metadata, encodings, damaged input, and a quality floor.

Fixtures in tests/data/html are small hand-written pages; the floor runs the ScrapingHub
extraction benchmark (bench/extraction.py) when the shared corpus sits beside the repo.
"""

from __future__ import annotations

import importlib
import sys
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from storyweave.errors import (
    DecodeError,
    EmptyInput,
    InputError,
    ParseError,
    TooLarge,
    UnsupportedInput,
)
from storyweave.ingest import html
from storyweave.ingest.html import (
    DENSITY,
    PRECISION,
    RECALL,
    decode_html,
    density_text,
    extract_html,
    parse_html,
    parse_timestamp,
)
from storyweave.models import Format, RawDocument
from storyweave.settings import Settings

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "data" / "html"
BENCHMARK = REPO.parent / "shared" / "data" / "extraction-scrapinghub"
# Measured 0.9763 (P 0.9682, R 0.9845) with storyweave.clean; the floor may only go up.
F1_FLOOR = 0.971

SETTINGS = Settings(db=":memory:")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def read(name: str, url: str | None = None) -> RawDocument:
    return extract_html(fixture(name), name, SETTINGS, url=url)


def page(body: str, head: str = "", lang: str = "en") -> bytes:
    paragraphs = "".join(
        f"<p>{sentence} The report was published by the regional office this week.</p>"
        for sentence in body.split("|")
    )
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'>{head}</head>"
        f"<body><article>{paragraphs}</article></body></html>"
    ).encode()


# --- article text --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, must_contain, must_not_contain",
    [
        (
            "article.html",
            ["forty million euros", "heavier lorries", "ferry service would continue",
             "ring road"],
            ["Share on Facebook", "cookies", "Ferry timetable changes", "Storm damages",
             "Copyright 2024", "About us", "Weather"],
        ),
        (
            "split_body.html",
            ["night trains through the valley", "sold out within two days",
             "Environmental groups welcomed", "new sleeping cars"],
            ["Advertisement"],
        ),
        (
            "tweet.html",
            ["mutual agreement", "five unforgettable seasons", "interim coach"],
            ["widgets.js"],
        ),
        (
            "truncated.html",
            ["flood warning for the river towns", "emergency grants", "check the foundations"],
            ["<a", "hre"],
        ),
        (
            "latin1.html",
            ["Le musée d'histoire naturelle", "Les élèves des écoles", "Près de trois mille"],
            ["Ã©", "\ufffd"],
        ),
        (
            "cp1251.html",
            ["Міст через Дніпро відкрили для руху", "замінили старі опори", "об'їзд"],
            ["\ufffd"],
        ),
        (
            "invalid_utf8.html",
            ["The café in the old market hall", "fresh bread every morning", "students alike"],
            ["cafÃ", "Ã©"],
        ),
    ],
)  # fmt: skip
def test_article_text(name: str, must_contain: list[str], must_not_contain: list[str]) -> None:
    doc = read(name)
    for snippet in must_contain:
        assert snippet in doc.body, snippet
    for snippet in must_not_contain:
        assert snippet not in doc.body, snippet


ARTICLES = sorted(p.name for p in FIXTURES.glob("*.html") if p.name != "no_article.html")


@pytest.mark.parametrize("name", ARTICLES)
def test_body_is_one_paragraph_per_line(name: str) -> None:
    doc = read(name)
    assert doc.format is Format.HTML
    assert doc.raw == fixture(name)
    assert doc.locator == name
    assert doc.extra["extractor"] in {PRECISION, RECALL, DENSITY}
    for line in doc.body.split("\n"):
        assert line and line == line.strip() and "  " not in line


def test_split_body_keeps_document_order() -> None:
    body = read("split_body.html").body
    assert body.index("sold out within two days") < body.index("Environmental groups")


def test_recall_preference_can_be_turned_off() -> None:
    settings = Settings(db=":memory:", extract_favor_recall=False)
    doc = extract_html(fixture("article.html"), "a", settings)
    assert doc.extra["extractor"] == PRECISION
    assert "ring road" in doc.body


# --- metadata ------------------------------------------------------------------------------


def test_article_metadata() -> None:
    doc = read("article.html")
    assert doc.title == "Harbour bridge reopens after repairs"
    assert doc.author == "Maria Lindqvist"
    assert doc.source == "The Coastal Herald"
    assert doc.url == "https://herald.example/news/harbour-bridge-reopens"
    assert doc.language == "en"
    assert doc.published == datetime(2024, 5, 14, 8, 30, tzinfo=timezone(timedelta(hours=2)))
    assert doc.extra["description"].startswith("The bridge closed")


def test_given_url_wins_over_canonical() -> None:
    doc = read("article.html", url="https://mirror.example/copy")
    assert doc.url == "https://mirror.example/copy"


@pytest.mark.parametrize(
    "head, expected",
    [
        ('<link rel="canonical" href="https://e.example/a">', "https://e.example/a"),
        ('<meta property="og:url" content="https://e.example/b">', "https://e.example/b"),
        ('<link rel="canonical" href="javascript:alert(1)">', None),
        ('<link rel="canonical" href="/relative/path">', None),
        ("", None),
    ],
)
def test_canonical_url_must_be_absolute_http(head: str, expected: str | None) -> None:
    doc = extract_html(page("Rivers rose after the storm.|Roads were closed.", head), "p", SETTINGS)
    assert doc.url == expected


@pytest.mark.parametrize(
    "head, expected",
    [
        (
            '<meta property="article:published_time" content="2024-03-05T10:00:00Z">',
            datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
        ),
        (
            '<meta itemprop="datePublished" content="2024-03-05T10:00:00">',
            datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
        ),
        (
            '<script type="application/ld+json">{"@type": "NewsArticle", '
            '"datePublished": "2024-03-05T12:00:00+02:00"}</script>',
            datetime(2024, 3, 5, 10, 0, tzinfo=UTC),
        ),
        ('<meta name="pubdate" content="not a date">', None),
        ("", None),
    ],
)
def test_published_is_timezone_aware(head: str, expected: datetime | None) -> None:
    doc = extract_html(page("Rivers rose after the storm.|Roads were closed.", head), "p", SETTINGS)
    assert doc.published == expected
    if doc.published is not None:
        assert doc.published.tzinfo is not None


@pytest.mark.parametrize(
    "lang, expected",
    [("en-GB", "en"), ("pt_BR", "pt"), ("UK", "uk"), ("", None), ("x-default", None)],
)
def test_declared_language(lang: str, expected: str | None) -> None:
    doc = extract_html(
        page("Rivers rose after the storm.|Roads were closed.", lang=lang), "p", SETTINGS
    )
    assert doc.language == expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-11-19T13:03:00.000Z", datetime(2019, 11, 19, 13, 3, tzinfo=UTC)),
        ("2019-11-20T04:31:13+0000", datetime(2019, 11, 20, 4, 31, 13, tzinfo=UTC)),
        ("2019-11-19T09:01:42+05:30", datetime(2019, 11, 19, 3, 31, 42, tzinfo=UTC)),
        ("2019-11-19", datetime(2019, 11, 19, tzinfo=UTC)),
        ("Tue, 19 Nov 2019 10:00:00 GMT", datetime(2019, 11, 19, 10, 0, tzinfo=UTC)),
        ("0001-01-01", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_timestamp(value: str, expected: datetime | None) -> None:
    assert parse_timestamp(value) == expected


# --- decoding ------------------------------------------------------------------------------

HELLO = "<html><body><p>Привіт, café, 東京</p></body></html>"
CYRILLIC = (
    "<html><body><p>"
    + "Мешканці лівого берега скаржилися на затори протягом усього періоду ремонту. " * 8
    + "</p></body></html>"
)


@pytest.mark.parametrize(
    "text, encoding",
    [
        (HELLO, "utf-8-sig"),
        (HELLO, "utf-16"),
        (HELLO, "utf-32"),
        (HELLO, "utf-8"),
        ('<meta charset="latin-1"><p>Ça coûte 5 €</p>', "cp1252"),
        ('<meta charset="koi8-r"><p>Привет, мир</p>', "koi8-r"),
        ('<meta charset="x-unknown-label"><p>café</p>', "utf-8"),
        ('<meta charset="utf-16"><p>plain ascii page</p>', "ascii"),
        ('<meta charset="iso-8859-1"><p>stale declaration: café</p>', "utf-8"),
        (CYRILLIC, "cp1251"),
    ],
)
def test_decode_html(text: str, encoding: str) -> None:
    assert decode_html(text.encode(encoding), "x") == text


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    text = decode_html(fixture("invalid_utf8.html"), "x")
    assert "café" in text and "\ufffd" in text


# --- errors --------------------------------------------------------------------------------


PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00"


@pytest.mark.parametrize(
    "data, error",
    [
        (b"", EmptyInput),
        (b"   \n\t ", EmptyInput),
        (b"<html><head><title>Nothing</title></head><body></body></html>", EmptyInput),
        (fixture("no_article.html"), EmptyInput),
        (PNG_HEAD + bytes(range(256)) * 4, UnsupportedInput),
        (bytes(range(1, 32)) * 50, DecodeError),
    ],
)
def test_unreadable_input_raises_a_named_input_error(data: bytes, error: type[InputError]) -> None:
    with pytest.raises(error) as caught:
        extract_html(data, "inbox/page.html", SETTINGS)
    assert caught.value.locator == "inbox/page.html"
    assert str(caught.value).startswith("inbox/page.html: ")


def test_no_article_message() -> None:
    with pytest.raises(EmptyInput, match="no article text found in HTML"):
        read("no_article.html")


def test_too_large() -> None:
    settings = Settings(db=":memory:", max_input_bytes=100)
    with pytest.raises(TooLarge, match="over the limit of 100"):
        extract_html(fixture("article.html"), "big.html", settings)


def test_failing_extractor_falls_back_then_raises_parse_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("extractor bug")

    monkeypatch.setattr(html, "_trafilatura_pass", broken)
    doc = read("article.html")
    assert doc.extra["extractor"] == DENSITY
    assert "heavier lorries" in doc.body and "About us" not in doc.body
    with pytest.raises(ParseError, match=r"no_article\.html: precision extraction failed"):
        read("no_article.html")


def test_density_fallback_keeps_prose_and_drops_link_blocks() -> None:
    long = "The water level of the river fell below the alert mark for the first time in nine days."
    html = (
        f"<html><body><div><p>{long}</p><p><a href='/a'>{long}</a></p>"
        f"<nav><p>{long} (navigation)</p></nav><p>Too short.</p></div></body></html>"
    )
    assert density_text(parse_html(html, "x")) == long


# --- properties ----------------------------------------------------------------------------

_TAGS = st.sampled_from(
    ["<html>", "<body>", "<article>", "</article>", "<p>", "</p>", "<div class='x'>", "</div>",
     "<blockquote class='twitter-tweet'>", "</blockquote>", "<ul>", "<li><a href='/'>", "</a>",
     "<script>", "</script>", "<meta charset='cp1251'>", "<html lang='", "<!--", "-->",
     "<title>", "</title>", "<br>", "&amp;", "&#0;", "<![CDATA[", "\x00", "\ufeff"]
)  # fmt: skip
_WORDS = st.text(min_size=0, max_size=80)
_HTMLISH = st.lists(st.one_of(_TAGS, _WORDS), max_size=40).map("".join)


def _never_crashes(data: bytes) -> None:
    try:
        doc = extract_html(data, "fuzz", SETTINGS)
    except InputError as exc:
        assert exc.locator == "fuzz"
    else:
        assert doc.body and doc.raw == data


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_input_errors(data: bytes) -> None:
    _never_crashes(data)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_HTMLISH, st.sampled_from(["utf-8", "utf-16", "cp1252", "cp1251"]))
def test_arbitrary_markup_raises_only_input_errors(text: str, encoding: str) -> None:
    _never_crashes(text.encode(encoding, errors="replace"))


# --- quality floor -------------------------------------------------------------------------


def _bench_module(name: str) -> ModuleType:
    bench = str(REPO / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module(name)


def test_scoring_follows_the_benchmark_definition() -> None:
    scoring = _bench_module("scoring")
    assert scoring.tokenise("Don't stop-me, now!") == ["Don", "t", "stop", "me", "now"]
    same = scoring.score_page("one two three four five", "one two three four five")
    assert (same.precision, same.recall) == (1.0, 1.0)
    empty = scoring.score_page("one two three four five", "")
    assert (empty.tp, empty.fp, empty.fn) == (0.0, 0.0, 1.0)
    # A repeated paragraph counts twice (multisets), and case matters.
    twice = scoring.score_page("a b c d", "a b c d\na b c d")
    assert twice.precision < 1.0 and twice.recall == 1.0
    assert scoring.score_page("A b c d", "a b c d").recall == 0.0
    summary = scoring.summarise([same, empty])
    assert summary.precision == 1.0  # an empty prediction does not count for precision
    assert summary.recall == 0.5


@pytest.mark.slow
def test_extraction_quality_floor() -> None:
    if not (BENCHMARK / "ground-truth.json").is_file():
        pytest.skip(f"extraction benchmark not available: {BENCHMARK}")
    extraction = _bench_module("extraction")
    pages = extraction.load_pages(BENCHMARK)
    run, _ = extraction.storyweave_extractor(Settings(db=":memory:"))
    summary, _, _ = extraction.score_extractor(pages, run)
    assert summary.pages == 181
    assert summary.f1 >= F1_FLOOR, f"F1 {summary.f1:.4f} fell below the floor {F1_FLOOR}"
