"""Attribution statements: cue patterns per language, kinds, anaphora, offsets, bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storyweave.analyse.provenance import (
    BaselineAttributions,
    OutletRegistry,
    RuleAttributions,
    self_reported_outlet,
)
from storyweave.models import SourceKind

REGISTRY = OutletRegistry.default()
RULES = RuleAttributions(REGISTRY)


def found(text: str, own: str | None = None) -> list[tuple[str, str, str | None]]:
    return [(a.source, a.kind.value, a.outlet) for a in RULES.extract("x", text, own)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The plan was shelved, according to Le Monde.", ("Le Monde", "outlet", "le-monde")),
        ("Le Monde reports that the plan was shelved.", ("Le Monde", "outlet", "le-monde")),
        ("The plan was shelved, Reuters reported.", ("Reuters", "outlet", "reuters")),
        ("The plan was shelved, writes the Guardian.", ("the Guardian", "outlet", "guardian")),
        ("The plan was shelved, citing Bloomberg.", ("Bloomberg", "outlet", "bloomberg")),
        ("It was first reported by The Washington Post.",
         ("The Washington Post", "outlet", "wapo")),
        ("WASHINGTON (AP) — The talks resumed.", ("AP", "outlet", "ap")),
        ("The talks resumed. — Reuters", ("Reuters", "outlet", "reuters")),
        ("Reuters contributed to this report.", ("Reuters", "outlet", "reuters")),
        ("\"It is over,\" she told People.", ("People", "outlet", "people")),
        ("A UK military source informed.", ("A UK military source", "anonymous", None)),
        ("A diplomatic source said the talks were over.",
         ("A diplomatic source", "anonymous", None)),
        ("Barrot said there were no red lines.", ("Barrot", "person", None)),
        ("The ministry said the talks were over.", ("The ministry", "organisation", None)),
        ("The plan was shelved, according to court records.",
         ("court records", "document", None)),
        ("Selon Le Monde, la France envisage l'envoi de troupes.",
         ("Le Monde", "outlet", "le-monde")),
        ("La décision a été prise, rapporte l'AFP.", ("l'AFP", "outlet", "afp")),
        ("Laut Spiegel plant die Regierung neue Hilfen.", ("Spiegel", "outlet", "spiegel")),
        ("Dem Spiegel zufolge plant die Regierung neue Hilfen.",
         ("Dem Spiegel", "outlet", "spiegel")),
        ("Según El País, el Gobierno prepara nuevas medidas.",
         ("El País", "outlet", "el-pais")),
        ("За даними Укрінформу, переговори тривають.", ("Укрінформу", "outlet", "ukrinform")),
        ("Переговоры продолжаются, сообщает ТАСС.", ("ТАСС", "outlet", "tass")),
        ("По данным РИА Новости, переговоры продолжаются.", ("РИА Новости", "outlet", "ria")),
        ("He told the Anchorage Daily News it was arson.",
         ("the Anchorage Daily News", "outlet", "anchorage-daily-news")),
    ],
)  # fmt: skip
def test_statement_found_with_kind_and_outlet(text, expected):
    assert expected in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Investigators did not say why she was suspended.",
        "It was announced on Monday.",
        "A witness called 911 to report the shooting.",
        "Media reports suggested otherwise.",
        "As reported, France has no red lines.",
        "",
        "   \n\n  ",
    ],
)
def test_no_statement(text):
    assert found(text) == []


def test_offsets_point_at_the_source_and_the_evidence():
    text = "The talks resumed.\nThat's according to Le Monde referring to its sources."
    (item,) = RULES.extract("x", text)
    assert text[item.source_start : item.source_end] == "Le Monde"
    assert text[item.start : item.end] == "according to Le Monde"


def test_anaphora_resolve_to_the_outlet_named_before_not_the_own_one():
    text = (
        "That's according to Le Monde referring to its sources, Ukrinform reports.\n"
        '"It has been revived," the article notes.\n'
        "According to the publication's sources, the missiles need support."
    )
    got = {(a.source, a.outlet, a.self_reference) for a in RULES.extract("x", text)}
    assert ("Ukrinform", "ukrinform", True) in got
    assert ("the article", "le-monde", False) in got
    assert ("the publication's sources", "le-monde", False) in got


def test_descriptive_anaphor_fits_the_description():
    text = "Le Monde and the BBC reported the plan. The French daily said it was shelved."
    assert ("The French daily", "outlet", "le-monde") in found(text)


def test_short_alias_prefers_the_article_own_outlet():
    assert ("The Post", "outlet", "nypost") in found("He told The Post it was over.", "nypost")
    assert ("The Post", "outlet", "wapo") in found("He told The Post it was over.")


def test_self_reported_outlet_needs_a_relayed_outlet_in_the_sentence():
    relay = "That's according to Le Monde, Ukrinform reports."
    assert self_reported_outlet(relay, RULES.extract("x", relay)) == "ukrinform"
    plain = "The talks resumed, Le Monde reports."
    assert self_reported_outlet(plain, RULES.extract("x", plain)) is None


def test_baseline_sees_only_according_to():
    text = "According to Reuters, talks resumed. The BBC reported it too."
    got = BaselineAttributions(REGISTRY).extract("x", text)
    assert [(a.source, a.outlet) for a in got] == [("Reuters", "reuters")]


def test_hundreds_of_statements_are_all_kept_in_order():
    text = "\n".join(f"Official number {i} said the count was {i}." for i in range(400))
    got = RULES.extract("x", text)
    assert len(got) == 400
    assert [a.start for a in got] == sorted(a.start for a in got)


_PIECES = st.sampled_from(
    ["a", "b", " ", "AP", "(", ")", "—", "-", '"', "'", ",", ".", "\n", "said", " Le Monde",
     " according to ", "Reuters", "the agency", " told ", "Ukrinform reports", "(Reuters)"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_any_text_gives_nested_in_bounds_offsets(text):
    for item in RULES.extract("x", text):
        assert 0 <= item.start <= item.source_start < item.source_end <= item.end <= len(text)
        assert text[item.source_start : item.source_end] == item.source
        assert isinstance(item.kind, SourceKind)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(text):
    RULES.extract("x", text)
