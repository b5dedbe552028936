"""Load on the running server: requests/s and latency of the story list and story pages.

    .venv/bin/python bench/serve_load.py [--articles 10000] [--clients 50] [--requests 2000]
                                         [--db FILE] [--seed 0] [--vectoriser none|auto]
                                         [--wrk SECONDS]

A store of ``--articles`` articles is made by resampling the labelled corpora in
``shared/data`` (the synthetic stream of ``bench/stream.py``: events copied from gold
clusters, renamed and perturbed, a burst of identical copies, some bad records) and ingested
with the CLI as JSONL, with stories assigned by the lexical-only clusterer
(``vectoriser = none``: no embedding model, so ingest takes minutes, not hours). ``--db``
keeps that store between runs; it is reused when it already holds the articles.

Then ``storyweave serve --port 0`` is started on 127.0.0.1 (one uvicorn process) and driven by
bounded asyncio clients (httpx) holding ``--clients`` connections in all, spread over
``--processes`` client processes (a single httpx pool slows down as its connections grow:
one process with 50 connections measures the client more than the server), each scenario for
``--requests`` requests after a short warm-up (and at most ``TIME_BOUND`` seconds). Scenarios:
two baselines measured in the same run (a static file, and the cached OpenAPI schema: what
the server costs with no store work), the story list (HTML and JSON; newest first, and
largest first) and story pages (HTML and JSON, over a sample of stories, and the largest
story). Every sampled story page is first asked for once, one at a time, and those first
looks (which compute the story's comparison) are reported apart; the timed runs then read
kept pages, as users do after the first look. Traffic goes to 127.0.0.1 only. The client
shares the machine with the server, so on a 2-core machine both compete for CPU: the figures
are a floor of what the server can do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from corpora import write_jsonl
from stream import generate

GOAL_P99_MS = 100.0
TIME_BOUND = 120.0  # seconds per scenario, whatever --requests says
WARMUP = 10  # per client process
SAMPLE_STORIES = 40  # story pages looked at (each first look computes a comparison)
WRK_PATHS = (
    ("baseline: static css", "/static/style.css"),
    ("story list html, newest", "/"),
    ("story page html, one story", "/stories/{story}"),
)


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: tuple[float, ...]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cli(db: Path, *args: str, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYWEAVE_VECTORISER": "none"}
    command = [sys.executable, "-m", "storyweave", "--db", str(db), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)


def stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    done = cli(db, "stats", "--json", timeout=120)
    return int(json.loads(done.stdout)["articles"]) if done.returncode == 0 else 0


def build_store(db: Path, articles: int, seed: int) -> str:
    """Make (or reuse) the store; return a line saying which and how long it took."""
    have = stored_articles(db)
    if have >= articles * 0.99:
        return f"store: reusing {db} ({have} articles)"
    stream = generate(articles, seed=seed)
    with tempfile.TemporaryDirectory() as folder:
        jsonl = write_jsonl(stream.articles, Path(folder) / "stream.jsonl")
        started = time.perf_counter()
        done = cli(db, "ingest", "-q", str(jsonl))
        took = time.perf_counter() - started
    if done.returncode not in (0, 1):  # 1: some bad records, by design of the stream
        raise SystemExit(f"ingest failed: {done.stderr}")
    summary = " / ".join(line for line in done.stderr.splitlines() if "ingested" in line)
    return f"store: built {db} in {took:.0f} s ({summary})"


def start_server(db: Path, vectoriser: str) -> tuple[subprocess.Popen[str], str]:
    env = {**os.environ, "STORYWEAVE_VECTORISER": vectoriser}
    process = subprocess.Popen(
        [sys.executable, "-m", "storyweave", "--db", str(db), "serve", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    line = process.stdout.readline() if process.stdout else ""
    found = re.search(r"http://127\.0\.0\.1:\d+", line)
    if not found:
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return process, found.group(0)


async def _part(base: str, paths: Sequence[str], clients: int, start_at: float) -> list[float]:
    """One client process: ``clients`` concurrent workers over its share of ``paths``."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        for path in paths[:WARMUP]:
            await client.get(path)
        await asyncio.sleep(max(0.0, start_at - time.time()))  # every process starts together
        latencies: list[float] = []
        queue = iter(paths)
        deadline = time.perf_counter() + TIME_BOUND

        async def worker() -> None:
            for path in queue:
                if time.perf_counter() > deadline:
                    return
                started = time.perf_counter()
                try:
                    response = await client.get(path)
                    ok = response.status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                latencies.append(elapsed if ok else -elapsed)  # negative: an error

        await asyncio.gather(*(worker() for _ in range(clients)))
        return latencies


def _client_process(base: str, paths: list[str], clients: int, start_at: float, out: Any) -> None:
    out.put(asyncio.run(_part(base, paths, clients, start_at)))


