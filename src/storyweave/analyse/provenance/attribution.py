"""Attribution statements: who an article credits, where, and whether it is an outlet.

Rules, not a model: cue words (``_cues``) locate a statement, a short scan around the cue
finds the source phrase, and the phrase is classified (outlet, person, organisation,
anonymous, document) with the outlet registry. Outlet anaphora ("the agency", "the French
daily", "the publication's sources") resolve to the outlet the article named last before
them, skipping the article's own outlet. Every statement keeps the character offsets of its
evidence and of its source phrase in ``Article.text``.

:class:`BaselineAttributions` is the trivial comparison: a bare "according to X" regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from storyweave.analyse.provenance import _cues as cues
from storyweave.analyse.provenance._tokens import ABBREVIATIONS, Token, sentence_spans, tokenise
from storyweave.analyse.provenance.outlets import OutletRegistry, normalise_name
from storyweave.models import Attribution, SourceKind

ALGORITHM = "attribution-rules.v1"
BASELINE = "according-to-regex.v1"
_MAX_SOURCE_TOKENS = 9
_QUOTES = set("\"“”«»„‘’'")
_CREDIT_PAREN = re.compile(r"\(([A-Z][\w.&'’ -]{0,40}?)\)\s*(?=[-—–:]|$)", re.M)
_DATELINE_PAREN = re.compile(r"^[A-Z][A-Z.,'’ -]{1,40}\(([A-Z][\w.&'’ -]{0,40}?)\)", re.M)
_CREDIT_DASH = re.compile(r"(?:^|[.!?\"”]\s*)[—–-]{1,2}\s*([A-Z][\w.&'’ -]{0,40}?)\s*$", re.M)
_CREDIT_BY = re.compile(
    r"^(?:By|Source|Sources|Via|From|©|Copyright(?: \d{4})?)[: ]+\s*"
    r"((?:the )?[A-Z][\w.&'’ -]{0,40}?)[.]?\s*$",
    re.M,
)
_CONTRIBUTED = re.compile(
    r"((?:the )?[A-Z][\w.&'’ -]{0,60}?)\s+contributed(?: reporting)?(?: to this (?:report|story|"
    r"article))?"
)
_NAME_RUN = re.compile(
    r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w.&'’!-]*(?:\s+(?:(?:of|de|du|la|le|des|der|am)\s+)?"
    r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w.&'’!-]*){0,4}"
)
_BASELINE = re.compile(r"\b(?i:according to)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)")


_APPOSITIVE = frozenset("a an the who which such whose one".split())
_NOUNISH = frozenset("media news press earlier recent initial unconfirmed conflicting".split())
_PASSIVE = frozenset("was were is are been be being".split())
_ARTICLES = frozenset("the a an le la les el los las der die das".split())


@dataclass(frozen=True)
class _Found:
    """A source phrase and its cue before classification."""

    start: int
    end: int
    source_start: int
    source_end: int
    cue: str


class RuleAttributions:
    """Attribution statements by cue rules and the outlet registry."""

    algorithm = ALGORITHM

    def __init__(self, registry: OutletRegistry) -> None:
        self.registry = registry

    def extract(
        self, article_id: str, text: str, own_outlet: str | None = None
    ) -> list[Attribution]:
        """Every attribution statement of ``text`` in reading order (one per source phrase).

        Without ``own_outlet``, an outlet that reports another's statement in one sentence
        ("according to Le Monde ..., Ukrinform reports") is taken as the article's own
        (:func:`self_reported_outlet`), so that anaphora skip it.
        """
        found = self._find(text)
        first = self._classify(article_id, text, found, own_outlet)
        if own_outlet is None:
            inferred = self_reported_outlet(text, first)
            if inferred is not None:
                return self._classify(article_id, text, found, inferred)
        return first

    def _find(self, text: str) -> list[_Found]:
        found: list[_Found] = []
        for start, end in sentence_spans(text):
            found.extend(_in_sentence(text, start, end))
        found.extend(_credits(text))
        unique: dict[tuple[int, int], _Found] = {}
        for item in sorted(found, key=lambda f: (f.source_start, -f.source_end)):
            if not any(_overlaps(item, kept) for kept in unique.values()):
                unique[(item.source_start, item.source_end)] = item
        return sorted(unique.values(), key=_order)

    def _classify(
        self, article_id: str, text: str, found: Sequence[_Found], own: str | None
    ) -> list[Attribution]:
        mentions = self._mentions(text, own)
        named: list[str] = []  # outlets named so far, in order (for anaphora and aliases)
        out: list[Attribution] = []
        for item in found:
            while mentions and mentions[0][0] < item.source_start:
                mentioned = mentions.pop(0)[1]
                if mentioned != own:
                    named.append(mentioned)
            phrase = text[item.source_start : item.source_end]
            kind, outlet = self.classify(phrase, named, own)
            if item.cue in {"interview-with", "credit"} and kind is not SourceKind.OUTLET:
                continue  # "told reporters", "(Photo)": no attribution
            if outlet is not None and outlet != own:
                named.append(outlet)
            out.append(
                Attribution(
                    article_id=article_id,
                    start=item.start,
                    end=item.end,
                    source=phrase,
                    source_start=item.source_start,
                    source_end=item.source_end,
                    kind=kind,
                    cue=item.cue,
                    outlet=outlet,
                    self_reference=outlet is not None and outlet == own,
                )
            )
        return out

    def _mentions(self, text: str, own: str | None) -> list[tuple[int, str]]:
        """Registered outlets named anywhere (not only in attributions), in text order: the
        antecedents of later anaphora ("Le Monde and the BBC reported ... the French daily").
        A lone capitalised word opening a sentence is not taken ("People were ...")."""
        out: list[tuple[int, str]] = []
        for match in _NAME_RUN.finditer(text):
            run = match.group(0)
            opening = match.start() == 0 or text[: match.start()].rstrip()[-1:] in {".", "\n", ""}
            if " " not in run and opening and not run.isupper():
                continue
            prefer = [own, *(i for _, i in out)] if own else [i for _, i in out]
            outlet = (
                self.registry.name_tail(run, prefer)
                or self.registry.resolve(run, prefer)
                or self.registry.find_in(run)
            )
            if outlet is not None:
                out.append((match.start(), outlet.id))
        return out

    def classify(
        self, phrase: str, named: Sequence[str] = (), own: str | None = None
    ) -> tuple[SourceKind, str | None]:
        """The kind of a source phrase and the outlet it resolves to (None if not one)."""
        clean = " ".join(phrase.split()).strip(" ,.;:\"“”'’")
        lowered = clean.lower()
        prefer = [*named, own] if own else list(named)
        anaphor = cues.OUTLET_ANAPHOR.match(clean)
        if anaphor and self._describes(clean.split()[1:]):
            return SourceKind.OUTLET, self._antecedent(anaphor.group(1), named, own)
        possessive = cues.OUTLET_POSSESSIVE.match(clean)
        if possessive:
            outlet = self.registry.resolve(possessive.group("name"), prefer)
            if outlet is not None:
                return SourceKind.OUTLET, outlet.id
        outlet = self.registry.name_tail(clean, prefer) or self.registry.resolve(clean, prefer)
        words = lowered.split()
        if outlet is None and any(noun in words for noun in cues.OUTLET_NOUNS):
            outlet = self.registry.find_in(clean)
        if outlet is not None:
            return SourceKind.OUTLET, outlet.id
        kind, linked = _unregistered_outlet(clean, words) or _non_outlet_kind(
            clean, lowered, self._last_cited(named, own)
        )
        if kind is SourceKind.DOCUMENT and linked is None:  # "a report in The New York Times"
            found = self.registry.find_in(clean)
            linked = found.id if found else None
        return kind, linked

    def _describes(self, words: Sequence[str]) -> bool:
        """Whether the words after "the" describe (lower-case head noun, any capitalised
        word a descriptor's: "the French daily") rather than name ("the Wall Street
        Journal")."""
        if not words or not words[-1].islower():
            return False
        vocabulary = self.registry.descriptor_words()
        return all(w.islower() or w.lower() in vocabulary for w in words[:-1])

    def _antecedent(self, described: str, named: Sequence[str], own: str | None) -> str | None:
        """The outlet an anaphor refers back to: the last one named (not the article's own)
        that fits its description ("French"), else the last one named."""
        candidates = [o for o in reversed(named) if o != own]
        words = described.strip()
        if words:
            fitting = [o for o in candidates if self._fits(o, words)]
            if fitting:
                return fitting[0]
        return candidates[0] if candidates else None

    def _fits(self, outlet_id: str, described: str) -> bool:
        outlet = self.registry.get(outlet_id)
        if outlet is None:
            return False
        first = described.lower().split()[0]
        return any(first in d.split() for d in outlet.descriptors)

    @staticmethod
    def _last_cited(named: Sequence[str], own: str | None) -> str | None:
        others = [o for o in named if o != own]
        return others[-1] if others else None


#: Present-tense reporting verbs with which an outlet names itself ("..., Ukrinform reports").
_SELF_VERBS = frozenset(
    "reports informs writes rapporte berichtet informa повідомляє пише сообщает пишет".split()
)


def self_reported_outlet(text: str, attributions: Sequence[Attribution]) -> str | None:
    """The outlet that relays another outlet in the same sentence with a present-tense
    reporting verb ("That's according to Le Monde ..., Ukrinform reports"), if exactly one."""
    spans = sentence_spans(text)
    found: set[str] = set()
    for item in attributions:
        verb = text[item.source_end : item.end].split()
        if item.cue != "verb" or not item.outlet or not verb or verb[-1] not in _SELF_VERBS:
            continue
        sentence = next(((s, e) for s, e in spans if s <= item.start < e), None)
        if sentence is None:
            continue
        if any(
            other.outlet
            and other.outlet != item.outlet
            and sentence[0] <= other.start
            and other.end <= item.source_start
            and other.cue != "verb"
            for other in attributions
        ):
            found.add(item.outlet)
    return found.pop() if len(found) == 1 else None


def _unregistered_outlet(clean: str, words: Sequence[str]) -> tuple[SourceKind, str | None] | None:
    """An outlet the registry does not know: a capitalised name ending in an outlet word
    ("the Anchorage Daily News", "WCCO-TV") gets a slug key; "Iranian media", "another news
    agency" are outlets with no key."""
    tokens = normalise_name(clean).split()
    if not tokens:
        return None
    head = tokens[-1].lower()
    capitalised = [t for t in tokens if t[:1].isupper()]
    name_word = head in cues.OUTLET_NAME_WORDS or head.endswith(("-tv", "tv"))
    if capitalised and len(capitalised) == len(tokens) and name_word and len(tokens) >= 2:
        return SourceKind.OUTLET, "-".join(t.lower() for t in tokens)
    if (
        len(words) <= 4
        and head in cues.NAME_TAIL
        and not any(w in cues.ANONYMOUS_HEADS for w in words)
    ):
        return SourceKind.OUTLET, None
    return None


def _non_outlet_kind(
    clean: str, lowered: str, last_outlet: str | None
) -> tuple[SourceKind, str | None]:
    words = [w.strip("'’") for w in lowered.split()]
    head = words[-1] if words else ""
    if head in cues.DOCUMENT_HEADS or (len(words) > 1 and words[1] in cues.DOCUMENT_HEADS):
        linked = last_outlet if head in {"article", "publication", "text"} else None
        return SourceKind.DOCUMENT, linked
    if lowered in cues.PRONOUNS:
        return SourceKind.PERSON, None
    tokens = clean.split()
    names = [t for t in tokens[1:] if t[:1].isupper() and t.lower() not in cues.ANONYMOUS_NAMES]
    tail = [t.lower().strip("'’") for t in tokens[-2:]]
    if (
        len(tokens) >= 2
        and all(t[:1].isupper() for t in tokens[-2:])
        and not any(t in cues.ORGANISATION_WORDS or t in cues.ANONYMOUS_NAMES for t in tail)
    ):
        return SourceKind.PERSON, None  # "... correspondent John Roberts"
    if any(w in cues.ANONYMOUS_HEADS for w in words) and not names:
        return SourceKind.ANONYMOUS, None
    if any(w in cues.ORGANISATION_WORDS for w in words) or (clean.isupper() and len(clean) > 1):
        return SourceKind.ORGANISATION, None
    return SourceKind.PERSON, None


def _order(item: _Found) -> tuple[int, int]:
    return (item.source_start, item.source_end)


def _overlaps(a: _Found, b: _Found) -> bool:
    return a.source_start < b.source_end and b.source_start < a.source_end


# -- finding source phrases ------------------------------------------------------------------


def _in_sentence(text: str, start: int, end: int) -> list[_Found]:
    tokens = tokenise(text[start:end], start)
    found: list[_Found] = []
    for index, token in enumerate(tokens):
        lower = token.lower
        if lower in cues.SPEECH_VERBS or (
            lower in cues.CLAIM_VERBS and _introduces_content(tokens, index)
        ):
            item = _around_verb(tokens, index)
            if item is not None:
                found.append(item)
    for cue, pattern in cues.PREPOSITIONS.items():
        for match in pattern.finditer(text, start, end):
            item = _after(tokens, match.end(), cue, match.start())
            if item is not None:
                found.append(item)
    return found


def _introduces_content(tokens: Sequence[Token], index: int) -> bool:
    after = tokens[index + 1 : index + 9]
    if not after:
        return True
    nxt = after[0].text
    if nxt in _QUOTES or nxt in {":", ",", "."} or after[0].lower == "that":
        return True
    for token in after:  # "indicated over the past two weeks that"
        if not token.is_word:
            return False
        if token.lower == "that":
            return True
    return False


def _around_verb(tokens: Sequence[Token], index: int) -> _Found | None:
    """The subject before a cue verb, or (inverted: '"...," said X') the phrase after it."""
    verb = tokens[index]
    previous = tokens[index - 1].lower if index else ""
    following = tokens[index + 1].lower if index + 1 < len(tokens) else ""
    if verb.lower in cues.NOUN_LIKE and (previous in cues.DETERMINERS or previous in _NOUNISH):
        return None  # "the reports", "media reports": a noun
    if previous in _PASSIVE or previous == "to" or following == "by":
        return None  # "it was announced", "called to report", "reported by X" (a cue of its own)
    if any(t.lower in cues.NEGATIONS for t in tokens[max(0, index - 3) : index]):
        return None  # "did not say"
    if previous in cues.PRONOUNS:
        start = tokens[index - 1].start
        return _Found(start, verb.end, start, tokens[index - 1].end, "verb")
    subject = _scan_back(tokens, index)
    if subject is not None:
        first, last = subject
        if verb.lower in cues.NOUN_LIKE and first == last and not tokens[first].capitalised:
            return None
        return _Found(tokens[first].start, verb.end, tokens[first].start, tokens[last].end, "verb")
    before = tokens[index - 1].text if index else ""
    if index and before not in _QUOTES and before != ",":
        return None
    span = _scan_forward(tokens, index + 1)
    if span is None:
        return None
    first, last = span
    head = tokens[first]
    elided = head.lower[:2] in {"l'", "d'", "l’", "d’"} and head.text[2:3].isupper()
    if last - first >= 6 or not (head.capitalised or head.lower in _ARTICLES or elided):
        return None
    return _Found(verb.start, tokens[last].end, tokens[first].start, tokens[last].end, "verb")


def _scan_back(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """Token range of the source phrase ending just before ``index`` (skipping adverbs and
    an appositive: "Reliance Globalcom, a provider in India, told")."""
    found = _scan_back_plain(tokens, index)
    if found is not None or index < 2 or tokens[index - 1].text != ",":
        return found
    for opening in range(index - 2, max(-1, index - 16), -1):
        if tokens[opening].text == ",":
            first = tokens[opening + 1].lower if opening + 1 < index else ""
            if first in _APPOSITIVE or first.endswith("ing"):
                return _scan_back_plain(tokens, opening)
            return None
    return None


def _scan_back_plain(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    if (
        index >= 3
        and tokens[index - 1].text in _QUOTES
        and tokens[index - 3].text in _QUOTES
        and tokens[index - 2].is_word
    ):  # "..., ' NYT ' reports": a quoted name
        return index - 2, index - 2
    position = index - 1
    while position >= 0 and (
        tokens[position].lower in cues.BETWEEN
        or tokens[position].lower in cues.DAYS
        or (
            tokens[position].text.endswith("ly")
            and tokens[position].text.islower()
            and tokens[position].lower not in cues.NOT_ADVERBS
        )
    ):
        position -= 1
        if position >= 0 and tokens[position].lower == "on":
            position -= 1
    last = position
    first: int | None = None
    while position >= 0 and last - position < _MAX_SOURCE_TOKENS:
        token = tokens[position]
        if token.text == "." and position and tokens[position - 1].lower in ABBREVIATIONS:
            position -= 1
            continue
        if not token.is_word and token.text not in {"-", "&"}:
            break
        lower = token.lower
        if lower in cues.CLAUSE or lower in cues.SPEECH_VERBS:
            break
        first = position
        if lower in cues.DETERMINERS:
            if position >= 2 and tokens[position - 1].lower in {"of", "on", "for", "with", "at"}:
                position -= 2  # "people briefed on the trip", "officials of the ministry"
                continue
            break
        position -= 1
    if first is None or not tokens[last].is_word:
        return None
    if last == first and tokens[first].lower in cues.NOT_A_SOURCE:
        return None
    while first <= last and not tokens[first].is_word:
        first += 1
    return (first, last) if first <= last else None


def _scan_forward(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """Token range of a source phrase starting at ``index`` (until punctuation or a stop)."""
    first = index
    while first < len(tokens) and tokens[first].text in _QUOTES:
        first += 1
    last: int | None = None
    position = first
    while position < len(tokens) and position - first < _MAX_SOURCE_TOKENS:
        token = tokens[position]
        if token.text == "." and position and tokens[position - 1].lower in ABBREVIATIONS:
            position += 1
            continue
        if token.text in {"'", "’"} and last is not None:  # "Reuters' sources"
            position += 1
            continue
        if (
            token.text == "!"
            and last is not None
            and position + 1 < len(tokens)
            and (tokens[position + 1].capitalised)
        ):  # "E! News"
            position += 1
            continue
        if not token.is_word and token.text not in {"-", "&"}:
            break
        if position > first and token.lower in cues.FORWARD_STOP:
            break
        if last is not None and _ends_name(tokens, first, last, token):
            break
        last = position
        position += 1
    while (
        last is not None
        and last > first
        and (tokens[last].lower in cues.NAME_GLUE or tokens[last].lower in _ARTICLES)
    ):
        last -= 1  # "Larry Waldie of the sheriff's department" -> "Larry Waldie"
    if last is None or tokens[first].lower in cues.NOT_A_SOURCE:
        return None
    return first, last


def _ends_name(tokens: Sequence[Token], first: int, last: int, token: Token) -> bool:
    """Whether a lower-case ``token`` ends a capitalised name begun at ``first`` ("the Times
    ask what ...", "People she was")."""
    if token.capitalised or not token.is_word or token.lower in cues.NAME_GLUE:
        return False
    if token.lower in cues.NAME_TAIL or token.text.isdigit():
        return False
    words = [t for t in tokens[first : last + 1] if t.is_word]
    return any(t.capitalised for t in words) and all(
        t.capitalised or t.lower in _ARTICLES or t.lower in cues.NAME_GLUE or t.text.isdigit()
        for t in words
    )


def _after(tokens: Sequence[Token], offset: int, cue: str, cue_start: int) -> _Found | None:
    index = next((i for i, t in enumerate(tokens) if t.start >= offset), None)
    if index is None:
        return None
    span = _scan_forward(tokens, index)
    if span is None:
        return None
    first, last = span
    return _Found(cue_start, tokens[last].end, tokens[first].start, tokens[last].end, cue)


def _credits(text: str) -> list[_Found]:
    """Wire credits: "WASHINGTON (AP) —", "— Reuters", "Reuters contributed to this report"."""
    found: list[_Found] = []
    for pattern, cue in (
        (_DATELINE_PAREN, "credit"),
        (_CREDIT_PAREN, "credit"),
        (_CREDIT_DASH, "credit"),
        (_CREDIT_BY, "credit"),
        (_CONTRIBUTED, "contributed"),
    ):
        for match in pattern.finditer(text):
            start, end = match.span(1)
            raw = text[start:end]
            if "," in raw:  # "Jane Doe, Reuters contributed": the last piece
                start += raw.rindex(",") + 1
                raw = text[start:end]
            trimmed = raw.rstrip()
            lead = len(trimmed) - len(trimmed.lstrip())
            source_start, source_end = start + lead, start + len(trimmed)
            if source_end <= source_start or not normalise_name(text[source_start:source_end]):
                continue
            found.append(
                _Found(min(match.start(), source_start), max(match.end(), source_end),
                       source_start, source_end, cue)
            )  # fmt: skip
    return found


class BaselineAttributions:
    """The simple baseline: "according to" followed by capitalised words, outlet if known."""

    algorithm = BASELINE

    def __init__(self, registry: OutletRegistry) -> None:
        self.registry = registry

    def extract(
        self, article_id: str, text: str, own_outlet: str | None = None
    ) -> list[Attribution]:
        out: list[Attribution] = []
        for match in _BASELINE.finditer(text):
            phrase = match.group(1)
            outlet = self.registry.resolve(phrase)
            out.append(
                Attribution(
                    article_id=article_id,
                    start=match.start(),
                    end=match.end(),
                    source=phrase,
                    source_start=match.start(1),
                    source_end=match.end(1),
                    kind=SourceKind.OUTLET if outlet else SourceKind.PERSON,
                    cue="according-to",
                    outlet=outlet.id if outlet else None,
                )
            )
        return out


def without_self(attributions: Sequence[Attribution], own: str | None) -> list[Attribution]:
    """The statements with self-references marked for ``own`` (the article's outlet)."""
    return [
        replace(a, self_reference=a.outlet is not None and a.outlet == own) for a in attributions
    ]
