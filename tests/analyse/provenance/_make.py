"""Small builders for provenance tests."""

from __future__ import annotations

from typing import Any

from storyweave.models import Article
from tests.analyse.articles import article as make_article

BODY = (
    "The ministry announced on Monday that the new bridge over the river will open next "
    "spring after three years of delays caused by flooding, a shortage of steel and a long "
    "dispute between the city council and the building firm over the cost of the work. "
    "Engineers said the final tests of the structure would take place in February and that "
    "traffic would be limited to two lanes during the first weeks of operation."
)


def article(ident: str, text: str = BODY, **fields: Any) -> Article:
    """An article of ``text``, the bridge story by default (fields as in tests.analyse.articles)."""
    return make_article(ident, text, **fields)
