"""Finding attribution statements: cue words and the source phrase around each.

Scans work on word tokens with offsets: backwards from a reporting verb for its subject
(skipping adverbs, auxiliaries and an appositive), forwards from a prepositional cue
("according to") or after an inverted verb ('"...," said X') for a name, plus wire credits
("(AP)", "— Reuters", "Reuters contributed to this report"). A subject is also found
through ", who said", and as the sentence's own subject for a second verb phrase ("... but
said") or a participle (", saying"). Names coordinated with a source ("Le Monde and the BBC
reported") are further candidates, like participle subjects kept only if they are outlets.
Classification is elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from storyweave.analyse.provenance import _cues as cues
from storyweave.analyse.provenance._tokens import ABBREVIATIONS, Token, sentence_spans, tokenise
from storyweave.analyse.provenance.outlets import normalise_name

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


_APPOSITIVE = frozenset("a an the who which such whose one".split())
_NOUNISH = frozenset("media news press earlier recent initial unconfirmed conflicting".split())
_SUBJECTS = frozenset("he she they we i it there".split())
_NOT_VERBS = frozenset("to on in at for with by from of and or as than".split())
_AUXILIARIES = frozenset(
    "would will had has have was were is are did does could can may might should must".split()
)
_PASSIVE = frozenset("was were is are been be being".split())
_ARTICLES = frozenset("the a an le la les el los las der die das".split())


@dataclass(frozen=True)
class Found:
    """A source phrase and its cue before classification."""

    start: int
    end: int
    source_start: int
    source_end: int
    cue: str
    outlet_only: bool = False  # kept only if an outlet: a further conjunct, a participle subject


def find_statements(text: str) -> list[Found]:
    """Source phrases with their cues, one per phrase (overlaps keep the earliest, longest)."""
    found: list[Found] = []
    for start, end in sentence_spans(text):
        found.extend(_in_sentence(text, start, end))
    found.extend(_credits(text))
    kept: list[Found] = []
    reach = -1  # the furthest end of a kept source phrase (items come in start order)
    for item in sorted(found, key=lambda f: (f.source_start, -f.source_end, f.outlet_only)):
        if item.source_start >= reach:
            kept.append(item)
            reach = item.source_end
    return kept


def _in_sentence(text: str, start: int, end: int) -> list[Found]:
    tokens = tokenise(text[start:end], start)
    found: list[Found] = []
    for index, token in enumerate(tokens):
        lower = token.lower
        if lower in cues.SPEECH_VERBS or (
            lower in cues.CLAIM_VERBS and _introduces_content(tokens, index)
        ):
            item = _around_verb(tokens, index)
            if item is not None:
                found.append(item)
        elif lower in cues.PARTICIPLES and index:
            item = _participle_subject(tokens, index)
            if item is not None:
                found.append(item)
    for cue, pattern in cues.PREPOSITIONS.items():
        for match in pattern.finditer(text, start, end):
            item = _after(tokens, match.end(), cue, match.start())
            if item is not None:
                found.append(item)
    return found + [c for item in found for c in _conjuncts(tokens, item)]


def _conjuncts(tokens: Sequence[Token], item: Found) -> list[Found]:
    """The other names coordinated with a source phrase ("Le Monde and the BBC reported",
    "according to Reuters, AP and AFP"): a chain of names joined by commas that ends with
    "and" (a comma alone may open an appositive, so it is no coordination)."""
    index = {t.start: i for i, t in enumerate(tokens)}
    first = index.get(item.source_start)
    last = next((i for i, t in enumerate(tokens) if t.end == item.source_end), None)
    if first is None or last is None:
        return []
    spans: list[tuple[int, int]] = []
    if item.source_end < item.end:  # the verb follows: backwards
        spans = _chain_back(tokens, first)
    if not spans and item.source_end == item.end:  # the name follows its cue: forwards
        spans = _chain_forward(tokens, last)
    return [
        Found(
            min(item.start, tokens[a].start),
            max(item.end, tokens[b].end),
            tokens[a].start,
            tokens[b].end,
            item.cue,
            outlet_only=True,
        )
        for a, b in spans
    ]


def _chain_back(tokens: Sequence[Token], first: int) -> list[tuple[int, int]]:
    if first < 2 or tokens[first - 1].lower not in cues.CONJUNCTIONS:
        return []
    spans: list[tuple[int, int]] = []
    end = first - 2
    if end > 0 and tokens[end].text == ",":
        end -= 1  # "A, B, and C"
    while end >= 0:
        start = end
        while start - 1 >= 0 and _in_name(tokens[start - 1], tokens[start]):
            start -= 1
        while start <= end and not tokens[start].capitalised:
            start += 1  # "of", "the" may only sit inside or before a name
        if start > end or tokens[end].lower in cues.NAME_GLUE:
            return spans
        if start and tokens[start - 1].lower in _ARTICLES:
            start -= 1
        spans.append((start, end))
        if start < 2 or tokens[start - 1].text != ",":
            return spans
        end = start - 2
    return spans


def _chain_forward(tokens: Sequence[Token], last: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = last + 1
    while position + 1 < len(tokens) and (
        tokens[position].text == "," or tokens[position].lower in cues.CONJUNCTIONS
    ):
        joined = tokens[position].lower in cues.CONJUNCTIONS
        if tokens[position].text == "," and tokens[position + 1].lower in cues.CONJUNCTIONS:
            position, joined = position + 1, True  # "A, B, and C"
        span = _scan_forward(tokens, position + 1)
        head = tokens[span[0]] if span else None
        if span is None or head is None or not (head.capitalised or head.lower in _ARTICLES):
            break
        if not any(t.capitalised for t in tokens[span[0] : span[1] + 1]):
            break
        spans.append(span)
        position = span[1] + 1
        if joined:
            return spans  # "and" closes the chain
    return []  # no closing "and": an appositive or a new clause, not a coordination


def _in_name(token: Token, following: Token) -> bool:
    """Whether ``token`` continues backwards a name that ``following`` belongs to."""
    if not token.is_word:
        return token.text in {"-", "&"}
    return token.capitalised or (token.lower in cues.NAME_GLUE and following.capitalised)


def _participle_subject(tokens: Sequence[Token], index: int) -> Found | None:
    """The subject of a sentence whose statement a participle carries ("The BBC aired the
    footage on Monday, saying ...", "Bloomberg, citing two officials, put the cost at"):
    a name opening the sentence and followed by a comma or a verb in the past tense."""
    first = 1 if tokens[0].text in _QUOTES else 0
    span = _scan_forward(tokens, first)
    if span is None or span[1] >= index - 1:
        return None
    start, last = span
    head = tokens[start]
    if not (head.capitalised or head.lower in _ARTICLES):
        return None
    position = last + 1
    while position < index and (
        tokens[position].lower in cues.BETWEEN or tokens[position].lower in cues.DAYS
    ):
        position += 1
    after = tokens[position]
    past = (
        after.is_word
        and after.text.islower()
        and (after.lower.endswith("ed") or after.lower in cues.PAST_IRREGULAR)
    )
    if after.text != "," and not past:
        return None  # "The AP photo shows people saying ...": no subject with a verb
    cue = tokens[index]
    return Found(
        tokens[start].start,
        cue.end,
        tokens[start].start,
        tokens[last].end,
        "participle",
        outlet_only=True,
    )


def _introduces_content(tokens: Sequence[Token], index: int) -> bool:
    after = tokens[index + 1 : index + 9]
    if not after:
        return True
    nxt = after[0].text
    if nxt in _QUOTES or nxt in {":", ",", "."} or after[0].lower == "that":
        return True
    if after[0].lower in _SUBJECTS and len(after) > 1:  # "insisted it will", "admitted he felt"
        verb = after[1]
        return verb.is_word and verb.text.islower() and verb.lower not in _NOT_VERBS
    for token in after:  # "indicated over the past two weeks that"
        if not token.is_word:
            return False
        if token.lower == "that":
            return True
    return False


def _around_verb(tokens: Sequence[Token], index: int) -> Found | None:
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
        return Found(start, verb.end, start, tokens[index - 1].end, "verb")
    subject = _scan_back(tokens, index)
    if subject is not None:
        first, last = subject
        if verb.lower in cues.NOUN_LIKE and first == last and not tokens[first].capitalised:
            return None
        return Found(tokens[first].start, verb.end, tokens[first].start, tokens[last].end, "verb")
    if previous in {"but", "and"} and verb.lower in cues.SPEECH_VERBS:
        shared = _clause_subject(tokens, index)  # "The president would not ... but said"
        if shared is not None:
            first, last = shared
            return Found(tokens[first].start, verb.end, tokens[first].start, tokens[last].end,
                         "verb")  # fmt: skip
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
    return Found(verb.start, tokens[last].end, tokens[first].start, tokens[last].end, "verb")


def _clause_subject(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """The subject opening a sentence whose second verb phrase is a statement ("The
    president would not disclose the sites but said", "Trump met Abe and told"): a pronoun,
    a determiner and nouns before an auxiliary, or a capitalised name before a verb."""
    first = 1 if tokens and tokens[0].text in _QUOTES else 0
    if first >= index or not tokens[first].is_word:
        return None
    head = tokens[first]
    if head.lower in cues.PRONOUNS:
        return first, first
    if head.lower in cues.DETERMINERS:
        for position in range(first + 1, min(index, first + 6)):
            token = tokens[position]
            if token.lower in _AUXILIARIES:
                return (first, position - 1) if position > first + 1 else None
            if not token.is_word or token.lower in cues.CLAUSE:
                return None
        return None
    last = first
    while last + 1 < index and tokens[last + 1].capitalised and tokens[last + 1].is_word:
        last += 1
    following = tokens[last + 1] if last + 1 < index else None
    if (
        not head.capitalised
        or head.lower in cues.CLAUSE
        or head.lower in cues.FORWARD_STOP
        or following is None
        or not following.is_word
        or not following.text.islower()
        or following.lower in cues.CLAUSE
    ):
        return None
    return first, last


def _scan_back(tokens: Sequence[Token], index: int) -> tuple[int, int] | None:
    """Token range of the source phrase ending just before ``index`` (skipping adverbs and
    an appositive: "Reliance Globalcom, a provider in India, told")."""
    found = _scan_back_plain(tokens, index)
    if found is not None:
        return found
    comma = index - 1
    while comma > 0 and tokens[comma].lower in cues.BETWEEN:
        comma -= 1  # "..., also said"
    if comma >= 2 and tokens[comma].lower == "who" and tokens[comma - 1].text == ",":
        return _scan_back_plain(tokens, comma - 1)  # "Rudy Giuliani, who said"
    if comma < 1 or tokens[comma].text != ",":
        return None
    for opening in range(comma - 1, max(-1, comma - 15), -1):
        if tokens[opening].text == ",":
            first = tokens[opening + 1].lower if opening + 1 < comma else ""
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


def _after(tokens: Sequence[Token], offset: int, cue: str, cue_start: int) -> Found | None:
    index = next((i for i, t in enumerate(tokens) if t.start >= offset), None)
    if index is None:
        return None
    span = _scan_forward(tokens, index)
    if span is None:
        return None
    first, last = span
    return Found(cue_start, tokens[last].end, tokens[first].start, tokens[last].end, cue)


def _credits(text: str) -> list[Found]:
    """Wire credits: "WASHINGTON (AP) —", "— Reuters", "Reuters contributed to this report"."""
    found: list[Found] = []
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
                Found(min(match.start(), source_start), max(match.end(), source_end),
                       source_start, source_end, cue)
            )  # fmt: skip
    return found
