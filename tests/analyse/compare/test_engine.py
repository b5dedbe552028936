"""The whole comparison on small stories and on bad input: clear results, never a crash."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.analyse.compare import CompareConfig, HeuristicTagger, compare
from tests.analyse.compare.helpers import article

A = article(
    "a",
    "The council approved the new tram line on Monday. The line will cost 300 million euros. "
    "Mayor Anna Berg said the first trams would run in 2027.",
    source="Daily One",
    title="Council approves tram line!",
    day=3,
)
B = article(
    "b",
    "The council approved the new tram line on Monday. Work starts in the spring. "
    "Mayor Anna Berg said the first trams would run in 2027.",
    source="Evening Two",
    title="New tram line approved - Evening Two",
    day=2,
)


def test_shared_unique_omitted_and_origins():
    result = compare([A, B])
    shared = [f for f in result.facts if len(f.articles) == 2]
    unique = {f.articles[0]: f.wording.text for f in result.facts if len(f.articles) == 1}
    assert len(shared) == 2 and all(f.origins == 2 for f in shared)
    assert unique == {
        "a": "The line will cost 300 million euros.",
        "b": "Work starts in the spring.",
    }
    lone = next(f for f in result.facts if f.articles == ("a",))
    assert lone.omitted_by == ("b",)
    for fact in result.facts:
        for span in fact.evidence:
            text = (A if span.article_id == "a" else B).text
            assert text[span.start : span.end] == span.text


def test_one_origin_when_provenance_says_so():
    result = compare([A, B], origin_of={"a": "wire:1", "b": "wire:1"})
    assert {f.origins for f in result.facts} == {1}


def test_summary_cites_spans_prefers_shared_facts_and_headline_is_neutral():
    result = compare([A, B], config=CompareConfig(summary_sentences=2))
    assert [s.origins for s in result.summary] == [2, 2]
    assert all(len(s.citations) == 2 for s in result.summary)
    assert result.headline in {"Council approves tram line", "New tram line approved"}


def test_timeline_is_in_time_order_with_what_each_added():
    result = compare([A, B])
    assert [t.article_id for t in result.timeline] == ["b", "a"]
    first, second = result.timeline
    assert len(first.new_facts) == 3 and len(second.new_facts) == 1


def test_one_article_is_nothing_to_compare():
    result = compare([A])
    assert all(len(f.articles) == 1 for f in result.facts)
    assert any("nothing to compare" in note for note in result.notes)
    assert result.conflicts == () and result.summary


def test_no_articles_and_articles_without_sentences():
    empty = compare([])
    assert empty.facts == () and empty.headline == "" and "nothing to compare" in empty.notes[0]
    blank = article("c", "Photo.\n\n...", title=None)
    result = compare([A, blank])
    assert any("no statements in 1 article(s): c" in note for note in result.notes)
    assert [t.article_id for t in result.timeline][-1] == "c"


def test_identical_articles_agree_on_everything():
    twin = article("twin", A.text, source="Copy Desk")
    result = compare([A, twin])
    assert all(len(f.articles) == 2 and f.score == 1.0 for f in result.facts)
    assert result.conflicts == ()


def test_a_huge_article_is_bounded_and_says_so():
    huge = article(
        "huge", " ".join(f"Item {i} of the list was checked today." for i in range(5000))
    )
    result = compare([A, huge], config=CompareConfig(max_statements_per_article=200))
    evidence = sum(len(f.evidence) for f in result.facts)
    assert evidence <= 200 + 3
    assert any("long input" in note for note in result.notes)


def test_mixed_scripts_without_vectors_stay_apart_and_say_why():
    greek = article("el", "Το συμβούλιο ενέκρινε τη νέα γραμμή τραμ τη Δευτέρα.", language="el")
    japanese = article("ja", "市議会は月曜日に新しい路面電車の路線を承認した。", language="ja")
    result = compare([A, greek, japanese])
    assert all(len(f.articles) == 1 for f in result.facts)
    assert {f.articles[0] for f in result.facts} == {"a", "el", "ja"}
    assert any("several languages but no statement vectors" in note for note in result.notes)
    assert any("heuristic" in note for note in result.notes)


def test_duplicate_article_ids_are_compared_once():
    assert compare([A, A]).articles == ("a",)


def test_a_language_whose_model_is_not_installed_names_the_extra():
    import importlib.util

    if importlib.util.find_spec("fr_core_news_sm") is not None:
        return  # installed here: the French model is used instead
    french = article(
        "fr", "Le conseil a approuvé la nouvelle ligne de tram lundi soir.", language="fr"
    )
    notes = compare([A, french]).notes
    assert any("storyweave[nlp-fr]" in note and "entities in fr" in note for note in notes)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.characters(categories=["L", "N", "P", "Zs"]) | st.just("\n"), max_size=300
        ),
        min_size=0,
        max_size=4,
    )
)
def test_any_texts_give_a_comparison_whose_spans_hold(texts):
    arts = [article(f"x{i}", text) for i, text in enumerate(texts)]
    result = compare(arts, taggers=lambda language: HeuristicTagger())
    by_id = {a.id: a.text for a in arts}
    spans = [s for f in result.facts for s in f.evidence]
    spans += [v.span for q in result.quotes for v in q.versions]
    spans += [s for e in result.entities for s in e.mentions]
    for span in spans:
        assert by_id[span.article_id][span.start : span.end] == span.text
    assert [t.article_id for t in sorted(result.timeline, key=lambda t: t.article_id)] == sorted(
        by_id
    )
