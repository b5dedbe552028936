"""Table-driven tests of each cleaning step: what must go, and what must NOT change."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storyweave.clean import clean
from storyweave.clean.dateline import parse_dateline
from storyweave.clean.steps import (
    bylines,
    cookie_notices,
    image_credits,
    normalise_characters,
    normalise_newlines,
    normalise_quotes,
    normalise_spaces,
    page_furniture,
    read_more_alone,
    related_links,
    repeated_headline,
    share_prompts,
)

KEEP_PROSE = [
    "The photo was taken by a soldier near Kherson, officials said.",
    "By 2030, the agency expects demand to double.",
    "By the end of the week, talks had resumed.",
    "Readers can read also the full report on the ministry's site, she added.",
    "Share prices fell 3 percent on Monday.",
    "He said the image: a burning tank, had gone viral.",
    "Reuters reported that the talks had collapsed.",
    "AFP and Reuters both carried the statement on Tuesday afternoon.",
]


@pytest.mark.parametrize(
    "step, line",
    [
        (related_links, "Read also: France never emphasizes to its partners how they should"),
        (related_links, "READ MORE: Putin's nuclear threats merely rhetoric"),
        (related_links, "Read more - Ukraine strikes"),
        (related_links, "Lire aussi : Les discussions reprennent"),
        (related_links, "Читайте також: Обговорення відправки військ"),
        (related_links, "See also: How the war changed Europe"),
        (read_more_alone, "Read more"),
        (read_more_alone, "Continue reading…"),
        (image_credits, "Photo: Getty Images"),
        (image_credits, "(Photo: AFP)"),
        (image_credits, "Image: Reuters/Gleb Garanich"),
        (image_credits, "Photo by John Smith"),
        (image_credits, "© Reuters"),
        (image_credits, "Getty Images"),
        (image_credits, "Gleb Garanich/Reuters"),
        (page_furniture, "pixel"),
        (page_furniture, "Advertisement"),
        (page_furniture, "ADVERTISEMENT"),
        (page_furniture, "Skip to content"),
        (share_prompts, "Share this article"),
        (share_prompts, "Follow us on Telegram"),
        (share_prompts, "Subscribe to our newsletter for daily updates"),
        (share_prompts, "Sign up for the morning briefing"),
        (cookie_notices, "We use cookies to improve your experience."),
        (bylines, "By Jane Doe"),
        (bylines, "By Jane Doe and John Roe, Reuters"),
        (bylines, "Published: 20 November 2024 10:31"),
        (bylines, "Updated 12:04 GMT"),
    ],
)
def test_filter_drops_debris(step, line):
    assert step.drops([line]) == [True]


@pytest.mark.parametrize("line", KEEP_PROSE)
@pytest.mark.parametrize(
    "step",
    [
        related_links,
        read_more_alone,
        image_credits,
        page_furniture,
        share_prompts,
        cookie_notices,
        bylines,
    ],
)
def test_filter_keeps_prose(step, line):
    assert step.drops([line]) == [False]


def test_long_lines_are_never_debris():
    line = "Read also: " + "a real paragraph that goes on " * 10
    assert related_links.drops([line]) == [False]


@pytest.mark.parametrize(
    "step, text_in, text_out",
    [
        (normalise_newlines, "a\r\nb\rc", "a\nb\nc"),
        (normalise_newlines, "a\nb", "a\nb"),
        (normalise_characters, "cafe\u0301", "café"),
        (normalise_characters, "zero\u200bwidth\x07", "zerowidth"),
        (normalise_characters, "tab\tand\nnewline", "tab\tand\nnewline"),
        (normalise_quotes, "“Hard core” ‘allies’", "\"Hard core\" 'allies'"),
        (normalise_quotes, "«guillemets»", "«guillemets»"),
        (normalise_spaces, "  a\u00a0 b \t\n c  ", "a b\nc"),
        (normalise_spaces, "unchanged line", "unchanged line"),
    ],
)
def test_normalisers(step, text_in, text_out):
    assert step(text_in) == text_out


@given(st.text())
def test_normalising_characters_drops_exactly_the_control_and_format_ones(text):
    composed = unicodedata.normalize("NFC", text)
    kept = [c for c in composed if c in "\n\t" or unicodedata.category(c) not in {"Cc", "Cf"}]
    assert normalise_characters(text) == "".join(kept)


def test_repeated_headline_only_near_the_top():
    title = "Discussions intensified in Europe - Le Monde"
    body = ["", "Discussions intensified in Europe – Le Monde", "Para one.", "Para two.", "x",
            "Discussions intensified in Europe - Le Monde"]  # fmt: skip
    assert repeated_headline(title).drops(body) == [False, True, False, False, False, False]
    assert repeated_headline(None).drops(body) == [False] * len(body)


def test_clean_records_every_removed_line_with_index_and_reason():
    body = "Headline\n\nFirst paragraph.\nRead also: other story\nSecond paragraph.\npixel"
    result = clean(body, title="Headline")
    assert result.text == "First paragraph.\nSecond paragraph."
    assert [(r.index, r.reason, r.line) for r in result.removed] == [
        (0, "repeated-headline", "Headline"),
        (3, "related-link", "Read also: other story"),
        (5, "page-furniture", "pixel"),
    ]


def test_clean_loses_nothing_but_blank_lines():
    body = "A.\nRead also: B\n\nC.\nPhoto: Getty Images\n"
    result = clean(body)
    kept = set(result.text.split("\n"))
    removed = {r.line for r in result.removed}
    assert {line for line in body.split("\n") if line.strip()} == kept | removed


@pytest.mark.parametrize(
    "line, expected",
    [
        ("March 01, 2008", (2008, 3, 1)),
        ("Wednesday, October 6, 2008", (2008, 10, 6)),
        ("1 de marzo de 2008", (2008, 3, 1)),
        ("01 marzo 2008", (2008, 3, 1)),
        ("6 oktober 2008", (2008, 10, 6)),
        ("17. September 2008", (2008, 9, 17)),
        ("2008-03-01", (2008, 3, 1)),
        ("Sept. 17, 2008", (2008, 9, 17)),
        ("8 de septiembre del 2007", (2007, 9, 8)),
        ("01-Mar-08", (2008, 3, 1)),
        ("17-Sep-1998", (1998, 9, 17)),
    ],
)
def test_datelines_are_parsed(line, expected):
    assert parse_dateline(line) == datetime(*expected, tzinfo=UTC)


@pytest.mark.parametrize(
    "line",
    [
        "March 2008 was a bad month for markets, analysts said on Monday.",
        "In 2008 the index fell by 30 percent.",
        "February 30, 2008",
        "Smarch 01, 2008",
        "Discussions resume in Europe",
    ],
)
def test_not_a_dateline(line):
    assert parse_dateline(line) is None


def test_dateline_is_removed_only_at_the_top():
    result = clean("March 01, 2008\nThe deal was signed.\nMarch 02, 2008")
    assert result.text == "The deal was signed.\nMarch 02, 2008"
    assert [(r.reason, r.index) for r in result.removed] == [("dateline", 0)]
