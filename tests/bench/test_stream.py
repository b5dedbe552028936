"""The synthetic stream generator and one tiny end-to-end measurement of bench/stream.py."""

from __future__ import annotations

import json
import random
import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import stream
from corpora import DATA, write_jsonl
from storyweave.cluster.config import ClusterConfig

SCHEMA = {"id", "title", "text", "lang", "date", "source", "url", "extra"}


@pytest.fixture(scope="module")
def small() -> stream.Stream:
    if not DATA.is_dir():
        pytest.skip(f"shared corpora not available: {DATA}")
    return stream.generate(400, seed=3)


def test_same_seed_same_stream(small: stream.Stream) -> None:
    again = stream.generate(400, seed=3)
    assert again.articles == small.articles
    assert stream.generate(400, seed=4).articles != small.articles


@pytest.mark.parametrize("count", [1, 9, 10, 57, 400])
def test_exact_count_and_distinct_ids(shared_data: Path, count: int) -> None:
    articles = stream.generate(count, seed=1, data=shared_data).articles
    assert len(articles) == count
    assert len({a["id"] for a in articles}) == count


def test_jsonl_in_the_shared_schema(small: stream.Stream, tmp_path: Path) -> None:
    path = write_jsonl(small.articles, tmp_path / "s.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(small.articles)
    for line in lines:
        record = json.loads(line)
        assert set(record) == SCHEMA
        assert record["url"] is None and record["extra"] == {}
        assert isinstance(record["text"], str)
        assert record["text"].strip() or record["title"]
        assert record["lang"] in {"en", "es", "it", "nl"}
        if record["date"] is not None:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record["date"])


def test_events_have_distinct_invented_names(small: stream.Stream) -> None:
    names = [event.name for event in small.events]
    assert len(set(names)) == len(names)
    by_id = {a["id"]: a for a in small.articles}
    for event in small.events:
        texts = [f"{by_id[i]['title'] or ''} {by_id[i]['text']}" for i in event.ids]
        assert any(event.name in text for text in texts)
        assert not any(re.search(rf"\b{re.escape(event.original)}\b", t) for t in texts)
    assert sum(len(event.ids) for event in small.events) == len(small.articles)


def test_templates_are_used_in_turn_and_come_back_after_the_window(shared_data: Path) -> None:
    """Every template seeds one event before any seeds a second, always in the same order,
    and comes back only once the stories of its last event have left the clusterer's memory
    (beyond ``window_days``, with the spread of an event's dates to spare)."""
    templates = stream.load_templates(shared_data)
    members = sum(len(template.members) for template in templates)
    turn = round(stream.REPEAT_DAYS * stream.ARTICLES_PER_DAY)
    articles, owners, events = stream._events(templates, 2 * turn + members, random.Random(5))
    used = [(e.corpus, e.cluster) for e in events]
    assert len(used) > 2 * len(templates)
    assert len(set(used[: len(templates)])) == len(templates)
    assert all(a == b for a, b in zip(used, used[len(templates) :], strict=False))
    spans: dict[int, list[datetime]] = {}  # each event's first and latest article
    for article, owner in zip(articles, owners, strict=True):
        moment = datetime.fromisoformat(str(article["date"]))
        span = spans.setdefault(owner, [moment, moment])
        span[:] = [min(span[0], moment), max(span[1], moment)]
    window = timedelta(days=ClusterConfig().window_days)
    for earlier in range(len(events) - len(templates)):
        later = earlier + len(templates)
        if later in spans:  # the last event may have been cut off
            assert spans[later][0] - spans[earlier][1] > window


def test_bad_input_in_proportion(small: stream.Stream) -> None:
    dates = [a["date"] for a in small.articles]
    assert small.bad["burst_copies"] == 40
    assert dates.count(None) >= small.bad["no_date"] >= 1
    assert dates.count(stream.DATE_1970) == small.bad["date_1970"] >= 1
    assert dates.count(stream.DATE_FUTURE) == small.bad["date_future"] >= 1
    assert sum(a["title"] is None for a in small.articles) >= small.bad["no_title"] >= 1
    bodies = [(a["title"], a["text"], a["date"]) for a in small.articles]
    assert max(bodies.count(body) for body in bodies) >= 40


