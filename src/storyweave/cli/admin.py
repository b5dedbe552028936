"""Commands about the installation itself: settings and store statistics."""

from __future__ import annotations

from dataclasses import asdict

import click

from storyweave.cli._common import CliContext, json_option, pass_context, print_json, stdout, table
from storyweave.settings import SECRET_SETTINGS, setting_help


@click.command()
@json_option
@pass_context
def settings(state: CliContext, as_json: bool) -> None:
    """Show every setting with its current value, default and meaning.

    \b
    Example:
      STORYWEAVE_MIN_TEXT_CHARS=100 storyweave settings
    """
    current = asdict(state.settings)
    for name in SECRET_SETTINGS:  # a secret is shown as set or not, never printed
        current[name] = "(set)" if current[name] else ""
    described = setting_help()
    if as_json:
        print_json({name: {"value": current[name], "default": d, "help": h}
                    for name, (d, h) in described.items()})  # fmt: skip
        return
    rows = [[name, str(current[name]), str(d), h] for name, (d, h) in described.items()]
    stdout().print(table(["setting", "value", "default", "meaning"], rows))


@click.command()
@json_option
@pass_context
def stats(state: CliContext, as_json: bool) -> None:
    """Count what the store holds: articles by format, language and source.

    \b
    Example:
      storyweave --db newsroom.db stats
    """
    data = state.store.stats()
    if as_json:
        print_json(data)
        return
    out = stdout()
    for key, value in data.items():
        if isinstance(value, dict):
            rows = [[str(k), str(v)] for k, v in value.items()]
            out.print(table([key, "articles"], rows))
        else:
            out.print(f"{key}: {value}")


COMMANDS = (settings, stats)
