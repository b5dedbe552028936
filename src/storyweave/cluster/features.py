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
    script: str = "latin"  # the writing system of its letters: names match only within one
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


#: Unicode blocks of the scripts told apart (anything else with letters counts as "other").
_SCRIPTS = (
    ("latin", 0x0000, 0x024F),
    ("greek", 0x0370, 0x03FF),
    ("cyrillic", 0x0400, 0x052F),
    ("hebrew", 0x0590, 0x05FF),
    ("arabic", 0x0600, 0x06FF),
    ("cjk", 0x3040, 0x9FFF),
    ("hangul", 0xAC00, 0xD7AF),
    ("latin", 0x1E00, 0x1EFF),
)


def script_of(text: str) -> str:
    """The script most of ``text``'s letters are written in ('latin' when there are none).

    Capitalised names carry the cheap cross-language match only between texts of one script
    ("Macron" never equals "Макрон"), so the clusterer needs to know it.
    """
    if text.isascii():  # every ASCII letter is Latin
        return "latin"
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        code = ord(ch)
        name = next((n for n, low, high in _SCRIPTS if low <= code <= high), "other")
        counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: (counts[n], n)) if counts else "latin"


def lead_text(title: str, text: str, chars: int = LEAD_CHARS) -> str:
    """Title plus the first ``chars`` characters of the body, cut at a word boundary."""
    body = text[:chars]
    if len(text) > chars and " " in body:
        body = body.rsplit(" ", 1)[0]
    return f"{title}. {body}".strip(". ") if title else body


def lead_vector_key(model: str, lead_chars: int = LEAD_CHARS) -> str:
    """The name lead vectors are stored under: the model's, plus the lead length when it is
    not the default one (vectors of other cuts of the text must not be mixed)."""
    return model if lead_chars == LEAD_CHARS else f"{model}+lead{lead_chars}"


def features_of(article: Article, lead_chars: int = LEAD_CHARS) -> Features:
    """Extract :class:`Features` from a cleaned article; the lead (what the embedding model
    reads) is the title and ``lead_chars`` characters of text."""
    title = article.title or ""
    lead = lead_text(title, article.text, lead_chars)
    return Features(
        article_id=article.id,
        language=article.language.code if article.language else "und",
        when=article.published,
        terms=term_weights(title, article.text),
        names=names(f"{title}\n{article.text}"),
        lead=lead,
        script=script_of(lead),
        outlet=article.source,
        headline=title or article.text[:120],
    )
