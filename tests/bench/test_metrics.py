"""Clustering metrics on hand-computed cases and their defining properties."""

from __future__ import annotations

from collections.abc import Hashable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from metrics import adjusted_rand_index, bcubed, pairwise, score


def labels(*values: Hashable) -> dict[str, Hashable]:
    return {f"d{i}": value for i, value in enumerate(values)}


# Worked example in the style of Amigó et al. (2009), "A comparison of extrinsic clustering
# evaluation metrics based on formal constraints". Seven items; gold A={0,1,2,3}, B={4,5},
# C={6}; predicted X={0,1,2}, Y={3,4,5,6}.
#   BCubed precision per item (share of its predicted cluster with its gold label):
#     0,1,2: 3/3; 3: 1/4 (only itself of A in Y); 4,5: 2/4; 6: 1/4
#     P = (3 + 1/4 + 1 + 1/4) / 7 = 4.5 / 7 = 9/14
#   BCubed recall per item (share of its gold cluster with its predicted label):
#     0,1,2: 3/4; 3: 1/4; 4,5: 2/2; 6: 1/1
#     R = (9/4 + 1/4 + 2 + 1) / 7 = 5.5 / 7 = 11/14
#   F1 = 2PR / (P + R) = (2 * 99/196) / (20/14) = 99/140
#   Pairs: together in both = C(3,2) + C(2,2) = 4; in gold = C(4,2) + C(2,2) = 7;
#     in pred = C(3,2) + C(4,2) = 9, so pairwise P = 4/9, R = 4/7, F1 = 0.5
#   ARI: 21 pairs; expected = 7 * 9 / 21 = 3; max = (7 + 9) / 2 = 8; (4 - 3) / (8 - 3) = 0.2
WORKED_GOLD = labels("A", "A", "A", "A", "B", "B", "C")
WORKED_PRED = labels("X", "X", "X", "Y", "Y", "Y", "Y")

# Gold {0,1}, {2}, {3}.
#   all in one: B3 P = (2/4 + 2/4 + 1/4 + 1/4) / 4 = 3/8, R = 1, F1 = 2*(3/8)/(11/8) = 6/11;
#     pairs: both 1, gold 1, pred 6 -> P = 1/6, R = 1, F1 = 2/7;
#     ARI: expected 1 * 6 / 6 = 1, max 3.5 -> 0
#   singletons: B3 P = 1, R = (1/2 + 1/2 + 1 + 1) / 4 = 3/4, F1 = 6/7;
#     pairs: no predicted pair -> P = 1 by convention, R = 0, F1 = 0; ARI: (0 - 0) / 0.5 = 0
SMALL_GOLD = labels(1, 1, 2, 3)

CASES = [
    # name, gold, pred, (B3 P, R, F1), (pair P, R, F1), ARI
    ("perfect", WORKED_GOLD, labels(7, 7, 7, 7, 8, 8, 9), (1, 1, 1), (1, 1, 1), 1.0),
    ("perfect singletons", labels(1, 2, 3), labels("a", "b", "c"), (1, 1, 1), (1, 1, 1), 1.0),
    ("perfect all-in-one", labels(1, 1, 1), labels(0, 0, 0), (1, 1, 1), (1, 1, 1), 1.0),
    ("one item", labels("g"), labels("p"), (1, 1, 1), (1, 1, 1), 1.0),
    ("all in one", SMALL_GOLD, labels(0, 0, 0, 0), (3 / 8, 1, 6 / 11), (1 / 6, 1, 2 / 7), 0.0),
    ("all singletons", SMALL_GOLD, labels(0, 1, 2, 3), (1, 3 / 4, 6 / 7), (1, 0, 0), 0.0),
    ("worked example", WORKED_GOLD, WORKED_PRED, (9 / 14, 11 / 14, 99 / 140), (4 / 9, 4 / 7, 0.5),
     0.2),
]  # fmt: skip


