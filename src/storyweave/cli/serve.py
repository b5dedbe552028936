"""The ``serve`` command: the web pages and REST API over the store, with uvicorn."""

from __future__ import annotations

import socket
import sys

import click

from storyweave.cli._common import CliContext, pass_context, stderr
from storyweave.errors import ConfigError


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound before uvicorn starts so that port 0 can name a free port."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(2048)
    return sock


@click.command()
@click.option("--host", help="Address to listen on [default: serve_host, 127.0.0.1].")
@click.option("--port", type=int, help="Port to listen on; 0 picks a free one [default: 8000].")
@pass_context
def serve(state: CliContext, host: str | None, port: int | None) -> None:
    """Serve the story pages and the REST API (OpenAPI at /docs) over the store.

    Listens on 127.0.0.1 (this machine only) unless --host says otherwise; writes through the
    API need a token when serve_token is set (STORYWEAVE_SERVE_TOKEN). Stops on Ctrl-C.

    \b
    Example:
      storyweave --db newsroom.db serve --port 8080
    """
    import uvicorn

    from storyweave.serve import create_app

    settings = state.settings.with_overrides(serve_host=host, serve_port=port)
    app = create_app(settings, state.store)
    sock = _bind(settings.serve_host, settings.serve_port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if not settings.serve_token and bound_host not in {"127.0.0.1", "::1", "localhost"}:
        stderr().print("warning: no serve_token is set, so anyone who reaches the API can write")
    click.echo(f"storyweave: serving {settings.db} at http://{shown}:{bound_port}/ (Ctrl-C stops)")
    sys.stdout.flush()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


COMMANDS = (serve,)
