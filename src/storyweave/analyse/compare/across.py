"""Conflicts across facts: counts of one thing, and weekdays of one act, compared over all
of a story's statements, whatever facts the aligner put them in.

**Counted things.**
Two outlets rarely tell one figure in the same sentence: one writes "about 200 migrants
prepared to walk to the port", another "more than 150 migrants were prepared to seek asylum",
and the aligner may well put the two sentences in different facts. What ties the figures is
the thing counted. A *count* is a figure with its **thing** (the noun it counts, "migrants";
or, when no noun follows, the measure word before it, "magnitude 6.1") and its **event**
(the kind of outcome named near it: killed, injured, arrested ...), so "3 people were
killed" and "20 people were injured" are two counts, not one told two ways.

Two counts of one story conflict when they come from articles in one language, count the
same thing for the same event, measure it the same way (a share, a count, a duration), differ
beyond rounding (or one is only an order of magnitude, "hundreds", against a figure), and
their statements are related (:data:`RELATED` on the aligner's score or on shared word stems;
:data:`CLOSE` for durations). Nothing may tell the two things apart: what the thing is of
or on ("tariff on steel" / "on aluminium"), a month beside the figure ("in February", or in
the statement before one that opens on a pronoun and names none: "It killed 612 people"),
or the names of the two statements (two players' passes). A figure the other article also
gives for that thing, or the other statement gives at all, is agreed on (an update, a
subset, a range); a thing an article gives more than :data:`MAX_VALUES` figures for is a
unit ("yards"), not one quantity; a generic thing ("people", "others") needs its event.
Parts and windows ("29 of 34 passes", "his first 17 passes"), ages, dates and figures inside
names ("AK 47") are no counts. Each article pair reports one thing once, from its closest
statements.

**Weekdays.** Two closely related statements (:data:`WEEKDAY_RELATED`) that each date what
they tell by one weekday and nothing else, and name different days ("announced early
Saturday" / "state media Friday evening indicated that ... announced"), date one act twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from storyweave.analyse.compare.values import date_spans, dates, fold, numbers, rejoined

#: Relatedness (aligner score or shared stems) two statements need for their counts of one
#: thing to be read as one figure told two ways.
RELATED = 0.2
#: Durations ("30 days") are compared only between closer versions: a story is full of
#: periods of different things.
CLOSE = 0.4
#: Words either side of a figure where a month names the time it is of.
WHEN_WINDOW = 10
#: A thing an article gives more figures for than this is a unit it measures several things
#: in ("yards", "points", "miles"), not one quantity.
MAX_VALUES = 2
_DURATIONS = frozenset("second minute hour day week month year decade".split())
#: Words of the number phrase itself, before the thing counted ("more than", "some").
_QUALIFIERS = (
    r"(?:(?:about|around|approximately|roughly|some|nearly|almost|over|at least|at most|"
    r"more than|fewer than|less than|up to|as many as|an estimated|just|only|another|the)\s+)*"
)
_WORD_FIGURES = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_FIGURE = re.compile(
    rf"\b{_QUALIFIERS}(?P<fig>"
    r"[$€£]?\s?(?:\d{1,3}(?:,\s\d{3})+(?!\d)|\d+(?:[.,]\d+)*)(?:\s*(?:%|percent\b|per cent\b))?"
    r"(?:\s+(?:thousand|million|billion|trillion|bn)\b)?"
    rf"|(?:{_WORD_FIGURES})\b(?:[\s-]+(?:{_WORD_FIGURES})\b)?"
    r"(?:\s+(?:hundred|thousand|million|billion|dozen)\b)?(?:\s+(?:percent|per cent)\b)?"
    r"|(?:tens|hundreds|thousands|millions|dozens|scores)(?:\s+of\s+(?:thousands|millions))?"
    r")(?P<of>\s+of\b)?",
    re.I,
)
_QUALIFYING = frozenset(
    "about around approximately roughly nearly almost over least most than up many estimated"
    " just only another".split()
)
#: Words that end the noun phrase after a figure: it counts the word before them.
_BOUNDARY = frozenset(
    """of in on at to from for with by into over under after before since during about
    and or but nor as than that which who whom whose when where while if because so
    is are was were be been being has have had do does did will would can could may might
    must shall should said says say according including among per each this these those
    their his her its our your my the a an it they he she we i you them there here not
    no more most many much some any all both other such then also just only through across
    along toward towards against near around between within without via amid despite""".split()
)
#: Things that say nothing on their own: they need an event named on both sides.
_GENERIC = frozenset(
    "people persons others ones men women children times cases members things units".split()
)
#: What happened to the things counted; near a figure, it names the event.
_EVENTS = {
    "killed": "death",
    "kill": "death",
    "killing": "death",
    "dead": "death",
    "died": "death",
    "die": "death",
    "deaths": "death",
    "death": "death",
    "fatalities": "death",
    "lives": "death",
    "bodies": "death",
    "injured": "injury",
    "injuring": "injury",
    "injuries": "injury",
    "hurt": "injury",
    "wounded": "injury",
    "wounding": "injury",
    "missing": "missing",
    "arrested": "arrest",
    "arrests": "arrest",
    "detained": "arrest",
    "evacuated": "evacuation",
    "rescued": "rescue",
    "displaced": "displacement",
    "homeless": "displacement",
}
_EVENT_WINDOW = 5
_CLAUSE_ENDS = frozenset({",", ";", ":", "and", "but", "while", "."})
#: Plurals without an s.
_PLURALS = frozenset("people men women children police personnel staff cattle".split())
_WORD = re.compile(
    r"[A-Za-z]+(?:\.[A-Za-z]+)+\.?|[A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\w\s]"
)
_YEAR = re.compile(r"\d{4}")
#: A statement opening on a pronoun tells of what the one before it named.
_ANAPHOR = re.compile(r"\W*(?:it|its|that|this|they|the same)\b", re.I)
_PART = re.compile(
    r"\s*(?:of|out of|/|-)\s*(?:(?:the|their|its|his|her|last|first|next|past)\s+)*\d", re.I
)
_WINDOW = re.compile(r"\b(?:first|last|next|past|other|another)\s*$", re.I)
_NAMED = re.compile(r"[A-Z][\w.’'-]*[\s-]*$")
_AGE = re.compile(r"\s*-?\s*years?\s*-?\s*old", re.I)
_AGO = re.compile(r"\s+\w+\s+(?:ago|earlier|later|before)\b", re.I)


@dataclass(frozen=True)
class Count:
    """A figure in a statement (``value`` as :func:`.values.numbers` writes it), the thing
    it counts (a folded stem) and the event named near it ("" when none)."""

    value: str
    thing: str
    event: str
    start: int
    end: int
    complement: str = ""  # what the thing is of or on ("tariff [on] steel"), when said
    months: frozenset[str] = frozenset()  # months named next to it ("in February"): when


def _stem(word: str) -> str:
    """Folded, plural-insensitive stem: "migrants" and "migrant" meet; "missiles" too."""
    word = fold(word).replace("’", "'")
    word = word.removesuffix("'s")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _value(phrase: str) -> str | None:
    """One normalised value for a figure phrase; composite vague figures ("tens of
    thousands") as their order of magnitude; None when it is no single figure."""
    words = phrase.lower().split()
    vague = {"tens": 10, "hundreds": 100, "thousands": 1000, "millions": 1_000_000}
    if words and words[0] in vague and words[-1] in {"thousands", "millions"} and len(words) > 1:
        return f"{vague[words[0]] * vague[words[-1]]}s"
    if words and words[0] == "scores":
        return "20s"
    found = numbers(phrase.replace("$", "").replace("€", "").replace("£", ""))
    return next(iter(found)) if len(found) == 1 else None


def _plural(word: str) -> bool:
    low = fold(word)
    return low in _PLURALS or (
        low.endswith("s") and len(low) > 3 and not low.endswith(("ss", "us", "is"))
    )


def _thing_after(text: str, end: int, single: bool) -> tuple[str, int] | None:
    """The noun a figure counts: the first plural among the next plain words ("100,000
    secret files" -> file); for a share, a sum, a decimal or "one", the first plain word
    ("25 percent tariff", "6.1 magnitude"). Hyphens of a compound are skipped."""
    seen, worth = 0, False
    for match in _WORD.finditer(text, end):
        word = match.group()
        if word == "-":
            continue
        if not word[0].isalpha() or (fold(word) in _BOUNDARY and not worth) or seen == 3:
            return None
        seen += 1
        if seen == 1 and _stem(word) in _DURATIONS:
            return _stem(word), match.end()  # "a 30 - day delay", "30 days"
        if word[0].isupper():
            continue  # "28,500 U.S. troops": a name qualifies the thing
        if fold(word) in {"worth", "dollars", "euros", "pounds"} and single:
            worth = True
            continue
        if worth and fold(word) == "of":
            continue
        if single or _plural(word):
            return _stem(word), match.end()
    return None


def _complement(text: str, end: int) -> str:
    """The word a preposition right after the thing attaches it to ("tariff on [steel]")."""
    words = [m.group() for m in _WORD.finditer(text, end)][:3]
    if len(words) < 2 or fold(words[0]) not in {"on", "of", "for", "against"}:
        return ""
    rest = [w for w in words[1:] if fold(w) not in {"the", "a", "an"}]
    return _stem(rest[0]) if rest and rest[0][0].isalpha() else ""


def _thing_before(text: str, start: int) -> str | None:
    """The measure word right before a figure ("magnitude 6.1", "a toll of 12")."""
    before = [m.group() for m in _WORD.finditer(text[:start])][-2:]
    if before and fold(before[-1]) in {"of", "at", "to"}:
        before = before[:-1]
    if not before or not before[-1][0].isalpha() or fold(before[-1]) in _BOUNDARY | _QUALIFYING:
        return None
    return _stem(before[-1])


def events(text: str) -> frozenset[str]:
    """The kinds of outcome ``text`` names (death, injury ...)."""
    return frozenset(
        _EVENTS[w] for w in (fold(m.group()) for m in _WORD.finditer(text)) if w in _EVENTS
    )


def _event(text: str, start: int, end: int) -> str:
    """The event named next to a count: after it ("25 people were killed", "three dead"),
    else before it ("killed 25 people"); a comma or "and" ends the search that way."""
    right = [fold(m.group()) for m in _WORD.finditer(text[end:])][:_EVENT_WINDOW]
    left = [fold(m.group()) for m in _WORD.finditer(text[:start])][-_EVENT_WINDOW:][::-1]
    for near in (right, left):
        for word in near:
            if word in _EVENTS:
                return _EVENTS[word]
            if word in _CLAUSE_ENDS:
                break
    return ""


def _read(text: str, match: re.Match[str], value: str) -> tuple[str, str, str] | None:
    """(thing, event, complement) of one figure, or None when it counts nothing plain."""
    phrase = match.group("fig").strip()
    single = value.endswith("%") or value == "1" or phrase[:1] in "$€£"
    single = single or ("." in value and not value.endswith("s"))
    event = "" if single and value != "1" else _event(text, match.start(), match.end())
    after = _thing_after(text, match.end(), single)
    if after:
        thing = "people" if after[0] in _EVENTS and event else after[0]  # "three deaths"
        return thing, event, _complement(text, after[1])
    following = next(_WORD.finditer(text, match.end()), None)
    word = fold(following.group()) if following else ""
    ends = not word[:1].isalnum() or word in _BOUNDARY
    if event and (ends or word in _EVENTS):
        return "people", event, ""  # "five dead", "killing 3", "12 were injured"
    before = _thing_before(text, match.start("fig")) if ends else None
    return (before, "", "") if before else None


def counts(text: str) -> list[Count]:
    """Every count in ``text`` (see the module docstring); years and dates are no counts."""
    found: list[Count] = []
    text = rejoined(text)
    dated = date_spans(text)
    for match in _FIGURE.finditer(text):
        phrase = match.group("fig").strip()
        if any(a <= match.start("fig") < b for a, b, _ in dated):
            continue
        named = _NAMED.search(text[: match.start("fig")])
        if phrase[:1].isdigit() and named and fold(named.group().strip(" -")) not in _NOT_NAMES:
            continue  # part of a name: "Internet Explorer 8", "AK 47", "Route 66"
        if _AGE.match(text, match.end()) or _AGO.match(text, match.end()):
            continue
        if _PART.match(text, match.end("fig")) or _WINDOW.search(text[: match.start("fig")]):
            continue  # "29 of 34 passes", "his first 17 passes": a part, not the total
        value = _value(phrase)
        read = _read(text, match, value) if value else None
        if value is None or read is None or (value == "1" and not read[1]):
            continue  # "one question asks": one of them, not how many
        months = _months_near(text, *match.span())
        found.append(Count(value, read[0], read[1], *match.span(), read[2], months))
    return found


def _months_near(text: str, start: int, end: int) -> frozenset[str]:
    """Months named within :data:`WHEN_WINDOW` words of a figure: the time it is of."""
    words = list(_WORD.finditer(text))
    before = [w for w in words if w.end() <= start][-WHEN_WINDOW:]
    after = [w for w in words if w.start() >= end][:WHEN_WINDOW]
    window = text[before[0].start() if before else start : after[-1].end() if after else end]
    return frozenset(d[:2] if d[0].isdigit() else d[1:] for d in dates(window) if _monthly(d))


def _monthly(value: str) -> bool:
    return bool(re.fullmatch(r"\d\d-\d\d|m\d\d", value))


#: (kind value a, kind value b) -> None when compatible, else a note ("" or "vague vs exact").
Judge = Callable[[set[str], set[str]], str | None]


@dataclass(frozen=True)
class Sighting:
    """One count in one statement of a story."""

    statement: int  # index of the statement in the story
    article: str
    count: Count


_CALENDAR = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
#: Capitalised words that name no one: calendar and function words.
_NOT_NAMES = _CALENDAR | _BOUNDARY | _QUALIFYING


def _names(text: str) -> frozenset[str]:
    """Capitalised words (a first word only when it is no function word), folded, without
    a possessive: who and where a statement is about ("Mexico's" is Mexico, "Indian" is
    not India)."""
    words = [m.group() for m in _WORD.finditer(text) if m.group()[:1].isalpha()]
    return frozenset(
        fold(w).replace("’", "'").removesuffix("'s")
        for w in words
        if w[0].isupper() and fold(w) not in _NOT_NAMES
    )


@dataclass(frozen=True)
class _Statements:
    """What the pair checks read of every statement: its names and all its figures."""

    names: Sequence[frozenset[str]]
    figures: Sequence[set[str]]


def _same_thing(left: Sighting, right: Sighting, seen: _Statements) -> bool:
    """Whether two counts of one thing and event can be one quantity told two ways."""
    of = (left.count.complement, right.count.complement)
    if all(of) and of[0] != of[1]:
        return False  # "tariff on steel", "tariff on aluminium"
    when = (left.count.months, right.count.months)
    if any(when) and not when[0] & when[1]:
        return False  # "killed 612 in February": another event than this one
    who = (seen.names[left.statement], seen.names[right.statement])
    if all(who) and not who[0] & who[1]:
        return False  # "Garrard completed 28 passes", "Manning completed 17 passes"
    figures = (seen.figures[left.statement], seen.figures[right.statement])
    # a figure the other statement also gives counts another word there
    return right.count.value not in figures[0] and left.count.value not in figures[1]


def _note(left: Sighting, right: Sighting, given: dict[str, set[str]], judge: Judge) -> str | None:
    """The difference of two counts (see ``judge``), or None when they agree, or when either
    article also gives the other's figure for that thing (an update, a subset, a range)."""
    mine, theirs = given[left.article], given[right.article]
    if max(len(mine), len(theirs)) > MAX_VALUES:
        return None  # "yards", "points": a unit the article measures many things in
    note = judge({left.count.value}, {right.count.value})
    if note is None or judge(mine, {right.count.value}) is None:
        return None
    return None if judge({left.count.value}, theirs) is None else note


Found = tuple[int, int, str, str, str]


def count_conflicts(
    texts: Sequence[tuple[str, str, str]], related: Callable[[int, int], float], judge: Judge
) -> list[Found]:
    """Counts of one thing that two articles give differently.

    ``texts`` holds each statement's (article id, language, text); ``related(i, j)`` scores
    two statements; ``judge`` compares two sets of figures (see :mod:`.conflicts`). Returns
    (statement i, statement j, value i, value j, note), i in an earlier article than j.
    """
    seen = _Statements([_names(t) for _, _, t in texts], [numbers(t) for _, _, t in texts])
    groups: dict[tuple[str, str, str], list[Sighting]] = {}
    for i, (article, language, text) in enumerate(texts):
        before = texts[i - 1][2] if i and texts[i - 1][0] == article else ""
        undated = _ANAPHOR.match(text) and not _months_near(text, 0, len(text))
        for count in counts(text):
            if undated:  # "It killed 612 people ...": the time of the one before
                count = replace(count, months=_months_near(before, 0, len(before)))
            groups.setdefault((language, count.thing, count.event), []).append(
                Sighting(i, article, count)
            )
    best: dict[tuple[str, str, str, str], tuple[float, Found]] = {}
    for (_, thing, event), sightings in groups.items():
        if thing in _GENERIC and not event:
            continue
        given: dict[str, set[str]] = {}
        for s in sightings:
            given.setdefault(s.article, set()).add(s.count.value)
        floor = CLOSE if thing in _DURATIONS else RELATED
        for x, left in enumerate(sightings):
            for right in sightings[x + 1 :]:
                if left.article == right.article or not _same_thing(left, right, seen):
                    continue
                note = _note(left, right, given, judge)
                score = related(left.statement, right.statement)
                pair = (left.article, right.article, thing, event)
                if note is None or score < floor or score <= best.get(pair, (-1.0,))[0]:
                    continue
                values = (left.count.value, right.count.value)
                best[pair] = (score, (left.statement, right.statement, *values, note))
    return [found for _, found in best.values()]


#: Relatedness two statements need for their weekdays to date one act.
WEEKDAY_RELATED = 0.4
_WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())


def weekday_conflicts(
    texts: Sequence[tuple[str, str, str]], related: Callable[[int, int], float]
) -> list[Found]:
    """Statements dated by one weekday each that name different days (see the module
    docstring); same shape as :func:`count_conflicts`."""
    dated: list[tuple[int, str]] = []
    for i, (_, _, text) in enumerate(texts):
        found = {d for d in dates(text) if not _YEAR.fullmatch(d)}
        if len(found) == 1 and found <= _WEEKDAYS:
            dated.append((i, found.pop()))
    best: dict[tuple[str, str, str, str], tuple[float, Found]] = {}
    for x, (i, a) in enumerate(dated):
        for j, b in dated[x + 1 :]:
            if a == b or texts[i][0] == texts[j][0] or texts[i][1] != texts[j][1]:
                continue
            score = related(i, j)
            pair = (texts[i][0], texts[j][0], a, b)
            if score >= WEEKDAY_RELATED and (pair not in best or score > best[pair][0]):
                best[pair] = (score, (i, j, a, b, ""))
    return [found for _, found in best.values()]
