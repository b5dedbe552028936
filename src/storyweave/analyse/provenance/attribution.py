"""Attribution statements: who an article credits, where, and whether it is an outlet.

Rules, not a model: cue words (``_cues``) locate a statement, a short scan around the cue
finds the source phrase, and the phrase is classified (outlet, person, organisation,
anonymous, document) with the outlet registry. Outlet anaphora ("the agency", "the French
daily", "the publication's sources") resolve to the outlet the article named last before
them, skipping the article's own outlet. Every statement keeps the character offsets of its
evidence and of its source phrase in ``Article.text``.

Further names found around a cue are kept only when they are outlets: the other conjuncts
of "Le Monde and the BBC reported" and the subject a participle carries ("The BBC aired the
footage, saying ..."). "It said" is an outlet's statement when that outlet is the only name
before it in its sentence (or the one before); "The Arizona Republic's Daniel Gonzalez" and
"Reuters reporter Jane Doe" credit their outlet; "NBC Philadelphia" (a network and a place)
is a local station, an outlet of its own.

:class:`BaselineAttributions` is the trivial comparison: a bare "according to X" regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storyweave.analyse.provenance import _cues as cues
from storyweave.analyse.provenance._find import Found, find_statements
from storyweave.analyse.provenance._tokens import sentence_spans
from storyweave.analyse.provenance.outlets import OutletRegistry, normalise_name
from storyweave.models import Attribution, SourceKind

ALGORITHM = "attribution-rules.v1"
BASELINE = "according-to-regex.v1"
_NAME_RUN = re.compile(
    r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w.&'’!-]*(?:\s+(?:(?:of|de|du|la|le|des|der|am)\s+)?"
    r"[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ][\w.&'’!-]*){0,4}"
)
_BROADCAST = ("network", "broadcaster", "channel")
_BASELINE = re.compile(r"\b(?i:according to)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*)")


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
        found = find_statements(text)
        first = self._classify(article_id, text, found, own_outlet)
        if own_outlet is None:
            inferred = self_reported_outlet(text, first)
            if inferred is not None:
                return self._classify(article_id, text, found, inferred)
        return first

    def _classify(
        self, article_id: str, text: str, found: Sequence[Found], own: str | None
    ) -> list[Attribution]:
        mentions = self._mentions(text, own)
        everything = list(mentions)
        sentences = sentence_spans(text)
        named: list[str] = []  # outlets named so far, in order (for anaphora and aliases)
        out: list[Attribution] = []
        for item in found:
            while mentions and mentions[0][0] < item.source_start:
                mentioned = mentions.pop(0)[1]
                if mentioned != own:
                    _recent(named, mentioned)
            phrase = text[item.source_start : item.source_end]
            kind, outlet = self.classify(phrase, named, own)
            if phrase.lower() == "it":
                outlet = self._pronoun_outlet(text, item.source_start, sentences, everything)
                kind = SourceKind.OUTLET if outlet else kind
            if (
                item.cue in {"interview-with", "credit"} or item.outlet_only
            ) and kind is not SourceKind.OUTLET:
                continue  # "told reporters", "(Photo)": no attribution
            if outlet is not None and outlet != own:
                _recent(named, outlet)
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

    def _pronoun_outlet(
        self,
        text: str,
        at: int,
        sentences: Sequence[tuple[int, int]],
        mentions: Sequence[tuple[int, str]],
    ) -> str | None:
        """The outlet "it" stands for ("The Times obtained a list it said ..."): the only
        name in its sentence before it, or else in the sentence before, when that name is
        an outlet's and no institution or text ("the ministry", "the report") comes between."""
        current = next((i for i, (s, e) in enumerate(sentences) if s <= at < e), None)
        if current is None:
            return None
        for window in (current, current - 1):
            if window < 0:
                return None
            start = sentences[window][0]
            runs: list[tuple[re.Match[str], str | None]] = []
            for match in _NAME_RUN.finditer(text, start, at):
                named = [o for p, o in mentions if match.start() <= p < match.end()]
                if not named and _opening_word(text, match):
                    found = self.registry.resolve(match.group(0))
                    if found is None:
                        continue  # "The", "Meanwhile": no name
                    named = [found.id]
                runs.append((match, named[0] if named else None))
            if not runs:
                continue
            outlets = {o for _, o in runs}
            if len(outlets) != 1 or None in outlets:
                return None  # another name ("Google told the BBC it ..."): not only candidate
            between = re.findall(r"\w+", text[runs[-1][0].end() : at].lower())
            if any(w in cues.ORGANISATION_WORDS or w in cues.DOCUMENT_HEADS for w in between):
                return None
            return outlets.pop()
        return None

    def _mentions(self, text: str, own: str | None) -> list[tuple[int, str]]:
        """Registered outlets named anywhere (not only in attributions), in text order: the
        antecedents of later anaphora ("Le Monde and the BBC reported ... the French daily").
        A lone capitalised word opening a sentence is not taken ("People were ...")."""
        out: list[tuple[int, str]] = []
        seen: list[str] = [own] if own else []
        for match in _NAME_RUN.finditer(text):
            run = match.group(0)
            if _opening_word(text, match):
                continue
            outlet = (
                self.registry.name_tail(run, seen)
                or self.registry.resolve(run, seen)
                or self.registry.find_in(run)
            )
            if outlet is not None:
                out.append((match.start(), outlet.id))
                _recent(seen, outlet.id)
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
        for pattern in (cues.OUTLET_POSSESSIVE, cues.REPORTER_CREDIT):
            possessive = pattern.match(clean)
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
        affiliate = self._affiliate(clean)
        if affiliate is not None:
            return SourceKind.OUTLET, affiliate
        kind, linked = _unregistered_outlet(clean, words) or _non_outlet_kind(
            clean, lowered, self._last_cited(named, own)
        )
        if kind is SourceKind.DOCUMENT and linked is None:  # "a report in The New York Times"
            found = self.registry.find_in(clean)
            linked = found.id if found else None
        return kind, linked

    def _affiliate(self, clean: str) -> str | None:
        """A broadcaster's local station, named by network and place ("NBC Philadelphia",
        "Fox 5 Atlanta"): an outlet of its own, keyed by its slug."""
        tokens = normalise_name(clean).split()
        if not 2 <= len(tokens) <= 4 or not all(t[:1].isupper() or t.isdigit() for t in tokens):
            return None
        if tokens[-1].lower() in cues.ORGANISATION_WORDS:
            return None  # "Fox Corporation", "BBC Trust board": the company, not a station
        network = self.registry.resolve(tokens[0])
        if network is None or not any(
            word in d.split() for d in network.descriptors for word in _BROADCAST
        ):
            return None
        return "-".join(t.lower() for t in tokens)

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


def _opening_word(text: str, match: re.Match[str]) -> bool:
    """Whether a name run is one capitalised word opening a sentence ("People were ...")."""
    before = match.start() - 1
    while before >= 0 and text[before] in " \t":
        before -= 1
    opening = before < 0 or text[before] in ".\n"
    run = match.group(0)
    return " " not in run and opening and not run.isupper()


def _recent(named: list[str], outlet: str) -> None:
    """Append ``outlet`` as the most recently named (each outlet once: the list stays as
    short as the number of outlets, however many times they are named)."""
    if outlet in named:
        named.remove(outlet)
    named.append(outlet)


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
