"""Throughput and memory of the end-to-end path (ingest JSONL -> story assignment) on streams.

    .venv/bin/python bench/stream.py [--sizes 1000,3000] [--vectoriser auto|none] [--seed 0]
                                     [--lead-chars 300] [--embeddings ambiguous|crosslingual]
                                     [--json FILE] [--profile]

A synthetic news stream is resampled from the labelled corpora in ``shared/data`` (ECB+,
NewsWCL50, MEANTIME). Each synthetic *event* copies one gold cluster and renames the cluster's
most frequent capitalised word (its main name) in every text to an invented one ("Varnek17"),
so events are lexically distinct yet read like news. Every article of an event is a version of
a member text (the member as another outlet printed it: about 10% of words dropped, sometimes
two sentences swapped) with a fresh id and a date spread around the event's date. Events
start at a steady ``ARTICLES_PER_DAY``, so a stream spans many days and the clusterer's time
window (``story_window_days``) matters. Templates are used in turn, in one shuffled order:
two events of one template read alike but for the invented name, closer than any two real
events do, so a template comes back only after ``REPEAT_DAYS``, when the stories of its last
event have left the clusterer's memory. At ``ARTICLES_PER_DAY`` that sets how many versions
of each member an event carries (about five, see :func:`versions_per_member`); the stream's
score is then one of telling events apart within the window, where dates do not tell apart
the ones that happen at once. Languages follow the source (MEANTIME gives en/es/it/nl).
Bad input is mixed in, in proportion: articles without a title, without a date, dated 1970 or
far in the future, and a burst of identical copies (the same wire item relayed by many
outlets: identical records under distinct ids, at most ``BURST`` of them, a tenth of the
stream for small streams).

The stream knows which event each article copies, so the table scores the stories found
against the events (BCubed F1 over the stored articles; copies of the burst belong to the
event of the article they copy).

Each size runs in its own child process (fresh SQLite store in a temporary folder), so the
peak resident memory of one size is not inflated by another: the child times
``pipeline.ingest`` then ``pipeline_stories.assign_stories`` (which includes loading the
embedding model) and reports its own peak resident memory (``VmHWM``; see
:func:`peak_rss_mb`), overall and for each phase (the high-water mark is reset between them;
the assignment's peak includes what ingest left resident). The same run measures the
embedding model alone (``E5Vectoriser.encode`` on the leads of 64 articles, as the clusterer
embeds them) and the smallest size with ``vectoriser = none`` as the no-embedding baseline.

Run time is set by the embedding model, and so by the CPU. About one article in six gets
embedded: where the model encodes 16 leads/s (a two-core AMD EPYC) the stream runs at 52-60
articles/s, the default sizes in half an hour, most of it the 100000; where it encodes 9-10,
at about 36. Lexical only (``--vectoriser none``) 1000 articles run four to five times as
fast; ``--embeddings crosslingual`` embeds one article in twenty and runs at 93-109
articles/s on the first machine. The machine should be otherwise idle: the model uses every
core, so a concurrent job skews the numbers (the header prints the load average at start).
``--profile`` runs the smallest size under cProfile in the child and prints the top functions.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from corpora import DATA, Article, load_corpus, write_jsonl
from metrics import bcubed
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.features import LEAD_CHARS, lead_text
from storyweave.settings import STORY_EMBEDDINGS

SOURCES = ("ecbplus-dev", "newswcl50", "meantime")
ARTICLES_PER_DAY = 200
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
SPREAD_HOURS = 12.0
DROP_WORDS = 0.10
SWAP_SENTENCES = 0.5
#: Days before a template comes back: the clusterer's time window, four spreads of an event's
#: dates either side, and a day, so that the stories of its last event have left memory.
REPEAT_DAYS = ClusterConfig().window_days + 8 * SPREAD_HOURS / 24 + 1
BURST = 200
# share of articles turned into each kind of bad input
BAD_SHARES = {"no_title": 0.01, "no_date": 0.01, "date_1970": 0.005, "date_future": 0.005}
DATE_1970 = "1970-01-01T00:00:00+00:00"
DATE_FUTURE = "2099-12-31T12:00:00+00:00"
GOAL_ARTICLES_PER_S = 50.0
MODEL_TEXTS = 64
BENCH = Path(__file__).resolve().parent
#: Story settings a measurement overrides (``story_lead_chars``, ``story_embeddings``).
StorySettings = dict[str, Any]

_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_END = (".", "!", "?", '"', ":", "»", "“", "”")
# capitalised words that are rarely an event's name, in the corpora's four languages
_NOT_NAMES = frozenset(
    """The A An In On At Of For And But Mr Mrs Ms Dr He She It They We I This That These Those
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December El La Los Las Il Lo Gli Le De Het Een
    Van Del Della Di Da En Y Het Dit Op Te""".split()
)
_SYLLABLES = ("var", "nek", "lo", "tis", "mar", "zen", "dru", "kop", "pel", "ash", "bri", "sto")


@dataclass(frozen=True)
class Template:
    """One gold cluster of a corpus, the seed of synthetic events."""

    corpus: str
    cluster: str
    name: str
    members: tuple[Article, ...]


@dataclass
class Event:
    """One synthetic event: which cluster it copies, the name it renames, its article ids."""

    number: int
    name: str
    original: str
    corpus: str
    cluster: str
    date: str
    ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Stream:
    """A synthetic stream: articles in the shared JSONL schema, in arrival order, and events."""

    articles: list[Article]
    events: list[Event]
    bad: dict[str, int]


def frequent_name(texts: Sequence[str]) -> str | None:
    """The most frequent capitalised word that does not open a sentence (ties: first seen)."""
    counts: Counter[str] = Counter()
    for text in texts:
        for line in text.splitlines():
            previous = ""
            for match in _WORD.finditer(line):
                word = match.group()
                opens = not previous or previous.endswith(_SENTENCE_END)
                if word[0].isupper() and not opens and len(word) > 2 and word not in _NOT_NAMES:
                    counts[word] += 1
                previous = line[: match.start()].rstrip()[-1:] or ""
    return counts.most_common(1)[0][0] if counts else None


def invented_name(number: int) -> str:
    """A unique, pronounceable, capitalised name for event ``number`` (e.g. ``Varnek17``)."""
    size = len(_SYLLABLES)
    first, second = _SYLLABLES[number % size], _SYLLABLES[(number // size + 1) % size]
    return f"{(first + second).capitalize()}{number}"


@functools.cache
def load_templates(data: Path = DATA) -> tuple[Template, ...]:
    """Every gold cluster of the three corpora that has a name to replace, in file order."""
    templates: list[Template] = []
    for corpus in SOURCES:
        groups: dict[str, list[Article]] = {}
        for article in load_corpus(corpus, data):
            groups.setdefault(str(article["cluster"]), []).append(article)
        for cluster, members in groups.items():
            name = frequent_name([f"{m.get('title') or ''}\n{m['text']}" for m in members])
            if name is not None:
                templates.append(Template(corpus, cluster, name, tuple(members)))
    return tuple(templates)


def perturb(text: str, rng: random.Random) -> str:
    """Drop about ``DROP_WORDS`` of the words of each line; sometimes swap two lines."""
    lines: list[str] = []
    for line in text.split("\n"):
        words = line.split(" ")
        kept = [word for word in words if rng.random() >= DROP_WORDS]
        lines.append(" ".join(kept or words[:1]))
    if len(lines) >= 2 and rng.random() < SWAP_SENTENCES:
        i, j = rng.sample(range(len(lines)), 2)
        lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def versions_per_member(templates: Sequence[Template]) -> float:
    """How many versions of each member text an event carries, on average, so that one turn
    of the templates spans ``REPEAT_DAYS`` at ``ARTICLES_PER_DAY`` (at least one)."""
    members = sum(len(template.members) for template in templates)
    return max(1.0, REPEAT_DAYS * ARTICLES_PER_DAY / max(1, members))


def event_articles(
    template: Template, event: Event, when: datetime, rng: random.Random, versions: float = 1.0
) -> list[Article]:
    """The articles of one event: each member ``versions`` times on average (whole times, and
    once more at random for the fraction), renamed and perturbed."""
    pattern = re.compile(rf"\b{re.escape(template.name)}\b")
    whole, fraction = divmod(versions, 1.0)
    members = [
        member for member in template.members for _ in range(int(whole) + (rng.random() < fraction))
    ]
    articles: list[Article] = []
    for member in members:
        title = member.get("title")
        offset = timedelta(hours=rng.gauss(0.0, SPREAD_HOURS))
        articles.append(
            {
                "id": "",
                "title": pattern.sub(event.name, title) if title else None,
                "text": perturb(pattern.sub(event.name, member["text"]), rng),
                "lang": member.get("lang"),
                "date": _iso(when + offset),
                "source": member.get("source"),
                "url": None,
                "extra": {},
            }
        )
    return articles


def _events(
    templates: Sequence[Template], count: int, rng: random.Random
) -> tuple[list[Article], list[int], list[Event]]:
    """At least ``count`` articles of consecutive events, each with its event's index."""
    articles: list[Article] = []
    owners: list[int] = []
    events: list[Event] = []
    cycle = list(templates)
    rng.shuffle(cycle)
    versions = versions_per_member(templates)
    while len(articles) < count:
        template = cycle[len(events) % len(cycle)]
        number = len(events) + 1
        when = EPOCH + timedelta(days=len(articles) / ARTICLES_PER_DAY)
        name = invented_name(number)
        event = Event(number, name, template.name, template.corpus, template.cluster, _iso(when))
        batch = event_articles(template, event, when, rng, versions)
        articles += batch
        owners += [len(events)] * len(batch)
        events.append(event)
    return articles[:count], owners[:count], events


