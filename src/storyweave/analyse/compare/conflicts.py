"""Conflicts: aligned statements that differ in a number, date, time, place, person or
attribution. Shown with both spans, the two values and, where it helps, a note on the kind of
difference ("vague vs exact", "relative vs exact date"); never judged.

Two versions of one fact (same language, same fact, different articles) are read three ways,
the most specific first:

1. **Slots** (:mod:`.slots`): where two versions sharing most of their words replace a few
   ("owns [55 percent]" / "owns [half]", "[Macron] said" / "[Barrot] said"), the values in the
   replaced words are asserted in the same role, so any difference counts, even for a person
   the other article names elsewhere. A value the other version states anywhere was moved,
   not changed.
2. **Roles**: people named after the same title ("Chief Patrol Agent [X]") in two versions
   that do not name each other's person at all; a speaker's role makes it an attribution.
3. **Whole statements**, between closely aligned versions (``conflict_threshold``, on the
   aligner's score or on shared word stems): values both state are agreed on; of the rest, a
   kind conflicts when no value of one is compatible with any of the other. Places, people
   and speakers that the other article names anywhere are context placed elsewhere there.

Values of different granularity are compatible (a year and a day; November and November 11),
figures within rounding are one figure ("40 billion" and "$40bn"), and a version that only
adds a detail is an addition, not a conflict. Relative dates are read against each article's
publication day (:mod:`.when`): "yesterday" in a piece of November 12 is November 11; when
no publication day places them, a relative and an exact date are flagged as such. Across
languages values are not read reliably enough to accuse anyone of a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from storyweave.analyse.compare.across import count_conflicts, events, weekday_conflicts
from storyweave.analyse.compare.align import Matrix, overlap
from storyweave.analyse.compare.facts import Details
from storyweave.analyse.compare.quotes import Names
from storyweave.analyse.compare.slots import role, same_role, slots
from storyweave.analyse.compare.values import dates, numbers, readable, times
from storyweave.analyse.compare.when import days, is_relative
from storyweave.analyse.compare.when import overlap as days_overlap
from storyweave.models import Conflict, Fact, Statement

KINDS = ("number", "date", "time", "place", "person", "attribution")
#: Kinds where a value the other article names anywhere is context, not a contradiction.
CONTEXT_KINDS = frozenset({"place", "person", "attribution"})
_MONTH_DAY = re.compile(r"^(\d\d)-(\d\d)$")
_MONTH = re.compile(r"^m(\d\d)$")
_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)(%?)(?: (\w+))?$")
_VAGUE = {"most"}
_STOP = {"the", "a", "an", "of", "said", "and", "its", "his", "her", "their"}


def _month(value: str) -> str | None:
    if match := _MONTH_DAY.match(value):
        return match.group(1)
    if match := _MONTH.match(value):
        return match.group(1)
    return None


_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def _dates_compatible(a: str, b: str) -> bool:
    if a == b or _YEAR.match(a) or _YEAR.match(b):
        return True
    if (a in _WEEKDAYS) != (b in _WEEKDAYS):
        return True  # "Thursday" may well be "last week", "yesterday" or "April 29"
    month_a, month_b = _month(a), _month(b)
    if month_a and month_b:  # two days of one month conflict; a month and its day do not
        return month_a == month_b and (_MONTH.match(a) is not None or _MONTH.match(b) is not None)
    return False


def _numbers_compatible(a: str, b: str) -> bool:
    if (
        a in _VAGUE
        or b in _VAGUE
        or (a.endswith("s") and a[:-1].isdigit())
        or (b.endswith("s") and b[:-1].isdigit())
    ):
        return True  # "dozens", "hundreds", "most" claim no precise figure
    ma, mb = _NUMBER.match(a), _NUMBER.match(b)
    if not (ma and mb):
        return a == b
    if ma.group(2) != mb.group(2) or ma.group(3) != mb.group(3):
        return True  # a share and a count, or days and hours, measure different things
    x, y = float(ma.group(1)), float(mb.group(1))
    return abs(x - y) <= 0.02 * max(abs(x), abs(y), 1e-9)


def _words(value: str) -> set[str]:
    return {w for w in re.findall(r"\w+", value.lower()) if w not in _STOP}


#: Regions that hold countries and cities ("cables between Sicily and North Africa" /
#: "between Italy and Egypt" name the same places at two scales). English names; a place
#: conflict needs two places of which neither is a region.
REGIONS = frozenset(
    name.lower()
    for name in (
        "Africa", "North Africa", "West Africa", "East Africa", "Southern Africa",
        "Sub-Saharan Africa", "Central Africa", "Horn of Africa", "Sahel", "Maghreb",
        "Asia", "East Asia", "South Asia", "Southeast Asia", "Central Asia", "Asia-Pacific",
        "Middle East", "Mideast", "Near East", "Far East", "Gulf", "Levant",
        "Europe", "Western Europe", "Eastern Europe", "Central Europe", "Northern Europe",
        "Southern Europe", "Balkans", "Scandinavia", "Baltics", "Caucasus",
        "America", "Americas", "North America", "South America", "Latin America",
        "Central America", "Caribbean", "Oceania", "Pacific", "Atlantic", "Mediterranean",
        "Arctic", "Antarctica", "West", "Midwest", "New England",
    )
)  # fmt: skip


def _region(place: str) -> bool:
    return " ".join(place.lower().split()).removeprefix("the ") in REGIONS


def compatible(kind: str, a: str, b: str) -> bool:
    """Whether two values of one kind of detail can both be true of the same fact."""
    if kind == "date":
        return _dates_compatible(a, b)
    if kind == "number":
        return _numbers_compatible(a, b)
    if kind == "attribution":
        return a == b or bool(_words(a) & _words(b))
    if kind == "place" and (_region(a) or _region(b)):
        return True  # "North Africa" may hold "Egypt": two scales, no contradiction
    if kind in {"person", "place"}:  # "New York" and "New York City"; "Moon Jae" and "Moon Jae-in"
        words_a, words_b = _words(a.replace("-", " ")), _words(b.replace("-", " "))
        if kind == "person" and a.split()[-1].lower() == b.split()[-1].lower():
            return True  # "Robert W. Goodlatte" and "Bob Goodlatte"
        return words_a <= words_b or words_b <= words_a
    return a == b


def _stated(kind: str, value: str, elsewhere: Iterable[str]) -> bool:
    return any(compatible(kind, value, other) for other in elsewhere)


@dataclass(frozen=True)
class Side:
    """One version of a fact: its statement, details, its article's tagged names (absolute
    offsets) and publication day."""

    statement: Statement
    details: Details
    names: Names
    published: date | None


def _judge_dates(a: set[str], b: set[str], left: Side, right: Side) -> str | None:
    """None when some date of one can be a date of the other; else a note for the reader."""
    placed_a = [days(v, left.published) for v in a]
    placed_b = [days(v, right.published) for v in b]
    one_relative = any(map(is_relative, a)) != any(map(is_relative, b))
    if any(map(is_relative, a | b)) and all(placed_a) and all(placed_b):
        if any(days_overlap(x, y) for x in placed_a for y in placed_b if x and y):
            return None
        return "incompatible with the publication dates" if one_relative else ""
    if any(_dates_compatible(x, y) for x in a for y in b):
        return None
    return "relative vs exact date" if one_relative else ""


def _vague(value: str) -> bool:
    return value in _VAGUE or (value.endswith("s") and value[:-1].isdigit())


def _judge_numbers(a: set[str], b: set[str]) -> str | None:
    """None when the figures agree (within rounding); "vague vs exact" when one side gives
    only an order of magnitude ("dozens") where the other gives a figure."""
    exact_a, exact_b = {v for v in a if not _vague(v)}, {v for v in b if not _vague(v)}
    if exact_a and exact_b:
        if any(_numbers_compatible(x, y) for x in exact_a for y in exact_b):
            return None
        return ""
    vague, exact = (a - exact_a, exact_b) if exact_b else (b - exact_b, exact_a)
    if {_measure(v) for v in vague} & {_measure(v) for v in exact}:
        return "vague vs exact"
    return None  # two vague figures, or a vague share against a count


def _measure(value: str) -> str:
    """What a figure measures: a share ("55%", "most"), a duration ("30 days") or a count."""
    if value in _VAGUE or value.endswith("%"):
        return "share"
    return "duration" if " " in value else "count"


def _slot_names(side: Side, core: tuple[int, int], kind: str) -> set[str]:
    offset = side.statement.span.start
    start, end = offset + core[0], offset + core[1]
    return {n[2] for n in side.names if n[3] == kind and n[0] < end and start < n[1]}


def _slot_conflicts(left: Side, right: Side) -> list[tuple[str, str, str, str]]:
    """Kinds on which two versions put different values in the same slot (see :mod:`.slots`);
    a value the other version states anywhere was moved, not changed, and is left out."""
    lt, rt = left.statement.text, right.statement.text
    found: list[tuple[str, str, str, str]] = []
    for slot in slots(lt, rt):
        lr, rr = lt[slice(*slot.left_read)], rt[slice(*slot.right_read)]
        for kind, read in (("number", numbers), ("date", dates), ("time", times)):
            a = {v for v in read(lr) - read(rr) if v not in right.details.get(kind, ())}
            b = {v for v in read(rr) - read(lr) if v not in left.details.get(kind, ())}
            if not (a and b):
                continue
            if kind == "number" and events(lr) != events(rr):
                continue  # "killed 10" / "injured 80": two counts, not one told twice
            if kind == "number":
                note = _judge_numbers(a, b)
            elif kind == "date":
                note = _judge_dates(a, b, left, right)
            else:
                note = ""  # two different clock times
            if note is not None:
                found.append((kind, _shown(a), _shown(b), note))
        for kind in ("person", "place"):
            a = _slot_names(left, slot.left_core, kind)
            b = _slot_names(right, slot.right_core, kind)
            a = {v for v in a if not _stated(kind, v, right.details.get(kind, ()))}
            b = {v for v in b if not _stated(kind, v, left.details.get(kind, ()))}
            if a and b and not any(compatible(kind, x, y) for x in a for y in b):
                said = a & left.details.get("attribution", frozenset()) or b & right.details.get(
                    "attribution", frozenset()
                )
                found.append(("attribution" if said else kind, _shown(a), _shown(b), ""))
    return found


def _conflict_kinds(
    left: Side,
    right: Side,
    left_article: Mapping[str, set[str]],
    right_article: Mapping[str, set[str]],
) -> list[tuple[str, str, str, str]]:
    """Kinds on which two whole versions conflict. A place, person or speaker the other
    article states anywhere is no contradiction (it is context placed elsewhere), so only
    values absent from the other article entirely are compared."""
    found: list[tuple[str, str, str, str]] = []
    for kind in KINDS:  # a value both state is agreed on; the rest is compared
        both = left.details.get(kind, frozenset()) & right.details.get(kind, frozenset())
        if kind == "date" and left.published != right.published:  # "yesterday" of two days
            both = frozenset(v for v in both if not is_relative(v))
        a = set(left.details.get(kind, frozenset())) - both
        b = set(right.details.get(kind, frozenset())) - both
        if kind in CONTEXT_KINDS:
            a = {v for v in a if not _stated(kind, v, right_article.get(kind, ()))}
            b = {v for v in b if not _stated(kind, v, left_article.get(kind, ()))}
        if not (a and b):
            continue
        if kind == "date":
            note = _judge_dates(a, b, left, right)
        elif kind == "number":
            same = events(left.statement.text) == events(right.statement.text)
            note = _judge_numbers(a, b) if same else None  # killed 10 / injured 80
        else:
            note = None if any(compatible(kind, x, y) for x in a for y in b) else ""
        if note is not None:
            found.append((kind, _shown(a), _shown(b), note))
    said = {(x, y) for kind, x, y, _ in found if kind == "attribution"}
    return [c for c in found if not (c[0] == "person" and (c[1], c[2]) in said)]


def _role_conflicts(left: Side, right: Side) -> list[tuple[str, str, str, str]]:
    """People named in the same role in two versions ("Japanese Prime Minister [X]", "Chief
    Patrol Agent [Y]"), where neither version names the other's person at all."""
    found: list[tuple[str, str, str, str]] = []
    people = [_people(side) for side in (left, right)]
    for a, a_role in people[0]:
        if _stated("person", a, (n for n, _ in people[1])):
            continue
        for b, b_role in people[1]:
            if _stated("person", b, (n for n, _ in people[0])):
                continue
            if same_role(a_role[0], b_role[0]) or same_role(a_role[1], b_role[1]):
                said = a in left.details.get("attribution", ()) or b in right.details.get(
                    "attribution", ()
                )
                found.append(("attribution" if said else "person", a, b, ""))
    return found


def _people(side: Side) -> list[tuple[str, tuple[tuple[str, ...], tuple[str, ...]]]]:
    span = side.statement.span
    return [
        (n[2], role(span.text, n[0] - span.start, n[1] - span.start))
        for n in side.names
        if n[3] == "person" and n[0] >= span.start and n[1] <= span.end
    ]


def _shown(values: Iterable[str]) -> str:
    return ", ".join(sorted(readable(v) for v in values))


def _pair_conflicts(
    left: Side, right: Side, whole: Mapping[str, Mapping[str, set[str]]], close: bool
) -> list[tuple[str, str, str, str]]:
    """Slot and role conflicts first; then, between ``close`` versions only and for kinds
    no slot differs in, the whole-statement check."""
    found = _slot_conflicts(left, right)
    found += [c for c in _role_conflicts(left, right) if c[0] not in {k for k, *_ in found}]
    if not close:
        return list(dict.fromkeys(found))
    seen = {kind for kind, *_ in found}
    if "attribution" in seen:
        seen.add("person")
    context = (whole[left.statement.article_id], whole[right.statement.article_id])
    found.extend(c for c in _conflict_kinds(left, right, *context) if c[0] not in seen)
    return list(dict.fromkeys(found))


def find_conflicts(
    facts: Sequence[Fact],
    sides: Sequence[Side],
    index_of: dict[tuple[str, int], int],
    similarity: Matrix,
    threshold: float,
) -> list[Conflict]:
    """Conflicts between the versions of every fact; ``index_of`` maps a span to its side."""
    whole: dict[str, dict[str, set[str]]] = {}
    for side in sides:
        article = whole.setdefault(side.statement.article_id, {})
        for kind, values in side.details.items():
            article.setdefault(kind, set()).update(values)
    out: list[Conflict] = []
    for fact in facts:
        members = [index_of[(span.article_id, span.start)] for span in fact.evidence]
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                left, right = sides[i].statement, sides[j].statement
                if left.language != right.language or left.article_id == right.article_id:
                    continue
                if left.text == right.text and sides[i].published == sides[j].published:
                    continue  # one wording of one day: every detail agrees
                score = max(float(similarity[i, j]), overlap(left.text, right.text))
                close = score >= threshold
                for kind, a, b, note in _pair_conflicts(sides[i], sides[j], whole, close):
                    out.append(Conflict(fact.id, kind, left.span, right.span, a, b, note))
    return out + _counted(facts, sides, similarity, out)


def _counted(
    facts: Sequence[Fact], sides: Sequence[Side], similarity: Matrix, found: Sequence[Conflict]
) -> list[Conflict]:
    """Counts of one thing and weekdays of one act told differently by two articles
    (:mod:`.across`), in whatever facts their statements are; a pair already flagged for
    that kind is not repeated."""
    statements = [side.statement for side in sides]
    fact_of = {(span.article_id, span.start): f.id for f in facts for span in f.evidence}
    flagged = {(c.kind, c.left, c.right) for c in found}

    def related(i: int, j: int) -> float:
        return max(float(similarity[i, j]), overlap(statements[i].text, statements[j].text))

    texts = [(s.article_id, s.language, s.text) for s in statements]
    out: list[Conflict] = []
    for kind, pairs in (
        ("number", count_conflicts(texts, related, _judge_numbers)),
        ("date", weekday_conflicts(texts, related)),
    ):
        for i, j, a, b, note in pairs:
            left, right = statements[i].span, statements[j].span
            if (kind, left, right) in flagged or (kind, right, left) in flagged:
                continue
            fact = fact_of[(left.article_id, left.start)]
            out.append(Conflict(fact, kind, left, right, readable(a), readable(b), note))
    return out
