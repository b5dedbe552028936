"""The comparison of one story: statements, entities, quotes, facts, conflicts, summary.

:func:`compare` is the stage's one entry point. It takes the story's articles (cleaned, as
stored), optional statement vectors ``{statement key: vector}`` from the caller (the stage
never loads an embedding model itself), and optional ``origin_of: {article id: origin key}``
from the provenance stage; without it each outlet is its own origin.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence

from storyweave.analyse.compare.align import Aligner, Alignment, Matrix, align
from storyweave.analyse.compare.config import CompareConfig
from storyweave.analyse.compare.conflicts import Side, find_conflicts
from storyweave.analyse.compare.entities import (
    MODELS,
    EntityTagger,
    Mention,
    install_hint,
    resolve,
    tag_text,
    tagger_for,
)
from storyweave.analyse.compare.facts import Details, build_facts, origins_of
from storyweave.analyse.compare.quotes import Names, find_quotes, group_quotes
from storyweave.analyse.compare.statements import split_story
from storyweave.analyse.compare.summary import headline, summarise
from storyweave.analyse.compare.timeline import timeline
from storyweave.analyse.compare.values import dates, numbers, times
from storyweave.models import Article, Comparison, Entity, QuoteVersion, Span, Statement

ALGORITHM = "compare.v1"
TaggerFor = Callable[[str], EntityTagger]


def _entities(
    articles: Sequence[Article], statements: Mapping[str, Sequence[Statement]], choose: TaggerFor
) -> tuple[list[Entity], dict[str, list[tuple[int, int, str, str]]], list[str]]:
    """Story entities, each article's tagged names (start, end, entity, kind), and notes."""
    mentions: list[Mention] = []
    methods: dict[str, list[str]] = {}
    for article in articles:
        found = statements[article.id]
        if not found:
            continue
        language = article.language.code if article.language else "und"
        tagger = choose(language)
        methods.setdefault(tagger.name, []).append(language)
        mentions.extend(tag_text(article.id, article.text[: found[-1].span.end], tagger))
    texts = {a.id: a.text for a in articles}
    entities, name_of = resolve(texts, mentions)
    kind_of = {e.name: e.kind for e in entities}
    names: dict[str, list[tuple[int, int, str, str]]] = {a.id: [] for a in articles}
    for span, name in name_of.items():
        names[span.article_id].append((span.start, span.end, name, kind_of[name]))
    for found_names in names.values():
        found_names.sort()
    notes = [_tagger_note(method, sorted(set(langs))) for method, langs in sorted(methods.items())]
    return entities, names, notes


def _tagger_note(method: str, languages: Sequence[str]) -> str:
    note = f"entities in {', '.join(languages)}: {method}"
    if "heuristic" not in method:
        return note
    missing = [language for language in languages if language in MODELS]
    if missing:
        hint = install_hint(missing[0])
        return f"{note} (the entity model is not installed: {hint}; kinds unclassified)"
    return f"{note} (no entity model for this language; kinds unclassified)"


def _details(statement: Statement, names: Names, quotes: Sequence[QuoteVersion]) -> Details:
    """The comparable details of one statement: figures, dates, times, names, attribution."""
    span = statement.span
    inside = [n for n in names if n[0] >= span.start and n[1] <= span.end]
    found: dict[str, frozenset[str]] = {
        "number": frozenset(numbers(span.text)),
        "date": frozenset(dates(span.text)),
        "time": frozenset(times(span.text)),
        "place": frozenset(n[2] for n in inside if n[3] == "place"),
        "person": frozenset(n[2] for n in inside if n[3] == "person"),
        "organisation": frozenset(n[2] for n in inside if n[3] == "organisation"),
    }
    persons = {n[2] for n in names if n[3] == "person"}
    speakers = {  # attribution to people: an outlet relaying a person is no contradiction
        q.speaker
        for q in quotes
        if q.speaker in persons and q.span.start < span.end and span.start < q.span.end
    }
    found["attribution"] = frozenset(speakers)
    return found


