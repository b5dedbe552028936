"""The clusterer's inverted indexes against a plain model of what they should hold."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from storyweave.cluster.features import Features
from storyweave.cluster.postings import Postings
from storyweave.cluster.profile import Statistics

KEYS = st.sets(st.sampled_from("abcdefgh"), max_size=5)
STORIES = st.sampled_from(["s1", "s2", "s3"])
OPS = st.lists(st.tuples(st.sampled_from(["add", "drop_terms", "drop_story"]), STORIES, KEYS,
                         KEYS), max_size=40)  # fmt: skip


@given(OPS)
def test_postings_hold_exactly_what_was_added_and_not_dropped(ops) -> None:
    postings = Postings()
    terms: set[tuple[str, str]] = set()
    names: set[tuple[str, str]] = set()
    for op, story, some_terms, some_names in ops:
        if op == "add":
            postings.add(story, some_terms, some_names)
            terms |= {(t, story) for t in some_terms}
            names |= {(n, story) for n in some_names}
        elif op == "drop_terms":
            postings.drop_terms(story, some_terms)
            terms -= {(t, story) for t in some_terms}
        else:
            postings.drop_story(story, some_terms, some_names)
            terms -= {(t, story) for t in some_terms}
            names -= {(n, story) for n in some_names}
    assert {(k, s) for k, ids in postings.terms.items() for s in ids} == terms
    assert {(k, s) for k, ids in postings.names.items() for s in ids} == names
    assert all(postings.terms.values()) and all(postings.names.values())  # no empty keys


def test_votes_weigh_shared_names_and_rare_terms_only() -> None:
    article = Features(
        "a", "en", datetime(2024, 1, 1, tzinfo=UTC), {"tanker": 1.0, "said": 1.0},
        frozenset({"boeing"}), "lead",
    )  # fmt: skip
    stats = Statistics()
    stats.add(article)
    postings = Postings()
    postings.add("rare", ["tanker"], [])
    postings.add("named", [], ["boeing"])
    for i in range(5):  # "said" is in every story: too common to retrieve any
        postings.add(f"common{i}", ["said"], [])
    votes = postings.votes(article, stats, rare=3)
    assert set(votes) == {"rare", "named"}
    assert votes["rare"] == stats.term_idf("tanker") and votes["named"] == stats.name_idf("boeing")
