"""Mangled inputs: every reader answers with articles or Failures, never a crash.

A corpus of damaged variants of each sample (truncations, flipped bytes, spliced formats,
random bytes, wrong encodings) is pushed through the sniffing entry point, plus hypothesis
over arbitrary bytes.
"""

from __future__ import annotations

import gzip
import random

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from storyweave.ingest import read_bytes
from storyweave.models import Failure, RawDocument
from storyweave.settings import Settings
from tests.ingest import samples

SETTINGS = Settings(db=":memory:")
SAMPLES = {
    "text": samples.TEXT,
    "header": samples.TEXT_WITH_HEADER,
    "html": samples.HTML,
    "rss": samples.RSS,
    "atom": samples.ATOM,
    "rdf": samples.RDF,
    "jsonl": samples.JSONL,
    "warc": samples.warc([("https://e.org/1", "text/html", samples.HTML)], gzip=False),
    "warc.gz": samples.warc([("https://e.org/1", "text/html", samples.HTML)]),
}


def mangled(name: str, data: bytes) -> list[tuple[str, bytes]]:
    rng = random.Random(name)
    out = [(f"{name}-cut{n}", data[: len(data) * n // 5]) for n in range(1, 5)]
    for n in range(4):
        flipped = bytearray(data)
        for _ in range(1 + len(data) // 50):
            flipped[rng.randrange(len(flipped))] = rng.randrange(256)
        out.append((f"{name}-flip{n}", bytes(flipped)))
    out.append((f"{name}-gz-cut", gzip.compress(data)[: len(data) // 3]))
    out.append((f"{name}-utf16", data.decode("utf-8", "replace").encode("utf-16")))
    out.append((f"{name}-nul", data.replace(b" ", b"\x00", 10)))
    out.append((f"{name}-spliced", data[: len(data) // 2] + samples.RSS[len(samples.RSS) // 2 :]))
    return out


CASES = [case for name, data in SAMPLES.items() for case in mangled(name, data)]


def _check(data: bytes, locator: str) -> None:
    for item in read_bytes(data, locator, SETTINGS):
        assert isinstance(item, RawDocument | Failure)
        if isinstance(item, Failure):
            assert item.locator.startswith(locator)
            assert item.reason and "\n" not in item.reason


@pytest.mark.parametrize("locator, data", CASES, ids=[c[0] for c in CASES])
def test_mangled_inputs_never_crash(locator, data):
    _check(data, locator)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_never_crash(data):
    _check(data, "fuzz")


@hypothesis_settings(max_examples=100, deadline=None)
@given(st.text(max_size=600), st.sampled_from(["", "---\ntitle: t\n---\n", "<p>", '{"text": ']))
def test_arbitrary_text_never_crashes(body, prefix):
    _check((prefix + body).encode("utf-8"), "fuzz")
