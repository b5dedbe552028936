"""Where inputs come from (files, directories, stdin) and how each is dispatched to a reader.

Directories are walked recursively in sorted order; every file is sniffed by content. Gzip
is decompressed transparently. WARC and JSONL inputs are streamed (any size; limits apply per
record); single-article formats are refused above ``max_input_bytes`` before being read.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from storyweave.errors import InputError, TooLarge
from storyweave.ingest.feed import read_feed
from storyweave.ingest.html import extract_html
from storyweave.ingest.jsonl import read_jsonl
from storyweave.ingest.sniff import SNIFF_BYTES, sniff
from storyweave.ingest.text import read_text
from storyweave.ingest.warc import read_warc
from storyweave.models import Failure, Format, RawDocument
from storyweave.settings import Settings

STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One thing to read: a name for messages, a way to open it, its size when known."""

    locator: str
    open: Callable[[], IO[bytes]]
    size: int | None = None


def _file_input(path: Path) -> Input:
    return Input(str(path), lambda: path.open("rb"), path.stat().st_size)


def discover(
    paths: Sequence[str], settings: Settings, stdin: IO[bytes] | None = None
) -> Iterator[Input | Failure]:
    """Expand ``paths`` (files, directories, ``-`` for stdin) into inputs, in a stable order."""
    for name in paths:
        if name == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield Input("<stdin>", lambda stream=stream: stream)  # type: ignore[misc]
            continue
        path = Path(name)
        if path.is_dir():
            yield from _walk(path, settings)
        elif path.is_file():
            yield _file_input(path)
        elif path.exists():
            yield Failure(name, "not a regular file or directory")
        else:
            yield Failure(name, "no such file or directory")


def _walk(root: Path, settings: Settings) -> Iterator[Input | Failure]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root).parts
        if not settings.recurse_hidden and any(part.startswith(".") for part in relative):
            continue
        if path.is_file():
            try:
                yield _file_input(path)
            except OSError as exc:
                yield Failure(str(path), f"cannot read: {exc.strerror or exc}")


class _Prefixed(io.RawIOBase):
    """A stream that first returns ``head`` (already read for sniffing), then ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            count = min(len(buffer), self._head.nbytes)
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _decompressed(stream: IO[bytes]) -> tuple[bytes, IO[bytes], bool]:
    head = stream.read(SNIFF_BYTES)
    if head[:2] != b"\x1f\x8b":
        return head, io.BufferedReader(_Prefixed(head, stream)), False
    unzipped = cast(IO[bytes], gzip.GzipFile(fileobj=io.BufferedReader(_Prefixed(head, stream))))
    head = unzipped.read(SNIFF_BYTES)
    return head, io.BufferedReader(_Prefixed(head, unzipped)), True


def _read_limited(stream: IO[bytes], locator: str, limit: int) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(locator, f"larger than max_input_bytes ({limit} bytes)")
    return data


def read_input(source: Input, settings: Settings) -> Iterator[RawDocument | Failure]:
    """Sniff one input and yield its articles (or Failures); whole-input errors become one."""
    limit = settings.max_input_bytes
    try:
        with source.open() as raw_stream:
            head, stream, compressed = _decompressed(raw_stream)
            if not head.strip():
                yield Failure(source.locator, "empty input")
                return
            fmt = sniff(head, source.locator)
            if fmt is Format.WARC:
                yield from read_warc(stream, source.locator, settings)
                return
            if fmt is Format.JSONL:
                lines = iter(lambda: stream.readline(limit + 1), b"")
                yield from read_jsonl(lines, source.locator)
                return
            if not compressed and source.size is not None and source.size > limit:
                raise TooLarge(
                    source.locator, f"{source.size} bytes, over max_input_bytes ({limit})"
                )
            data = _read_limited(stream, source.locator, limit)
            if fmt is Format.FEED:
                yield from read_feed(data, source.locator)
            elif fmt is Format.HTML:
                yield extract_html(data, source.locator, settings)
            else:
                yield from read_text(data, source.locator)
    except InputError as exc:
        yield Failure(exc.locator, exc.reason)
    except (OSError, EOFError, zlib.error) as exc:
        yield Failure(source.locator, f"cannot read: {exc}")


def read_bytes(data: bytes, locator: str, settings: Settings) -> Iterator[RawDocument | Failure]:
    """Articles from an in-memory input (used by the API and tests)."""
    yield from read_input(Input(locator, lambda: io.BytesIO(data), len(data)), settings)
