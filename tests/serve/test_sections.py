"""The analysis sections' plug-in point: providers fill them, the page shows only what is given."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from storyweave.serve import create_app
from storyweave.serve.graph_layout import COLUMN, MARGIN, layout
from storyweave.serve.sections import (
    CoverageMatrix,
    Entity,
    GraphEdge,
    GraphNode,
    MatrixCell,
    MatrixFact,
    MatrixSource,
    ProvenanceGraph,
    Quote,
    StorySections,
    Summary,
    SummarySentence,
    build_sections,
)
from tests.serve.conftest import SETTINGS


def _graph(edges: list[tuple[str, str]], origins: set[str] = frozenset()) -> ProvenanceGraph:
    names = sorted({n for edge in edges for n in edge} | set(origins))
    return ProvenanceGraph(
        algorithm="test.v1",
        nodes=[GraphNode(id=n, kind="outlet", label=n, origin=n in origins) for n in names],
        edges=[GraphEdge(source=s, target=t, kind="cites") for s, t in edges],
        independent_origins=len(origins),
    )


def _columns(graph: ProvenanceGraph) -> dict[str, int]:
    return {p.node.id: (p.x - MARGIN) // COLUMN for p in layout(graph).nodes}


@pytest.mark.parametrize(
    "edges, origins, expected",
    [
        ([], {"a"}, {"a": 0}),
        ([("b", "a")], {"a"}, {"a": 0, "b": 1}),
        ([("b", "a"), ("c", "b")], {"a"}, {"a": 0, "b": 1, "c": 2}),
        ([("c", "a"), ("c", "b"), ("b", "a")], {"a"}, {"a": 0, "b": 1, "c": 2}),
        ([("b", "a"), ("a", "b")], set(), None),  # a bare cycle is drawn, either way round
        ([("b", "a"), ("a", "b")], {"a"}, {"a": 0, "b": 1}),  # an origin takes from nobody
        ([("b", "a"), ("d", "c")], {"a", "c"}, {"a": 0, "b": 1, "c": 0, "d": 1}),
    ],
)
def test_layout_puts_origins_first_and_takers_right_of_their_sources(edges, origins, expected):
    columns = _columns(_graph(edges, origins))
    if expected is None:
        assert sorted(columns.values()) == [0, 1]
    else:
        assert columns == expected


def test_layout_fits_every_node_and_edge():
    graph = _graph([("b", "a"), ("c", "a"), ("d", "b"), ("ghost", "a")], {"a"})
    drawing = layout(graph)
    assert len(drawing.nodes) == 5 and len(drawing.edges) == 4
    for placed in drawing.nodes:
        assert 0 <= placed.x < drawing.width and 0 <= placed.y < drawing.height


def sections_for(article_ids: list[str]) -> StorySections:
    a, b = article_ids
    return StorySections(
        summary=Summary(
            algorithm="summary.test",
            sentences=[SummarySentence(text="Allies discuss troops.", cites=[a, b])],
        ),
        matrix=CoverageMatrix(
            algorithm="compare.test",
            sources=[
                MatrixSource(article=a, outlet="Outlet A", language="en"),
                MatrixSource(article=b, outlet="Ukrinform", language="en"),
            ],
            facts=[
                MatrixFact(
                    id="f1",
                    text="Barrot: no red lines",
                    status="shared",
                    cells=[
                        MatrixCell(article=a, state="reports"),
                        MatrixCell(article=b, state="reports"),
                    ],
                ),
                MatrixFact(
                    id="f2",
                    text="DCI is 55 % state-owned",
                    status="unique",
                    cells=[
                        MatrixCell(article=a, state="omits"),
                        MatrixCell(article=b, state="reports", evidence="55 %"),
                    ],
                ),
                MatrixFact(
                    id="f3",
                    text="Visit date",
                    status="conflict",
                    cells=[
                        MatrixCell(article=a, state="conflicts", value="11 Nov"),
                        MatrixCell(article=b, state="conflicts", value="12 Nov"),
                    ],
                ),
            ],
        ),
        provenance=ProvenanceGraph(
            algorithm="provenance.test",
            nodes=[
                GraphNode(id="lemonde", kind="outlet", label="Le Monde", origin=True),
                GraphNode(
                    id=a,
                    kind="article",
                    label="Outlet A",
                    article=a,
                    published=datetime(2024, 11, 20, tzinfo=UTC),
                ),
                GraphNode(id=b, kind="article", label="<b>Ukrinform</b>", article=b),
            ],
            edges=[
                GraphEdge(source=a, target="lemonde", kind="cites", evidence="Le Monde reports"),
                GraphEdge(source=b, target="lemonde", kind="cites"),
            ],
            independent_origins=1,
        ),
        quotes=[Quote(speaker="Jean-Noël Barrot", text="no red lines", articles=[a, b])],
        entities=[Entity(name="DCI", kind="organisation", mentions=3, articles=[b])],
    )


@pytest.fixture(scope="module")
def with_sections(corpus_store, seed_ids):
    ids = [seed_ids["000"], seed_ids["003"]]

    def provider(store, story, members):
        return sections_for(ids) if story.id == seed_ids["story"] else StorySections()

    with TestClient(create_app(SETTINGS, corpus_store, sections=[provider])) as client:
        yield client


def test_sections_render_when_given(with_sections, seed_ids):
    html = with_sections.get(f"/stories/{seed_ids['story']}").text
    for section in ("summary", "matrix", "provenance", "quotes", "entities"):
        assert f'id="{section}"' in html, section
    assert re.search(r'<g class="node outlet origin">', html)
    assert "<b>1</b> independent origin:" in html
    assert '<tr class="fact conflict">' in html and "≠ 12 Nov" in html
    assert "&lt;b&gt;Ukrinform&lt;/b&gt;" in html  # labels are escaped inside the SVG too
    assert "<svg" in html and "<script" not in html
    data = with_sections.get(f"/api/stories/{seed_ids['story']}").json()["sections"]
    assert data["provenance"]["independent_origins"] == 1
    assert [f["status"] for f in data["matrix"]["facts"]] == ["shared", "unique", "conflict"]


def test_other_stories_show_no_sections(with_sections):
    other = with_sections.get("/api/stories?order=-size&limit=1").json()["stories"]["items"][0]
    html = with_sections.get(f"/stories/{other['id']}").text
    assert 'id="provenance"' not in html and 'id="matrix"' not in html


def test_later_providers_fill_only_what_earlier_ones_left():
    first = StorySections(quotes=[Quote(speaker=None, text="a", articles=[])])
    second = StorySections(
        quotes=[Quote(speaker=None, text="b", articles=[])],
        entities=[Entity(name="X", kind="place", mentions=1, articles=[])],
    )
    merged = build_sections([lambda *_: first, lambda *_: second], None, None, [])  # type: ignore[arg-type]
    assert [q.text for q in merged.quotes] == ["a"]
    assert merged.entities is not None and merged.matrix is None