@pytest.mark.parametrize(
    "gold, pred, expected_bcubed, expected_pairwise, expected_ari",
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_hand_computed(
    gold: dict[str, Hashable],
    pred: dict[str, Hashable],
    expected_bcubed: tuple[float, float, float],
    expected_pairwise: tuple[float, float, float],
    expected_ari: float,
) -> None:
    assert bcubed(gold, pred) == pytest.approx(expected_bcubed, abs=1e-12)
    assert pairwise(gold, pred) == pytest.approx(expected_pairwise, abs=1e-12)
    assert adjusted_rand_index(gold, pred) == pytest.approx(expected_ari, abs=1e-12)
    assert adjusted_rand_index(gold, pred) == pytest.approx(
        adjusted_rand_score(list(gold.values()), [pred[i] for i in gold]), abs=1e-12
    )


def test_score_gathers_everything() -> None:
    result = score(WORKED_GOLD, WORKED_PRED)
    assert (result.clusters_pred, result.clusters_gold) == (2, 3)
    assert result.bcubed_f1 == pytest.approx(99 / 140)
    assert result.as_dict()["ari"] == pytest.approx(0.2)


@pytest.mark.parametrize(
    "gold, pred, message",
    [
        (labels(1, 2), {"d0": 1}, "missing from pred: 1 ('d1')"),
        ({"d0": 1}, labels(1, 2), "missing from gold: 1 ('d1')"),
        ({"a": 1}, {"b": 1}, "missing from pred: 1 ('a'); missing from gold: 1 ('b')"),
        ({}, {}, "nothing to score"),
    ],
)
def test_mismatched_ids_are_named(
    gold: dict[str, Hashable], pred: dict[str, Hashable], message: str
) -> None:
    for metric in (bcubed, pairwise, adjusted_rand_index, score):
        with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
            metric(gold, pred)


# --- properties ---------------------------------------------------------------------------

partitions = st.integers(min_value=1, max_value=25).flatmap(
    lambda n: st.tuples(
        st.lists(st.integers(0, 6), min_size=n, max_size=n),
        st.lists(st.integers(0, 6), min_size=n, max_size=n),
    )
)


def canonical(labelling: dict[str, Hashable]) -> frozenset[frozenset[str]]:
    groups: dict[Hashable, set[str]] = {}
    for item, label in labelling.items():
        groups.setdefault(label, set()).add(item)
    return frozenset(frozenset(group) for group in groups.values())


@given(partitions)
def test_metrics_stay_in_range(pair: tuple[list[int], list[int]]) -> None:
    gold, pred = labels(*pair[0]), labels(*pair[1])
    for value in (*bcubed(gold, pred), *pairwise(gold, pred)):
        assert 0.0 <= value <= 1.0
    assert -1.0 <= adjusted_rand_index(gold, pred) <= 1.0


@given(partitions, st.permutations(range(7)))
def test_invariant_under_label_renaming(
    pair: tuple[list[int], list[int]], renaming: list[int]
) -> None:
    gold, pred = labels(*pair[0]), labels(*pair[1])
    renamed_gold = {i: f"g{renaming[g]}" for i, g in gold.items()}
    renamed_pred = {i: ("p", renaming[p]) for i, p in pred.items()}
    assert score(renamed_gold, renamed_pred).as_dict() == pytest.approx(
        score(gold, pred).as_dict(), abs=1e-12
    )


@given(partitions)
def test_bcubed_f1_is_one_iff_partitions_are_equal(pair: tuple[list[int], list[int]]) -> None:
    gold, pred = labels(*pair[0]), labels(*pair[1])
    assert (bcubed(gold, pred)[2] == 1.0) == (canonical(gold) == canonical(pred))
    assert bcubed(gold, gold)[2] == 1.0


@given(partitions)
def test_precision_and_recall_swap_with_the_roles(pair: tuple[list[int], list[int]]) -> None:
    gold, pred = labels(*pair[0]), labels(*pair[1])
    forward, backward = bcubed(gold, pred), bcubed(pred, gold)
    assert forward[0] == pytest.approx(backward[1]) and forward[1] == pytest.approx(backward[0])
    assert pairwise(gold, pred)[0] == pytest.approx(pairwise(pred, gold)[1])


@given(partitions)
def test_ari_matches_scikit_learn(pair: tuple[list[int], list[int]]) -> None:
    gold, pred = labels(*pair[0]), labels(*pair[1])
    assert adjusted_rand_index(gold, pred) == pytest.approx(
        adjusted_rand_score(pair[0], pair[1]), abs=1e-9
    )