def test_dated_articles_span_days_at_the_steady_rate(shared_data: Path) -> None:
    articles = stream.generate(1000, seed=0, data=shared_data).articles
    days = {a["date"][:10] for a in articles if a["date"] and a["date"][:4] == "2024"}
    assert len(days) >= 1000 // stream.ARTICLES_PER_DAY


def test_name_and_perturbation_helpers() -> None:
    assert stream.frequent_name(["The talks with Varga. Then Varga met Oslo and Varga left."]) == (
        "Varga"
    )
    assert stream.frequent_name(["The end."]) is None
    assert stream.invented_name(17) != stream.invented_name(18)
    assert stream.invented_name(17)[0].isupper() and stream.invented_name(17).endswith("17")
    text = "\n".join(" ".join(f"w{i}x{j}" for j in range(50)) for i in range(4))
    out = stream.perturb(text, random.Random(0))
    assert 0.75 * len(text.split()) < len(out.split()) < len(text.split())
    assert sorted(line.split()[0][:3] for line in out.splitlines())[0] == "w0x"


def test_stories_are_scored_against_the_events_over_the_stored_articles() -> None:
    gold = {"a": "1", "b": "1", "c": "2", "refused": "2"}
    numbers = stream.scored({"stories_of": {"a": "s1", "b": "s1", "c": "s2"}}, gold)
    assert numbers == {"b3_f1": 1.0, "events": 2}
    split = stream.scored({"stories_of": {"a": "s1", "b": "s3", "c": "s2"}}, gold)
    assert split["b3_f1"] < 1.0


def test_tiny_end_to_end_run(shared_data: Path, tmp_path: Path) -> None:
    tiny = stream.generate(60, seed=2, data=shared_data)
    path = write_jsonl(tiny.articles, tmp_path / "tiny.jsonl")
    numbers = stream.run_child(path, "none")
    assert set(numbers["stories_of"]) <= {a["id"] for a in tiny.articles}
    numbers = stream.scored(numbers, {i: str(e.number) for e in tiny.events for i in e.ids})
    assert 0.5 < numbers["b3_f1"] <= 1.0 and numbers["events"] == len(tiny.events)
    assert numbers["inserted"] + numbers["unchanged"] + numbers["refused"] == 60
    assert numbers["inserted"] >= 50
    assert numbers["assigned"] == numbers["inserted"]
    assert 1 <= numbers["new_stories"] <= numbers["assigned"]
    assert numbers["embedded"] == 0
    assert numbers["ingest_s"] > 0 and numbers["assign_s"] > 0
    assert 10 < numbers["peak_rss_mb"] < 4000
    assert numbers["ingest_peak_rss_mb"] <= numbers["peak_rss_mb"]
    if numbers["assign_peak_rss_mb"] is not None:  # the peak could be reset between phases
        assert numbers["assign_peak_rss_mb"] <= numbers["peak_rss_mb"]
    assert numbers["code"]
    cells = stream.row_cells("60 none", 60, numbers)
    assert cells[0] == "60 none" and "0 (0%)" in cells
    assert "60 none" in stream.format_table([cells])


def _numbers(seconds: float, rss: float) -> dict[str, float]:
    return {"ingest_s": seconds / 2, "assign_s": seconds / 2, "peak_rss_mb": rss}


@pytest.mark.parametrize(
    ("vectoriser", "seconds", "verdict"),
    [
        ("auto", 10.0, "(met: slowest 100.0 art/s)"),
        ("auto", 40.0, "(NOT met: slowest 25.0 art/s)"),
        ("none", 1.0, "not measured (--vectoriser none)"),
    ],
)
def test_goal_lines(vectoriser: str, seconds: float, verdict: str) -> None:
    measured = [
        ("1000", 1000, _numbers(seconds, 150.4)),
        ("10000", 10000, _numbers(seconds * 10, 201.6)),
        ("1000 none", 1000, _numbers(1.0, 99.0)),  # the baseline is not part of the series
    ]
    speed, memory = stream._goal_lines(measured, vectoriser)
    assert speed.endswith(verdict)
    assert memory.endswith("measured 150 -> 202 MB)")
