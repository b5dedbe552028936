"""Commands on stories: stories, story, cluster, explain."""

from __future__ import annotations

import io
import json
import sys
from dataclasses import replace
from pathlib import Path

import click

from storyweave import pipeline, pipeline_compare, pipeline_stories
from storyweave.cli import compare_view
from storyweave.cli._common import (
    CliContext,
    find_story,
    json_option,
    pass_context,
    print_json,
    shorten,
    stderr,
    stdout,
    table,
)
from storyweave.cluster import story_id_for
from storyweave.errors import InputError, NotFound
from storyweave.models import Assignment, DuplicateLink, Story, article_to_dict
from storyweave.store import Store, open_store
from storyweave.store.base import STORY_ORDERS


def story_to_dict(story: Story) -> dict[str, object]:
    return {
        "id": story.id,
        "headline": story.headline,
        "size": story.size,
        "first_seen": story.first_seen.isoformat() if story.first_seen else None,
        "last_seen": story.last_seen.isoformat() if story.last_seen else None,
        "languages": list(story.languages),
        "outlets": list(story.outlets),
    }


def assignment_to_dict(assignment: Assignment) -> dict[str, object]:
    return {
        "article": assignment.article_id,
        "story": assignment.story_id,
        "score": assignment.score,
        "new_story": assignment.new_story,
        "algorithm": assignment.algorithm,
        "embedded": assignment.embedded,
        "threshold": assignment.threshold,
        "merged": list(assignment.merged),
        "candidates": [
            {"story": c.story_id, "score": c.score, "features": dict(c.features)}
            for c in assignment.candidates
        ],
    }


@click.command()
@click.option("--limit", default=50, show_default=True, help="How many stories to show.")
@click.option("--offset", default=0, show_default=True, help="Skip this many first.")
@click.option("--order", type=click.Choice(STORY_ORDERS), default="-last_seen", show_default=True,
              help="-last_seen: latest news first; -size: largest first.")  # fmt: skip
@click.option("--language", help="Only stories with an article in this language.")
@click.option("--outlet", help="Only stories with an article from this outlet.")
@click.option("--min-size", default=1, show_default=True, help="Only stories this large.")
@json_option
@pass_context
def stories(
    state: CliContext,
    limit: int,
    offset: int,
    order: str,
    language: str | None,
    outlet: str | None,
    min_size: int,
    as_json: bool,
) -> None:
    """List stories: headline, size, outlets, languages, first and last seen.

    \b
    Example:
      storyweave stories --order -size --min-size 3
    """
    store = state.store
    found = store.list_stories(
        limit=limit, offset=offset, order=order, language=language, outlet=outlet,
        min_size=min_size,
    )  # fmt: skip
    total = store.count_stories(language=language, outlet=outlet, min_size=min_size)
    if as_json:
        print_json({"total": total, "offset": offset, "stories": [story_to_dict(s) for s in found]})
        return
    rows = [
        [
            s.id,
            str(s.size),
            shorten(", ".join(s.outlets), 20),
            ",".join(s.languages),
            s.first_seen.date().isoformat() if s.first_seen else "",
            s.last_seen.date().isoformat() if s.last_seen else "",
            s.headline,
        ]
        for s in found
    ]
    out = stdout()
    columns = ["story", "size", "outlets", "langs", "first seen", "last seen", "headline"]
    out.print(table(columns, rows))
    out.print(f"{len(found)} of {total} stories (offset {offset})")


@click.command()
@click.argument("ref", metavar="STORY")
@json_option
@click.option("--format", "output_format", type=click.Choice(["table", "markdown"]),
              default="table", show_default=True, help="markdown: the whole comparison as a "
              "Markdown document.")  # fmt: skip
@pass_context
def story(state: CliContext, ref: str, as_json: bool, output_format: str) -> None:
    """Show one story: headline, summary, fact matrix, conflicts, quotes, entities, timeline,
    and its articles in the order they joined it.

    STORY may be a unique id prefix of at least 4 characters (ids of merged stories resolve),
    or the file of an ingested article: its story.
    Every statement cites its evidence as character offsets into the article's cleaned text.

    \b
    Example:
      storyweave story s3f9a
      storyweave story s3f9a --format markdown > story.md
      storyweave story examples/corpus/seeds/003_62cb21a93834675e.txt
    """
    store = state.store
    found = find_story(state, ref)
    members = store.story_articles(found.id)
    comparison = pipeline_compare.compare_articles(
        members, store, state.settings, origin_of=pipeline_compare.stored_origins(store, found.id)
    )
    if as_json:
        data = story_to_dict(found)
        data["articles"] = [
            {k: v for k, v in article_to_dict(a).items() if k not in {"text", "removed"}}
            for a in members
        ]
        data["comparison"] = compare_view.comparison_to_dict(comparison)
        print_json(data)
        return
    if output_format == "markdown":
        sys.stdout.write(compare_view.render_markdown(found, comparison, members))
        return
    out = stdout()
    compare_view.render_terminal(out, found, comparison)
    out.print("\nArticles", style="bold")
    out.print(
        f"outlets: {', '.join(found.outlets) or '—'}"
        f" · languages: {', '.join(found.languages) or '—'}",
        style="dim",
    )
    rows = [
        [
            a.id[:12],
            a.published.date().isoformat() if a.published else "",
            a.language.code if a.language else "",
            shorten(a.source, 18),
            a.title or a.text,
        ]
        for a in members
    ]
    out.print(table(["article", "published", "lang", "source", "title"], rows))


