"""The labelled story-clustering corpora in ``shared/data`` and their JSONL round trip.

Each corpus is one ``articles.jsonl`` in the shared schema (see ``shared/data/README.md``);
``cluster`` is the gold story label.

A system under test must not see the answer, and in these corpora the answer leaks through
more than ``cluster``: ids spell it (ECB+ ``1_10ecb`` is in event ``1_ecb``, MEANTIME
``en_100911`` in story ``100911``), ``extra.topic`` is a coarse gold label, ``dataset`` names
the corpus, and file order groups the stories. :func:`blind` removes all of that before a
corpus is handed to a clusterer: opaque ids, a neutral ``dataset``, no ``cluster`` and no
``extra``, and a seeded shuffle. Title, text, language, date, source and URL are kept.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

Article = dict[str, Any]

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
# name -> (articles, gold clusters), as documented in shared/data/README.md
CORPORA: dict[str, tuple[int, int]] = {
    "ecbplus-dev": (772, 66),
    "newswcl50": (50, 10),
    "meantime": (480, 120),
    "ecbplus-dated": (268, 36),
}
_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
_MONTH = r"(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?"
_DATELINES = (
    re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
)
#: How far into title + text a dateline is looked for.
DATELINE_CHARS = 250
BLIND_DATASET = "storyweave-bench"
_KEPT_FIELDS = ("lang", "title", "text", "date", "source", "url")


def corpus_path(name: str, data: Path = DATA) -> Path:
    """The ``articles.jsonl`` of corpus ``name`` (of the corpus it is made from, if derived)."""
    if name not in CORPORA:
        raise ValueError(f"unknown corpus {name!r}; choose one of {', '.join(CORPORA)}")
    source = DERIVED[name][0] if name in DERIVED else name
    return data / source / "articles.jsonl"


def read_jsonl(path: Path) -> list[Article]:
    """Every JSON object of a JSONL file, skipping blank lines."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def load_corpus(name: str, data: Path = DATA) -> list[Article]:
    """The articles of corpus ``name`` in file order, as dicts in the shared schema."""
    path = corpus_path(name, data)
    if not path.is_file():
        raise FileNotFoundError(f"corpus {name!r} not found at {path}")
    articles = read_jsonl(path)
    return DERIVED[name][1](articles) if name in DERIVED else articles


def dateline(text: str) -> str | None:
    """The first date written out in the first :data:`DATELINE_CHARS` characters of ``text``
    (ISO ``YYYY-MM-DD``), or None."""
    head = text[:DATELINE_CHARS]
    found = [m for pattern in _DATELINES for m in pattern.finditer(head)]
    for match in sorted(found, key=lambda m: m.start()):
        month = _MONTHS.index(match["month"][:3].lower()) + 1
        try:
            return date(int(match["year"]), month, int(match["day"])).isoformat()
        except ValueError:  # "February 30"
            continue
    return None


def _dated(articles: list[Article]) -> list[Article]:
    """The articles whose :func:`dateline` is found, with it as ``date``."""
    dated = [{**a, "date": dateline(f"{a.get('title') or ''} {a['text']}")} for a in articles]
    return [a for a in dated if a["date"]]


#: Corpora made from another one: name -> (the corpus it is made from, how). ``ecbplus-dated``
#: holds the ECB+ reports whose first lines give their date (a dateline: "May 2, 2013", "16
#: August 2011"), with that date as ``date``. The shared corpora are undated, so this is the
#: one measure, on real reports and real dates, of how the clusterer weighs time.
DERIVED: dict[str, tuple[str, Callable[[list[Article]], list[Article]]]] = {
    "ecbplus-dated": ("ecbplus-dev", _dated),
}


def gold_labels(articles: Iterable[Article]) -> dict[str, str]:
    """``{id: cluster}`` of labelled articles."""
    return {str(article["id"]): str(article["cluster"]) for article in articles}


def blind(articles: Sequence[Article], seed: int = 0) -> tuple[list[Article], dict[str, str]]:
    """Articles stripped of every gold hint and shuffled; also ``{blind id: original id}``."""
    order = list(range(len(articles)))
    random.Random(seed).shuffle(order)
    width = len(str(len(articles)))
    blinded: list[Article] = []
    original: dict[str, str] = {}
    for position, index in enumerate(order):
        article = articles[index]
        new_id = f"doc-{position:0{width}d}"
        original[new_id] = str(article["id"])
        kept = {key: article.get(key) for key in _KEPT_FIELDS}
        blinded.append({"id": new_id, "dataset": BLIND_DATASET, **kept, "extra": {}})
    return blinded, original


def write_jsonl(articles: Iterable[Article], path: Path) -> Path:
    """Write one article a line (UTF-8, non-ASCII kept) and return ``path``."""
    with path.open("w", encoding="utf-8") as out:
        for article in articles:
            out.write(json.dumps(article, ensure_ascii=False) + "\n")
    return path


@contextmanager
def temporary_jsonl(articles: Iterable[Article], name: str = "articles.jsonl") -> Iterator[Path]:
    """Write ``articles`` to a JSONL file in a fresh temporary folder, removed on exit."""
    with tempfile.TemporaryDirectory(prefix="storyweave-bench-") as folder:
        yield write_jsonl(articles, Path(folder) / name)
