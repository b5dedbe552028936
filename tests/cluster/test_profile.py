"""A story's profile: TF-IDF cosine and name overlap agree with a direct computation, and the
cached story norms are reused only while they are fresh."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.cluster.features import Features
from storyweave.cluster.profile import (
    NORM_DRIFT,
    Profile,
    Statistics,
    Weighted,
    lexical,
    shared_names,
)

WORDS = st.sampled_from([f"w{i}" for i in range(30)])
TERMS = st.dictionaries(WORDS, st.floats(0.5, 3.0), min_size=1, max_size=12)


NAMES = st.frozensets(st.sampled_from([f"n{i}" for i in range(15)]), max_size=6)


def features(i: int, terms: dict[str, float], names: frozenset[str] = frozenset()) -> Features:
    return Features(article_id=f"a{i}", language="en", when=None, terms=terms, names=names, lead="")


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


def direct_dice(names: frozenset[str], profile: Profile, stats: Statistics) -> float:
    share = {n: c / profile.size for n, c in profile.names.items()}  # of the members naming it
    common = sum(stats.name_idf(n) * share[n] for n in names if n in share)
    mine = sum(stats.name_idf(n) for n in names)
    theirs = sum(stats.name_idf(n) * s for n, s in share.items())
    return 2 * common / (mine + theirs) if common else 0.0


@settings(max_examples=60, deadline=None)
@given(st.lists(NAMES, min_size=1, max_size=8), NAMES)
def test_shared_names_match_a_direct_computation(members, query):
    stats, profile = Statistics(), Profile(id="s", seq=1, headline="")
    for i, names in enumerate(members):
        f = features(i, {"w": 1.0}, names)
        stats.add(f)
        profile.add(f, None, i)
    got = shared_names(Weighted.of("en", {}, stats, query), profile, stats)
    assert math.isclose(got, direct_dice(query, profile, stats), rel_tol=1e-9, abs_tol=1e-12)
    assert 0.0 <= got <= 1.0 + 1e-9


@settings(max_examples=60, deadline=None)
@given(st.lists(TERMS, max_size=10), st.lists(WORDS, max_size=12))
def test_idfs_at_once_are_the_idfs_one_by_one(documents, asked):
    stats = Statistics()
    for i, terms in enumerate(documents):
        stats.add(features(i, terms, frozenset(terms)))
    terms, names = stats.term_idfs(asked), stats.name_idfs(asked)
    assert len(terms) == len(names) == len(asked)
    for term, at_once, name_at_once in zip(asked, terms, names, strict=True):
        assert math.isclose(at_once, stats.term_idf(term), rel_tol=1e-12)
        assert math.isclose(name_at_once, stats.name_idf(term), rel_tol=1e-12)
