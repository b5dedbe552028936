"""What the story clusterer looks at in an article: terms, names and numbers, time, lead.

Pure functions of an :class:`~storyweave.models.Article`; no corpus statistics here (the
clusterer keeps document frequencies online, as articles arrive).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from storyweave.models import Article
from storyweave.text import tokens

#: Characters of body text that follow the title in the text given to the embedding model.
LEAD_CHARS = 300
_MIN_TERM_CHARS = 3
_TITLE_WEIGHT = 2.0
# A capitalised word (Latin, Greek or Cyrillic), possibly with inner apostrophes or hyphens.
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-ſΑ-ΩА-ЯЁІЇЄҐ][\w'’-]*\w")
_NUMBER = re.compile(r"\b\d[\d.,]*\d\b|\b\d\b|\b[A-Za-z]{1,3}-?\d{2,}\b|\b\d+[A-Za-z]{1,3}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“«»]\s+|\n)$")


@dataclass(frozen=True)
class Features:
    """The clusterer's view of one article."""

    article_id: str
    language: str
    when: datetime | None
    terms: Mapping[str, float]  # sublinear term frequency; title terms weigh double
    names: frozenset[str]  # casefolded, accent-free capitalised words and numbers
    lead: str  # title and first lines: what the embedding model reads
    outlet: str | None = None
    headline: str = ""
    extra: Mapping[str, float] = field(default_factory=dict)


def fold(word: str) -> str:
    """Casefold and strip accents, so 'Élysée' and 'Elysee' are one name across languages."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def term_weights(title: str, text: str) -> dict[str, float]:
    """Sublinear tf (1 + log tf) of content tokens; title tokens count twice."""
    counts: dict[str, float] = {}
    for token in tokens(text):
        if len(token) >= _MIN_TERM_CHARS and not token.isdigit():
            counts[token] = counts.get(token, 0.0) + 1.0
    for token in tokens(title):
        if len(token) >= _MIN_TERM_CHARS and not token.isdigit():
            counts[token] = counts.get(token, 0.0) + _TITLE_WEIGHT
    return {term: 1.0 + math.log(count) for term, count in counts.items()}


def names(text: str) -> frozenset[str]:
    """Capitalised words that do not start a sentence, and numbers: the article's anchors.

    Language-agnostic on purpose: names and figures survive translation ("Airbus", "A380",
    "15", "2008"), which makes them the cheapest cross-lingual signal there is.
    """
    found: set[str] = set()
    for line in text.split("\n"):
        for match in _CAPITALISED.finditer(line):
            if not _SENTENCE_START.search(line[: match.start()]):
                found.add(fold(match.group(0)))
        for match in _NUMBER.finditer(line):
            found.add(fold(match.group(0)).replace(",", "."))
    return frozenset(found)


def lead_text(title: str, text: str, chars: int = LEAD_CHARS) -> str:
    """Title plus the first ``chars`` characters of the body, cut at a word boundary."""
    body = text[:chars]
    if len(text) > chars and " " in body:
        body = body.rsplit(" ", 1)[0]
    return f"{title}. {body}".strip(". ") if title else body


def features_of(article: Article) -> Features:
    """Extract :class:`Features` from a cleaned article."""
    title = article.title or ""
    return Features(
        article_id=article.id,
        language=article.language.code if article.language else "und",
        when=article.published,
        terms=term_weights(title, article.text),
        names=names(f"{title}\n{article.text}"),
        lead=lead_text(title, article.text),
        outlet=article.source,
        headline=title or article.text[:120],
    )
