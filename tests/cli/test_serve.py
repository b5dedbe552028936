"""`storyweave serve` as a user runs it: it prints the URL, serves the store, stops cleanly."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

import httpx

from tests.conftest import SEED_003


def _serve(db, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "storyweave", "--db", str(db), "serve", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_serve_prints_its_url_and_serves_the_store(tmp_path):
    db = tmp_path / "one.db"
    ingest = subprocess.run(
        [sys.executable, "-m", "storyweave", "--db", str(db), "ingest", "--no-stories",
         str(SEED_003)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ingest.returncode == 0, ingest.stderr
    process = _serve(db, "--port", "0")
    try:
        line = process.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        stats = httpx.get(url.group(0) + "api/stats", timeout=30).json()
        assert stats["articles"] == 1
        page = httpx.get(url.group(0), timeout=30)
        assert (
            page.status_code == 200
            and "default-src 'none'" in page.headers["content-security-policy"]
        )
    finally:
        process.terminate()
        assert process.wait(timeout=20) is not None


def test_a_port_in_use_is_one_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "storyweave", "--db", str(tmp_path / "x.db"), "serve",
             "--port", str(port)],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: cannot listen on 127.0.0.1:{port}")
    assert "Traceback" not in done.stderr
