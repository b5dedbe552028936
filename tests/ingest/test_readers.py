"""Each reader on small inputs of its format, through the one sniffing entry point."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from storyweave.ingest import read_bytes, sniff
from storyweave.models import Failure, Format, RawDocument
from tests.ingest import samples


def read(data: bytes, settings, locator: str = "input") -> tuple[list[RawDocument], list[Failure]]:
    items = list(read_bytes(data, locator, settings))
    docs = [i for i in items if isinstance(i, RawDocument)]
    return docs, [i for i in items if isinstance(i, Failure)]


@pytest.mark.parametrize(
    "data, expected",
    [
        (samples.TEXT, Format.TEXT),
        (samples.TEXT_WITH_HEADER, Format.TEXT),
        (samples.HTML, Format.HTML),
        (b"<p>one</p><p>two</p><div>three</div>", Format.HTML),
        (samples.RSS, Format.FEED),
        (samples.ATOM, Format.FEED),
        (samples.RDF, Format.FEED),
        (samples.JSONL, Format.JSONL),
        (b"WARC/1.0\r\n", Format.WARC),
        (b"filedesc://crawl.arc 0.0.0.0 2024", Format.WARC),
        (b"A headline about <b>bold</b> claims\nBody.", Format.TEXT),
        (b"{not json at all\nbody", Format.TEXT),
    ],
)
def test_sniff(data, expected):
    assert sniff(data, "x") is expected


def test_text_headline_and_body(settings):
    (doc,), failures = read(samples.TEXT, settings)
    assert not failures
    assert doc.format is Format.TEXT
    assert doc.title == "Discussions resume in Europe"
    assert doc.body.startswith("The United Kingdom")
    assert doc.raw == samples.TEXT


def test_text_metadata_header(settings):
    (doc,), _ = read(samples.TEXT_WITH_HEADER, settings)
    assert doc.title == "Talks resume"
    assert doc.url == "https://example.org/a/1"
    assert doc.source == "Example News"
    assert doc.author == "Jane Doe"
    assert doc.language == "en"
    assert doc.published == datetime(2024, 11, 20, 8, 30, tzinfo=UTC)
    assert doc.extra["section"] == "world"
    assert doc.body.startswith("The United Kingdom")


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"---\ntitle: x\nno colon here\n---\nbody", "not 'key: value'"),
        (b"---\ntitle: x\n", "never closed"),
        (b"---\npublished: yesterday-ish\n---\nHeadline\nBody", "not a date"),
    ],
)
def test_text_bad_header_is_a_clear_error(settings, data, reason):
    docs, (failure,) = read(data, settings)
    assert not docs
    assert reason in failure.reason


def test_html_page(settings):
    (doc,), failures = read(samples.HTML, settings)
    assert not failures
    assert doc.format is Format.HTML
    assert doc.title == "Talks resume"
    assert "defence cooperation" in doc.body
    assert "Home" not in doc.body.split("\n")
    assert doc.url == "https://example.org/a/1"


def test_rss_full_content_and_summary_only(settings):
    docs, failures = read(samples.RSS, settings, "feed.xml")
    assert not failures
    full, summary = docs
    assert full.title == "Talks resume"
    assert full.body.split("\n") == [samples.PARAGRAPH, "Second paragraph of the report."]
    assert not full.summary_only
    assert full.published == datetime(2024, 11, 20, 9, 30, tzinfo=UTC)
    assert full.source == "Example News"
    assert full.locator == "feed.xml#entry-1"
    assert full.raw.startswith(b"<item>") and b"Talks resume" in full.raw
    assert summary.summary_only
    assert "only a summary" in summary.body


@pytest.mark.parametrize("data, title", [(samples.ATOM, "Atom entry"), (samples.RDF, "RDF item")])
def test_atom_and_rss1(settings, data, title):
    (doc,), failures = read(data, settings)
    assert not failures
    assert doc.title == title
    assert samples.PARAGRAPH in doc.body


def test_truncated_feed_keeps_complete_entries(settings):
    cut = samples.RSS[: samples.RSS.index(b"<item><title>Only")] + b"<item><title>Tru"
    docs, failures = read(cut, settings)
    assert [d.title for d in docs] == ["Talks resume"]
    assert failures[-1].locator == "input"
    assert "feed is malformed after 2 entries" in failures[-1].reason


def test_jsonl_schema_and_unknown_fields(settings):
    docs, failures = read(samples.JSONL, settings, "dump.jsonl")
    assert not failures
    first, second = docs
    assert first.external_id == "a1"
    assert first.language == "en"
    assert first.published == datetime(2024, 11, 20, tzinfo=UTC)
    assert first.extra == {"dataset": "demo", "cluster": "c1", "surprise": 7, "topic": "ukraine"}
    assert first.locator == "dump.jsonl:1"
    assert second.external_id == "a2" and second.title is None


@pytest.mark.parametrize(
    "line, reason",
    [
        (b'{"id": "x"}', "field 'text' is required"),
        (b'{"text": 5}', "field 'text' is required"),
        (b'{"text": " ", "title": null}', "both 'text' and 'title' are empty"),
        (b'{"text": "ok text", "date": "soon"}', "not a date"),
        (b'{"text": "ok text", "title": ["a"]}', "must be a string"),
        (b'{"text": "ok text", "extra": 3}', "must be an object"),
        (b'{"text": "unterminated', "invalid JSON"),
        (b"[1, 2]", "expected a JSON object"),
        (b'{"text": "\xff\xfe bad"}', "not valid UTF-8"),
    ],
)
def test_jsonl_bad_line_is_reported_and_the_rest_goes_on(settings, line, reason):
    data = b'{"text": "a good line of text here"}\n' + line + b'\n{"text": "another good one"}\n'
    docs, failures = read(data, settings, "d.jsonl")
    assert len(docs) == 2
    assert len(failures) == 1
    assert failures[0].locator == "d.jsonl:2"
    assert reason in failures[0].reason


@pytest.mark.parametrize("compress", [True, False])
def test_warc_html_records_only(settings, compress):
    data = samples.warc(
        [
            ("https://example.org/a/1", "text/html; charset=utf-8", samples.HTML),
            ("https://example.org/logo.png", "image/png", b"\x89PNG...."),
            ("https://example.org/a/2", "text/html", samples.HTML.replace(b"Talks", b"Talks 2")),
        ],
        gzip=compress,
    )
    docs, failures = read(data, settings, "crawl.warc")
    assert not failures
    assert [d.url for d in docs] == ["https://example.org/a/1", "https://example.org/a/2"]
    assert docs[0].locator == "crawl.warc#record-1"
    assert docs[0].raw == samples.HTML
    assert "fetched" in docs[0].extra


def test_truncated_warc_keeps_earlier_records(settings):
    data = samples.warc(
        [
            ("https://e.org/1", "text/html", samples.HTML),
            ("https://e.org/2", "text/html", samples.HTML),
        ],
        gzip=False,
    )
    docs, (failure,) = read(data[: len(data) - 200], settings)
    assert len(docs) == 1
    assert failure.locator == "input#record-2"
    assert "truncated" in failure.reason


def test_gzipped_inputs_are_read_transparently(settings):
    (doc,), _ = read(gzip.compress(samples.HTML), settings)
    assert doc.format is Format.HTML
