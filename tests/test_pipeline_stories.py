"""Story assignment wired to the store: copies, restarts, bad input, stable ids."""

from __future__ import annotations

import json

from storyweave import pipeline
from storyweave.pipeline_stories import assign_stories
from storyweave.settings import Settings
from storyweave.store import open_store
from tests.conftest import CountingVectoriser

SETTINGS = Settings(db=":memory:", vectoriser="none")
TEXT = (
    "The Indian navy captured 23 pirates in the Gulf of Aden on Saturday after they tried to "
    "board a merchant vessel flying an Ethiopian flag, the navy said."
)


def write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_identical_copies_follow_their_original_without_scoring(tmp_path):
    rows = [{"id": f"c{i}", "title": "Navy captures 23 pirates", "text": TEXT} for i in range(500)]
    with open_store(":memory:") as store:
        pipeline.ingest([write(tmp_path / "copies.jsonl", rows)], store, SETTINGS)
        report = assign_stories(store, SETTINGS)
        assert report.assigned == 500 and report.new_stories == 1
        assert report.copies == 499
        (story,) = store.list_stories()
        assert story.size == 500
        links = store.duplicate_links("c1")
        assert links and links[0].duplicate_of == "c0" and links[0].score == 1.0
        assert "duplicate" in store.get_assignment("c7").candidates[0].features


def test_a_second_run_continues_from_the_stored_stories(tmp_path):
    first = [{"id": "a", "title": "Navy captures 23 pirates", "text": TEXT}]
    second = [{"id": "b", "title": "Indian navy captures pirates in Gulf of Aden",
               "text": TEXT.replace("Saturday", "Saturday morning")}]  # fmt: skip
    db = str(tmp_path / "s.db")
    settings = Settings(db=db, vectoriser="none")
    with open_store(db) as store:
        pipeline.ingest([write(tmp_path / "1.jsonl", first)], store, settings)
        assign_stories(store, settings)
    with open_store(db) as store:
        pipeline.ingest([write(tmp_path / "2.jsonl", second)], store, settings)
        report = assign_stories(store, settings)
        assert report.assigned == 1 and report.new_stories == 0
        assert store.get_assignment("b").story_id == store.get_assignment("a").story_id
        assert assign_stories(store, settings).assigned == 0


def test_bad_dates_and_missing_titles_are_assigned(tmp_path):
    rows = [
        {"id": "old", "title": None, "text": TEXT, "date": "1970-01-01"},
        {"id": "future", "title": "Pirates", "text": TEXT + " More.", "date": "2999-01-01"},
        {"id": "none", "title": "", "text": "Completely different: a recipe for lemon cake."},
    ]
    with open_store(":memory:") as store:
        pipeline.ingest([write(tmp_path / "bad.jsonl", rows)], store, SETTINGS)
        report = assign_stories(store, SETTINGS)
        assert report.assigned == 3
        assert store.count_unassigned() == 0


def test_the_near_duplicate_index_keeps_the_stream_window_only(tmp_path):
    """A copy of an article from beyond the story window is not followed as a copy: the
    index evicts (after each batch) what the clusterer's clock has left behind."""
    from datetime import UTC, datetime, timedelta

    def day(n: int) -> str:
        return (datetime(2024, 3, 1, 12, tzinfo=UTC) + timedelta(days=n)).isoformat()

    copy = {"title": "Navy captures 23 pirates", "text": TEXT}
    rows = [{"id": "orig", **copy, "date": day(0)}, {"id": "near", **copy, "date": day(3)}]
    rows += [
        {"id": f"f{i}", "title": f"Unrelated item {i}", "text": f"Zebra{i} quokka{i} wombat{i}.",
         "date": day(1 + i)}
        for i in range(60)
    ]  # fmt: skip
    rows.append({"id": "late", **copy, "date": day(70)})
    settings = SETTINGS.with_overrides(story_window_days=10)
    with open_store(":memory:") as store:
        pipeline.ingest([write(tmp_path / "window.jsonl", rows)], store, settings)
        assign_stories(store, settings)
        assert [link.duplicate_of for link in store.duplicate_links("near")] == ["orig"]
        assert store.duplicate_links("late") == []  # orig and near left the window long ago


