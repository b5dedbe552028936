"""Corpora for the comparison benchmark, as the pipeline sees them after ingest.

Every article goes through the same cleaning as ``storyweave ingest`` (``clean.to_article``);
statement vectors are cached in ``bench/.cache/compare.db`` (a storyweave store), so only the
first run pays for embedding.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from storyweave.clean import to_article
from storyweave.models import Article, Format, RawDocument
from storyweave.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CACHE = ROOT / "bench" / ".cache" / "compare.db"
SETTINGS = Settings(db=":memory:", min_text_chars=1)


def article_of(row: dict[str, object]) -> Article:
    """The article ``storyweave ingest`` would store for one shared-schema JSONL row."""
    date = row.get("date")
    doc = RawDocument(
        locator=str(row["id"]),
        format=Format.JSONL,
        raw=json.dumps(row, sort_keys=True).encode(),
        body=str(row.get("text") or ""),
        title=str(row["title"]) if row.get("title") else None,
        source=str(row["source"]) if row.get("source") else None,
        published=datetime.fromisoformat(str(date)) if date else None,
        language=str(row["lang"]) if row.get("lang") else None,
        external_id=str(row["id"]),
    )
    return to_article(doc, SETTINGS)


def stories(name: str) -> dict[str, list[Article]]:
    """The gold stories of a shared corpus: cluster label -> articles in file order."""
    path = DATA / name / "articles.jsonl"
    if not path.is_file():
        raise SystemExit(f"corpus {name!r} not found at {path}")
    grouped: dict[str, list[Article]] = defaultdict(list)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                grouped[str(row["cluster"])].append(article_of(row))
    return dict(grouped)
