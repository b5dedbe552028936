"""Conflicts: aligned statements that differ in a number, date, time, place, person or
attribution. Shown with both spans and the two values; never judged.

Two versions of a fact conflict on a kind of detail when both state that kind and no value of
one is compatible with any value of the other: "55%" against "50%" ("half"), "11-11" (November
11) against "last week", "Emmanuel Macron" against "Jean-Noel Barrot". Values of different
granularity are compatible (a year and a day; November and November 11), and a version that
only adds a detail the other lacks is an addition, not a conflict. Places, people and
speakers that the other article names anywhere are context placed elsewhere, not a
contradiction, and are left out of the comparison. Only pairs aligned closely
(``conflict_threshold``, on the aligner's score or on shared word stems) and written in one
language are compared: across languages the values are not read reliably enough to accuse
anyone of a contradiction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from storyweave.analyse.compare.align import Matrix, overlap
from storyweave.analyse.compare.facts import Details
from storyweave.analyse.compare.values import readable
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


def compatible(kind: str, a: str, b: str) -> bool:
    """Whether two values of one kind of detail can both be true of the same fact."""
    if kind == "date":
        return _dates_compatible(a, b)
    if kind == "number":
        return _numbers_compatible(a, b)
    if kind == "attribution":
        return a == b or bool(_words(a) & _words(b))
    if kind in {"person", "place"}:  # "New York" and "New York City"; "Moon Jae" and "Moon Jae-in"
        words_a, words_b = _words(a.replace("-", " ")), _words(b.replace("-", " "))
        if kind == "person" and a.split()[-1].lower() == b.split()[-1].lower():
            return True  # "Robert W. Goodlatte" and "Bob Goodlatte"
        return words_a <= words_b or words_b <= words_a
    return a == b


def _stated(kind: str, value: str, elsewhere: Iterable[str]) -> bool:
    return any(compatible(kind, value, other) for other in elsewhere)


def _conflict_kinds(
    left: Details,
    right: Details,
    left_article: Mapping[str, set[str]],
    right_article: Mapping[str, set[str]],
) -> list[tuple[str, str, str]]:
    """Kinds on which two versions conflict. A value the other article states anywhere is no
    contradiction (it is context placed elsewhere), so only values absent from the other
    article entirely are compared."""
    found: list[tuple[str, str, str]] = []
    for kind in KINDS:
        a, b = set(left.get(kind, frozenset())), set(right.get(kind, frozenset()))
        if kind in CONTEXT_KINDS:
            a = {v for v in a if not _stated(kind, v, right_article.get(kind, ()))}
            b = {v for v in b if not _stated(kind, v, left_article.get(kind, ()))}
        if a and b and not any(compatible(kind, x, y) for x in a for y in b):
            shown = [", ".join(sorted(readable(v) for v in side)) for side in (a, b)]
            found.append((kind, shown[0], shown[1]))
    said = {(x, y) for kind, x, y in found if kind == "attribution"}
    return [c for c in found if not (c[0] == "person" and (c[1], c[2]) in said)]


def find_conflicts(
    facts: Sequence[Fact],
    statements: Sequence[Statement],
    index_of: dict[tuple[str, int], int],
    similarity: Matrix,
    details: Sequence[Details],
    threshold: float,
) -> list[Conflict]:
    """Conflicts between the versions of every fact; ``index_of`` maps a span to its statement."""
    whole: dict[str, dict[str, set[str]]] = {}
    for statement, found in zip(statements, details, strict=True):
        article = whole.setdefault(statement.article_id, {})
        for kind, values in found.items():
            article.setdefault(kind, set()).update(values)
    out: list[Conflict] = []
    for fact in facts:
        members = [index_of[(span.article_id, span.start)] for span in fact.evidence]
        for x, i in enumerate(members):
            for j in members[x + 1 :]:
                left, right = statements[i], statements[j]
                if left.language != right.language:
                    continue
                if max(float(similarity[i, j]), overlap(left.text, right.text)) < threshold:
                    continue
                pair = (whole[left.article_id], whole[right.article_id])
                for kind, a, b in _conflict_kinds(details[i], details[j], *pair):
                    out.append(Conflict(fact.id, kind, left.span, right.span, a, b))
    return out
