"""The ``storyweave`` command line: one module per command group, errors as one line.

Exit codes: 0 success; 1 a storyweave error (bad input, missing article, bad setting), with
one line on stderr and no traceback; 2 a usage error (click's own).
"""

from __future__ import annotations

import logging
import sys

import click

from storyweave import __version__
from storyweave.cli import admin, articles, stories
from storyweave.cli import provenance as provenance_cli
from storyweave.cli import serve as serving
from storyweave.cli._common import CliContext, stderr
from storyweave.errors import StoryweaveError
from storyweave.settings import load_settings


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="storyweave")
@click.option("--db", metavar="PATH", help="SQLite database file [default: ./storyweave.db].")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    help="TOML settings file [default: ./storyweave.toml].",
)
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, including tracebacks.")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_file: str | None, verbose: bool) -> None:
    """Turn a flood of news articles into stories.

    Settings come from defaults < storyweave.toml < STORYWEAVE_* variables < options.

    \b
    Example:
      storyweave ingest examples/corpus/
      storyweave stories
    """
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING)
    if not verbose:  # the extractor's own notes ("discarding data") are not the user's errors
        logging.getLogger("trafilatura").setLevel(logging.ERROR)
    state = CliContext(settings=load_settings(config_file, db=db))
    ctx.obj = state
    ctx.call_on_close(state.close)


for module in (articles, stories, admin, provenance_cli, serving):
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    """Console entry point: translate storyweave errors into one line and exit code 1."""
    try:
        # Without standalone mode, click returns ctx.exit()'s code instead of exiting.
        code = cli.main(standalone_mode=False, prog_name="storyweave")
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        stderr().print("aborted")
        sys.exit(130)
    except StoryweaveError as exc:
        stderr().print(f"error: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        stderr().print("interrupted; everything stored so far is kept")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    sys.exit(code if isinstance(code, int) else 0)