@click.command()
@click.argument("ref", metavar="ARTICLE")
@json_option
@pass_context
def explain(state: CliContext, ref: str, as_json: bool) -> None:
    """Explain an article's story assignment: the candidates and the scores that decided.

    \b
    Example:
      storyweave explain en_100911
    """
    store = state.store
    article = store.get_article(ref)
    assignment = store.get_assignment(article.id)
    if as_json:
        print_json(assignment_to_dict(assignment))
        return
    out = stdout()
    live = store.resolve_story(assignment.story_id)
    verdict = "started" if assignment.new_story else f"joined (score {assignment.score:.3f})"
    copied = _copied(store, assignment)
    if copied is not None:
        verdict = (
            f"joined as a copy of {copied.duplicate_of} "
            f"(similarity {copied.score:.3f}, {copied.algorithm}):"
        )
    # the story an article started keeps its founder's id until a merge folds it into another
    story = story_id_for(article.id) if assignment.new_story else live
    if live != story:
        story = f"{story}, since merged into {live}"
    out.print(f"{article.id}: {verdict} story {story}", style="bold")
    threshold = pipeline_stories.threshold_of(assignment, state.settings)
    out.print(
        f"algorithm {assignment.algorithm}; threshold {threshold}; "
        f"embedding {'computed' if assignment.embedded else 'not needed'}",
        style="dim",
    )
    if assignment.merged:
        out.print(f"merged into it: {', '.join(assignment.merged)}")
    names = ["lexical", "names", "vector", "decay", "same_language", "same_script"]
    rows = [
        [c.story_id, f"{c.score:.3f}"]
        + [f"{c.features[n]:.3f}" if n in c.features else "—" for n in names]
        for c in assignment.candidates
    ]
    out.print(table(["candidate", "score", *names], rows) if rows else "no candidate story")


def _copied(store: Store, assignment: Assignment) -> DuplicateLink | None:
    """The near-duplicate link an assignment followed, if it joined as a copy."""
    if not assignment.is_copy:
        return None
    found = [link for link in store.duplicate_links(assignment.article_id)
             if link.article_id == assignment.article_id]  # fmt: skip
    return found[0] if found else None


@click.command()
@click.option("--input", "input_path", required=True, type=click.Path(dir_okay=False),
              help="Articles in the shared JSONL schema ('-' for stdin).")  # fmt: skip
@click.option("--output", "output_path", required=True, type=click.Path(dir_okay=False),
              help="Where to write one {id, story} line per article ('-': stdout).")  # fmt: skip
@click.option("--keep", is_flag=True,
              help="Cluster into the configured database (with its stories) instead of a "
                   "fresh in-memory one.")  # fmt: skip
@pass_context
def cluster(state: CliContext, input_path: str, output_path: str, keep: bool) -> None:
    """Cluster a JSONL file into stories and write the assignments (for outside scorers).

    Every input article gets one output line, in input order; an article that cannot be
    read gets "story": null and an error line on stderr.

    \b
    Example:
      storyweave cluster --input articles.jsonl --output assignments.jsonl
    """
    settings = state.settings if keep else replace(state.settings, db=":memory:")
    data = sys.stdin.buffer.read() if input_path == "-" else Path(input_path).read_bytes()
    ids = _input_ids(data, input_path)
    store = state.store if keep else open_store(":memory:")
    try:
        report = pipeline.ingest([input_path], store, settings, stdin=io.BytesIO(data))
        for failure in report.failures:
            stderr().print(f"error: {failure.locator}: {failure.reason}")
        result = pipeline_stories.assign_stories(store, settings)
        stderr().print(
            f"{result.assigned} articles assigned: {result.new_stories} new stories, "
            f"{result.copies} copies, {result.merges} merges, {result.embedded} embedded "
            f"({result.vectoriser})"
        )
        lines = [
            json.dumps({"id": i, "story": _story_of(store, i)}, ensure_ascii=False) for i in ids
        ]
    finally:
        if not keep:
            store.close()
    text = "".join(line + "\n" for line in lines)
    if output_path == "-":
        sys.stdout.write(text)
    else:
        Path(output_path).write_text(text, encoding="utf-8")


def _input_ids(data: bytes, path: str) -> list[str]:
    """The ids of the input's lines, in order: the output's rows."""
    ids: list[str] = []
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            identifier = json.loads(line).get("id")
        except (json.JSONDecodeError, AttributeError, UnicodeDecodeError):
            raise InputError(f"{path}:{number}", "not a JSON object") from None
        if identifier is None:
            raise InputError(f"{path}:{number}", "cluster needs an 'id' on every line")
        ids.append(str(identifier))
    return ids


def _story_of(store: Store, article_id: str) -> str | None:
    try:
        return store.resolve_story(store.get_assignment(article_id).story_id)
    except NotFound:
        return None


COMMANDS = (stories, story, cluster, explain)
