"""Load on the running server: requests/s and latency of the story list and story pages.

    .venv/bin/python bench/serve_load.py [--articles 10000] [--clients 50] [--db FILE]
                                         [--client auto|wrk|python] [--seconds 10]
                                         [--requests 2000] [--seed 0] [--vectoriser none|auto]

A store of ``--articles`` articles is made by resampling the labelled corpora in
``shared/data`` (the synthetic stream of ``bench/stream.py``: events copied from gold
clusters, renamed and perturbed, a burst of identical copies, some bad records) and ingested
with the CLI as JSONL, with stories assigned by the lexical-only clusterer
(``vectoriser = none``: no embedding model, so ingest takes minutes, not hours). ``--db``
keeps that store between runs; it is reused when it already holds the articles.

Then ``storyweave serve --port 0`` is started on 127.0.0.1 (one uvicorn process). Every sampled
story page is first asked for once, one at a time, and those first looks (which compute the
story's comparison) are reported apart; the timed runs then read kept pages, as users do
after the first look. Scenarios: two baselines measured in the same run (a static file, and
the cached OpenAPI schema: what the server costs with no store work), the story list (HTML
and JSON; newest first, and largest first) and story pages (HTML and JSON, rotating over
``SAMPLE_STORIES`` sampled stories, and the largest story).

The client holds ``--clients`` connections in all. With ``--client wrk`` (the default when
Debian's ``wrk`` is installed) a C client asks for each scenario's paths in turn (a Lua
script), taking gzip as browsers and httpx do, for ``--seconds``; with ``--client python``,
bounded asyncio httpx clients spread over ``--processes`` processes send ``--requests``
requests per scenario (at most ``TIME_BOUND`` seconds). The client shares the machine with
the server: on a 2-core machine Python clients take much of the CPU, so their figures are a
floor of what the server can do. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import shutil
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


@dataclass(frozen=True)
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p99_ms: float

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def quantile(latencies: Sequence[float], q: float) -> float:
    ordered = sorted(latencies)
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
    return Result(
        name, len(latencies), errors, seconds, quantile(latencies, 0.5), quantile(latencies, 0.99)
    )


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


Plan = Sequence[tuple[str, Sequence[str]]]


def plan(base: str, total: int, seed: int) -> Plan:
    """The scenarios (name, the paths asked for in turn), after the sampled story pages' first
    looks, which are timed one at a time and reported apart."""
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
    rotations: Sequence[tuple[str, Callable[[int], str]]] = (
        ("baseline: static css", lambda i: "/static/style.css"),
        ("baseline: /openapi.json", lambda i: "/openapi.json"),
        ("story list html, newest", lambda i: "/"),
        ("story list html, largest", lambda i: "/?order=-size"),
        ("story list json, page 3", lambda i: "/api/stories?limit=30&offset=60"),
        ("story page html, sampled", lambda i: f"/stories/{sample[i % len(sample)]}"),
        ("story page json, sampled", lambda i: f"/api/stories/{sample[i % len(sample)]}"),
        (f"story page html, largest ({biggest['size']})", lambda i: f"/stories/{biggest['id']}"),
    )
    return [(name, [url(i) for i in range(total)]) for name, url in rotations]


_ROTATE = """paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def wrk(base: str, name: str, paths: Sequence[str], clients: int, seconds: int) -> Result:
    """``paths`` asked for in turn by wrk (a C client: nearly all CPU goes to the server)
    from ``clients`` connections on two threads for ``seconds``, each path asked for once
    first, so that the run reads kept pages (their first looks are measured apart)."""
    distinct = list(dict.fromkeys(paths))
    with httpx.Client(base_url=base, timeout=120) as client:  # kept before the clock starts
        for path in distinct:
            client.get(path).raise_for_status()
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_ROTATE % ", ".join(json.dumps(p) for p in distinct))
        script.flush()
        command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", script.name,
                   "-H", "Accept-Encoding: gzip"]  # fmt: skip
        done = subprocess.run(
            [*command, base], capture_output=True, text=True, timeout=seconds + 60, check=True
        )
    out = done.stdout
    ms = {q: _ms(v) for q, v in re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M)}
    total = re.search(r"(\d+) requests in ([\d.]+(?:us|ms|s|m))\b", out)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    if total is None or not ms:
        raise SystemExit(f"cannot read wrk's output:\n{out}")
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + sum(
        int(n) for n in (sockets.groups() if sockets else ())
    )
    seconds = _ms(total.group(2)) / 1000
    return Result(name, int(total.group(1)), errors, seconds, ms["50"], ms["99"])


def _ms(value: str) -> float:
    """A wrk duration ("812.00us", "12.3ms", "1.2s") in milliseconds."""
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def table(results: Sequence[Result]) -> str:
    head = (
        f"{'scenario':<34} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
    )
    lines = [head, "-" * len(head)]
    for r in results:
        lines.append(
            f"{r.name:<34} {r.requests:>8} {r.errors:>6} {r.rate:>8.0f} "
            f"{r.p50_ms:>8.1f} {r.p99_ms:>8.1f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument(
        "--client",
        choices=("auto", "wrk", "python"),
        default="auto",
        help="what drives the server: wrk (auto: when installed) or Python (httpx) processes",
    )
    parser.add_argument("--seconds", type=int, default=10, help="per scenario, with wrk")
    parser.add_argument("--requests", type=int, default=2_000, help="per scenario, with Python")
    parser.add_argument("--processes", type=int, default=5, help="Python client processes")
    parser.add_argument("--db", type=Path, help="keep the store here (reused when built)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--vectoriser",
        choices=("none", "auto"),
        default="none",
        help="the server's vectoriser: story pages compare statements lexically ('none') or"
        " with the multilingual model ('auto': first looks then take seconds each)",
    )
    args = parser.parse_args()
    client = args.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "python"
        if client == "python":
            print("wrk is not installed (apt-get install wrk): driving with Python clients")
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "load.db"
        print(build_store(db, args.articles, args.seed), flush=True)
        print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        process, base = start_server(db, args.vectoriser)
        try:
            scenarios = plan(base, args.requests, args.seed)
            if client == "wrk":
                how = f"wrk -t2 -c{args.clients}, {args.seconds} s per scenario"
                results = [wrk(base, n, p, args.clients, args.seconds) for n, p in scenarios]
            else:
                how = f"{args.processes} Python client processes, {args.requests} requests each"
                results = [drive(base, n, p, args.clients, args.processes) for n, p in scenarios]
        finally:
            process.terminate()
            process.wait(timeout=30)
    print(f"\n{args.clients} concurrent clients ({how}), {base}")
    print(table(results))
    pages = [r for r in results if r.name.startswith("story page")]
    worst = max(pages, key=lambda r: r.p99_ms)
    verdict = "met" if worst.p99_ms < GOAL_P99_MS and not worst.errors else "NOT met"
    print(
        f"\ngoal: story page p99 < {GOAL_P99_MS:.0f} ms at {args.clients} clients: {verdict} "
        f"(worst: {worst.name}, p99 {worst.p99_ms:.1f} ms; "
        f"median over pages {statistics.median(r.p50_ms for r in pages):.1f} ms p50)"
    )


if __name__ == "__main__":
    main()
