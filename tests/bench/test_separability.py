"""The separability table: two distinct events split apart, one cloud does not, fusion read
from assignments, and a corpus without topics refused; each signal's AUC within topics."""

from __future__ import annotations

import numpy as np
import pytest

from separability import (
    Corpus,
    fused_topics,
    main,
    purity,
    separation,
    signal_table,
    similarities,
    split_in_two,
)


def _article(aid: str, cluster: str, title: str, text: str, topic: str = "1") -> dict:
    return {"id": aid, "cluster": cluster, "title": title, "text": text, "extra": {"topic": topic}}


REID = "Tara Reid checked into Promises in Malibu, her publicist Jack Ketsoyan told People."
LOHAN = "Lindsay Lohan entered the Betty Ford Center in Rancho Mirage under a court order."
TOPIC = [
    _article("r1", "reid", "Tara Reid enters Promises", REID),
    _article(
        "r2", "reid", "Reid checks into Promises rehab", REID + " Ketsoyan asked for privacy."
    ),
    _article("r3", "reid", "Tara Reid in rehab at Promises", "Ketsoyan said Reid is at Promises."),
    _article("l1", "lohan", "Lohan checks into Betty Ford", LOHAN),
    _article("l2", "lohan", "Lindsay Lohan at Betty Ford", LOHAN + " Lohan faces 90 days there."),
    _article(
        "l3", "lohan", "Lohan begins Betty Ford stay", "Lohan arrived at Betty Ford in Rancho."
    ),
]


def test_two_events_of_one_topic_split_apart_and_one_event_does_not():
    corpus = Corpus.of(TOPIC)
    matrix = similarities(corpus, [a["id"] for a in TOPIC])
    found = split_in_two(matrix)
    assert purity(found, [a["cluster"] for a in TOPIC]) == 1.0
    assert separation(matrix, found) < 0.4
    one = [a["id"] for a in TOPIC[:3]]
    alone = similarities(corpus, one)
    assert separation(alone, split_in_two(alone)) > separation(matrix, found)


@pytest.mark.parametrize(
    ("stories", "fused"),
    [
        ({a["id"]: "s1" for a in TOPIC}, {"1"}),  # one story holds three of each event
        ({a["id"]: a["cluster"] for a in TOPIC}, set()),  # each event its own story
        ({**{a["id"]: "s1" for a in TOPIC}, "l3": "s2"}, set()),  # only two of one event
        ({}, set()),  # nothing assigned
    ],
)
def test_a_topic_is_fused_when_one_story_holds_three_articles_of_two_events(stories, fused):
    assert fused_topics(TOPIC, stories) == fused


def test_a_corpus_without_topics_is_refused(tmp_path, monkeypatch):
    untopical = [{k: v for k, v in a.items() if k != "extra"} for a in TOPIC]
    monkeypatch.setattr("separability.load_corpus", lambda name, data: untopical)
    with pytest.raises(SystemExit, match=r"no extra\.topic"):
        main(["--data", str(tmp_path)])


def test_the_table_on_ecbplus(shared_data, capsys):
    assert main(["--data", str(shared_data)]) == 0
    out = capsys.readouterr().out
    assert "topics split at ratio <= 0.40: 16 of 33" in out
    assert main(["--data", str(shared_data), "--signals"]) == 0
    signals = capsys.readouterr().out.splitlines()
    assert signals[0] == "pairs within topics: 9057 (4491 of one event)"
    assert _auc(signals, "words + names") >= 0.919


class _ByEvent:
    """A stand-in embedding model: one direction per event named in the lead."""

    def encode(self, texts):
        return np.array([[1.0, 0.0] if "Reid" in t else [0.0, 1.0] for t in texts], "float32")


def _auc(lines: list[str], signal: str) -> float:
    (row,) = [line for line in lines if line[:28].rstrip() == signal]
    return float(row[28:])


def test_each_signal_ranks_pairs_of_one_event_above_pairs_of_two():
    lines = signal_table(TOPIC)
    assert lines[0] == "pairs within topics: 15 (6 of one event)"
    assert _auc(lines, "names (IDF Dice)") == 1.0  # the two stays share no name
    assert _auc(lines, "words + names") > 0.5
    assert not any(line.startswith("lead embedding") for line in lines)
    with_model = signal_table(TOPIC, _ByEvent())
    assert _auc(with_model, "lead embedding cosine") == 1.0
    assert _auc(with_model, "words + names + embedding") == 1.0


def test_signals_need_pairs_of_one_event_and_of_two():
    one_event_a_topic = [{**a, "extra": {"topic": a["cluster"]}} for a in TOPIC]
    with pytest.raises(SystemExit, match="nothing to rank"):
        signal_table(one_event_a_topic)