def _notes(
    articles: Sequence[Article],
    statements: Mapping[str, Sequence[Statement]],
    config: CompareConfig,
    vectors: bool,
) -> list[str]:
    notes: list[str] = []
    with_text = [a for a in articles if statements[a.id]]
    if len(with_text) < 2:
        notes.append("nothing to compare: fewer than two articles have statements")
    empty = [a.id for a in articles if not statements[a.id]]
    if empty:
        notes.append(f"no statements in {len(empty)} article(s): {', '.join(empty[:5])}")
    total = sum(len(found) for found in statements.values())
    if any(len(found) >= config.max_statements_per_article for found in statements.values()) or (
        total >= config.max_statements
    ):
        notes.append(
            f"long input: at most {config.max_statements_per_article} statements per article "
            f"and {config.max_statements} in all were compared"
        )
    languages = {a.language.code if a.language else "und" for a in with_text}
    if len(languages) > 1 and not vectors:
        notes.append(
            "several languages but no statement vectors: only names and figures "
            "align statements across languages"
        )
    return notes


def compare(
    articles: Sequence[Article],
    *,
    vectors: Mapping[str, Matrix] | None = None,
    origin_of: Mapping[str, str] | None = None,
    config: CompareConfig | None = None,
    aligner: Aligner | None = None,
    taggers: TaggerFor = tagger_for,
) -> Comparison:
    """Compare a story's articles; see the package docstring for what each part means."""
    config = config or CompareConfig()
    articles = list({a.id: a for a in articles}.values())
    by_article = split_story(articles, config)
    statements = [s for a in articles for s in by_article[a.id]]
    entities, names, entity_notes = _entities(articles, by_article, taggers)
    versions: dict[str, list[QuoteVersion]] = {
        a.id: find_quotes(a.id, a.text, [s.span for s in by_article[a.id]], names[a.id])
        for a in articles
    }
    details = [_details(s, names[s.article_id], versions[s.article_id]) for s in statements]
    alignment: Alignment = align(statements, vectors, config.align_threshold, aligner)
    origins = origins_of(articles, origin_of)
    facts = build_facts(statements, alignment, articles, origins, details)
    index_of = {(s.article_id, s.span.start): i for i, s in enumerate(statements)}
    day = {a.id: a.published.date() if a.published else None for a in articles}
    sides = [
        Side(s, found, names[s.article_id], day[s.article_id])
        for s, found in zip(statements, details, strict=True)
    ]
    conflicts = find_conflicts(
        facts, sides, index_of, alignment.similarity, config.conflict_threshold
    )
    fact_of = {(span.article_id, span.start): f.id for f in facts for span in f.evidence}
    every = [v for a in articles for v in versions[a.id]]
    quotes = group_quotes(every, [_fact_at(v.span, by_article, fact_of) for v in every])
    summary = summarise(facts, articles, config.summary_sentences)
    notes = _notes(articles, by_article, config, bool(vectors)) + entity_notes
    return Comparison(
        algorithm=f"{ALGORITHM}+{alignment.aligner}",
        articles=tuple(a.id for a in articles),
        headline=headline(articles, summary),
        summary=tuple(summary),
        facts=tuple(facts),
        conflicts=tuple(conflicts),
        quotes=tuple(quotes),
        entities=tuple(entities),
        timeline=tuple(timeline(articles, facts)),
        sources=_source_labels(articles),
        notes=tuple(notes),
    )


def _fact_at(
    span: Span,
    by_article: Mapping[str, Sequence[Statement]],
    fact_of: Mapping[tuple[str, int], str],
) -> str | None:
    """The fact of the statement that holds ``span`` (None when no statement does)."""
    for statement in by_article.get(span.article_id, ()):
        if statement.span.start <= span.start < statement.span.end:
            return fact_of.get((span.article_id, statement.span.start))
    return None


def _source_labels(articles: Sequence[Article]) -> dict[str, str]:
    """A short, unique label per article for tables: its outlet, numbered when repeated."""
    base = {a.id: (a.source or a.id[:10]) for a in articles}
    counts = Counter(base.values())
    seen: Counter[str] = Counter()
    labels: dict[str, str] = {}
    for article in articles:
        label = base[article.id]
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} #{seen[label]}"
        labels[article.id] = label
    return labels
