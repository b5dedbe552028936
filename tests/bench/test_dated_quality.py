"""Quality floors on real reports with real dates: how time is weighed.

Two labelled sets pull the time scale apart. ``ecbplus-dated`` (the ECB+ reports whose
datelines give their date) has late reports of one event, weeks after it: a short decay
splits them off. MEANTIME (Wikinews articles in four languages, dated by the cleaner from
their datelines) has recurring events of one kind days apart, stock-market falls above all:
a long grace fuses them. The shipped scale (``story_grace_days`` 1, ``story_decay_days`` 14)
keeps MEANTIME's events apart nearly as well as 1 and 3 days did and keeps more late reports;
these floors record both sides, which a better treatment of time may only raise
(``bench/clustering.py --corpus ecbplus-dated --corpus meantime`` prints them with the model,
beside the TF-IDF baseline).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpora import blind, gold_labels, load_corpus, write_jsonl
from metrics import bcubed
from storyweave import pipeline
from storyweave.pipeline_stories import assign_stories
from storyweave.settings import Settings
from storyweave.store import open_store

#: BCubed F1 without the embedding model, seed 0. ecbplus-dated: measured 0.854 shipped,
#: 0.890 with 30 / 60 days; MEANTIME: 0.952 shipped, 0.923 with 7 / 30 days.
FLOOR_SHIPPED = 0.85
FLOOR_WIDE = 0.87
FLOOR_RECURRING = 0.95


def dated_f1(
    shared_data: Path, tmp_path: Path, corpus: str = "ecbplus-dated", **story: float
) -> float:
    articles = load_corpus(corpus, shared_data)
    blinded, original = blind(articles, seed=0)
    path = write_jsonl(blinded, tmp_path / "dated.jsonl")
    settings = Settings(db=":memory:", vectoriser="none", min_text_chars=1, **story)
    gold = gold_labels(articles)
    with open_store(":memory:") as store:
        pipeline.ingest([str(path)], store, settings)
        assign_stories(store, settings)
        pred = {
            original[b["id"]]: store.resolve_story(store.get_assignment(b["id"]).story_id)
            for b in blinded
        }
    return bcubed(gold, pred)[2]


@pytest.mark.slow
def test_dated_reports_with_the_shipped_time_scale(shared_data: Path, tmp_path: Path) -> None:
    assert dated_f1(shared_data, tmp_path) >= FLOOR_SHIPPED


@pytest.mark.slow
def test_a_wider_time_scale_keeps_late_reports(shared_data: Path, tmp_path: Path) -> None:
    wide = dated_f1(shared_data, tmp_path, story_grace_days=30, story_decay_days=60)
    assert wide >= FLOOR_WIDE and wide > dated_f1(shared_data, tmp_path)


@pytest.mark.slow
def test_recurring_events_days_apart_stay_apart(shared_data: Path, tmp_path: Path) -> None:
    shipped = dated_f1(shared_data, tmp_path, "meantime")
    wide = dated_f1(shared_data, tmp_path, "meantime", story_grace_days=7, story_decay_days=30)
    assert shipped >= FLOOR_RECURRING and shipped > wide
