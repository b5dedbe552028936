"""Quotes and who said them: direct (in quotation marks) and indirect ("X said that ...").

Speakers are read from the words around a quote: ``"...," a UK military source informed``,
``Ron Sugar said in an interview: "..."``, ``Le Monde notes that ...``, ``according to X,
...``. A pronoun ("he said") is resolved to the person last named before it. A speaker is
``named`` when the phrase holds a name the entity stage found (or a resolved pronoun),
``anonymous`` when it describes an unnamed source ("a military source", "officials"), and a
``role`` otherwise ("the article", "the agency"). Speech verbs are English; in other languages
quotation marks are still found, with the speaker left empty when the words are not known.

Versions of one quote in several outlets are grouped when their words overlap or their
statements were aligned as one fact; each later version's drift from the first is shown as a
word diff, ``[-removed-]{+added+}``.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from math import sqrt

from storyweave.analyse.compare.align import stems
from storyweave.models import Quote, QuoteVersion, Span
from storyweave.text import content_hash

_VERBS = (
    "said|says|say|saying|told|tells|telling|added|adds|adding|noted|notes|noting|stated|"
    "states|wrote|writes|writing|informed|informs|explained|explains|asked|asks|claimed|"
    "claims|warned|warns|insisted|insists|argued|argues|declared|declares|announced|"
    "announces|confirmed|confirms|reported|reports|tweeted|stressed|stresses|emphasized|"
    "emphasised|acknowledged|admitted|recalled|replied|commented|observed|believes|"
    "believed|suggested|suggests|denied|denies|revealed|reveals|estimated|estimates"
)
_QUOTED = re.compile(
    r"“([^”\n]{12,}?)”|\"([^\"\n]{12,}?)\"|«\s?([^»\n]{12,}?)\s?»|„([^“”\n]{12,}?)[“”]"
)
_AFTER_SPEAKER_VERB = re.compile(
    rf"^\s*,?\s*(?P<a>[^.!?\"“”,;]{{2,90}}?)\s+(?:\w+ly\s+)?(?:{_VERBS})\b", re.IGNORECASE
)
_AFTER_VERB_SPEAKER = re.compile(
    rf"^\s*,?\s*(?:{_VERBS})\s+(?P<a>[^.!?\"“”,;]{{2,80}})", re.IGNORECASE
)
_BEFORE = re.compile(
    rf"(?:^|[.!?;,]\s+)(?P<a>[^.!?\"“”,;]{{2,90}}?)\s+(?:\w+ly\s+)?(?:{_VERBS})"
    rf"(?:\s+[^\"“:.]{{0,40}})?\s*[:,]?\s*$",
    re.IGNORECASE,
)
_INDIRECT = re.compile(
    rf"(?:^|,\s+)(?P<a>[^,;:\"“”]{{2,90}}?)\s+(?:\w+ly\s+)?(?:{_VERBS})"
    rf"(?:\s+(?:\w+\s+){{0,3}}?that\s+|\s+(?=(?:he|she|they|it|we|the|a|an)\s))"
    rf"(?P<c>[^\"“”]{{12,}})$",
    re.IGNORECASE,
)
_ACCORDING = re.compile(r"(?i)^according to (?P<a>[^,]{2,80}),\s*(?P<c>.{12,})$")
_ACCORDING_AFTER = re.compile(r"(?i)^(?P<c>.{12,}?),\s*according to (?P<a>[^,.]{2,80})\.?$")
_REPORTS_AFTER = re.compile(
    rf"(?i)^(?P<c>[^\"“”]{{12,}}?),\s*(?P<a>[^,]{{2,60}}?)\s+(?:{_VERBS})\.?$"
)
_ADVERBS = re.compile(r"(?i)(?:\s+(?:also|previously|earlier|later|again|then|further|\w+ly))+$")
_LEADING = re.compile(r"(?i)^(?:and|but|with|while|as|so|then|also)\s+")
_PRONOUN = re.compile(r"(?i)^(?:he|she|him|her)$")
_ANONYMOUS = re.compile(
    r"(?i)\b(?:sources?|officials?|insiders?|diplomats?|aides?|someone|anonymous|unnamed|"
    r"people familiar|observers|experts|analysts|residents|witnesses)\b"
)
_MAX_SPEAKER_WORDS = 8
Names = Sequence[tuple[int, int, str, str]]  # (start, end, entity name, kind) in one article


@dataclass(frozen=True)
class _Speaker:
    text: str | None
    kind: str


def _speaker(phrase: str | None, at: int, offset: int, names: Names) -> _Speaker:
    """Classify and normalise a speaker phrase found at ``at`` in the article's text."""
    if phrase is None:
        return _Speaker(None, "anonymous")
    phrase = _LEADING.sub("", _ADVERBS.sub("", phrase.strip(" ,:"))).strip()
    if phrase.split() and _PRONOUN.match(phrase.split()[-1]):
        phrase = phrase.split()[-1]  # "Later he said": the speaker is "he"
    if not phrase or len(phrase.split()) > _MAX_SPEAKER_WORDS or phrase.lower() in {"it", "this"}:
        return _Speaker(None, "anonymous")
    if _PRONOUN.match(phrase):
        earlier = [n for n in names if n[1] <= at and n[3] == "person"]
        return _Speaker(earlier[-1][2], "named") if earlier else _Speaker(phrase, "anonymous")
    inside = [n for n in names if n[0] >= offset and n[1] <= offset + len(phrase)]
    persons = [n for n in inside if n[3] in {"person", "organisation", "name"}]
    if persons:
        return _Speaker(persons[-1][2], "named")
    if _ANONYMOUS.search(phrase):
        return _Speaker(phrase, "anonymous")
    return _Speaker(phrase, "role")


