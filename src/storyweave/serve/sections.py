"""The analysis sections of a story page, and how analysis stages plug into it.

A story page always shows the story, its members and their timeline. The analysis sections
(cited summary, coverage matrix, provenance graph, quotes, entities) come from *section
providers*: callables ``(store, story, members) -> StorySections`` given to
:func:`storyweave.serve.create_app`. Each provider fills the sections it knows and leaves the
others ``None``; the page merges what the providers return and renders a section only when
it is there, so a store without provenance data simply has no provenance section.

To plug a stage in, write a provider that reads the stage's stored output for the story and
converts it to the models below (:class:`ProvenanceGraph`, :class:`CoverageMatrix`, ...), and
add a factory ``(settings, cache) -> provider`` to
:data:`storyweave.serve.app.DEFAULT_SECTION_PROVIDERS` (:mod:`storyweave.serve.providers`
holds the provenance and comparison ones). A provider with no data for a section it owns
says why in ``missing`` (a story not traced yet), and the page shows that instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from storyweave.models import Article, Story
from storyweave.store import Store


class Section(BaseModel):
    model_config = ConfigDict(frozen=True)


# -- cited summary ----------------------------------------------------------------------------


class Citation(Section):
    """Characters ``start:end`` of a member article's cleaned text (``text`` is that slice)."""

    article: str
    start: int
    end: int
    text: str


class SummarySentence(Section):
    text: str
    cites: list[str] = Field(description="Ids of the member articles this sentence rests on.")
    citations: list[Citation] = Field(default=[], description="The spans it rests on.")
    origins: int | None = Field(default=None, description="Independent origins of what it says.")


class Summary(Section):
    algorithm: str
    sentences: list[SummarySentence]
    headline: str | None = Field(default=None, description="A neutral headline for the story.")


# -- coverage matrix: facts x sources ---------------------------------------------------------


class MatrixSource(Section):
    article: str
    outlet: str | None
    language: str | None
    title: str | None = None


class MatrixCell(Section):
    article: str
    state: Literal["reports", "omits", "conflicts"]
    value: str | None = Field(default=None, description="What this source says (for a conflict).")
    evidence: str | None = Field(default=None, description="The span of the article that says it.")


class MatrixFact(Section):
    id: str
    text: str
    status: Literal["shared", "partial", "unique", "conflict"]
    cells: list[MatrixCell] = Field(description="One cell per source, in the sources' order.")
    reported_by: int | None = Field(default=None, description="Member articles reporting it.")
    origins: int | None = Field(default=None, description="Independent origins among them.")


class MatrixConflict(Section):
    """Two versions of a fact that differ in one kind of detail: both spans, no verdict."""

    fact: str
    kind: str = Field(description="number, date, time, place, person or attribution")
    left: Citation
    right: Citation
    left_value: str
    right_value: str


class CoverageMatrix(Section):
    algorithm: str
    sources: list[MatrixSource]
    facts: list[MatrixFact]
    conflicts: list[MatrixConflict] = []
    sources_total: int | None = Field(
        default=None, description="Sources compared (some may be cut)."
    )
    facts_total: int | None = Field(default=None, description="Facts found (some may be cut).")
    notes: list[str] = Field(default=[], description="What the comparison approximated.")


# -- provenance graph -------------------------------------------------------------------------


class GraphNode(Section):
    id: str
    kind: Literal["article", "outlet"]
    label: str
    article: str | None = Field(default=None, description="The member article a node stands for.")
    origin: bool = Field(False, description="An independent origin of the story.")
    published: datetime | None = None
    outlet: str | None = Field(
        default=None, description="For an article: the outlet publishing it."
    )
    agency: bool = Field(False, description="A wire agency.")
    in_story: bool = Field(True, description="False for outlets cited but absent.")


class GraphEdge(Section):
    source: str = Field(description="The node that takes from ``target``.")
    target: str
    kind: Literal["cites", "copies", "rewrites", "translates"]
    score: float | None = None
    evidence: str | None = None
    decided: bool = Field(True, description="False: direction or relation left undecided.")
    relay: bool = Field(True, description="False for a cite that only mentions the outlet.")
    reason: str | None = None


class OutletProvenance(Section):
    """One outlet's part in the story: an origin, a relay of others, or only cited."""

    id: str
    name: str
    role: Literal["origin", "relay", "publisher", "cited"]
    agency: bool = False
    in_story: bool = Field(description="Whether it published one of the story's articles.")
    articles: list[str] = Field(description="The member articles it published.")
    relays: list[str] = Field(description="Names of what its articles take from.")


class OriginGroup(Section):
    """Origin nodes counted as one independent origin (an outlet's own articles, say)."""

    name: str
    nodes: list[str] = Field(description="The origin nodes' labels.")
    in_story: bool


class ProvenanceGraph(Section):
    algorithm: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    independent_origins: int
    origin_groups: list[OriginGroup] = Field(
        default=[], description="Origins by outlet (undecided edges may join groups further)."
    )
    wire_copies: int = 0
    undecided: int = 0
    outlets: list[OutletProvenance] = []
    stale: bool = Field(False, description="Traced before the story's members last changed.")


# -- quotes and entities ----------------------------------------------------------------------


class QuoteVersion(Section):
    article: str
    speaker: str | None
    text: str
    direct: bool


class Quote(Section):
    speaker: str | None
    text: str
    articles: list[str]
    drift: str | None = Field(
        default=None, description="How the quote's wording differs by source."
    )
    speaker_kind: str | None = Field(default=None, description="named, role or anonymous")
    versions: list[QuoteVersion] = []


class Entity(Section):
    name: str
    kind: str = Field(description="person, organisation, place, ...")
    mentions: int
    articles: list[str]
    aliases: list[str] = []


# -- timeline: what each article added --------------------------------------------------------


class AddedFact(Section):
    id: str
    text: str


class TimelineStep(Section):
    article: str
    published: datetime | None
    source: str | None
    added: list[AddedFact] = Field(description="Facts no earlier article had reported.")


class StorySections(Section):
    """What the analysis stages say about a story; ``None``: no data for that section."""

    summary: Summary | None = None
    matrix: CoverageMatrix | None = None
    provenance: ProvenanceGraph | None = None
    quotes: list[Quote] | None = None
    entities: list[Entity] | None = None
    timeline: list[TimelineStep] | None = None
    missing: dict[str, str] | None = Field(
        default=None, description="Section -> why it has no data for this story (not traced, ...)."
    )


SectionProvider = Callable[[Store, Story, Sequence[Article]], StorySections]


def build_sections(
    providers: Sequence[SectionProvider], store: Store, story: Story, members: Sequence[Article]
) -> StorySections:
    """Merge the providers' sections; a later provider fills only what earlier ones left."""
    merged: dict[str, object] = {}
    missing: dict[str, str] = {}
    for provider in providers:
        given = provider(store, story, members)
        for name in StorySections.model_fields:
            value = getattr(given, name)
            if value is not None and merged.get(name) is None:
                merged[name] = value
        for name, why in (given.missing or {}).items():
            missing.setdefault(name, why)
    missing = {k: v for k, v in missing.items() if merged.get(k) is None}
    merged["missing"] = missing or None
    return StorySections.model_validate(merged)
