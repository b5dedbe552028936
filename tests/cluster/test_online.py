"""The online clusterer on small hand-made streams: decisions, merges, window, stable ids."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from storyweave.cluster import ClusterConfig, OnlineClusterer, features_of, online, story_id_for
from storyweave.cluster.features import Features, names, script_of, term_weights
from storyweave.cluster.profile import all_terms
from storyweave.models import Article, Format, Language

T0 = datetime(2024, 11, 20, 9, tzinfo=UTC)


def article(aid: str, title: str, text: str, lang: str = "en", when: datetime | None = T0):
    return Article(
        id=aid, locator=aid, format=Format.TEXT, raw=aid.encode(), text=text, title=title,
        published=when, language=Language(lang, 1.0, "declared"),
    )  # fmt: skip


TANKER_EN = article(
    "t-en", "Airbus and Northrop win US tanker deal",
    "Northrop Grumman and Airbus parent EADS defeated Boeing for a $40 billion contract to "
    "supply the US Air Force with 179 aerial refueling tankers.",
)  # fmt: skip
TANKER_EN2 = article(
    "t-en2", "Boeing loses $40 billion tanker contract",
    "Boeing lost the US Air Force tanker contract worth $40 billion to Northrop Grumman and "
    "EADS, the parent of Airbus, which will supply 179 refueling tankers.",
)  # fmt: skip
TANKER_ES = article(
    "t-es", "Airbus y Northrop ganan el contrato de aviones cisterna",
    "Northrop Grumman y EADS, matriz de Airbus, derrotaron a Boeing por un contrato de 40.000 "
    "millones de dolares para suministrar 179 aviones cisterna a la Fuerza Aerea.",
    lang="es",
)  # fmt: skip
IPHONE = article(
    "iphone", "Apple launches the iPhone 3G",
    "Apple presented the iPhone 3G in San Francisco on Monday. Steve Jobs said it will cost "
    "$199 and go on sale in 22 countries.",
)  # fmt: skip


class TopicVectoriser:
    """A stand-in for the embedding model: one direction per topic word it recognises."""

    name = "topic.v1"
    dim = 3

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts):
        self.calls += len(texts)
        rows = []
        for text in texts:
            lowered = text.lower()
            row = [
                ("tanker" in lowered or "cisterna" in lowered or "заправ" in lowered) * 1.0,
                ("iphone" in lowered) * 1.0,
                0.1,
            ]
            rows.append(np.array(row, dtype=np.float32) / np.linalg.norm(row))
        return np.vstack(rows)


def test_same_event_joins_and_other_event_starts_a_story():
    clusterer = OnlineClusterer(vectoriser=None)
    first, second, third = clusterer.partial_fit(
        [features_of(a) for a in (TANKER_EN, TANKER_EN2, IPHONE)]
    )
    assert first.new_story and first.story_id == story_id_for("t-en")
    assert not second.new_story and second.story_id == first.story_id
    assert second.score >= clusterer.config.threshold
    assert third.new_story and third.story_id != first.story_id
    assert second.candidates[0].story_id == first.story_id
    assert set(second.candidates[0].features) >= {"lexical", "names", "decay", "same_language"}


def test_cross_language_needs_the_model_and_the_model_links_it():
    alone = OnlineClusterer(vectoriser=None)
    ids = [a.story_id for a in alone.partial_fit([features_of(TANKER_EN), features_of(TANKER_ES)])]
    with_model = OnlineClusterer(vectoriser=TopicVectoriser())
    linked = [
        a.story_id for a in with_model.partial_fit([features_of(TANKER_EN), features_of(TANKER_ES)])
    ]
    assert linked[0] == linked[1]
    assert ids[0] != ids[1] or ids[0] == linked[0]  # names alone may or may not suffice


@pytest.mark.parametrize(("margin", "embedded"), [(0.0, False), (0.3, True)])
def test_a_same_language_match_clearing_the_threshold_skips_the_model(margin, embedded):
    model = TopicVectoriser()
    clusterer = OnlineClusterer(ClusterConfig(confident_margin=margin), vectoriser=model)
    clusterer.assign(features_of(TANKER_EN))
    decision = clusterer.assign(features_of(TANKER_EN2))  # words and names alone: 0.71
    words = decision.candidates[0].features
    alone = clusterer.config.combine(words["lexical"], words["names"], None, True)
    assert clusterer.threshold < alone < clusterer.threshold + 0.3
    assert decision.embedded is embedded and (model.calls > 0) is embedded
    assert decision.story_id == story_id_for("t-en")


TANKER_UK = article(
    "t-uk", "Airbus і Northrop виграли контракт на літаки-заправники",
    "Компанії Northrop Grumman та EADS перемогли Boeing у конкурсі на 40 мільярдів доларів на "
    "постачання 179 літаків-заправників.",
    lang="uk",
)  # fmt: skip


TANKER_RU = article(
    "t-ru", "Нортроп и Эрбас выиграли контракт на самолёты-заправщики",
    "Компании Нортроп Грумман и ЕАДС победили Боинг в конкурсе на 40 миллиардов долларов на "
    "поставку 179 самолётов-заправщиков.",
    lang="ru",
)  # fmt: skip


def test_an_article_with_nothing_plausible_is_not_embedded():
    model = TopicVectoriser()
    clusterer = OnlineClusterer(vectoriser=model)
    first, second = (clusterer.assign(features_of(a)) for a in (TANKER_EN, IPHONE))
    assert first.new_story and second.new_story
    assert not first.embedded and not second.embedded and model.calls == 0


TANKER_PROTEST = article(
    "t-protest", "Boeing weighs protest over tanker award",
    "Boeing said on Friday it may protest the Air Force decision, which analysts called a blow "
    "to its defense business.",
)  # fmt: skip


@pytest.mark.parametrize(
    ("later", "days", "cosine", "embedded"),
    [
        (TANKER_PROTEST, 0, 0.95, True),  # plausible, under the threshold: the model decides
        (TANKER_PROTEST, 1, 0.95, True),  # within the grace period: no decay
        (TANKER_PROTEST, 60, 0.95, False),  # so far that a perfect embedding could not lift it
        (TANKER_PROTEST, 0, 0.92, False),  # a typical same-event cosine would not lift it
        (TANKER_ES, 0, 0.92, True),  # another language: only the model can link it
        (TANKER_ES, 60, 0.92, False),
    ],
)
def test_the_model_is_asked_only_when_a_match_could_reach_the_threshold(
    later, days, cosine, embedded
):
    model = TopicVectoriser()
    config = ClusterConfig(window_days=90, plausible_cosine=cosine)
    clusterer = OnlineClusterer(config, vectoriser=model)
    clusterer.assign(features_of(TANKER_EN))
    when = T0 + timedelta(days=days)
    moved = article(later.id, later.title or "", later.text, later.language.code, when)
    decision = clusterer.assign(features_of(moved))
    assert decision.embedded is embedded and (model.calls > 0) is embedded
    assert decision.candidates[0].story_id == story_id_for("t-en")  # a candidate either way


@pytest.mark.parametrize(
    ("later", "embedded", "bar"),
    [
        (TANKER_PROTEST, False, "lexical_only_threshold"),  # words and names decide alone
        (TANKER_ES, True, "threshold"),  # another language: the model decides
    ],
)
def test_the_model_may_be_asked_about_matches_across_languages_only(later, embedded, bar):
    model = TopicVectoriser()
    config = ClusterConfig(embed_same_language=False)
    clusterer = OnlineClusterer(config, vectoriser=model)
    clusterer.assign(features_of(TANKER_EN))
    decision = clusterer.assign(features_of(later))
    assert decision.embedded is embedded and (model.calls > 0) is embedded
    assert decision.threshold == getattr(config, bar)
    assert decision.candidates[0].story_id == story_id_for("t-en")
    if embedded:  # the model linked the translation, as it does with every match asked about
        assert decision.story_id == story_id_for("t-en")


@pytest.mark.parametrize(
    ("live", "later", "scored_ahead"),
    [
        ((IPHONE,), TANKER_PROTEST, False),  # no story in another language: nothing to embed
        ((IPHONE, TANKER_ES), TANKER_EN2, True),  # the Spanish one is plausible: is it confident?
    ],
)
def test_embedding_ahead_across_languages_only_scores_words_only_where_they_matter(
    monkeypatch, live, later, scored_ahead
):
    model = TopicVectoriser()
    clusterer = OnlineClusterer(ClusterConfig(embed_same_language=False), vectoriser=model)
    for earlier in live:
        clusterer.assign(features_of(earlier))
    features = features_of(later)
    same_language = story_id_for(IPHONE.id)
    assert same_language in {p.id for p in clusterer._retrieve(features, None)}  # a candidate
    scored = []
    monkeypatch.setattr(online, "lexical", lambda *args: scored.append(args[1].id) or 0.0)
    monkeypatch.setattr(clusterer, "_assign", lambda *args: None)  # only what comes ahead
    clusterer.partial_fit([features])
    assert (scored == [same_language]) is scored_ahead and (scored == []) is not scored_ahead
    assert (later.id in clusterer.vectors_) is scored_ahead and (model.calls > 0) is scored_ahead


def test_a_decision_records_the_threshold_it_was_held_to():
    with_model = OnlineClusterer(vectoriser=TopicVectoriser())
    alone = OnlineClusterer(vectoriser=None)
    for clusterer, bar in ((with_model, 0.42), (alone, 0.28)):
        first, second = clusterer.partial_fit([features_of(TANKER_EN), features_of(TANKER_EN2)])
        assert first.threshold == second.threshold == bar == clusterer.threshold
        assert second.score >= second.threshold


def test_a_story_founded_without_the_model_is_embedded_when_a_decision_needs_it():
    model = TopicVectoriser()
    clusterer = OnlineClusterer(vectoriser=model)
    founder = clusterer.assign(features_of(TANKER_EN))
    assert not founder.embedded
    translated = clusterer.assign(features_of(TANKER_ES))
    assert translated.embedded and model.calls == 2  # the article and the founder's lead
    assert translated.story_id == founder.story_id
    assert "vector" in translated.candidates[0].features
    assert set(clusterer.vectors_) == {"t-en", "t-es"}  # both for the caller to persist


def test_another_script_in_the_window_makes_the_model_decide():
    model = TopicVectoriser()
    clusterer = OnlineClusterer(vectoriser=model)
    clusterer.assign(features_of(IPHONE))
    assert model.calls == 0
    decision = clusterer.assign(features_of(TANKER_UK))  # Cyrillic: names cannot match Latin
    assert decision.embedded


def test_stories_founded_before_another_script_came_are_embedded_when_it_comes():
    """Words and names cannot retrieve a Latin story for a Cyrillic report, only vectors can;
    stories founded without the model get theirs when a report in another script arrives."""
    model = TopicVectoriser()
    clusterer = OnlineClusterer(vectoriser=model)
    founder, other = (clusterer.assign(features_of(a)) for a in (TANKER_EN, IPHONE))
    assert model.calls == 0 and founder.new_story and other.new_story
    translated = clusterer.assign(features_of(TANKER_RU))
    assert model.calls == 3  # the report and the two founders' leads
    assert translated.story_id == founder.story_id
    later = clusterer.assign(features_of(TANKER_UK))
    assert model.calls == 4 and later.story_id == founder.story_id  # nothing bare is left


@pytest.mark.parametrize(
    "text, script",
    [
        ("Airbus wins the tanker deal", "latin"),
        ("Élysée: Macron reçoit Scholz", "latin"),
        ("Thủ tướng Việt Nam", "latin"),
        ("Макрон і Шольц обговорили війська", "cyrillic"),
        ("Ο Μακρόν συναντά τον Σολτς", "greek"),
        ("ماكرون يلتقي شولتس", "arabic"),
        ("マクロン大統領", "cjk"),
        ("마크롱 대통령", "hangul"),
        ("Macron (Макрон) met Scholz in Berlin", "latin"),
        ("", "latin"),
        ("2024 — 11 — 20", "latin"),
    ],
)
def test_script_of(text, script):
    assert script_of(text) == script


def test_same_input_gives_same_ids():
    stream = [features_of(a) for a in (TANKER_EN, IPHONE, TANKER_EN2, TANKER_ES)]
    runs = [[a.story_id for a in OnlineClusterer().partial_fit(stream)] for _ in range(2)]
    assert runs[0] == runs[1]


@pytest.mark.parametrize("copied", [False, True])
def test_old_stories_are_retired_by_the_window(copied):
    """A story idle beyond the window leaves before the next article is decided: neither a
    follow-up (within the grace period of its last report) nor an exact copy can join it."""
    config = ClusterConfig(window_days=2, min_idle_decisions=1, grace_days=7)
    clusterer = OnlineClusterer(config)
    clusterer.assign(features_of(TANKER_EN))
    text = TANKER_EN.text if copied else TANKER_EN2.text
    later = article("t-late", TANKER_EN2.title or "", text, when=T0 + timedelta(days=5))
    copies = {"t-late": ("t-en", 1.0)} if copied else {}
    (decision,) = clusterer.partial_fit([features_of(later)], {}, copies)
    assert decision.new_story and decision.candidates == ()  # nothing live to consider
    assert story_id_for("t-en") not in clusterer.stories_


def test_an_article_dated_in_the_future_does_not_stop_the_window():
    config = ClusterConfig(window_days=2, min_idle_decisions=1)
    clusterer = OnlineClusterer(config)
    clusterer.assign(features_of(TANKER_EN))
    far = article(
        "t-2099", "Lunar colony opens", "Quokka wombat.", when=datetime(2099, 1, 1, tzinfo=UTC)
    )
    clusterer.assign(features_of(far))
    assert story_id_for("t-en") in clusterer.stories_  # "2099" moved no clock
    later = article("t-late", TANKER_EN2.title or "", TANKER_EN2.text, when=T0 + timedelta(days=10))
    clusterer.assign(features_of(later))
    assert story_id_for("t-en") not in clusterer.stories_  # the window still moves


def test_a_restored_story_dated_in_the_future_leaves_the_clock_alone():
    """At start-up as in the stream: a stored article dated "2099" must not set the clock."""
    far = article("t-2099", "Lunar colony opens", "Quokka.", when=datetime(2099, 1, 1, tzinfo=UTC))
    clusterer = OnlineClusterer()
    clusterer.restore("s-far", 1, "Lunar colony opens", [(features_of(far), None)])
    clusterer.restore("s-en", 2, "Tanker", [(features_of(TANKER_EN), None)])
    assert clusterer.clock == T0


@pytest.mark.parametrize(("days_apart", "merged"), [(0.5, True), (60, False)])
def test_an_undated_report_merges_look_alike_stories_only_close_in_time(days_apart, merged):
    """Stories merge when they turn out to be one: resembling each other is not enough when
    they are months apart, however well an undated article matches both."""
    clusterer = OnlineClusterer(ClusterConfig(merge_threshold=0.3, window_days=90))
    (first,) = clusterer.partial_fit([features_of(TANKER_EN)])
    later = article("t-later", "Tanker deal", TANKER_EN.text, when=T0 + timedelta(days=days_apart))
    story = clusterer.stories_.get(first.story_id)
    second = clusterer._new_story(features_of(later))  # a look-alike story of its own
    clusterer._add(second, features_of(later), None)
    assert story is not None and len(clusterer.stories_) == 2
    bridge = article("t-both", TANKER_EN2.title or "", TANKER_EN.text, when=None)
    (decision,) = clusterer.partial_fit([features_of(bridge)])
    assert bool(decision.merged) is merged
    assert len(clusterer.stories_) == (1 if merged else 2)


def test_a_story_with_no_dated_member_retires_once_idle():
    config = ClusterConfig(window_days=2, min_idle_decisions=2)
    clusterer = OnlineClusterer(config)
    clusterer.assign(features_of(article("u1", "Zebra crossing", "Quokka wombat.", when=None)))
    for i in range(3):  # dated news moves the clock on
        when = T0 + timedelta(days=i)
        clusterer.assign(features_of(article(f"d{i}", f"Unrelated {i}", f"Koala{i}.", when=when)))
    assert story_id_for("u1") not in clusterer.stories_


def _plain(aid: str, terms: str) -> Features:
    return Features(aid, "en", T0, dict.fromkeys(terms.split(), 1.0), frozenset(), lead=aid)


#: Unrelated stories first, so that the three below have rare terms; then a quake story (A),
#: a report of its aftermath too far from A alone to join it (B), and one that bridges them (C).
BACKGROUND = [_plain(f"n{i}", f"noise{i}a noise{i}b noise{i}c") for i in range(30)]
QUAKE = _plain("a", "quake city rescue dead tower")
AFTERMATH = _plain("b", "quake rescue tent camp shelter aftershock")
BRIDGE = _plain("c", "quake city rescue dead tent camp shelter")


@pytest.mark.parametrize(
    ("second_look_decisions", "together"),
    [(1000, True), (1, False)],  # a second look is only for young single-article stories
)
def test_a_story_that_missed_a_smaller_one_gets_a_second_look(second_look_decisions, together):
    config = ClusterConfig(second_look_decisions=second_look_decisions)
    clusterer = OnlineClusterer(config)
    clusterer.partial_fit(BACKGROUND)
    quake, aftermath, bridge = clusterer.partial_fit([QUAKE, AFTERMATH, BRIDGE])
    assert quake.new_story and aftermath.new_story  # B alone is too far from A alone
    assert bridge.candidates[0].story_id == aftermath.story_id
    stories = {clusterer.resolve(s) for s in (quake.story_id, aftermath.story_id)}
    assert (len(stories) == 1) is together
    if together:  # A's founder now clears the threshold against B + C: the older id survives
        assert bridge.story_id == quake.story_id
        assert bridge.merged == (aftermath.story_id,)
        assert clusterer.merged_ == {aftermath.story_id: quake.story_id}
    else:
        assert bridge.story_id == aftermath.story_id and not bridge.merged


@pytest.mark.parametrize(
    ("similarity", "days_later", "followed"),
    [
        (1.0, 60.0, True),  # an exact copy joins its original's story whenever it comes
        (0.8, 0.5, True),  # a near copy within the grace period: syndication
        (0.8, 60.0, False),  # a near copy from another time is scored (time counts)
        (0.8, None, True),  # undated: nothing says it is from another time
        (0.4, 0.0, False),  # below follow_duplicates: an ordinary article
    ],
)
def test_which_copies_follow_their_original(similarity, days_later, followed):
    clusterer = OnlineClusterer(ClusterConfig(window_days=90))
    (original,) = clusterer.partial_fit([features_of(IPHONE)])
    when = None if days_later is None else T0 + timedelta(days=days_later)
    copy = article("copy", "Apple's iPhone 3G is here", IPHONE.text, when=when)
    (decision,) = clusterer.partial_fit([features_of(copy)], {}, {"copy": ("iphone", similarity)})
    assert ("duplicate" in decision.candidates[0].features) is followed
    if followed:
        assert decision.story_id == original.story_id
        assert decision.threshold == clusterer.config.follow_duplicates <= similarity
    elif days_later == 60.0:  # scored like any article: two months of decay keep it apart
        assert decision.new_story


def test_second_looks_survive_a_restart():
    config = ClusterConfig(second_look_floor=0.1)  # so that AFTERMATH's decision notes QUAKE
    first = OnlineClusterer(config)
    decisions = first.partial_fit([*BACKGROUND, QUAKE, AFTERMATH])
    by_id = {f.article_id: f for f in [*BACKGROUND, QUAKE, AFTERMATH]}
    members: dict[str, list[Features]] = {}
    for decision in decisions:
        members.setdefault(decision.story_id, []).append(by_id[decision.article_id])
    assert first._watchers == {decisions[-2].story_id: {decisions[-1].story_id}}
    restarted = OnlineClusterer(config)  # as the pipeline does: stories, then latest decisions
    for seq, story_id in sorted((first.stories_[s].seq, s) for s in members):
        restarted.restore(story_id, seq, "", [(f, None) for f in members[story_id]])
    restarted.start_after(first.seq_)
    for seq, decision in enumerate(decisions, start=1):
        restarted.replay(seq, decision)
    assert restarted._watchers == first._watchers
    assert list(restarted._young) == list(first._young)
    bridge = restarted.assign(BRIDGE)
    assert bridge.story_id == decisions[-2].story_id  # QUAKE's story took AFTERMATH's
    assert bridge.merged == (decisions[-1].story_id,)


def test_second_look_state_is_bounded_by_its_decisions():
    clusterer = OnlineClusterer(ClusterConfig(second_look_decisions=50, max_active_stories=200))
    for i in range(600):
        topic = i % 40  # forty topics, each article sharing two of its topic's words
        clusterer.assign(_plain(f"x{i}", f"topic{topic} word{topic} unique{i}a unique{i}b"))
    assert len(clusterer._young) <= 50 + 1  # founded in the last decision or the 50 before
    assert set(clusterer._young) <= set(clusterer.stories_)
    assert set(clusterer._watchers) <= set(clusterer.stories_)


def test_time_decay_lowers_scores():
    clusterer = OnlineClusterer()
    clusterer.assign(features_of(TANKER_EN))
    near = clusterer.assign(features_of(TANKER_EN2))
    far_clusterer = OnlineClusterer(ClusterConfig(window_days=60))
    far_clusterer.assign(features_of(TANKER_EN))
    late = article("t-late", TANKER_EN2.title or "", TANKER_EN2.text, when=T0 + timedelta(days=20))
    far = far_clusterer.assign(features_of(late))
    assert far.candidates[0].features["decay"] < 1.0
    assert far.candidates[0].score < near.candidates[0].score


def test_bounded_active_stories():
    clusterer = OnlineClusterer(ClusterConfig(max_active_stories=3))
    for i in range(10):
        clusterer.assign(
            features_of(
                article(
                    f"a{i}",
                    f"Unrelated story number {i} about zebra{i}",
                    f"Text {i} quokka{i} wombat{i}.",
                    when=None,
                )
            )
        )
    assert len(clusterer.stories_) <= 3


def test_undated_and_empty_articles_are_handled():
    clusterer = OnlineClusterer()
    empty = article("e", "", "", when=None)
    decision = clusterer.assign(features_of(empty))
    assert decision.new_story and decision.candidates == ()


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"threshold": 0}, "threshold must be in (0, 1]"),
        ({"threshold": 1.5}, "threshold must be in (0, 1]"),
        ({"vector_floor": 0.96, "vector_ceiling": 0.95}, "floor < ceiling"),
        ({"script_vector_floor": 0.9, "script_vector_ceiling": 0.88}, "got 0.9 and 0.88"),
        ({"window_days": 0}, "window_days must be > 0"),
        ({"max_candidates": 0}, "max_candidates must be >= 1"),
        ({"second_look_floor": 0}, "second_look_floor must be in (0, 1]"),
        ({"second_look_decisions": 0}, "second_look_decisions must be >= 1"),
        ({"confident_margin": -0.1}, "confident_margin must be in .0, 1.; got -0.1"),
        ({"plausible_cosine": 0.8}, "plausible_cosine must be in (vector_floor, 1]"),
        ({"embed_ahead": 0}, "embed_ahead must be >= 1"),
    ],
)
def test_config_validation_states_the_fix(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("]", r"\]")):
        ClusterConfig(**kwargs)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The deal went to Airbus and Northrop Grumman.", {"airbus", "northrop", "grumman"}),
        ("Élysée confirmed the A380 order for 15 jets in 2008.", {"a380", "15", "2008"}),
        ("Le contrat est signé avec l'Élysée.", {"elysee"}),
    ],
)
def test_names_are_capitalised_words_inside_sentences_and_numbers(text, expected):
    assert expected <= names(text)
    assert "the" not in names(text) and "le" not in names(text)


def test_title_terms_weigh_more():
    weights = term_weights("Tanker deal", "The tanker deal was signed. Other words here.")
    assert weights["tanker"] > weights["signed"]


def test_a_story_of_5000_articles_stays_one_story_with_a_bounded_profile():
    """A long-running story: every report varies (no copies), all join one story, and its
    profile keeps at most MAX_PROFILE_TERMS terms however many members it has."""
    import random

    from storyweave.cluster.profile import MAX_PROFILE_TERMS

    rng = random.Random(5)
    clusterer = OnlineClusterer(ClusterConfig(min_idle_decisions=1))
    base = TANKER_EN.text.split()
    decisions = []
    for i in range(5000):
        words = [w for w in base if rng.random() > 0.15] + [f"detail{rng.randrange(20000)}"]
        when = T0 + timedelta(minutes=i)
        text = " ".join(words)
        decisions.append(
            clusterer.assign(features_of(article(f"x{i}", TANKER_EN.title, text, when=when)))
        )
    stories = {clusterer.resolve(d.story_id) for d in decisions}
    assert len(stories) == 1
    (profile,) = clusterer.stories_.values()
    assert profile.size == 5000
    assert all(len(terms) <= MAX_PROFILE_TERMS for terms in profile.terms.values())
    indexed = {term for term, ids in clusterer._postings.terms.items() if profile.id in ids}
    assert indexed == all_terms(profile)  # pruned terms left the index with the profile
    late = article("late", "Zebra crossing", "Quokka wombat.", when=T0 + timedelta(days=400))
    clusterer.assign(features_of(late))
    assert clusterer.retire(T0 + timedelta(days=400)) == [] and profile.id not in clusterer.stories_
    postings = [*clusterer._postings.terms.values(), *clusterer._postings.names.values()]
    assert not any(profile.id in ids for ids in postings)  # retired: nothing left behind


def test_the_statistics_forget_the_rarest_terms_beyond_their_bound(monkeypatch):
    from storyweave.cluster import profile as module

    monkeypatch.setattr(module, "MAX_VOCABULARY", 100)
    stats = module.Statistics()
    for i in range(1000):  # every article coins a new word beside two common ones
        terms = {"common": 1.0, "frequent": 1.0, f"coined{i}": 1.0}
        stats.add(Features(f"a{i}", "en", None, terms, frozenset({f"Name{i}", "Paris"}), ""))
    assert len(stats.term_df) <= 100 and len(stats.name_df) <= 100
    assert stats.term_df["common"] == stats.term_df["frequent"] == 1000
    assert stats.name_df["Paris"] == 1000
    assert stats.term_idf("coined3") > stats.term_idf("common")  # forgotten: counts as unseen


@pytest.mark.parametrize(
    "title, text, lang",
    [
        ("ጠቅላይ ሚኒስትሩ ዛሬ ተናገሩ", "የኢትዮጵያ ጠቅላይ ሚኒስትር ዛሬ ንግግር አደረጉ።", "am"),  # Ge'ez script
        ("", "12 345 678 — 2024", "und"),  # no letters at all
        ("Tanker deal", "Northrop " * 3000, "xx"),  # a language code nobody knows
    ],
)
def test_a_language_or_script_the_model_does_not_know_is_assigned(title, text, lang):
    clusterer = OnlineClusterer(vectoriser=TopicVectoriser())
    clusterer.assign(features_of(TANKER_EN))
    decision = clusterer.assign(features_of(article("odd", title, text, lang=lang)))
    assert decision.story_id in clusterer.stories_ or decision.story_id in clusterer.merged_


@pytest.mark.parametrize(
    "cosine, names, same_script, expected",
    [
        (0.95, 0.0, True, 0.5),  # within one script the cross-language scale: names count
        (0.84, 0.2, True, 0.1),
        (0.84, 0.2, False, 0.5556),  # across scripts the embedding alone, on its own scale
        (0.88, 0.0, False, 1.0),
        (0.79, 0.4, False, 0.2),  # names (figures) still count when they say more
    ],
)
def test_across_scripts_the_embedding_may_decide_alone(cosine, names, same_script, expected):
    score = ClusterConfig().combine(0.0, names, cosine, False, same_script)
    assert score == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize(("ahead", "embedded"), [(1, 1), (2, 2), (8, 4)])
def test_articles_are_embedded_ahead_a_few_at_a_time(ahead, embedded):
    """Judged before the run, every Spanish report needs the model (only an English story is
    live); by its turn, each after the first has a Spanish report in its story to match."""
    model = TopicVectoriser()
    clusterer = OnlineClusterer(ClusterConfig(embed_ahead=ahead), vectoriser=model)
    clusterer.assign(features_of(TANKER_EN))
    reports = [article(f"t-es{i}", TANKER_ES.title or "", TANKER_ES.text, "es") for i in range(4)]
    decisions = clusterer.partial_fit([features_of(a) for a in reports])
    assert {d.story_id for d in decisions} == {story_id_for("t-en")}
    assert sum(r.id in clusterer.vectors_ for r in reports) == embedded
