"""End-to-end through the command line, as a user runs it (a real process each time)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLES, SEED_003
from tests.ingest import samples


def run(*args: str, db, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "storyweave", "--db", str(db), *args],
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def example_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("cli") / "example.db"
    result = run("ingest", str(EXAMPLES / "corpus"), db=db)
    assert result.returncode == 0, result.stderr
    assert "30 ingested, 0 unchanged, 0 failed" in result.stderr
    return db


def test_reingest_is_idempotent(example_db):
    result = run("ingest", str(EXAMPLES / "corpus"), db=example_db)
    assert result.returncode == 0
    assert "0 ingested, 30 unchanged, 0 failed" in result.stderr


def test_articles_table_and_json(example_db):
    table = run("articles", "--limit", "100", db=example_db)
    assert table.returncode == 0
    assert "30 of 30 articles" in table.stdout
    listed = json.loads(run("articles", "--json", "--language", "nl", db=example_db).stdout)
    assert listed["total"] == 7
    assert {a["lang"] for a in listed["articles"]} == {"nl"}


def test_seed_003_shows_clean_text_and_removed_debris(example_db):
    listed = json.loads(run("articles", "--json", "--limit", "100", db=example_db).stdout)
    (ref,) = [a["id"] for a in listed["articles"] if a["title"].startswith("Discussions of")]
    shown = run("article", ref[:8], db=example_db)
    assert shown.returncode == 0, shown.stderr
    text, _, removed = shown.stdout.partition("removed (6 lines; numbered as in the body):")
    assert "Ukrinform reports" in text
    for debris in ("Read also:", "Photo: Getty Images", "pixel"):
        assert debris not in text
        assert debris in removed
    data = json.loads(run("article", ref, "--json", db=example_db).stdout)
    assert {r["reason"] for r in data["removed"]} == {
        "repeated-headline", "related-link", "image-credit", "page-furniture"
    }  # fmt: skip
    raw = run("article", ref, "--raw", db=example_db)
    assert raw.stdout == SEED_003.read_text(encoding="utf-8")


def test_search(example_db):
    hits = json.loads(run("search", "Storm Shadow", "--json", db=example_db).stdout)
    assert [h["title"] for h in hits] == [
        "Discussions of deploying international troops in Ukraine intensified in Europe - Le Monde"
    ]
    assert run("search", '"unbalanced (quote AND', db=example_db).returncode == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "markdown"])
def test_export(example_db, tmp_path, fmt):
    out = tmp_path / f"export.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), db=example_db)
    assert result.returncode == 0, result.stderr
    assert "exported 30 articles" in result.stderr
    content = out.read_text(encoding="utf-8")
    assert "Ukrinform" in content
    if fmt == "jsonl":
        rows = [json.loads(line) for line in content.splitlines()]
        assert len(rows) == 30 and all(r["text"] for r in rows)


def test_jsonl_export_reingests_into_a_new_store(example_db, tmp_path):
    out = tmp_path / "export.jsonl"
    run("export", "-o", str(out), db=example_db)
    result = run("ingest", str(out), db=tmp_path / "copy.db")
    assert "30 ingested" in result.stderr, result.stderr


def test_stdin_and_partial_failure_exit_code(tmp_path):
    db = tmp_path / "s.db"
    ok = run("ingest", "-", db=db, stdin=samples.TEXT)
    assert ok.returncode == 0 and "1 ingested" in ok.stderr
    (tmp_path / "bad.bin").write_bytes(b"%PDF-1.4 binary")
    (tmp_path / "good.txt").write_bytes(samples.TEXT_WITH_HEADER)
    mixed = run("ingest", str(tmp_path / "bad.bin"), str(tmp_path / "good.txt"), db=db)
    assert mixed.returncode == 1
    assert "bad.bin: binary file (a PDF document)" in mixed.stderr
    assert "1 ingested, 0 unchanged, 1 failed" in mixed.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["article", "doesnotexist"], "error: "),
        (["articles", "--since", "last tuesday"], "error: --since must be an ISO date"),
    ],
)
def test_user_errors_are_one_line_without_traceback(tmp_path, args, message):
    result = run(*args, db=tmp_path / "e.db")
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_setting_in_environment_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "storyweave", "--db", str(tmp_path / "x.db"), "articles"],
        capture_output=True,
        text=True,
        env={"STORYWEAVE_MIN_TEXT_CHARS": "lots", "PATH": ""},
    )
    assert result.returncode == 1
    assert "must be an integer" in result.stderr


def test_article_by_the_file_it_came_from(example_db):
    shown = run("article", str(SEED_003), "--json", db=example_db)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"].startswith("Discussions of deploying")


def test_bundled_example_becomes_its_stories(example_db):
    listed = json.loads(run("stories", "--json", db=example_db).stdout)
    assert listed["total"] == 8
    sizes = sorted(s["size"] for s in listed["stories"])
    assert sizes == [2, 4, 4, 4, 4, 4, 4, 4]
    for found in listed["stories"]:
        if found["size"] == 4:
            assert found["languages"] == ["en", "es", "it", "nl"]
    seeds = next(s for s in listed["stories"] if s["size"] == 2)
    detail = json.loads(run("story", seeds["id"][:6], "--json", db=example_db).stdout)
    assert {a["format"] for a in detail["articles"]} == {"text"}


def test_explain_shows_the_deciding_candidates(example_db):
    shown = json.loads(run("explain", "nl_251007", "--json", db=example_db).stdout)
    best = shown["candidates"][0]
    assert best["story"] == shown["story"] and best["score"] == shown["score"]
    assert {"lexical", "names", "decay", "same_language"} <= set(best["features"])
    assert best["score"] >= shown["threshold"] > 0  # the threshold it was held to
    table = run("explain", "nl_251007", db=example_db)
    assert "joined" in table.stdout and "candidate" in table.stdout
    assert f"threshold {shown['threshold']};" in table.stdout


def test_explain_says_when_the_story_was_merged_since(tmp_path):
    from storyweave import pipeline
    from storyweave.cluster import story_id_for
    from storyweave.models import Assignment
    from storyweave.settings import Settings
    from storyweave.store import open_store

    rows = [{"id": i, "title": f"Report {i}", "text": f"Text of report {i}."} for i in "abc"]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "x.db"
    with open_store(str(db)) as store:  # a started, b started, c joined a and merged b into it
        pipeline.ingest([str(source)], store, Settings(db=str(db), min_text_chars=1))
        a, b = story_id_for("a"), story_id_for("b")
        for seq, (article, story, merged) in enumerate(
            [("a", a, ()), ("b", b, ()), ("c", a, (b,))], start=1
        ):
            decision = Assignment(article, story, 0.5, article != "c", "test.v1", merged=merged)
            store.record_assignment(decision, f"Report {article}", seq)
    assert f"b: started story {b}, since merged into {a}\n" in run("explain", "b", db=db).stdout
    assert f"a: started story {a}\n" in run("explain", "a", db=db).stdout
    shown = run("explain", "c", db=db).stdout
    assert f"joined (score 0.500) story {a}\n" in shown and f"merged into it: {b}" in shown


def test_explain_of_a_copy_names_its_original_and_the_bar_it_was_held_to(tmp_path):
    text = "Airbus and Northrop Grumman beat Boeing for the USAF tanker contract worth $40 billion."
    rows = [{"id": i, "title": "Airbus wins tanker deal", "text": text} for i in ("first", "copy")]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "x.db"
    run("ingest", str(source), db=db)
    shown = json.loads(run("explain", "copy", "--json", db=db).stdout)
    first = json.loads(run("explain", "first", "--json", db=db).stdout)
    assert shown["story"] == first["story"] and not shown["new_story"]
    assert list(shown["candidates"][0]["features"]) == ["duplicate"]
    assert shown["threshold"] == 0.5  # follow_duplicates, not the scoring threshold
    line = run("explain", "copy", db=db).stdout.splitlines()[0]
    assert line.startswith("copy: joined as a copy of first (similarity 1.000, ")
    assert line.endswith(f"story {first['story']}")


def test_cluster_writes_one_line_per_input_article(tmp_path):
    texts = [
        ("Airbus wins tanker deal",
         "Airbus and Northrop Grumman beat Boeing for the USAF tanker contract worth $40 billion."),
        ("Boeing loses tanker contract",
         "Northrop Grumman and Airbus won the $40 billion USAF tanker contract over Boeing."),
        ("Apple unveils the iPhone 3G",
         "Apple presented the iPhone 3G in San Francisco on Monday, priced at $199."),
    ]  # fmt: skip
    rows = [{"id": f"a{i}", "title": title, "text": text} for i, (title, text) in enumerate(texts)]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows) + '{"id": "bad", "text": ""}\n')
    out = tmp_path / "out.jsonl"
    result = run("cluster", "--input", str(source), "--output", str(out), db=tmp_path / "x.db")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["a0", "a1", "a2", "bad"]
    stories = [line["story"] for line in lines]
    assert stories[0] == stories[1] != stories[2]
    assert stories[3] is None
    assert "bad" in result.stderr or "in.jsonl:4" in result.stderr
    assert not (tmp_path / "x.db").exists()
