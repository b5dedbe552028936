"""An extractive multi-document summary and a neutral headline.

The summary takes the wordings of the facts with the most independent origins (then the most
supporting articles, then the closest agreement), skips any that repeat a chosen one (stem
overlap above :data:`REDUNDANCY`), and reads them in story order: by the first article that
reported each, then by position in it. Every sentence cites the evidence spans of its fact.

The headline is the article title that shares the most words with the summary, stripped of
what makes a title partisan or a teaser: an outlet's name after a dash or bar, a trailing
question or exclamation mark, quotation marks and capitals used for shouting. Without titles,
it is the first summary sentence cut to :data:`HEADLINE_WORDS` words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyweave.analyse.compare.align import overlap, stems, tfidf_cosine
from storyweave.models import Article, Fact, SummarySentence

REDUNDANCY = 0.5
HEADLINE_WORDS = 14
_OUTLET_SUFFIX = re.compile(r"\s+[-–—|:]\s+[^-–—|:]{2,40}$")
_SHOUT = re.compile(r"\b[A-Z]{4,}\b")


def summarise(
    facts: Sequence[Fact], articles: Sequence[Article], size: int
) -> list[SummarySentence]:
    """Up to ``size`` sentences; a one-article story gets its leading statements."""
    order = {a.id: n for n, a in enumerate(articles)}
    ranked = sorted(
        facts,
        key=lambda f: (
            -f.origins,
            -len(f.articles),
            -f.score,
            order[f.articles[0]],
            f.evidence[0].start,
        ),
    )
    chosen: list[Fact] = []
    for fact in ranked:
        if len(chosen) >= size:
            break
        if any(overlap(f.wording.text, fact.wording.text) > REDUNDANCY for f in chosen):
            continue
        chosen.append(fact)
    chosen.sort(key=lambda f: (order[f.articles[0]], f.evidence[0].start))
    return [
        SummarySentence(
            text=balanced(f.wording.text), fact_id=f.id, citations=f.evidence, origins=f.origins
        )
        for f in chosen
    ]


def balanced(text: str) -> str:
    """A sentence cut out of a longer quote, without its unpaired quotation marks."""
    if text.count('"') % 2:
        text = text.replace('"', "")
    for opening, closing in (("“", "”"), ("«", "»")):
        if text.count(opening) != text.count(closing):
            text = text.replace(opening, "").replace(closing, "")
    return " ".join(text.split())


def neutral(title: str) -> str:
    """A title without an outlet suffix, teaser punctuation, quotation marks or shouting."""
    text = " ".join(title.split())
    text = _OUTLET_SUFFIX.sub("", text)
    text = re.sub(r"[\"“”«»]", "", text).rstrip(" !?.").strip()
    return _SHOUT.sub(lambda m: m.group(0).capitalize(), text)


def headline(articles: Sequence[Article], summary: Sequence[SummarySentence]) -> str:
    """The neutral form of the title closest to the summary (see the module docstring)."""
    titles = [a.title for a in articles if a.title and a.title.strip()]
    body = " ".join(s.text for s in summary)
    if titles and body:
        sim = tfidf_cosine([stems(body), *(stems(t) for t in titles)])[0, 1:]
        return neutral(titles[int(sim.argmax())])
    if titles:
        return neutral(titles[0])
    if summary:
        words = summary[0].text.split()
        cut = " ".join(words[:HEADLINE_WORDS])
        return cut.rstrip(" ,;:.") + ("…" if len(words) > HEADLINE_WORDS else "")
    return ""
