"""Facts from aligned statements: best wording, evidence, independent origins, omissions.

An origin is what ``origin_of`` says an article descends from (the provenance stage's
answer: two relays of one Le Monde piece share an origin). Without it, each outlet is its own
origin, and an article whose outlet is unknown is one by itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from storyweave.analyse.compare.align import Alignment
from storyweave.analyse.compare.values import readable
from storyweave.models import Article, Fact, Statement
from storyweave.text import content_hash

#: Per statement: detail kind -> normalised values (see :mod:`.conflicts`).
Details = Mapping[str, frozenset[str]]
#: Detail kinds whose values one version may add to a shared fact.
ADDITION_KINDS = ("number", "date", "time", "place", "person", "organisation")


def origins_of(articles: Sequence[Article], origin_of: Mapping[str, str] | None) -> dict[str, str]:
    """Every article's origin key: the given one, else its outlet, else itself."""
    given = origin_of or {}
    return {
        a.id: given.get(a.id) or (f"outlet:{a.source}" if a.source else f"article:{a.id}")
        for a in articles
    }


def _central(members: Sequence[int], sim: np.ndarray, statements: Sequence[Statement]) -> int:
    """The most central member: highest mean similarity to the others (then the shortest)."""
    if len(members) == 1:
        return members[0]
    block = sim[np.ix_(members, members)]
    centrality = (block.sum(axis=1) - 1.0) / (len(members) - 1)
    best = min(
        range(len(members)),
        key=lambda i: (-round(float(centrality[i]), 3), len(statements[members[i]].text)),
    )
    return members[best]


def _additions(members: Sequence[int], details: Sequence[Details]) -> tuple[tuple[str, str], ...]:
    """Details that only one article's version of a shared fact carries."""
    found: list[tuple[int, str]] = []
    for i in members:
        others = [details[j] for j in members if j != i]
        for kind in ADDITION_KINDS:
            for value in sorted(details[i].get(kind, frozenset())):
                if not any(value in other.get(kind, frozenset()) for other in others):
                    found.append((i, readable(value)))
    return tuple((str(i), value) for i, value in found)


def build_facts(
    statements: Sequence[Statement],
    alignment: Alignment,
    articles: Sequence[Article],
    origins: Mapping[str, str],
    details: Sequence[Details],
) -> list[Fact]:
    """One fact per aligned group, widely supported first, then in reading order."""
    order = {a.id: n for n, a in enumerate(articles)}
    sim = alignment.similarity
    facts: list[tuple[tuple[int, int, int, int], Fact]] = []
    for members in alignment.groups:
        ordered = sorted(members, key=lambda i: (order[statements[i].article_id], i))
        supporters = tuple(dict.fromkeys(statements[i].article_id for i in ordered))
        block = sim[np.ix_(ordered, ordered)]
        pairs = len(ordered) * (len(ordered) - 1)
        score = float((block.sum() - len(ordered)) / pairs) if pairs else 1.0
        added = _additions(ordered, details) if len(supporters) > 1 else ()
        fact = Fact(
            id="f" + content_hash("fact", *(statements[i].key for i in ordered), length=10),
            wording=statements[_central(ordered, sim, statements)].span,
            evidence=tuple(statements[i].span for i in ordered),
            articles=supporters,
            origins=len({origins[a] for a in supporters}),
            omitted_by=tuple(a.id for a in articles if a.id not in supporters),
            score=round(score, 4),
            additions=tuple((statements[int(i)].article_id, v) for i, v in added),
        )
        first = ordered[0]
        rank = (-fact.origins, -len(supporters), order[statements[first].article_id], first)
        facts.append((rank, fact))
    return [fact for _, fact in sorted(facts, key=lambda pair: pair[0])]
