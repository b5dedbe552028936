"""Article-extraction benchmark on the ScrapingHub set (181 pages with hand-made bodies).

Scores plain trafilatura against storyweave's HTML reader followed by its cleaning pipeline,
with the benchmark's own metric (4-word shingle precision/recall/F1; see ``scoring.py``).

    .venv/bin/python bench/extraction.py [--data PATH] [--limit N] [--per-page FILE]

The baseline rows get the page decoded as UTF-8, as the benchmark's own runner does;
storyweave gets the raw bytes, as it would from a file or a crawl.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from scoring import PageScore, Summary, score_page, summarise
from storyweave.errors import InputError
from storyweave.ingest.html import extract_html
from storyweave.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "extraction-scrapinghub"

Extractor = Callable[[str, bytes], str]


@dataclass(frozen=True)
class Page:
    """One benchmark page: id, raw HTML bytes and the expected article body."""

    id: str
    html: bytes
    truth: str


def load_pages(data: Path, limit: int | None = None) -> list[Page]:
    """The benchmark pages in id order (the first ``limit`` ones if given)."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    ids = sorted(truth)[:limit] if limit else sorted(truth)
    return [
        Page(i, gzip.decompress((data / "html" / f"{i}.html.gz").read_bytes()),
             truth[i].get("articleBody") or "")
        for i in ids
    ]  # fmt: skip


def trafilatura_defaults(page_id: str, html: bytes) -> str:
    """Plain ``trafilatura.extract(html)``: every option at its default."""
    return trafilatura.extract(html.decode("utf-8", errors="replace")) or ""


def trafilatura_no_comments(page_id: str, html: bytes) -> str:
    """trafilatura as the benchmark's published runner calls it (comments excluded)."""
    return trafilatura.extract(html.decode("utf-8", errors="replace"), include_comments=False) or ""


def load_cleaner() -> tuple[Callable[[str, str | None], str], str]:
    """storyweave's cleaning pipeline if it is available, else the identity (and which)."""
    try:
        from storyweave.clean import clean
    except ImportError:
        return (lambda body, title: body), "body as extracted (storyweave.clean not available)"

    def cleaned(body: str, title: str | None) -> str:
        return clean(body, title).text

    return cleaned, "storyweave.clean.clean(body, title)"


def storyweave_extractor(settings: Settings) -> tuple[Extractor, str]:
    """``extract_html`` then cleaning; an input error scores as an empty prediction."""
    cleaner, how = load_cleaner()

    def run(page_id: str, html: bytes) -> str:
        try:
            document = extract_html(html, page_id, settings)
        except InputError:
            return ""
        return cleaner(document.body, document.title)

    return run, how


def score_extractor(
    pages: list[Page], extract: Extractor
) -> tuple[Summary, float, dict[str, PageScore]]:
    """Run one extractor over the pages: benchmark figures, pages per second, page scores."""
    start = time.perf_counter()
    predictions = {page.id: extract(page.id, page.html) for page in pages}
    elapsed = time.perf_counter() - start
    scores = {page.id: score_page(page.truth, predictions[page.id]) for page in pages}
    speed = len(pages) / elapsed if elapsed > 0 else float("inf")
    return summarise(list(scores.values())), speed, scores


def _rows(pages: list[Page]) -> Iterator[tuple[str, Summary, float, dict[str, PageScore]]]:
    extractor, how = storyweave_extractor(Settings())
    print(f"storyweave cleaning: {how}", flush=True)
    for name, run in (
        ("trafilatura (defaults)", trafilatura_defaults),
        ("trafilatura (no comments)", trafilatura_no_comments),
        ("storyweave ingest+clean", extractor),
    ):
        yield (name, *score_extractor(pages, run))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark folder")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--per-page", type=Path, default=None, help="write page scores (JSON)")
    args = parser.parse_args(argv)
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    pages = load_pages(args.data, args.limit)
    print(f"{len(pages)} pages from {args.data}")
    header = f"{'extractor':<28} {'precision':>9} {'recall':>7} {'F1':>7} {'pages/s':>8}"
    lines, per_page = [header, "-" * len(header)], {}
    for name, summary, speed, scores in _rows(pages):
        lines.append(
            f"{name:<28} {summary.precision:>9.4f} {summary.recall:>7.4f} "
            f"{summary.f1:>7.4f} {speed:>8.1f}"
        )
        per_page[name] = {
            key: {"precision": s.precision, "recall": s.recall, "f1": s.f1}
            for key, s in scores.items()
        }
    print("\n".join(lines))
    if args.per_page:
        args.per_page.write_text(json.dumps(per_page, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
