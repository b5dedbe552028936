"""Directories, stdin, size limits and empty inputs through the pipeline's discovery."""

from __future__ import annotations

import io

from storyweave.ingest import discover, read_input
from storyweave.models import Failure, RawDocument
from storyweave.settings import Settings
from tests.ingest import samples


def collect(paths, settings, stdin=None):
    docs, failures = [], []
    for source in discover(paths, settings, stdin):
        items = [source] if isinstance(source, Failure) else read_input(source, settings)
        for item in items:
            (docs if isinstance(item, RawDocument) else failures).append(item)
    return docs, failures


def test_directory_is_walked_recursively_by_content(tmp_path, settings):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "page.dat").write_bytes(samples.HTML)
    (tmp_path / "b.txt").write_bytes(samples.TEXT)
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "x").write_bytes(samples.ATOM)
    (tmp_path / ".hidden").write_bytes(samples.TEXT)
    docs, failures = collect([str(tmp_path)], settings)
    assert not failures
    assert sorted(d.format.value for d in docs) == ["feed", "html", "text"]


def test_missing_path_and_empty_file_are_failures_not_crashes(tmp_path, settings):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    docs, failures = collect(
        [str(tmp_path / "nope.txt"), str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt")],
        settings,
    )
    assert not docs
    reasons = {f.locator.rsplit("/", 1)[-1]: f.reason for f in failures}
    assert reasons == {
        "nope.txt": "no such file or directory",
        "empty.txt": "empty input",
        "blank.txt": "empty input",
    }


def test_too_large_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Headline\n" + b"word " * 3000)
    docs, (failure,) = collect([str(big)], Settings(db=":memory:", max_input_bytes=1000))
    assert not docs
    assert "max_input_bytes" in failure.reason


def test_stdin(settings):
    docs, failures = collect(["-"], settings, stdin=io.BytesIO(samples.TEXT))
    assert not failures
    assert docs[0].locator == "<stdin>"
