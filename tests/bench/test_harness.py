"""Corpus loading, blinding, the TF-IDF baseline and the command runner of the harness."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

import clustering
from corpora import (
    BLIND_DATASET,
    CORPORA,
    blind,
    dateline,
    gold_labels,
    load_corpus,
    read_jsonl,
    temporary_jsonl,
)
from metrics import score

STORIES = {
    "quake": [
        "Earthquake of magnitude 6 strikes coastal Chile, tsunami warning issued",
        "Chile earthquake: magnitude 6 tremor shakes coast, tsunami warning",
        "Tsunami warning lifted after magnitude 6 earthquake off Chile coast",
    ],
    "vote": [
        "Parliament passes budget bill after late night vote",
        "Budget bill clears parliament in late night vote",
        "Late night parliament vote approves the budget bill",
    ],
}
SYNTHETIC = [
    {"id": f"{story}-{i}", "cluster": story, "title": None, "text": text, "extra": {"k": story}}
    for story, texts in STORIES.items()
    for i, text in enumerate(texts)
]

# A stand-in for `storyweave cluster` that knows what an earthquake story looks like.
FAKE_CLUSTER = """
import json, sys
with open(sys.argv[1], encoding="utf-8") as src, open(sys.argv[2], "w") as out:
    for line in src:
        article = json.loads(line)
        story = "magnitude" in article["text"]
        out.write(json.dumps({"id": article["id"], "story": story}) + "\\n")
"""


def test_baseline_recovers_two_obvious_stories() -> None:
    pred = clustering.tfidf_baseline(SYNTHETIC, clustering.FIXED_THRESHOLD)
    assert score(gold_labels(SYNTHETIC), pred).bcubed_f1 == 1.0
    assert clustering.tune_on_test(SYNTHETIC, gold_labels(SYNTHETIC)) in clustering.SWEEP


def test_baseline_handles_tiny_and_empty_inputs() -> None:
    assert clustering.tfidf_baseline(SYNTHETIC[:1], 0.8) == {"quake-0": 0}
    assert clustering.tfidf_baseline([], 0.8) == {}
    apart = clustering.agglomerate(clustering.tfidf_distances([SYNTHETIC[0], SYNTHETIC[3]]), 0.5)
    assert len(set(apart)) == 2


def test_blind_hides_every_gold_hint() -> None:
    blinded, original = blind(SYNTHETIC, seed=3)
    assert sorted(original.values()) == sorted(a["id"] for a in SYNTHETIC)
    assert all(a["id"] not in original.values() for a in blinded)
    assert {a["dataset"] for a in blinded} == {BLIND_DATASET}
    assert all("cluster" not in a and a["extra"] == {} for a in blinded)
    assert Counter(a["text"] for a in blinded) == Counter(a["text"] for a in SYNTHETIC)
    assert blind(SYNTHETIC, seed=3) == (blinded, original)


def test_jsonl_round_trip_keeps_non_ascii() -> None:
    articles = [{"id": "é", "text": "Zürich — 東京"}]
    with temporary_jsonl(articles) as path:
        assert read_jsonl(path) == articles
        assert "Zürich" in path.read_text(encoding="utf-8")
    assert not path.exists()


def _fake_command(tmp_path: Path) -> str:
    script = tmp_path / "fake_cluster.py"
    script.write_text(FAKE_CLUSTER, encoding="utf-8")
    return f"{sys.executable} {script} {{input}} {{output}}"


def test_command_output_is_scored(tmp_path: Path) -> None:
    rows = clustering.evaluate_corpus("synthetic", SYNTHETIC, _fake_command(tmp_path), 60.0)
    assert [row.system.split(" t=")[0] for row in rows] == [
        "ours",
        "tfidf fixed",
        "tfidf TUNED-ON-TEST",
    ]
    ours = rows[0].scores
    assert ours is not None and ours.bcubed_f1 == 1.0
    assert "not available" not in clustering.format_table(rows)


def test_missing_assignments_become_singletons(tmp_path: Path) -> None:
    script = tmp_path / "half.py"
    script.write_text(FAKE_CLUSTER.replace("for line in src:", "for line in list(src)[:3]:"))
    template = f"{sys.executable} {script} {{input}} {{output}}"
    outcome = clustering.run_command(SYNTHETIC, template, 60.0)
    assert outcome.labels is not None and len(outcome.labels) == len(SYNTHETIC)
    assert outcome.notes == ["3 articles had no assignment; scored as singletons"]


@pytest.mark.parametrize(
    "template, reason",
    [
        (f"{sys.executable} -c 'import sys; sys.exit(2)'", "exit 2"),
        (f"{sys.executable} -c 'pass'", "no output file"),
        ("/nonexistent/storyweave cluster", "could not run"),
        (f"{clustering.STORYWEAVE} --db {{db}} no-such-command", "exit 2"),
    ],
)
def test_failing_command_reads_not_available(template: str, reason: str) -> None:
    outcome = clustering.run_command(SYNTHETIC, template, 60.0)
    assert outcome.labels is None and reason in outcome.notes[0]
    row = clustering.Row("synthetic", "ours", 6, None, outcome.seconds, outcome.notes)
    assert "ours: not available on synthetic" in clustering.format_table([row])
    assert row.as_dict()["available"] is False


def test_build_command_fills_placeholders() -> None:
    command = clustering.build_command(
        "sw --db {db} cluster --input {input} --output={output}", Path("a b"), Path("o"), Path("d")
    )
    assert command == ["sw", "--db", "d", "cluster", "--input", "a b", "--output=o"]


@pytest.mark.parametrize("name, counts", CORPORA.items())
def test_corpora_load_with_documented_counts(
    shared_data: Path, name: str, counts: tuple[int, int]
) -> None:
    articles = load_corpus(name, shared_data)
    gold = gold_labels(articles)
    assert (len(gold), len(set(gold.values()))) == counts == (len(articles), counts[1])


def test_unknown_corpus_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown corpus 'nope'"):
        load_corpus("nope")


def test_main_writes_one_table_and_json(
    shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "scores.json"
    argv = ["--corpus", "newswcl50", "--data", str(shared_data), "--json", str(out)]
    assert clustering.main([*argv, "--cmd", f"{sys.executable} -c 'raise SystemExit(1)'"]) == 0
    printed = capsys.readouterr().out
    assert "ours: not available on newswcl50" in printed
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [row["available"] for row in rows] == [False, True, True]
    assert rows[2]["scores"]["bcubed_f1"] >= rows[1]["scores"]["bcubed_f1"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Updated: November 11, 2011 20: 09 IST Navy foils attack", "2011-11-11"),
        ("Sat Nov 12 2011, 01: 19 hrs Warship INS Sukanya", "2011-11-12"),
        ("16 August 2011 (Tue, 16 Aug 2011) This morning", "2011-08-16"),
        ("Posted 2 / 3 / 2009 on Feb. 04, 2009 San Diego", "2009-02-04"),
        ("February 30, 2011 was no day; March 3, 2011 was", "2011-03-03"),
        ("Lindsay Lohan checks into rehab", None),
        ("x" * 300 + " May 2, 2013", None),  # too far in to be a dateline
    ],
)
def test_dateline_is_the_first_date_written_out_near_the_top(text, expected) -> None:
    assert dateline(text) == expected
