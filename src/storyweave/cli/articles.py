"""Commands on articles: ingest, articles, article, search, export."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import IO

import click
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from storyweave import pipeline, pipeline_provenance, pipeline_stories
from storyweave.cli._common import (
    CliContext,
    find_article,
    json_option,
    pass_context,
    print_json,
    shorten,
    stderr,
    stdout,
    table,
)
from storyweave.errors import ConfigError
from storyweave.models import Article, Format, IngestReport, article_to_dict


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...|-")
@json_option
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line and errors.")
@click.option("--no-stories", is_flag=True, help="Only store the articles; assign stories later.")
@pass_context
def ingest(
    state: CliContext, paths: tuple[str, ...], as_json: bool, quiet: bool, no_stories: bool
) -> None:
    """Read articles from files, directories or stdin (-) into the store.

    Formats are recognised by content: plain text (headline on the first line), HTML pages,
    RSS/Atom feeds, JSONL (the shared corpus schema), WARC/ARC archives, each optionally
    gzipped. Directories are read recursively. Re-ingesting the same input changes nothing.
    Exits 1 when any input failed; everything else is still stored.

    \b
    Example:
      storyweave ingest examples/ feeds/today.xml
      cat article.html | storyweave ingest -
    """
    report = _run_ingest(state, list(paths), show_progress=not (quiet or as_json))
    stories = None if no_stories else pipeline_stories.assign_stories(state.store, state.settings)
    traced = None
    if stories is not None:  # provenance of the stories the new articles joined
        traced = pipeline_provenance.trace_stories(state.store, state.settings, stories.stories)
    if as_json:
        print_json(
            {
                "inserted": report.inserted,
                "unchanged": report.unchanged,
                "failed": report.failed,
                "failures": [{"input": f.locator, "reason": f.reason} for f in report.failures],
                "stories": None
                if stories is None
                else {
                    "assigned": stories.assigned,
                    "new_stories": stories.new_stories,
                    "merges": stories.merges,
                    "embedded": stories.embedded,
                },
                "provenance": None if traced is None else {"traced": traced.traced},
            }
        )
    else:
        err = stderr()
        for failure in report.failures:
            err.print(f"error: {failure.locator}: {failure.reason}")
        err.print(
            f"{report.inserted} ingested, {report.unchanged} unchanged, {report.failed} failed"
            f" — {state.settings.db}"
        )
        if stories is not None:
            err.print(
                f"{stories.assigned} assigned to stories: {stories.new_stories} new, "
                f"{stories.copies} copies, {stories.merges} merged, {stories.embedded} embedded "
                f"({stories.vectoriser})"
            )
        if traced is not None and traced.traced:
            err.print(f"provenance traced for {traced.traced} stories")
    if report.failed:
        click.get_current_context().exit(1)


def _run_ingest(state: CliContext, paths: list[str], show_progress: bool) -> IngestReport:
    store = state.store
    if not show_progress or not sys.stderr.isatty():
        return pipeline.ingest(paths, store, state.settings)
    columns = (
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[counts]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr(), transient=True) as bar:
        task = bar.add_task("ingest", total=None, counts="")

        def update(locator: str, report: IngestReport) -> None:
            counts = f"{report.inserted} new · {report.unchanged} same · {report.failed} failed"
            bar.update(task, advance=1, counts=counts)

        return pipeline.ingest(paths, store, state.settings, progress=update)


def _parse_when(value: str | None, name: str) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"--{name} must be an ISO date like 2024-11-20; got {value!r}") from None


@click.command(name="articles")
@click.option("--limit", default=50, show_default=True, help="How many articles to show.")
@click.option("--offset", default=0, show_default=True, help="Skip this many first.")
@click.option("--source", help="Only articles from this outlet (exact name).")
@click.option("--language", help="Only articles in this language (ISO 639-1 code).")
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]), help="Input format.")
@click.option("--since", help="Published on or after this date (ISO 8601).")
@click.option("--until", help="Published before this date (ISO 8601).")
@json_option
@pass_context
def list_articles(
    state: CliContext,
    limit: int,
    offset: int,
    source: str | None,
    language: str | None,
    fmt: str | None,
    since: str | None,
    until: str | None,
    as_json: bool,
) -> None:
    """List stored articles, newest first.

    \b
    Example:
      storyweave articles --language en --limit 20
    """
    kind = Format(fmt) if fmt else None
    when = _parse_when(since, "since"), _parse_when(until, "until")
    store = state.store
    found = store.list_articles(
        limit=limit, offset=offset, source=source, language=language, format=kind,
        since=when[0], until=when[1], order="-published",
    )  # fmt: skip
    total = store.count_articles(
        source=source, language=language, format=kind, since=when[0], until=when[1]
    )
    if as_json:
        print_json({"total": total, "offset": offset, "articles": [_summary(a) for a in found]})
        return
    rows = [
        [
            a.id[:12],
            a.published.date().isoformat() if a.published else "",
            a.language.code if a.language else "",
            shorten(a.source, 18),
            shorten(a.title or a.text, 70),
        ]
        for a in found
    ]
    out = stdout()
    out.print(table(["id", "published", "lang", "source", "title"], rows))
    out.print(f"{len(found)} of {total} articles (offset {offset})")


def _summary(article: Article) -> dict[str, object]:
    data = article_to_dict(article)
    return {key: data[key] for key in ("id", "title", "lang", "date", "source", "url", "format")}


@click.command()
@click.argument("ref", metavar="ID")
@json_option
@click.option("--raw", is_flag=True, help="Print the raw input bytes exactly as ingested.")
@pass_context
def article(state: CliContext, ref: str, as_json: bool, raw: bool) -> None:
    """Show one article: metadata, cleaned text, and the debris removed from it.

    ID may be a unique prefix of at least 4 characters, or the path of the file the article
    was ingested from.

    \b
    Example:
      storyweave article 5f1c2a
      storyweave article examples/corpus/seeds/003_62cb21a93834675e.txt
    """
    found = find_article(state, ref)
    if raw:
        sys.stdout.buffer.write(found.raw)
        return
    if as_json:
        print_json(article_to_dict(found))
        return
    out = stdout()
    out.print(found.title or "(no title)", style="bold")
    lang = found.language
    meta = [
        ("id", found.id),
        ("source", found.source),
        ("url", found.url),
        ("author", found.author),
        ("published", found.published.isoformat() if found.published else None),
        ("language", f"{lang.code} ({lang.confidence:.2f}, {lang.method})" if lang else None),
        ("input", f"{found.locator} [{found.format.value}]"),
        ("summary only", "yes" if found.summary_only else None),
    ]
    for key, value in meta:
        if value:
            out.print(f"{key:>12}: {value}", style="dim")
    out.print()
    out.print(found.text)
    if found.removed:
        out.print()
        out.print(f"removed ({len(found.removed)} lines; numbered as in the body):", style="bold")
        for removal in found.removed:
            out.print(
                f"  line {removal.index + 1:>3} [{removal.reason}] {removal.line}", style="dim"
            )


@click.command()
@click.argument("query")
@click.option("--limit", default=20, show_default=True, help="How many results.")
@click.option("--offset", default=0, show_default=True, help="Skip this many first.")
@json_option
@pass_context
def search(state: CliContext, query: str, limit: int, offset: int, as_json: bool) -> None:
    """Full-text search over titles and cleaned texts (all words must match).

    \b
    Example:
      storyweave search "Storm Shadow"
    """
    hits = state.store.search(query, limit=limit, offset=offset)
    if as_json:
        print_json([{**_summary(h.article), "score": h.score, "snippet": h.snippet} for h in hits])
        return
    rows = [
        [h.article.id[:12], f"{h.score:.2f}", shorten(h.article.title, 30), h.snippet] for h in hits
    ]
    out = stdout()
    out.print(table(["id", "score", "title", "snippet"], rows))
    out.print(f"{len(hits)} results")


_EXPORT_FIELDS = ("id", "title", "text", "lang", "date", "source", "url", "author", "format")


def _export_jsonl(articles: Iterable[Article], sink: IO[str]) -> int:
    count = 0
    for item in articles:
        count += 1
        data = article_to_dict(item)
        row = {key: data[key] for key in _EXPORT_FIELDS}
        row["extra"] = {**data["extra"], "removed": data["removed"]}
        sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


def _export_csv(articles: Iterable[Article], sink: IO[str]) -> int:
    writer = csv.writer(sink)
    writer.writerow([*_EXPORT_FIELDS, "removed", "extra"])
    count = 0
    for item in articles:
        count += 1
        data = article_to_dict(item)
        writer.writerow(
            [
                *(data[key] if data[key] is not None else "" for key in _EXPORT_FIELDS),
                json.dumps(data["removed"], ensure_ascii=False),
                json.dumps(data["extra"], ensure_ascii=False),
            ]
        )
    return count


def _export_markdown(articles: Iterable[Article], sink: IO[str]) -> int:
    count = 0
    for item in articles:
        count += 1
        sink.write(f"## {_md_escape(item.title or item.id)}\n\n")
        facts = [
            f"id `{item.id}`",
            item.source and _md_escape(item.source),
            item.published and item.published.date().isoformat(),
            item.language and item.language.code,
            item.url and f"<{item.url}>",
        ]
        sink.write("- " + " · ".join(str(f) for f in facts if f) + "\n\n")
        sink.write("\n\n".join(_md_escape(p) for p in item.text.split("\n")) + "\n\n")
    return count


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_{}[]<>#|" else ch for ch in text)


_EXPORTERS = {"jsonl": _export_jsonl, "csv": _export_csv, "markdown": _export_markdown}


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(list(_EXPORTERS)), default="jsonl", show_default=True
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="File to write [stdout].")
@pass_context
def export(state: CliContext, fmt: str, output: str | None) -> None:
    """Export every stored article (JSONL in the shared corpus schema, CSV or Markdown).

    JSONL export can be ingested again: ids, metadata and removed debris are kept.

    \b
    Example:
      storyweave export --format csv -o articles.csv
    """
    articles: Iterator[Article] = state.store.iter_articles()
    if output is None:
        count = _EXPORTERS[fmt](articles, sys.stdout)
    else:
        with open(output, "w", encoding="utf-8", newline="") as sink:
            count = _EXPORTERS[fmt](articles, sink)
    stderr().print(f"exported {count} articles as {fmt}" + (f" to {output}" if output else ""))


COMMANDS = (ingest, list_articles, article, search, export)