def drive(base: str, name: str, paths: Sequence[str], clients: int, processes: int) -> Result:
    """GET every path from ``clients`` concurrent connections spread over ``processes``
    client processes (one httpx pool does not keep up with many connections on its own)."""
    context = multiprocessing.get_context("fork")
    out = context.Queue()
    start_at = time.time() + 2.0
    shares = [list(paths[i::processes]) for i in range(processes)]
    workers = [
        context.Process(
            target=_client_process,
            args=(base, share, clients // processes + (i < clients % processes), start_at, out),
        )
        for i, share in enumerate(shares)
    ]
    for worker in workers:
        worker.start()
    gathered = [out.get(timeout=TIME_BOUND + 120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    seconds = time.time() - start_at
    latencies = [abs(x) for part in gathered for x in part]
    errors = sum(x < 0 for part in gathered for x in part)
    return Result(name, len(latencies), errors, seconds, tuple(latencies))


async def _sample(base: str, seed: int) -> tuple[dict[str, Any], list[str]]:
    """The largest story and a random sample of story ids."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        largest = (await client.get("/api/stories?order=-size&limit=1")).json()["stories"]
        count = min(SAMPLE_STORIES, largest["total"])
        offsets = sorted(random.Random(seed).sample(range(largest["total"]), count))
        sample: list[str] = []
        for offset in offsets:
            page = (await client.get(f"/api/stories?order=created&limit=1&offset={offset}")).json()
            sample.extend(s["id"] for s in page["stories"]["items"])
    return largest["items"][0], sample


async def _first_looks(base: str, paths: Sequence[str]) -> list[float]:
    """Seconds each page takes the first time it is asked for (one at a time): a story's
    first look computes its comparison; later looks are kept until the store changes."""
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        for path in paths:
            start = time.perf_counter()
            (await client.get(path)).raise_for_status()
            latencies.append(time.perf_counter() - start)
    return latencies


def scenarios(base: str, clients: int, total: int, seed: int, processes: int) -> list[Result]:
    biggest, sample = asyncio.run(_sample(base, seed))
    firsts = asyncio.run(_first_looks(base, [f"/stories/{s}" for s in [*sample, biggest["id"]]]))
    ordered = sorted(firsts)
    print(
        f"first looks of {len(firsts)} story pages (comparison computed, one at a time): "
        f"p50 {1000 * ordered[len(ordered) // 2]:.0f} ms, "
        f"p99 {1000 * ordered[int(0.99 * (len(ordered) - 1))]:.0f} ms, "
        f"max {1000 * ordered[-1]:.0f} ms; the timed runs below read kept pages",
        flush=True,
    )
    plan: Sequence[tuple[str, Callable[[int], str]]] = (
        ("baseline: static css", lambda i: "/static/style.css"),
        ("baseline: /openapi.json", lambda i: "/openapi.json"),
        ("story list html, newest", lambda i: "/"),
        ("story list html, largest", lambda i: "/?order=-size"),
        ("story list json, page 3", lambda i: "/api/stories?limit=30&offset=60"),
        ("story page html, sampled", lambda i: f"/stories/{sample[i % len(sample)]}"),
        ("story page json, sampled", lambda i: f"/api/stories/{sample[i % len(sample)]}"),
        (f"story page html, largest ({biggest['size']})", lambda i: f"/stories/{biggest['id']}"),
    )
    return [
        drive(base, name, [url(i) for i in range(total)], clients, processes) for name, url in plan
    ]


def wrk(base: str, paths: Sequence[tuple[str, str]], clients: int, seconds: int) -> list[str]:
    """The same pages under wrk (a C client, so nearly all CPU goes to the server)."""
    lines = [f"\nwrk -t2 -c{clients} -d{seconds}s (a C client; no Python on the client side):"]
    for name, path in paths:
        done = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", base + path],
            capture_output=True, text=True, timeout=seconds + 30,
        )  # fmt: skip
        found = dict(re.findall(r"^\s+(50%|99%)\s+(\S+)", done.stdout, re.M))
        rate = re.search(r"Requests/sec:\s+(\S+)", done.stdout)
        lines.append(
            f"{name:<34} {rate.group(1) if rate else '?':>10} req/s   "
            f"p50 {found.get('50%', '?'):>9}   p99 {found.get('99%', '?'):>9}"
        )
    return lines


def wrk_paths(base: str) -> list[tuple[str, str]]:
    page = httpx.get(f"{base}/api/stories?order=created&limit=1&offset=100", timeout=60).json()
    story = page["stories"]["items"][0]["id"]
    return [(name, path.format(story=story)) for name, path in WRK_PATHS]


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'scenario':<34} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.name:<34} {r.requests:>8} {r.errors:>6} {r.rate:>8.0f} "
            f"{r.quantile(0.5):>8.1f} {r.quantile(0.99):>8.1f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2_000, help="per scenario")
    parser.add_argument("--db", type=Path, help="keep the store here (reused when built)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=5, help="client processes")
    parser.add_argument(
        "--vectoriser",
        choices=("none", "auto"),
        default="none",
        help="the server's vectoriser: story pages compare statements lexically ('none') or"
        " with the multilingual model ('auto': first looks then take seconds each)",
    )
    parser.add_argument(
        "--wrk", type=int, metavar="SECONDS", help="also drive the pages with wrk (if installed)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "load.db"
        print(build_store(db, args.articles, args.seed), flush=True)
        print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        process, base = start_server(db, args.vectoriser)
        try:
            results = scenarios(base, args.clients, args.requests, args.seed, args.processes)
            extra = wrk(base, wrk_paths(base), args.clients, args.wrk) if args.wrk else []
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(
        f"\n{args.clients} concurrent clients in {args.processes} client processes, "
        f"{args.requests} requests per scenario, {base}"
    )
    print(table(results))
    print("\n".join(extra))
    pages = [r for r in results if r.name.startswith("story page")]
    worst = max(pages, key=lambda r: r.quantile(0.99))
    verdict = "met" if worst.quantile(0.99) < GOAL_P99_MS else "NOT met"
    print(
        f"\ngoal: story page p99 < {GOAL_P99_MS:.0f} ms at {args.clients} clients: {verdict} "
        f"(worst: {worst.name}, p99 {worst.quantile(0.99):.1f} ms; "
        f"median over pages {statistics.median(r.quantile(0.5) for r in pages):.1f} ms p50)"
    )


if __name__ == "__main__":
    main()
