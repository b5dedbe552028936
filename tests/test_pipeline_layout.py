"""Removed lines put back in place: exact when the raw input reads back as the article."""

from __future__ import annotations

from dataclasses import replace

import pytest

from storyweave.clean import to_article
from storyweave.ingest import read_bytes
from storyweave.models import Removal
from storyweave.pipeline_layout import article_layout
from storyweave.settings import Settings
from tests.conftest import SEED_003

SETTINGS = Settings(db=":memory:")
BODY = (
    b"Harbour strike ends\n\nHarbour strike ends\nDock workers returned on Monday after a deal.\n"
    b"\nRead also: Cranes back in service\n\nThe union said the deal holds for a year.\n"
    b"Photo: Getty Images\n"
)


def read(data: bytes, name: str = "x.txt"):
    (doc,) = list(read_bytes(data, name, SETTINGS))
    return to_article(doc, SETTINGS)


def test_layout_interleaves_removed_lines_where_they_stood():
    article = read(BODY)
    assert article_layout(article, SETTINGS) == [
        ("Harbour strike ends", article.removed[0]),
        ("Dock workers returned on Monday after a deal.", None),
        ("Read also: Cranes back in service", article.removed[1]),
        ("The union said the deal holds for a year.", None),
        ("Photo: Getty Images", article.removed[2]),
    ]


def test_layout_of_the_seed_keeps_every_line():
    article = read(SEED_003.read_bytes(), str(SEED_003))
    layout = article_layout(article, SETTINGS)
    assert layout is not None
    assert [r for _, r in layout if r] == list(article.removed)
    assert "\n".join(t for t, r in layout if r is None) == article.text


@pytest.mark.parametrize(
    "change",
    [
        lambda a: replace(a, raw=b"something else entirely, long enough to be an article"),
        lambda a: replace(a, text=a.text + "\nA line the raw input does not have."),
        lambda a: replace(a, removed=(Removal("Not in the body", "related-link", 1),)),
        lambda a: replace(a, removed=(Removal("Far away", "related-link", 999),)),
        lambda a: replace(a, raw=b"\x00\x01binary"),
    ],
)
def test_no_layout_when_the_raw_input_disagrees(change):
    assert article_layout(change(read(BODY)), SETTINGS) is None


def test_without_removals_the_text_is_the_layout():
    article = read(b"Title line\nOne paragraph of text that is long enough.\n\nAnother one.\n")
    assert article_layout(article, SETTINGS) == [
        ("One paragraph of text that is long enough.", None),
        ("Another one.", None),
    ]
