"""What every command shares: the context (settings, store), output helpers, error exit."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from storyweave import pipeline
from storyweave.errors import ConfigError
from storyweave.models import Article, Story
from storyweave.settings import Settings
from storyweave.store import Store, open_store


@dataclass
class CliContext:
    """Per-invocation state: settings resolved once; the store opened on first use."""

    settings: Settings
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.db)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_context = click.make_pass_decorator(CliContext)

json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print machine-readable JSON instead of a table."
)


#: Width of tables when the output is not a terminal (a pipe or a file): wide, not cut at 80.
PIPE_WIDTH = 160


def stdout() -> Console:
    # Article text is untrusted: never interpret it as console markup or highlight it.
    width = None if sys.stdout.isatty() else PIPE_WIDTH
    return Console(markup=False, highlight=False, emoji=False, soft_wrap=True, width=width)


def stderr() -> Console:
    return Console(stderr=True, markup=False, highlight=False, emoji=False, soft_wrap=True)


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def table(columns: list[str], rows: list[list[str]], width: int | None = None) -> Table:
    """A plain table whose cells are literal text (no markup from article content).

    Every column but the last keeps its full width; the last is cut with "…" to fit ``width``
    (the console's width by default), so one row is one line.
    """
    widths = [
        max([len(column), *(len(row[i]) for row in rows)]) for i, column in enumerate(columns)
    ]
    total = width or stdout().width
    room = max(12, total - sum(widths[:-1]) - 3 * len(columns) - 1)
    result = Table(show_lines=False, header_style="bold")
    for column in columns:
        result.add_column(column, no_wrap=True)
    for row in rows:
        result.add_row(*(Text(cell) for cell in row[:-1]), Text(shorten(row[-1], room)))
    return result


def shorten(value: str | None, width: int) -> str:
    if not value:
        return ""
    value = " ".join(value.split())
    return value if len(value) <= width else value[: width - 1] + "…"


def find_article(state: CliContext, ref: str) -> Article:
    """The article ``ref`` names: an id (or unique prefix), or a file holding one article."""
    if not Path(ref).is_file():
        return state.store.get_article(ref)
    ids = pipeline.article_ids_in(ref, state.settings)
    if len(ids) != 1:
        raise ConfigError(f"{ref} holds {len(ids)} articles; name one by its id")
    return state.store.get_article(ids[0])


def find_story(state: CliContext, ref: str) -> Story:
    """The story ``ref`` names: a story id (a unique prefix, or a merged story's id), or an
    article file whose article has joined a story."""
    if not Path(ref).is_file():
        return state.store.get_story(ref)
    article = find_article(state, ref)
    return state.store.get_story(state.store.get_assignment(article.id).story_id)
