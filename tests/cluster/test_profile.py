"""A story's profile: TF-IDF cosine and name overlap agree with a direct computation, and the
cached story norms are reused only while they are fresh."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.cluster.features import Features
from storyweave.cluster.profile import NORM_DRIFT, Profile, Statistics, Weighted, lexical

WORDS = st.sampled_from([f"w{i}" for i in range(30)])
TERMS = st.dictionaries(WORDS, st.floats(0.5, 3.0), min_size=1, max_size=12)


def features(i: int, terms: dict[str, float]) -> Features:
    return Features(
        article_id=f"a{i}", language="en", when=None, terms=terms, names=frozenset(), lead=""
    )


def direct_cosine(terms: dict[str, float], profile: Profile, stats: Statistics) -> float:
    story = profile.terms["en"]
    a = {t: w * stats.term_idf(t) for t, w in terms.items()}
    b = {t: w * stats.term_idf(t) for t, w in story.items()}
    dot = sum(w * b.get(t, 0.0) for t, w in a.items())
    norm = math.sqrt(sum(w * w for w in a.values())) * math.sqrt(sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(TERMS, min_size=1, max_size=8), TERMS, st.integers(0, 200))
def test_lexical_matches_a_direct_computation(members, query, others):
    stats, profile = Statistics(), Profile(id="s", seq=1, headline="")
    for i, terms in enumerate(members):
        f = features(i, terms)
        stats.add(f)
        profile.add(f, None, i)
    lexical(Weighted.of("en", query, stats), profile, stats)  # fills the cache
    for j in range(others):  # documents elsewhere in the stream shift every IDF a little
        stats.add(features(1000 + j, {"zz": 1.0}))
    got = lexical(Weighted.of("en", query, stats), profile, stats)
    want = direct_cosine(query, profile, stats)
    # A stale norm is reused only within NORM_DRIFT growth of the document count.
    assert math.isclose(got, want, rel_tol=2 * NORM_DRIFT, abs_tol=1e-9)
    assert 0.0 <= got <= 1.0 + 1e-9


def test_a_changed_story_recomputes_its_norm():
    stats, profile = Statistics(), Profile(id="s", seq=1, headline="")
    first = features(0, {"w1": 1.0, "w2": 1.0})
    stats.add(first)
    profile.add(first, None, 0)
    query = {"w1": 1.0}
    before = lexical(Weighted.of("en", query, stats), profile, stats)
    second = features(1, {"w3": 2.0})
    stats.add(second)
    profile.add(second, None, 1)
    after = lexical(Weighted.of("en", query, stats), profile, stats)
    assert after < before
    assert math.isclose(after, direct_cosine(query, profile, stats), rel_tol=1e-9)
