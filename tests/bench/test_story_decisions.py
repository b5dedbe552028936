"""The decision dump of the story scoring: replayed labels, computed features, the table."""

from __future__ import annotations

from collections import Counter

import pytest

from story_decisions import (
    Replay,
    average_precision,
    cluster_in_process,
    computed_features,
    decision_rows,
    main,
    outcomes,
)
from storyweave.models import Assignment, Candidate

GOLD = {"a": "x", "b": "x", "c": "y", "d": "y"}
NAMES = {
    "a": frozenset({"rahman", "klitschko", "2008"}),
    "b": frozenset({"rahman", "klitschko", "2008", "12"}),
    "c": frozenset({"thompson", "klitschko", "2012"}),
    "d": frozenset({"thompson", "klitschko", "2012"}),
}


def _features(score: float) -> dict[str, float]:
    return {"lexical": score, "names": score, "decay": 1.0, "same_language": 1.0}


def _assign(article: str, story: str, new: bool, *candidates: tuple[str, float]) -> Assignment:
    return Assignment(
        article_id=article,
        story_id=story,
        score=0.0 if new else max(s for _, s in candidates),
        new_story=new,
        algorithm="online-story.v1",
        candidates=tuple(Candidate(sid, s, _features(s)) for sid, s in candidates),
    )


# a founds s1; b joins s1 (right); c joins s1 (wrong: event y); d starts s2 while s1 was scored
DECISIONS = [
    _assign("a", "s1", True),
    _assign("b", "s1", False, ("s1", 0.7)),
    _assign("c", "s1", False, ("s1", 0.5)),
    _assign("d", "s2", True, ("s1", 0.3)),
]


def test_rows_carry_labels_of_the_story_as_it_stood():
    rows = decision_rows(DECISIONS, NAMES, GOLD)
    assert [(r["article"], r["story"], r["label"], r["chosen"]) for r in rows] == [
        ("b", "s1", True, True),
        ("c", "s1", False, True),
        ("d", "s1", False, False),  # s1 is {a, b, c}: majority x, d is y
    ]
    assert [r["size"] for r in rows] == [1.0, 2.0, 3.0]
    assert outcomes(rows, len(DECISIONS)) == {
        "decisions": 4,
        "wrong_joins": 1,
        "missed_joins": 0,
    }


def test_merges_move_members_to_the_survivor():
    replay = Replay(GOLD)
    replay.after(_assign("a", "s1", True))
    replay.after(_assign("c", "s2", True))
    merging = Assignment("b", "s1", 0.6, False, "online-story.v1", merged=("s2",))
    replay.after(merging)
    assert replay.members == {"s1": ["a", "c", "b"]}


@pytest.mark.parametrize(
    ("article", "story_members", "expected"),
    [
        ("c", ["a", "b"], {"year_conflict": 1.0, "year_shared": 0.0}),
        ("b", ["a"], {"year_conflict": 0.0, "year_shared": 1.0, "number_conflict": 0.0}),
        ("d", ["c"], {"year_shared": 1.0, "cover_story": 1.0, "cover_article": 1.0}),
    ],
)
def test_computed_features(article, story_members, expected):
    replay = Replay(GOLD, names_of=NAMES, seen=4)
    for names in NAMES.values():
        replay.name_df.update(names)
    story: Counter[str] = Counter()
    for member in story_members:
        story.update(NAMES[member])
    found = computed_features(NAMES[article], story, len(story_members), replay)
    assert {k: found[k] for k in expected} == pytest.approx(expected)


@pytest.mark.parametrize(
    ("labels", "values", "expected"),
    [
        ([True, False], [0.9, 0.1], 1.0),
        ([False, True], [0.9, 0.1], 0.5),
        ([True, False, True], [0.9, 0.8, 0.1], (1 + 2 / 3) / 2),
        ([True, False], [0.5, 0.5], 0.5),  # ties count against the positives
        ([False, False], [0.5, 0.1], 0.0),
    ],
)
def test_average_precision(labels, values, expected):
    assert average_precision(labels, values) == pytest.approx(expected)


def test_in_process_clustering_dumps_every_decision(tmp_path, capsys):
    articles = [
        {"id": f"n{i}", "lang": "en", "title": title, "text": text, "date": None}
        for i, (title, text) in enumerate(
            [
                ("Klitschko beats Rahman", "Vitali Klitschko beat Hasim Rahman in Berlin."),
                ("Klitschko stops Rahman", "Klitschko stopped Rahman in Berlin on Saturday."),
                ("Budget vote", "Parliament passed the budget bill after a late vote."),
            ]
        )
    ]
    assignments, names = cluster_in_process(articles, "none")
    assert [a.article_id for a in assignments] == ["n0", "n1", "n2"]
    assert set(names) == {"n0", "n1", "n2"}
    gold = {"n0": "fight", "n1": "fight", "n2": "vote"}
    rows = decision_rows(assignments, names, gold)
    assert any(r["article"] == "n1" and r["label"] and r["chosen"] for r in rows)


def test_command_prints_the_table(shared_data, tmp_path, capsys):
    out = tmp_path / "rows.jsonl"
    assert main(["--corpus", "newswcl50", "--vectoriser", "none", "--jsonl", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "newswcl50 (seed 0): 50 decisions" in printed
    assert "| names |" in printed
    assert out.read_text().count("\n") > 50
