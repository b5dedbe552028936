"""Crash safety: a writer killed with SIGKILL mid-ingest leaves a sound, complete database.

A child process stores articles in a loop and prints each id after ``put_article`` returns;
the parent kills it at an arbitrary moment (usually inside the next transaction), then checks
that the file is intact, that every reported article is there, and that every stored article
is whole: text, removed lines and full-text entry together, never a part of them.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from storyweave.models import Article, Format, Removal
from storyweave.store import SQLiteStore

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SRC = Path(__file__).resolve().parents[2] / "src"

WRITER = """
import sys
from storyweave.models import Article, Format, Removal
from storyweave.store import SQLiteStore

def article(n):
    return Article(
        id=f"crash-{n:06d}", locator=f"loop:{n}", format=Format.TEXT,
        raw=f"raw {n} ".encode() * 3000,
        text=f"marker{n} " + "filler words for a longer transaction " * 400,
        removed=tuple(Removal(f"line {n}.{j}", "test", j) for j in range(200 + n % 7)),
    )

store = SQLiteStore(sys.argv[1])
n = int(sys.argv[2])
while True:
    store.put_article(article(n))
    print(n, flush=True)
    n += 1
"""


def expected_article(n: int) -> Article:
    """What the writer stores as article ``n`` (kept in step with WRITER above)."""
    return Article(
        id=f"crash-{n:06d}",
        locator=f"loop:{n}",
        format=Format.TEXT,
        raw=f"raw {n} ".encode() * 3000,
        text=f"marker{n} " + "filler words for a longer transaction " * 400,
        removed=tuple(Removal(f"line {n}.{j}", "test", j) for j in range(200 + n % 7)),
    )


def _write_then_kill(db: Path, start: int, kill_after: int, delay: float) -> list[int]:
    """Run the writer until it reports ``kill_after`` ids, wait ``delay`` seconds, SIGKILL it.

    Returns the ids it reported stored. The delay moves the kill to a different point of the
    next write in each round.
    """
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db), str(start)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    reported: list[int] = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            reported.append(int(line))
            if len(reported) >= kill_after:
                break
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=10)
        if child.stdout is not None:
            child.stdout.close()
    assert child.returncode == -signal.SIGKILL, "the writer stopped before it was killed"
    return reported


def test_a_killed_writer_leaves_a_sound_and_complete_database(tmp_path: Path) -> None:
    db = tmp_path / "crash.db"
    reported: list[int] = []
    chance = random.Random(20240501)
    for round_number in range(8):
        kill_after, delay = chance.randint(1, 12), chance.uniform(0.0, 0.004)
        reported += _write_then_kill(db, round_number * 1000, kill_after, delay)

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")
        orphans = conn.execute(
            "SELECT count(*) FROM removals WHERE article_id NOT IN (SELECT id FROM articles)"
        )
        assert orphans.fetchone() == (0,)

    with SQLiteStore(db) as store:
        stored = list(store.iter_articles())
        numbers = [int(a.id.removeprefix("crash-")) for a in stored]
        assert set(reported) <= set(numbers), "an article reported stored was lost"
        for n, article in zip(numbers, stored, strict=True):
            assert article == expected_article(n)
            hits = store.search(f"marker{n}")
            assert [hit.article.id for hit in hits] == [article.id]
