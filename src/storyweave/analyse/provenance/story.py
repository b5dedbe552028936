"""Provenance of one story end to end: own outlets, attributions, reuse, and the graph."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from storyweave.analyse.provenance._tokens import sentence_spans
from storyweave.analyse.provenance.attribution import RuleAttributions, self_reported_outlet
from storyweave.analyse.provenance.graph import LEAD_SENTENCES, build_graph
from storyweave.analyse.provenance.outlets import OutletRef, OutletRegistry, normalise_name
from storyweave.analyse.provenance.reuse import ReuseConfig, find_reuse
from storyweave.analyse.provenance.when import moment_of
from storyweave.models import Article, Attribution, ProvenanceGraph

#: Beyond this many attribution statements an article's list is cut (kept in reading order);
#: the graph needs the outlets, not the thousandth "he said".
MAX_ATTRIBUTIONS = 2000


@dataclass(frozen=True)
class StoryProvenance:
    """What tracing one story found: the graph, each article's statements and own outlet."""

    graph: ProvenanceGraph
    attributions: Mapping[str, tuple[Attribution, ...]] = field(default_factory=dict)
    own: Mapping[str, OutletRef | None] = field(default_factory=dict)


def trace_story(
    story_id: str,
    articles: Sequence[Article],
    registry: OutletRegistry,
    *,
    vectors: Mapping[str, np.ndarray] | None = None,
    reuse_config: ReuseConfig | None = None,
) -> StoryProvenance:
    """Trace a story's provenance. ``vectors`` (article id -> one vector, or one per
    sentence) enable translation edges; without them only same-language reuse is found."""
    extractor = RuleAttributions(registry)
    attributions: dict[str, tuple[Attribution, ...]] = {}
    own: dict[str, OutletRef | None] = {}
    lead_ends: dict[str, int] = {}
    for article in articles:
        ref = registry.own_outlet(article.source, article.url)
        found = extractor.extract(article.id, article.text, ref.key if ref else None)
        if ref is None:
            inferred = self_reported_outlet(article.text, found)
            ref = registry.ref(inferred, "self-reference") if inferred else None
        own[article.id] = ref
        attributions[article.id] = tuple(found[:MAX_ATTRIBUTIONS])
        spans = sentence_spans(article.text)
        lead_ends[article.id] = spans[min(LEAD_SENTENCES, len(spans)) - 1][1] if spans else 0
    cited: dict[str, OutletRef] = {}
    for statements in attributions.values():
        for item in statements:
            if item.outlet and item.outlet not in cited:
                ref = registry.ref(item.outlet, "cited")
                if item.outlet not in registry:  # unregistered: named as the text names it
                    ref = OutletRef(item.outlet, normalise_name(item.source), False, "cited")
                cited[item.outlet] = ref
    reuse = find_reuse(articles, vectors, reuse_config)
    moments = {a.id: moment_of(a) for a in articles}
    graph = build_graph(story_id, articles, attributions, reuse, own, cited, lead_ends, moments)
    return StoryProvenance(graph, attributions, own)
