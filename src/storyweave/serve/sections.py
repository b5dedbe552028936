"""The analysis sections of a story page, and how analysis stages plug into it.

A story page always shows the story, its members and their timeline. The analysis sections
(cited summary, coverage matrix, provenance graph, quotes, entities) come from *section
providers*: callables ``(store, story, members) -> StorySections`` given to
:func:`storyweave.serve.create_app`. Each provider fills the sections it knows and leaves the
others ``None``; the page merges what the providers return and renders a section only when
it is there, so a store without provenance data simply has no provenance section.

To plug a stage in, write a provider that reads the stage's stored output for the story and
converts it to the models below (:class:`ProvenanceGraph`, :class:`CoverageMatrix`, ...), and
add it to :data:`storyweave.serve.app.DEFAULT_SECTION_PROVIDERS`. The templates
(``partials/provenance.html``, ``partials/matrix.html``, ...) and the JSON are ready for them.
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


class SummarySentence(Section):
    text: str
    cites: list[str] = Field(description="Ids of the member articles this sentence rests on.")


class Summary(Section):
    algorithm: str
    sentences: list[SummarySentence]


# -- coverage matrix: facts x sources ---------------------------------------------------------


class MatrixSource(Section):
    article: str
    outlet: str | None
    language: str | None


class MatrixCell(Section):
    article: str
    state: Literal["reports", "omits", "conflicts"]
    value: str | None = Field(None, description="What this source says (for a conflict).")
    evidence: str | None = Field(None, description="The span of the article that says it.")


class MatrixFact(Section):
    id: str
    text: str
    status: Literal["shared", "partial", "unique", "conflict"]
    cells: list[MatrixCell] = Field(description="One cell per source, in the sources' order.")


class CoverageMatrix(Section):
    algorithm: str
    sources: list[MatrixSource]
    facts: list[MatrixFact]


# -- provenance graph -------------------------------------------------------------------------


class GraphNode(Section):
    id: str
    kind: Literal["article", "outlet"]
    label: str
    article: str | None = Field(None, description="The member article a node stands for.")
    origin: bool = Field(False, description="An independent origin of the story.")
    published: datetime | None = None


class GraphEdge(Section):
    source: str = Field(description="The node that takes from ``target``.")
    target: str
    kind: Literal["cites", "copies", "rewrites", "translates"]
    score: float | None = None
    evidence: str | None = None


class ProvenanceGraph(Section):
    algorithm: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    independent_origins: int


# -- quotes and entities ----------------------------------------------------------------------


class Quote(Section):
    speaker: str | None
    text: str
    articles: list[str]
    drift: str | None = Field(None, description="How the quote's wording differs by source.")


class Entity(Section):
    name: str
    kind: str = Field(description="person, organisation, place, ...")
    mentions: int
    articles: list[str]


class StorySections(Section):
    """What the analysis stages say about a story; ``None``: no data for that section."""

    summary: Summary | None = None
    matrix: CoverageMatrix | None = None
    provenance: ProvenanceGraph | None = None
    quotes: list[Quote] | None = None
    entities: list[Entity] | None = None


SectionProvider = Callable[[Store, Story, Sequence[Article]], StorySections]


def build_sections(
    providers: Sequence[SectionProvider], store: Store, story: Story, members: Sequence[Article]
) -> StorySections:
    """Merge the providers' sections; a later provider fills only what earlier ones left."""
    merged: dict[str, object] = {}
    for provider in providers:
        given = provider(store, story, members)
        for name in StorySections.model_fields:
            value = getattr(given, name)
            if value is not None and merged.get(name) is None:
                merged[name] = value
    return StorySections.model_validate(merged)