def _spoil(articles: list[Article], rng: random.Random) -> dict[str, int]:
    """Turn a share of the articles into bad input, in place; returns how many of each."""
    counts: dict[str, int] = {}
    positions = rng.sample(range(len(articles)), len(articles))
    for kind, share in BAD_SHARES.items():
        # a headline-only article (ECB+ has some) loses its title only if text remains
        eligible = [p for p in positions if kind != "no_title" or articles[p]["text"].strip()]
        chosen = eligible[: round(share * len(articles))]
        taken = set(chosen)
        positions = [p for p in positions if p not in taken]
        for position in chosen:
            article = articles[position]
            if kind == "no_title":
                article["title"] = None
            elif kind == "no_date":
                article["date"] = None
            else:
                article["date"] = DATE_1970 if kind == "date_1970" else DATE_FUTURE
        counts[kind] = len(chosen)
    return counts


def generate(count: int, seed: int = 0, data: Path = DATA) -> Stream:
    """A deterministic stream of exactly ``count`` articles (bad input and a burst included)."""
    if count < 1:
        raise ValueError(f"count must be >= 1; got {count}")
    rng = random.Random(seed)
    burst = min(BURST, count // 10)
    articles, owners, events = _events(load_templates(data), count - burst, rng)
    order = sorted(range(len(articles)), key=lambda i: articles[i]["date"])
    articles, owners = [articles[i] for i in order], [owners[i] for i in order]
    bad = _spoil(articles, rng)
    if burst:
        at = rng.randrange(len(articles) // 4, 3 * len(articles) // 4 + 1)
        copied = articles[at]
        articles[at:at] = [dict(copied, extra={}) for _ in range(burst)]
        owners[at:at] = [owners[at]] * burst
        bad["burst_copies"] = burst
    width = len(str(count))
    for position, (article, owner) in enumerate(zip(articles, owners, strict=True)):
        article["id"] = f"sw{seed}-{position:0{width}d}"
        events[owner].ids.append(article["id"])
    return Stream(articles, [e for e in events if e.ids], bad)


# --- measuring (runs in a child process per size) ------------------------------------------


def code_version() -> str:
    """The commit of the code being measured, marked when ``src/`` has uncommitted changes."""
    git = ["git", "-C", str(BENCH.parent)]
    try:
        head = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            [*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + uncommitted src changes" if dirty else head


def measure(jsonl: str, vectoriser: str, story: StorySettings | None = None) -> dict[str, Any]:
    """Ingest ``jsonl`` into a fresh SQLite store, assign stories; times, counts, peak RSS.
    ``story`` overrides story settings (``story_lead_chars``, ``story_embeddings``)."""
    from storyweave import pipeline, pipeline_stories
    from storyweave.settings import Settings
    from storyweave.store import open_store

    code = code_version()  # what was imported just now, as other work may change src/ later
    with tempfile.TemporaryDirectory(prefix="storyweave-stream-") as folder:
        settings = Settings(
            db=str(Path(folder) / "bench.db"), vectoriser=vectoriser, **(story or {})
        )
        with open_store(settings.db) as store:
            start = time.perf_counter()
            ingested = pipeline.ingest([jsonl], store, settings)
            middle = time.perf_counter()
            ingest_peak = peak_rss_mb()
            reset = reset_peak_rss()
            report = pipeline_stories.assign_stories(store, settings)
            end = time.perf_counter()
            assign_peak = peak_rss_mb()
        with sqlite3.connect(settings.db) as conn:  # merges have re-pointed assignments
            stories = dict(conn.execute("SELECT article_id, story_id FROM assignments"))
    return {
        "ingest_s": middle - start,
        "assign_s": end - middle,
        "inserted": ingested.inserted,
        "unchanged": ingested.unchanged,
        "refused": len(ingested.failures),
        "refusals": [f"{f.locator}: {f.reason}" for f in ingested.failures[:5]],
        "assigned": report.assigned,
        "new_stories": report.new_stories,
        "merges": report.merges,
        "embedded": report.embedded,
        "copies": report.copies,
        "vectoriser": report.vectoriser,
        "code": code,
        "ingest_peak_rss_mb": ingest_peak,
        "assign_peak_rss_mb": assign_peak if reset else None,
        "peak_rss_mb": max(ingest_peak, assign_peak),
        "stories_of": stories,
    }


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's ``ru_maxrss`` survives ``exec``: a child
    reports at least the parent's size when it was forked (here the parent holds the whole
    generated stream), so the high-water mark of the process's own memory (``VmHWM``) is read
    where there is one."""
    import resource

    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak_rss() -> bool:
    """Reset this process's high-water mark (Linux: ``5`` into ``clear_refs``), so that the
    next :func:`peak_rss_mb` covers only what runs after; False where that is not possible.
    What the process still holds counts again from the reset."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def child(
    jsonl: str, vectoriser: str, profile: bool = False, story: StorySettings | None = None
) -> None:
    """Entry point of the child process: print :func:`measure` as one JSON line on stdout."""
    if not profile:
        print(json.dumps(measure(jsonl, vectoriser, story)))
        return
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    result = profiler.runcall(measure, jsonl, vectoriser, story)
    stats = pstats.Stats(profiler, stream=sys.stderr).strip_dirs()
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(25)
    print(json.dumps(result))


def run_child(
    jsonl: Path, vectoriser: str, profile: bool = False, story: StorySettings | None = None
) -> dict[str, Any]:
    """Run :func:`child` in a fresh interpreter and return what it measured."""
    code = (
        f"import sys; sys.path.insert(0, {str(BENCH)!r}); import stream; "
        f"stream.child({str(jsonl)!r}, {vectoriser!r}, {profile!r}, {story!r})"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if profile:
        sys.stderr.write(done.stderr)
    if done.returncode != 0:
        raise RuntimeError(f"measuring {jsonl.name} failed:\n{done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def model_throughput(texts: Sequence[str]) -> tuple[float | None, str]:
    """Documents per second of ``E5Vectoriser.encode`` (model load excluded), or why not."""
    from storyweave.cluster.vectorise import E5Vectoriser
    from storyweave.errors import DependencyMissing

    try:
        model = E5Vectoriser()
    except DependencyMissing as exc:
        return None, f"skipped: {exc}"
    model.encode(texts[:2])  # warm-up
    start = time.perf_counter()
    model.encode(texts)
    rate = len(texts) / (time.perf_counter() - start)
    chars = sum(map(len, texts)) / max(1, len(texts))
    return (
        rate,
        f"{len(texts)} leads of {chars:.0f} chars on average, batch {model.batch_size}",
    )


def lead_texts(
    articles: Sequence[Article], count: int = MODEL_TEXTS, chars: int = LEAD_CHARS
) -> list[str]:
    """The leads of the first ``count`` articles as the clusterer embeds them (title and
    the start of the text, :func:`storyweave.cluster.features.lead_text`)."""
    return [lead_text(a.get("title") or "", a["text"], chars) for a in articles[:count]]


# --- the table -------------------------------------------------------------------------------

COLUMNS = (
    ("size", 10), ("articles", 9), ("stored", 7), ("ingest art/s", 13), ("assign art/s", 13),
    ("end-to-end art/s", 17), ("embedded", 14), ("events", 7), ("stories", 8),
    ("B3-F1", 6), ("peak RSS MB", 12), ("ingest / assign", 15),
)  # fmt: skip


def row_cells(label: str, articles: int, numbers: dict[str, Any]) -> list[str]:
    """The table cells of one measured run."""
    ingest_s, assign_s = numbers["ingest_s"], numbers["assign_s"]
    assigned = numbers["assigned"]
    share = numbers["embedded"] / assigned if assigned else 0.0
    return [
        label,
        str(articles),
        str(numbers["inserted"]),
        f"{articles / ingest_s:.0f}" if ingest_s else "-",
        f"{assigned / assign_s:.0f}" if assign_s else "-",
        f"{articles / (ingest_s + assign_s):.1f}",
        f"{numbers['embedded']} ({share:.0%})",
        str(numbers.get("events", "-")),
        str(numbers["new_stories"]),
        f"{numbers['b3_f1']:.3f}" if "b3_f1" in numbers else "-",
        f"{numbers['peak_rss_mb']:.0f}",
        _phase_peaks(numbers),
    ]


def _phase_peaks(numbers: dict[str, Any]) -> str:
    """Peak RSS of ingest and of assignment (which starts from what ingest left resident)."""
    assign = numbers["assign_peak_rss_mb"]
    return f"{numbers['ingest_peak_rss_mb']:.0f} / " + ("-" if assign is None else f"{assign:.0f}")


def format_table(rows: Sequence[list[str]]) -> str:
    """Fixed-width text table with a header line."""
    header = "  ".join(name.rjust(width) for name, width in COLUMNS)
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append("  ".join(cell.rjust(w) for cell, (_, w) in zip(row, COLUMNS, strict=True)))
    return "\n".join(lines)


def end_to_end(numbers: dict[str, Any], articles: int) -> float:
    """Articles per second over ingest plus assignment."""
    return float(articles / (numbers["ingest_s"] + numbers["assign_s"]))


def _goal_lines(
    measured: Sequence[tuple[str, int, dict[str, Any]]], vectoriser: str = "auto"
) -> list[str]:
    series = [(n, x) for label, n, x in measured if not label.endswith(" none")]
    rss = " -> ".join(str(round(x["peak_rss_mb"])) for _, x in series)
    memory = (
        "goal: memory bounded by the time window (peak RSS should level off as size grows; "
        f"measured {rss} MB)"
    )
    if vectoriser == "none":
        return ["goal: >= 50 articles/s with cross-lingual linking on: not measured "
                "(--vectoriser none)", memory]  # fmt: skip
    rates = [end_to_end(x, n) for n, x in series]
    met = bool(rates) and min(rates) >= GOAL_ARTICLES_PER_S
    return [
        f"goal: >= {GOAL_ARTICLES_PER_S:.0f} articles/s end to end with cross-lingual linking on "
        f"({'met' if met else 'NOT met'}: slowest {min(rates, default=0.0):.1f} art/s)",
        memory,
    ]


def parse_sizes(text: str) -> list[int]:
    """``"1000,3000"`` -> ``[1000, 3000]``, each at least 10."""
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes must be integers like 1000,3000; got {text!r}"
        ) from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError(f"sizes must be >= 10; got {text!r}")
    return sorted(set(sizes))


def run(
    sizes: Sequence[int],
    seed: int,
    folder: Path,
    profile: bool = False,
    vectoriser: str = "auto",
    lead_chars: int = LEAD_CHARS,
    embeddings: str = "ambiguous",
) -> dict[str, Any]:
    """Generate, measure every size and the baseline, and the model alone; print as we go."""
    story: StorySettings = {"story_lead_chars": lead_chars, "story_embeddings": embeddings}
    load = os.getloadavg()[0]
    measured: list[tuple[str, int, dict[str, Any]]] = []
    streams: dict[int, Path] = {}
    gold: dict[int, dict[str, str]] = {}
    lead: list[str] = []
    for size in sizes:
        stream = generate(size, seed)
        streams[size] = write_jsonl(stream.articles, folder / f"stream-{size}.jsonl")
        lead = lead or lead_texts(stream.articles, chars=lead_chars)
        print(f"[{size}] {len(stream.events)} events, bad input {stream.bad}", file=sys.stderr)
        numbers = run_child(streams[size], vectoriser, profile and size == sizes[0], story)
        gold[size] = {i: str(e.number) for e in stream.events for i in e.ids}
        measured.append((str(size), size, scored(numbers, gold[size])))
    smallest = min(sizes)
    print(f"[{smallest} none] no-embedding baseline", file=sys.stderr)
    baseline = run_child(streams[smallest], "none")
    measured.append((f"{smallest} none", smallest, scored(baseline, gold[smallest])))
    rate, note = model_throughput(lead)
    return {
        "seed": seed,
        "cpus": os.cpu_count(),
        "load_before": load,
        "measured": measured,
        "model_docs_per_s": rate,
        "model_note": note,
        "vectoriser": vectoriser,
        "lead_chars": lead_chars,
        "embeddings": embeddings,
    }


def scored(numbers: dict[str, Any], gold: dict[str, str]) -> dict[str, Any]:
    """``numbers`` with the stories replaced by their BCubed F1 against the stream's events
    (over the articles stored), and the number of events."""
    stories = numbers.pop("stories_of")
    kept = {i: event for i, event in gold.items() if i in stories}
    _, _, f1 = bcubed(kept, {i: stories[i] for i in kept})
    return {**numbers, "b3_f1": f1, "events": len(set(gold.values()))}


def report(result: dict[str, Any]) -> str:
    """The table, the model's throughput and the goals as printable text."""
    measured = result["measured"]
    table = format_table([row_cells(label, n, x) for label, n, x in measured])
    rate = result["model_docs_per_s"]
    model = f"{rate:.1f} docs/s" if rate is not None else "n/a"
    vectorisers = sorted({x["vectoriser"] for _, _, x in measured})
    codes = sorted({x["code"] for _, _, x in measured})
    return "\n".join(
        [
            f"storyweave stream benchmark (seed {result['seed']}, {ARTICLES_PER_DAY} articles/day,"
            f" {result['cpus']} CPUs, load average {result['load_before']:.1f} at start)",
            table,
            f"embedding model alone (E5Vectoriser.encode): {model} ({result['model_note']})",
            *(f"vectoriser: {v}" for v in vectorisers),
            f"leads embedded: title + {result.get('lead_chars', LEAD_CHARS)} characters"
            " (story_lead_chars)",
            f"the model decides: {result.get('embeddings', 'ambiguous')} matches"
            " (story_embeddings)",
            f"code measured: {'; '.join(codes)}",
            *_goal_lines(measured, result.get("vectoriser", "auto")),
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("1000,3000"),
        help="comma-separated stream sizes (full run: 1000,10000,100000)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the stream generator")
    parser.add_argument(
        "--vectoriser",
        choices=("auto", "none"),
        default="auto",
        help="vectoriser for the sizes measured ('none': how memory and speed grow without the"
        " model, for sizes the model would take hours on)",
    )
    parser.add_argument(
        "--lead-chars",
        type=int,
        default=LEAD_CHARS,
        help="story_lead_chars: characters of text after the title the model reads (speed"
        " against quality; the no-embedding baseline is not affected)",
    )
    parser.add_argument(
        "--embeddings",
        choices=STORY_EMBEDDINGS,
        default=STORY_EMBEDDINGS[0],
        help="story_embeddings: what the model decides (crosslingual: matches across"
        " languages only, within a language words and names decide)",
    )
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the smallest size with cProfile (top functions on stderr)",
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"shared corpora not found at {DATA}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="storyweave-stream-") as folder:
        result = run(
            args.sizes,
            args.seed,
            Path(folder),
            args.profile,
            args.vectoriser,
            args.lead_chars,
            args.embeddings,
        )
    print(report(result))
    if args.json:
        rows = [{"size": label, "articles": n, **x} for label, n, x in result["measured"]]
        payload = {**{k: v for k, v in result.items() if k != "measured"}, "rows": rows}
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
