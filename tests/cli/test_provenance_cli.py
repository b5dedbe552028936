"""`storyweave provenance` end to end on the seeds: what users expect of the two reports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import SEEDS


def run(*args: str, db) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STORYWEAVE_VECTORISER": "none"}
    return subprocess.run(
        [sys.executable, "-m", "storyweave", "--db", str(db), *args],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("provenance") / "seeds.db"
    result = run("ingest", str(SEEDS), db=db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture(scope="module")
def story(seeds_db):
    listed = json.loads(run("stories", "--json", db=seeds_db).stdout)
    (only,) = listed["stories"]
    return only["id"]


@pytest.fixture(scope="module")
def data(seeds_db, story):
    result = run("provenance", story, "--json", db=seeds_db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _article(data, title_start: str) -> str:
    (node,) = [n for n in data["nodes"] if n["kind"] == "article" and
               n["label"].startswith(title_start)]  # fmt: skip
    return node["id"]


def test_one_independent_origin_le_monde_not_in_the_input(data):
    assert data["independent_origins"] == 1
    assert data["origins"] == ["outlet:le-monde"]
    (le_monde,) = [n for n in data["nodes"] if n["id"] == "outlet:le-monde"]
    assert le_monde["in_input"] is False and le_monde["label"] == "Le Monde"
    assert data["articles"] == 2 and data["wire_copies"] == 0 and data["undecided"] == 0


def test_003_is_ukrinform_relaying_le_monde_and_000_relays_le_monde(data):
    ukrinform = _article(data, "Discussions of deploying")
    other = _article(data, "Discussions on sending")
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes[ukrinform]["outlet"] == "outlet:ukrinform"
    assert nodes[other]["outlet"] is None  # the file does not name its outlet
    relays = {(e["source"], e["target"]) for e in data["edges"]
              if e["kind"] == "cites" and e["relay"] and e["decided"]}  # fmt: skip
    assert relays == {(ukrinform, "outlet:le-monde"), (other, "outlet:le-monde")}


def test_the_military_source_and_barrot_are_people_not_outlets(data):
    statements = [s for found in data["attributions"].values() for s in found]
    by_source = {s["source"]: s for s in statements}
    for source in ("A military source", "a UK military source"):
        assert by_source[source]["kind"] == "anonymous" and by_source[source]["outlet"] is None
    barrot = by_source["French Foreign Minister Jean-Noel Barrot"]
    assert barrot["kind"] == "person" and barrot["outlet"] is None
    outlets = {n["label"] for n in data["nodes"] if n["kind"] == "outlet"}
    assert not any("source" in o.lower() or "Barrot" in o for o in outlets)
    ukrinform = [s for s in statements if s["outlet"] == "ukrinform"]
    assert ukrinform and all(s["self_reference"] for s in ukrinform)


def test_text_tree_shows_the_origin_and_both_relays(seeds_db, story):
    result = run("provenance", story, db=seeds_db)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "1 independent origin" in out
    assert "origin: Le Monde (outlet, not in the input)" in out
    assert out.count("cites ← ") >= 2 and "[Ukrinform]" in out and "[outlet unknown]" in out


@pytest.mark.parametrize("fmt", ["dot", "svg"])
def test_dot_and_svg_export(seeds_db, story, tmp_path, fmt):
    target = tmp_path / f"graph.{fmt}"
    result = run("provenance", story, "--format", fmt, "-o", str(target), db=seeds_db)
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    if fmt == "svg":
        assert ET.fromstring(text).tag.endswith("svg") and "Le Monde" in text
    else:
        assert text.startswith("digraph") and '"outlet:le-monde"' in text


def test_reingest_keeps_the_graph_and_an_unknown_story_is_one_line(seeds_db, story):
    assert run("ingest", str(SEEDS), db=seeds_db).returncode == 0
    again = json.loads(run("provenance", story, "--json", db=seeds_db).stdout)
    assert again["independent_origins"] == 1
    missing = run("provenance", "nosuchstory", db=seeds_db)
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("error:") and "Traceback" not in missing.stderr


@pytest.mark.parametrize("command", ["provenance", "story"])
def test_an_article_file_names_its_story(seeds_db, story, command):
    by_file = run(command, str(SEEDS / "003_62cb21a93834675e.txt"), "--json", db=seeds_db)
    assert by_file.returncode == 0, by_file.stderr
    assert story in by_file.stdout
    missing = run(command, str(SEEDS.parent / "meantime-sample.jsonl"), db=seeds_db)
    assert missing.returncode == 1 and "holds 28 articles" in missing.stderr
