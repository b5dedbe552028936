"""The comparison sections: cited summary, coverage matrix, quotes, entities and what each
article added, from :func:`storyweave.pipeline_compare.compare_articles`.

The comparison is computed on demand (its statement vectors are cached in the store), once
per story and store change: the result is kept in the app's view cache under the store's
change mark, so the page, its JSON twin and ``/api/stories/{id}`` share one computation and
a new article, assignment or re-trace recomputes it. The vectoriser is the one the settings
select, loaded once for the app on the first story looked at.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from typing import Literal

from storyweave.cluster import Vectoriser, load_vectoriser
from storyweave.errors import DependencyMissing
from storyweave.models import Article, Comparison, Fact, Span, Story
from storyweave.models import Quote as FoundQuote
from storyweave.pipeline_compare import compare_articles, stored_origins
from storyweave.serve.cache import ViewCache
from storyweave.serve.providers.provenance import outlet_names, stored_graph
from storyweave.serve.sections import (
    AddedFact,
    Citation,
    CoverageMatrix,
    Entity,
    MatrixCell,
    MatrixConflict,
    MatrixFact,
    MatrixSource,
    Quote,
    QuoteVersion,
    StorySections,
    Summary,
    SummarySentence,
    TimelineStep,
)
from storyweave.settings import Settings
from storyweave.store import Store

#: The matrix shows at most this many sources (columns) and facts (rows); the rest are
#: counted, never dropped silently (the JSON of the API carries the same cut).
MAX_SOURCES = 40
MAX_FACTS = 300


class CompareSections:
    """The provider: ``(store, story, members) -> StorySections`` with the comparison's
    sections, each comparison kept in ``cache`` until the store changes."""

    def __init__(self, settings: Settings, cache: ViewCache) -> None:
        self.settings = settings
        self.cache = cache
        self._lock = threading.Lock()
        self._loaded = False
        self._vectoriser: Vectoriser | None = None
        self._failed: str | None = None  # why the configured model could not load

    def vectoriser(self) -> Vectoriser | None:
        """The settings' vectoriser, loaded once; a model that cannot load leaves pages
        lexical (and saying why) rather than failing every story page."""
        with self._lock:
            if not self._loaded:
                try:
                    self._vectoriser = load_vectoriser(self.settings.vectoriser).vectoriser
                except DependencyMissing as exc:
                    self._failed = str(exc)
                self._loaded = True
        return self._vectoriser

    def comparison(self, store: Store, story: Story, members: Sequence[Article]) -> Comparison:
        vectoriser = self.vectoriser()
        settings = self.settings
        if self._failed is not None:
            settings = replace(settings, vectoriser="none")
        found = compare_articles(
            members,
            store,
            settings,
            origin_of=stored_origins(store, story.id),
            vectoriser=vectoriser,
        )
        if self._failed is None:
            return found
        notes = [n for n in found.notes if not n.startswith("no statement vectors")]
        return replace(found, notes=(f"no statement vectors: {self._failed}", *notes))

    def __call__(self, store: Store, story: Story, members: Sequence[Article]) -> StorySections:
        if not members:
            return StorySections()
        found = self.cache.get(
            ("comparison", story.id), lambda: self.comparison(store, story, members)
        )
        return comparison_sections(found, members, outlet_names(stored_graph(store, story.id)))


def _citation(span: Span) -> Citation:
    return Citation(article=span.article_id, start=span.start, end=span.end, text=span.text)


def comparison_sections(
    found: Comparison, members: Sequence[Article], outlets: dict[str, str]
) -> StorySections:
    """The comparison as the page's sections; ``outlets`` names the outlet of an article
    when the text does not (from the provenance graph)."""
    by_id = {a.id: a for a in members}
    texts = {f.id: f.wording.text for f in found.facts}
    summary = Summary(
        algorithm=found.algorithm,
        headline=found.headline or None,
        sentences=[
            SummarySentence(
                text=s.text,
                cites=list(dict.fromkeys(c.article_id for c in s.citations)),
                citations=[_citation(c) for c in s.citations],
                origins=s.origins,
            )
            for s in found.summary
        ],
    )
    timeline = [
        TimelineStep(
            article=t.article_id,
            published=t.published,
            source=outlets.get(t.article_id) or t.source,
            added=[AddedFact(id=f, text=texts.get(f, f)) for f in t.new_facts],
        )
        for t in found.timeline
    ]
    return StorySections(
        summary=summary if found.summary else None,
        matrix=coverage_matrix(found, by_id, outlets) if len(found.articles) > 1 else None,
        quotes=[_quote(q) for q in found.quotes],
        entities=[
            Entity(
                name=e.name,
                kind=e.kind,
                mentions=len(e.mentions),
                articles=list(e.articles),
                aliases=list(e.aliases),
            )
            for e in found.entities
        ],
        timeline=timeline,
        missing=None
        if len(found.articles) > 1
        else {"matrix": "One article: nothing to compare it with yet."},
    )


def _quote(q: FoundQuote) -> Quote:
    first = q.versions[0].span.text if q.versions else ""
    return Quote(
        speaker=q.speaker,
        text=first,
        articles=list(dict.fromkeys(v.span.article_id for v in q.versions)),
        drift=" · ".join(d for d in q.drift if d) or None,
        speaker_kind=q.speaker_kind,
        versions=[
            QuoteVersion(
                article=v.span.article_id, speaker=v.speaker, text=v.span.text, direct=v.direct
            )
            for v in q.versions
        ],
    )


Status = Literal["shared", "partial", "unique", "conflict"]


def _status(fact: Fact, total: int, conflicting: set[str]) -> Status:
    if fact.id in conflicting:
        return "conflict"
    if len(fact.articles) >= total:
        return "shared"
    return "unique" if len(fact.articles) == 1 else "partial"


def coverage_matrix(
    found: Comparison, members: dict[str, Article], outlets: dict[str, str]
) -> CoverageMatrix:
    """Facts x sources: who reports, omits or contradicts each fact, with the spans."""
    shown = list(found.articles[:MAX_SOURCES])
    conflicting = {c.fact_id for c in found.conflicts}
    values: dict[tuple[str, str], str] = {}
    for c in found.conflicts:
        values.setdefault((c.fact_id, c.left.article_id), c.left_value)
        values.setdefault((c.fact_id, c.right.article_id), c.right_value)
    ranked = sorted(
        enumerate(found.facts),
        key=lambda i: (i[1].id not in conflicting, -len(i[1].articles), i[0]),
    )
    kept = sorted(ranked[:MAX_FACTS], key=lambda i: i[0])
    facts = []
    for _, fact in kept:
        evidence = {s.article_id: s.text for s in fact.evidence}
        cells = [
            MatrixCell(
                article=a,
                state="conflicts" if (fact.id, a) in values else "reports",
                value=values.get((fact.id, a)),
                evidence=evidence.get(a),
            )
            if a in evidence or a in fact.articles
            else MatrixCell(article=a, state="omits", value=None, evidence=None)
            for a in shown
        ]
        facts.append(
            MatrixFact(
                id=fact.id, text=fact.wording.text,
                status=_status(fact, len(found.articles), conflicting),
                cells=cells, reported_by=len(fact.articles), origins=fact.origins,
            )
        )  # fmt: skip
    return CoverageMatrix(
        algorithm=found.algorithm,
        sources=[_source(members.get(a), a, outlets) for a in shown],
        facts=facts,
        conflicts=[
            MatrixConflict(
                fact=c.fact_id,
                kind=c.kind,
                left=_citation(c.left),
                right=_citation(c.right),
                left_value=c.left_value,
                right_value=c.right_value,
            )
            for c in found.conflicts
        ],
        sources_total=len(found.articles),
        facts_total=len(found.facts),
        notes=list(found.notes),
    )


def _source(article: Article | None, article_id: str, outlets: dict[str, str]) -> MatrixSource:
    if article is None:
        return MatrixSource(article=article_id, outlet=outlets.get(article_id), language=None)
    return MatrixSource(
        article=article_id,
        outlet=outlets.get(article_id) or article.source,
        language=article.language.code if article.language else None,
        title=article.title,
    )
