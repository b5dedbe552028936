"""End to end: the seeds through `storyweave ingest` and `storyweave story` (JSON, Markdown,
terminal). Pins what shared/seeds/README.md says a user expects both reports to share, what
only one of them reports, and that every quote has its speaker."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import run
from tests.conftest import SEEDS

BOTH_REPORT = [  # (words in 000's evidence, words in 003's evidence)
    ("first initiative", "initiated by French President Emmanuel Macron"),  # Macron, February
    ("led by Germany", "led by Germany"),  # German-led opposition
    ("Keir Starmer", "Keir Starmer"),  # Starmer's 11 November visit revived it
    ("solid core", "hard core"),  # UK–France talks on a core of allies
    ("red lines", "Barrot"),  # Barrot's "no red lines"
]
ONLY_000 = ["Lithuania, Latvia, Estonia, and Canada", "training missions"]
ONLY_003 = [
    "55 percent",
    "continue training Ukrainian soldiers in Ukraine",
    "Storm Shadow",
    "Su-24",
]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    db = tmp_path_factory.mktemp("compare") / "seeds.db"
    ingested = run("ingest", str(SEEDS), db=db)
    assert ingested.returncode == 0, ingested.stderr
    (story,) = json.loads(run("stories", "--json", db=db).stdout)["stories"]
    shown = run("story", story["id"], "--json", db=db)
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    name = {a["id"]: a["locator"].rsplit("/", 1)[-1][:3] for a in data["articles"]}
    return db, story["id"], data["comparison"], name


def _facts_with(comparison, name, seed, words):
    return [
        f for f in comparison["facts"]
        if any(name[e["article"]] == seed and words in e["text"] for e in f["evidence"])
    ]  # fmt: skip


@pytest.mark.parametrize("in_000, in_003", BOTH_REPORT)
def test_what_both_report(seeds, in_000, in_003):
    _, _, comparison, name = seeds
    facts = _facts_with(comparison, name, "000", in_000)
    assert facts, f"no fact holds 000's {in_000!r}"
    assert any(
        any(name[e["article"]] == "003" and in_003 in e["text"] for e in f["evidence"])
        for f in facts
    ), f"000's {in_000!r} is not aligned with 003's {in_003!r}"


@pytest.mark.parametrize(
    "seed, words", [("000", w) for w in ONLY_000] + [("003", w) for w in ONLY_003]
)
def test_what_only_one_reports(seeds, seed, words):
    _, _, comparison, name = seeds
    facts = _facts_with(comparison, name, seed, words)
    assert facts and all({name[a] for a in f["articles"]} == {seed} for f in facts)
    other = next(a for a in name if name[a] != seed)
    assert all(other in f["omitted_by"] for f in facts)


def test_trump_taking_office_in_january_2025_only_in_003(seeds):
    _, _, comparison, name = seeds
    (fact,) = _facts_with(comparison, name, "003", "January 2025")
    only_003 = {name[a] for a in fact["articles"]} == {"003"}
    added = any(name[d["article"]] == "003" and d["detail"] == "January" for d in fact["additions"])
    assert only_003 or added


def test_every_quote_has_its_speaker(seeds):
    _, _, comparison, name = seeds
    quotes = comparison["quotes"]
    assert {name[v["span"]["article"]] for q in quotes for v in q["versions"]} == {"000", "003"}
    assert all(v["speaker"] for q in quotes for v in q["versions"])
    hard_core = next(
        q for q in quotes if any("hard core" in v["span"]["text"] for v in q["versions"])
    )
    assert len({v["span"]["article"] for v in hard_core["versions"]}) == 2  # grouped across outlets
    assert hard_core["speaker_kind"] == "anonymous" and "military source" in hard_core["speaker"]
    assert hard_core["drift"]
    speakers = {q["speaker"] for q in quotes}
    assert {"Jean-Noel Barrot", "the article", "the publication"} <= speakers


def test_entities_summary_and_headline(seeds):
    _, _, comparison, _ = seeds
    names = {e["name"]: e for e in comparison["entities"]}
    assert "Macron" in names["Emmanuel Macron"]["aliases"]
    assert (
        names["Emmanuel Macron"]["kind"] == "person" and len(names["Keir Starmer"]["articles"]) == 2
    )
    assert comparison["headline"] and " - Le Monde" not in comparison["headline"]
    assert comparison["summary"] and all(len(s["citations"]) == 2 for s in comparison["summary"])


def test_terminal_and_markdown(seeds):
    db, story_id, _, _ = seeds
    table = run("story", story_id, db=db)
    assert table.returncode == 0, table.stderr
    for section in ("Summary", "Fact matrix", "Conflicts", "Quotes", "Entities", "Timeline"):
        assert section in table.stdout
    markdown = run("story", story_id, "--format", "markdown", db=db)
    assert markdown.returncode == 0 and "## Facts (" in markdown.stdout
    assert "| fact | status | origins | 1 | 2 | wording |" in markdown.stdout


def test_both_relays_of_le_monde_count_as_one_independent_origin(seeds):
    """Provenance says both seeds relay Le Monde, so a fact both report has one origin."""
    _, _, comparison, _ = seeds
    shared = [f for f in comparison["facts"] if len(set(f["articles"])) == 2]
    assert shared
    assert all(f["origins"] == 1 for f in shared)


def test_conflict_notes_are_shown_in_json():
    from storyweave.analyse.compare import compare
    from storyweave.cli.compare_view import comparison_to_dict
    from tests.analyse.compare.helpers import article

    left = "The Senate confirmed 51 judges to the federal bench before the recess began."
    right = "The Senate confirmed dozens of judges to the federal bench before the recess began."
    shown = comparison_to_dict(compare([article("a", left), article("b", right)]))
    assert [
        (c["kind"], c["left_value"], c["right_value"], c["note"]) for c in shown["conflicts"]
    ] == [("number", "51", "dozens", "vague vs exact")]