def test_the_model_reads_the_configured_lead_and_its_vectors_are_stored_under_it(
    tmp_path, monkeypatch
):
    """``story_lead_chars`` cuts what the model reads; vectors of another cut are kept apart
    (stored under the model's name plus the lead length), the default cut under the name."""
    from storyweave import pipeline_stories
    from storyweave.cluster import VectoriserChoice

    long_text = TEXT + " " + " ".join(f"Sentence number {i} of the report." for i in range(40))
    rows = [
        {"id": "en", "title": "Navy captures 23 pirates", "text": long_text},
        {"id": "ru", "title": "ВМС Индии задержали 23 пиратов",
         "text": "ВМС Индии задержали 23 пиратов в Аденском заливе в субботу, сообщили военные. "
         * 3},
    ]  # fmt: skip
    for chars, key in ((100, "fake-vectors.v1+lead100"), (300, "fake-vectors.v1")):
        model = CountingVectoriser()
        choice = VectoriserChoice(model, "counting")
        monkeypatch.setattr(pipeline_stories, "load_vectoriser", lambda kind, c=choice: c)
        settings = SETTINGS.with_overrides(story_lead_chars=chars)
        with open_store(":memory:") as store:
            pipeline.ingest([write(tmp_path / "two.jsonl", rows)], store, settings)
            assign_stories(store, settings)
            assert set(store.get_vectors(key, ["en", "ru"])) == {"en", "ru"}  # another script
            other = "fake-vectors.v1" if chars != 300 else "fake-vectors.v1+lead100"
            assert store.get_vectors(other, ["en", "ru"]) == {}
        read = next(t for t in model.embedded if t.startswith("Navy"))
        body = read.removeprefix("Navy captures 23 pirates. ")
        assert chars - 40 < len(body) <= chars and long_text.startswith(body)


def test_with_crosslingual_embeddings_the_model_reads_other_languages_only(tmp_path, monkeypatch):
    """``story_embeddings = crosslingual``: a same-language report is decided on words and
    names, held to the lexical-only threshold; a report in another script goes to the model.
    The threshold each decision was held to is stored with it (what ``explain`` shows)."""
    from storyweave import pipeline_stories
    from storyweave.cluster import VectoriserChoice

    rows = [
        {"id": "en", "title": "Navy captures 23 pirates", "text": TEXT},
        {"id": "en2", "title": "Indian navy seizes pirates in the Gulf of Aden",
         "text": "Indian sailors seized 23 pirates who tried to board an Ethiopian-flagged ship "
                 "in the Gulf of Aden on Saturday."},
        {"id": "ru", "title": "ВМС Индии задержали 23 пиратов",
         "text": "ВМС Индии задержали 23 пиратов в Аденском заливе в субботу, сообщили военные."},
    ]  # fmt: skip
    model = CountingVectoriser()
    choice = VectoriserChoice(model, "counting")
    monkeypatch.setattr(pipeline_stories, "load_vectoriser", lambda kind: choice)
    settings = SETTINGS.with_overrides(story_embeddings="crosslingual")
    with open_store(":memory:") as store:
        pipeline.ingest([write(tmp_path / "three.jsonl", rows)], store, settings)
        assign_stories(store, settings)
        en2, ru = store.get_assignment("en2"), store.get_assignment("ru")
        assert not en2.embedded and en2.threshold == 0.28
        assert ru.embedded and ru.threshold == 0.42
        assert pipeline_stories.threshold_of(en2, settings) == 0.28
    assert not any(t.startswith("Indian navy") for t in model.embedded)
    assert any(t.startswith("ВМС") for t in model.embedded)


def test_decisions_stored_without_a_threshold_show_the_configured_one():
    from dataclasses import replace

    from storyweave.models import Assignment
    from storyweave.pipeline_stories import threshold_of

    old = Assignment("a", "s1", 0.5, False, "online-story.v3")
    assert threshold_of(old, SETTINGS) == SETTINGS.story_threshold
    assert threshold_of(replace(old, threshold=0.28), SETTINGS) == 0.28


def test_story_settings_reach_the_clusterer():
    from storyweave.pipeline_stories import cluster_config

    default = cluster_config(SETTINGS)
    assert (default.grace_days, default.decay_days, default.embed_same_language) == (1, 14, True)
    config = cluster_config(
        SETTINGS.with_overrides(
            story_threshold=0.5,
            story_window_days=60,
            story_grace_days=7,
            story_decay_days=30,
            story_embeddings="crosslingual",
        )
    )
    assert (config.threshold, config.window_days) == (0.5, 60)
    assert config.lexical_only_threshold == 0.5 - (0.42 - 0.28)
    assert (config.grace_days, config.decay_days, config.embed_same_language) == (7, 30, False)