def _direct(article_id: str, text: str, names: Names) -> list[QuoteVersion]:
    found: list[QuoteVersion] = []
    for match in _QUOTED.finditer(text):
        group = next(i for i in range(1, 5) if match.group(i) is not None)
        content, start = match.group(group), match.start(group)
        if len(content.split()) < 4:
            continue  # scare quotes: 'hard core', "red lines"
        after = text[match.end() : match.end() + 120].split("\n", 1)[0]
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        phrase, where = None, match.start()
        if (m := _AFTER_SPEAKER_VERB.match(after)) or (m := _AFTER_VERB_SPEAKER.match(after)):
            phrase, where = m.group("a"), match.end() + m.start("a")
        elif m := _BEFORE.search(before):
            phrase, where = m.group("a"), line_start + m.start("a")
        speaker = _speaker(phrase, match.start(), where, names)
        span = Span(article_id, start, start + len(content), content)
        found.append(QuoteVersion(span, speaker.text, speaker.kind, direct=True))
    return found


def _indirect(
    article_id: str, sentence: Span, names: Names, covered: Sequence[Span]
) -> QuoteVersion | None:
    if any(c.start < sentence.end and sentence.start < c.end for c in covered):
        return None
    text = sentence.text
    for pattern in (_ACCORDING, _ACCORDING_AFTER, _INDIRECT, _REPORTS_AFTER):
        match = pattern.search(text)
        if match is None:
            continue
        speaker = _speaker(
            match.group("a"),
            sentence.start + match.start("a"),
            sentence.start + match.start("a"),
            names,
        )
        if speaker.text is None:
            continue
        start = sentence.start + match.start("c")
        content = match.group("c").rstrip(" .")
        span = Span(article_id, start, start + len(content), content)
        return QuoteVersion(span, speaker.text, speaker.kind, direct=False)
    return None


def find_quotes(
    article_id: str, text: str, sentences: Sequence[Span], names: Names
) -> list[QuoteVersion]:
    """Direct quotes in ``text``, then indirect ones in the sentences no direct quote covers."""
    direct = _direct(article_id, text, names)
    covered = [q.span for q in direct]
    indirect = [_indirect(article_id, s, names, covered) for s in sentences]
    return [*direct, *(q for q in indirect if q is not None)]


def word_diff(old: str, new: str) -> str:
    """``new`` against ``old`` word by word: ``[-removed-]`` and ``{+added+}`` marked inline."""
    a, b = old.split(), new.split()
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def group_quotes(
    versions: Sequence[QuoteVersion],
    facts: Sequence[str | None],
    threshold: float = 0.3,
) -> list[Quote]:
    """Quotes across outlets: versions whose words overlap (stem-set cosine of at least
    ``threshold``) or that sit in statements aligned as one fact (``facts[i]`` is the fact
    of version ``i``, None when it has none)."""
    owner = list(range(len(versions)))

    def root(i: int) -> int:
        while owner[i] != i:
            owner[i] = owner[owner[i]]
            i = owner[i]
        return i

    words = [{t for t in stems(v.span.text) if len(t) > 3} for v in versions]
    for i in range(len(versions)):
        for j in range(i + 1, len(versions)):
            if versions[i].span.article_id == versions[j].span.article_id:
                continue
            same_fact = facts[i] is not None and facts[i] == facts[j]
            shared = len(words[i] & words[j])
            if same_fact or (shared and shared / sqrt(len(words[i]) * len(words[j])) >= threshold):
                owner[root(j)] = root(i)
    groups: dict[int, list[QuoteVersion]] = {}
    for i, version in enumerate(versions):
        groups.setdefault(root(i), []).append(version)
    quotes = [_quote(members) for members in groups.values()]
    quotes.sort(key=lambda q: (-len({v.span.article_id for v in q.versions}), q.id))
    return quotes


def _quote(members: Sequence[QuoteVersion]) -> Quote:
    rank = {"named": 0, "role": 1, "anonymous": 2}
    speakers = Counter((v.speaker_kind, v.speaker) for v in members if v.speaker)
    best = min(speakers, key=lambda k: (rank[k[0]], -speakers[k], k[1] or "")) if speakers else None
    first = members[0].span.text
    drift = tuple(
        word_diff(first, v.span.text) for v in members[1:] if v.span.text.split() != first.split()
    )
    key = content_hash("quote", *(f"{v.span.article_id}:{v.span.start}" for v in members))
    return Quote(
        id=f"q{key[:10]}",
        speaker=best[1] if best else None,
        speaker_kind=best[0] if best else "anonymous",
        versions=tuple(members),
        drift=drift,
    )
