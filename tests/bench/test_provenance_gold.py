"""Pinned floors on the hand-annotated provenance gold set (they may only go up).

Measured values at the time of pinning (bench/provenance.py prints them): dev attribution
P 0.994 R 0.948, outlet resolution 1.000; held-out P 1.000 R 0.849, resolution 1.000; story
graphs relay P 1.000 R 1.000, edge F1 0.990, independent origins exact on 28 of 29; ECB+
near-copies 28 of 28.
"""

from __future__ import annotations

import json

import pytest

import provenance as bench
from provenance_gold import (
    GOLD,
    load_articles,
    load_gold,
    locate,
    score_attributions,
)
from storyweave.analyse.provenance import BaselineAttributions, OutletRegistry, RuleAttributions

REGISTRY = OutletRegistry.default()


def _score(name, extractor):
    gold = load_gold(name)
    articles = load_articles((g["dataset"], g["id"]) for g in gold)
    return score_attributions(
        lambda a, own: extractor.extract(a.id, a.text, own), gold, articles, REGISTRY
    )


def test_the_gold_set_is_as_large_as_promised_and_every_snippet_is_found(shared_data):
    gold = load_gold("attributions.jsonl") + load_gold("attributions-heldout.jsonl")
    assert sum(len(g["statements"]) for g in gold) >= 150
    articles = load_articles((g["dataset"], g["id"]) for g in gold)
    for record in gold:
        for statement in record["statements"]:
            locate(articles[record["id"]].text, statement)  # raises when absent
    graphs = [json.loads(line) for line in (GOLD / "graphs.jsonl").read_text().splitlines()]
    assert len(graphs) >= 20


@pytest.mark.parametrize(
    "name, precision, recall, resolution",
    [("attributions.jsonl", 0.99, 0.94, 0.99), ("attributions-heldout.jsonl", 0.95, 0.84, 0.95)],
)
def test_attribution_floors(shared_data, name, precision, recall, resolution):
    ours = _score(name, RuleAttributions(REGISTRY))
    assert ours.precision >= precision and ours.recall >= recall
    assert ours.resolution >= resolution
    baseline = _score(name, BaselineAttributions(REGISTRY))
    assert ours.recall > baseline.recall + 0.5


def test_graph_floors(shared_data):
    ours, baseline = bench.graph_tables(REGISTRY)
    precision, recall, f1 = ours.edges()
    assert precision >= 0.975 and recall >= 0.99 and f1 >= 0.985
    assert ours.relay_hit >= 0.99 * ours.relay_gold and ours.relay_hit >= 0.99 * ours.relay_pred
    assert ours.origins_exact >= 28
    assert ours.direction_wrong == 0 and ours.direction_right >= 5
    assert f1 > baseline.edges()[2]


@pytest.mark.slow
def test_ecb_near_copies_come_out_as_copies_or_rewrites(shared_data):
    found = bench.near_copies(REGISTRY)
    assert found.pairs >= 25 and found.found == found.pairs
    assert found.dated_right == found.dated_decided
