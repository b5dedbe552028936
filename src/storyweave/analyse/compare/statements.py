"""Split an article into statements: sentences, and clauses where a sentence joins claims.

A sentence is split at a semicolon, or before a contrasting conjunction after a comma
(", but", ", while", ", whereas"; also the Romance and Dutch equivalents), when each side keeps
at least :data:`MIN_CLAUSE_WORDS` words: two claims joined that way are often reported
separately by other outlets. Every statement keeps its exact character span in the text.

Lines that are too short to be a claim (a crosshead such as "Sending Western troops to
Ukraine", a dateline) are kept out: fewer than :data:`MIN_WORDS` words, or no sentence end
and fewer than :data:`MIN_HEADING_WORDS` words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyweave.analyse.compare.config import CompareConfig
from storyweave.models import Article, Span, Statement
from storyweave.text import content_hash, sentences, tokens

MIN_WORDS = 4
MIN_HEADING_WORDS = 12
MIN_CLAUSE_WORDS = 6
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?=(?:but|while|whereas|pero|mientras|ma|mentre|maar|terwijl|mais|tandis)\s)",
    re.IGNORECASE,
)
_ENDS_SENTENCE = re.compile(r"[.!?…:。！？][\"”’»)\]]*$")


def statement_key(text: str) -> str:
    """The cache key of a statement's wording (same words, same key, in any article)."""
    return content_hash("statement", " ".join(text.split()), length=24)


def _clauses(sentence: str) -> list[tuple[int, int]]:
    """Offsets of the clauses of ``sentence`` (the whole sentence when it does not split)."""
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        left, right = sentence[start : match.start()], sentence[match.end() :]
        if _words(left) >= MIN_CLAUSE_WORDS and _words(right) >= MIN_CLAUSE_WORDS:
            pieces.append((start, match.start()))
            start = match.end()
    pieces.append((start, len(sentence)))
    return pieces


_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


def _words(text: str) -> int:
    """Words in ``text``; in scripts written without spaces (Chinese, Japanese) two
    characters count as one word."""
    unspaced = len(_UNSPACED.findall(text))
    return len(tokens(_UNSPACED.sub(" ", text))) + unspaced // 2


def _is_claim(sentence: str) -> bool:
    words = _words(sentence)
    if words < MIN_WORDS:
        return False
    return bool(_ENDS_SENTENCE.search(sentence)) or words >= MIN_HEADING_WORDS


_SPLIT_DECIMAL = re.compile(r"\b\d+\.$")


def _sentences(text: str) -> list[tuple[int, str]]:
    """Sentences with their offsets; a figure a tokeniser split ("a 6. 1 - magnitude quake")
    is joined again: a sentence ending in digits and a period, followed by one that opens
    with a digit, is one sentence."""
    found: list[tuple[int, str]] = []
    cursor = 0
    for sentence in sentences(text):
        at = text.find(sentence, cursor)
        if at < 0:  # the splitter normalised nothing, so this does not happen; stay safe
            continue
        cursor = at + len(sentence)
        if found and sentence[:1].isdigit() and _SPLIT_DECIMAL.search(found[-1][1]):
            found[-1] = (found[-1][0], text[found[-1][0] : cursor])
        else:
            found.append((at, sentence))
    return found


def split_statements(article: Article, limit: int | None = None) -> list[Statement]:
    """The article's statements in text order, each with its span; at most ``limit`` of them."""
    text = article.text
    language = article.language.code if article.language else "und"
    out: list[Statement] = []
    for at, sentence in _sentences(text):
        if not _is_claim(sentence):
            continue
        for begin, end in _clauses(sentence):
            piece = sentence[begin:end].strip()
            offset = at + begin + (len(sentence[begin:end]) - len(sentence[begin:end].lstrip()))
            span = Span(article.id, offset, offset + len(piece), piece)
            out.append(Statement(statement_key(piece), span, len(out), language))
            if limit is not None and len(out) >= limit:
                return out
    return out


def split_story(articles: Sequence[Article], config: CompareConfig) -> dict[str, list[Statement]]:
    """Statements of every article (by id, in the given order), within the config's bounds.

    When the story holds more than ``max_statements`` statements in all, the budget is shared
    out fairly: short articles keep all theirs, long ones an equal share of their first ones.
    """
    per_article = {a.id: split_statements(a, config.max_statements_per_article) for a in articles}
    budget, left = config.max_statements, len(per_article)
    keep: dict[str, int] = {}
    for article_id, found in sorted(per_article.items(), key=lambda kv: len(kv[1])):
        keep[article_id] = min(len(found), max(1, budget // left))
        budget -= keep[article_id]
        left -= 1
    return {k: found[: keep[k]] for k, found in per_article.items()}
