"""Provenance wired to the store: traced after assignment, idempotent, re-traced on change."""

from __future__ import annotations

import json

from storyweave import pipeline
from storyweave.pipeline_provenance import trace_stories
from storyweave.pipeline_stories import assign_stories
from storyweave.settings import Settings
from storyweave.store import open_store
from tests.conftest import SEEDS

SETTINGS = Settings(db=":memory:", vectoriser="none")


def test_seeds_traced_once_then_unchanged(tmp_path):
    with open_store(":memory:") as store:
        pipeline.ingest([str(SEEDS)], store, SETTINGS)
        report = assign_stories(store, SETTINGS)
        touched = report.stories
        first = trace_stories(store, SETTINGS, touched)
        again = trace_stories(store, SETTINGS, touched)
        assert (first.traced, again.traced, again.unchanged) == (len(touched), 0, len(touched))
        forced = trace_stories(store, SETTINGS, touched, force=True)
        assert forced.traced == len(touched)


def test_a_new_member_retraces_its_story(tmp_path):
    text = "The bridge will open in spring, Reuters reports, after years of delays and floods."
    rows = [{"id": "r1", "title": "Bridge to open", "text": text}]
    path = tmp_path / "a.jsonl"
    with open_store(":memory:") as store:
        path.write_text(json.dumps(rows[0]) + "\n", encoding="utf-8")
        pipeline.ingest([str(path)], store, SETTINGS)
        (story,) = assign_stories(store, SETTINGS).stories
        assert trace_stories(store, SETTINGS, [story]).traced == 1
        path.write_text(json.dumps({"id": "r2", "title": "Bridge to open", "text": text}) + "\n")
        pipeline.ingest([str(path)], store, SETTINGS)
        touched = assign_stories(store, SETTINGS).stories
        assert touched == (story,)
        assert trace_stories(store, SETTINGS, touched).traced == 1
        graph = store.get_provenance(story, "provenance-dag.v1")
        assert graph.articles == 2
