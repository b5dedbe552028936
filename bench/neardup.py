"""Near-duplicate benchmark: storyweave's MinHashDeduper beside datasketch's MinHashLSH.

    .venv/bin/python bench/neardup.py [--n 300] [--seed 0] [--repeat 3]

The set: ``--n`` originals drawn from the shared corpora (``shared/data``: ECB+, NewsWCL50,
MEANTIME; articles of at least 80 words), each with copies edited to known Jaccard levels
(0.95, 0.8, 0.65, 0.5, 0.35; word deletions, insertions, substitutions, sentence reordering,
truncation; see ``storyweave.dedup.perturb``), plus every other corpus article as a distractor
(among them different reports of the same event and translations). Everything is shuffled and
streamed once: each article is checked against those before it, then indexed.

Truth is exact: the Jaccard similarity of the 5-word shingle sets of every pair that shares a
shingle. Both systems get the same tokens (``storyweave.text.tokens``), the same 5-word
shingles, the same ``num_perm`` and the same threshold, and verify LSH candidates the same
way (estimated Jaccard >= threshold); datasketch chooses its bands for that threshold itself.

- recall: linked pairs among those with true Jaccard >= 0.5 (also per band of Jaccard);
- precision: links whose pair has true Jaccard >= 0.3 (a near-duplicate by a loose standard);
- docs/s: signature + query + insert, from tokens (tokenising is shared and timed apart);
  end-to-end adds the tokenising. Best of ``--repeat`` runs.

The exact-hash baseline (``ExactDeduper``) is scored too; it reads raw text, so only its
end-to-end speed is given.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from datasketch import MinHash, MinHashLSH

from corpora import CORPORA, DERIVED, load_corpus
from storyweave.dedup import ExactDeduper, MinHashDeduper
from storyweave.dedup.perturb import copy_at, jaccard
from storyweave.text import shingles, tokens

LEVELS = (0.95, 0.8, 0.65, 0.5, 0.35)
MIN_WORDS = 80
TARGET = 0.5  # pairs at or above this Jaccard must be found
LOOSE = 0.3  # a link below this true Jaccard is a false one
BANDS = ((0.5, 0.6), (0.6, 0.8), (0.8, 1.01))
Pair = tuple[str, str]


@dataclass(frozen=True)
class Doc:
    id: str
    text: str


@dataclass(frozen=True)
class Run:
    """One system's links and its best timing."""

    links: set[Pair]
    seconds: float


def pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def build_set(n: int, seed: int) -> list[Doc]:
    """Originals, their edited copies and the distractors, shuffled."""
    rng = random.Random(seed)
    names = [name for name in CORPORA if name not in DERIVED]  # each text once
    articles = [a for name in names for a in load_corpus(name) if a.get("text")]
    long_enough = [a for a in articles if len(tokens(a["text"])) >= MIN_WORDS]
    originals = rng.sample(long_enough, min(n, len(long_enough)))
    chosen = {a["id"] for a in originals}
    vocabulary = sorted({w for a in rng.sample(articles, 200) for w in a["text"].split()})
    docs = [Doc(str(a["id"]), a["text"]) for a in articles if a["id"] not in chosen]
    for article in originals:
        docs.append(Doc(f"{article['id']}", article["text"]))
        for level in LEVELS:
            copy, _ = copy_at(article["text"], level, rng, vocabulary)
            docs.append(Doc(f"{article['id']}~{level}", copy))
    rng.shuffle(docs)
    return docs


def true_similarities(token_lists: Sequence[list[str]], ids: Sequence[str]) -> dict[Pair, float]:
    """Exact Jaccard of every pair sharing a shingle that is in at most 200 documents."""
    sets = [set(shingles(words, 5)) for words in token_lists]
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, shingle_set in enumerate(sets):
        for shingle in shingle_set:
            postings[shingle].append(i)
    candidates = {
        (i, j) for docs in postings.values() if len(docs) <= 200 for i, j in combinations(docs, 2)
    }
    return {pair(ids[i], ids[j]): jaccard(sets[i], sets[j]) for i, j in candidates}


def best_of(repeat: int, run: Callable[[], set[Pair]]) -> Run:
    links: set[Pair] = set()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        links = run()
        best = min(best, time.perf_counter() - start)
    return Run(links, best)


def run_ours(ids: Sequence[str], token_lists: Sequence[list[str]], threshold: float) -> set[Pair]:
    deduper = MinHashDeduper(threshold=threshold)
    signatures = deduper.signatures_from_tokens(token_lists)
    found = deduper.add_many(ids, signatures)
    return {pair(link.article_id, link.duplicate_of) for links in found for link in links}


def run_exact(ids: Sequence[str], texts: Sequence[str]) -> set[Pair]:
    deduper = ExactDeduper()
    return {
        pair(link.article_id, link.duplicate_of)
        for article_id, text in zip(ids, texts, strict=True)
        for link in deduper.add(article_id, deduper.signature(text))
    }


def run_datasketch(
    ids: Sequence[str], token_lists: Sequence[list[str]], threshold: float, num_perm: int
) -> set[Pair]:
    kept = [i for i, words in enumerate(token_lists) if words]  # same rule: no empty texts
    data = [[" ".join(s).encode() for s in shingles(token_lists[i], 5)] for i in kept]
    minhashes = MinHash.bulk(data, num_perm=num_perm)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    by_id = {}
    links: set[Pair] = set()
    for i, minhash in zip(kept, minhashes, strict=True):
        for other in lsh.query(minhash):
            if minhash.jaccard(by_id[other]) >= threshold:
                links.add(pair(ids[i], other))
        lsh.insert(ids[i], minhash)
        by_id[ids[i]] = minhash
    return links


def scores(run: Run, truth: dict[Pair, float], docs: int, tokenise: float | None) -> dict[str, str]:
    """The table column of one system (``tokenise`` None: the run started from raw text)."""
    wanted = {p for p, j in truth.items() if j >= TARGET}
    out = {"recall, J >= 0.5": f"{len(run.links & wanted) / len(wanted):.4f}"}
    for low, high in BANDS:
        band = {p for p in wanted if low <= truth[p] < high}
        label = f"  recall, {low} <= J < {min(high, 1.0)}" + ("" if high < 1 else " (incl. 1)")
        out[label] = f"{len(run.links & band) / len(band):.4f}" if band else "-"
    good = sum(truth.get(p, 0.0) >= LOOSE for p in run.links)
    out["precision (true J >= 0.3)"] = f"{good / len(run.links):.4f}" if run.links else "-"
    out["links"] = str(len(run.links))
    core, total = (run.seconds, run.seconds + tokenise) if tokenise else (None, run.seconds)
    out["docs/s (signature+query+insert)"] = f"{docs / core:,.0f}" if core else "-"
    out["docs/s end-to-end (incl. tokens)"] = f"{docs / total:,.0f}"
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300, help="originals to copy (default 300)")
    parser.add_argument("--seed", type=int, default=0, help="seed of sampling and edits")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per system (best)")
    args = parser.parse_args(argv)
    reference = MinHashDeduper()
    threshold, num_perm = reference.threshold, reference.num_perm

    started = time.perf_counter()
    docs = build_set(args.n, args.seed)
    ids = [doc.id for doc in docs]
    tokenise_start = time.perf_counter()
    token_lists = [tokens(doc.text) for doc in docs]
    tokenise = time.perf_counter() - tokenise_start
    truth = true_similarities(token_lists, ids)
    print(
        f"{len(docs)} documents ({args.n} originals x {len(LEVELS)} copies + distractors), "
        f"{sum(j >= TARGET for j in truth.values())} pairs with J >= {TARGET}; "
        f"set built in {time.perf_counter() - started:.1f}s; tokenising {tokenise:.2f}s "
        f"({len(docs) / tokenise:,.0f} docs/s)"
    )
    ours = best_of(args.repeat, lambda: run_ours(ids, token_lists, threshold))
    theirs = best_of(args.repeat, lambda: run_datasketch(ids, token_lists, threshold, num_perm))
    texts = [doc.text for doc in docs]
    baseline = best_of(args.repeat, lambda: run_exact(ids, texts))
    columns = {
        f"storyweave {reference.name}": scores(ours, truth, len(docs), tokenise),
        "datasketch MinHashLSH": scores(theirs, truth, len(docs), tokenise),
        f"baseline {ExactDeduper.name}": scores(baseline, truth, len(docs), None),
    }
    print(
        f"\nnum_perm={num_perm}, threshold={threshold}, 5-word shingles; storyweave bands "
        f"{reference.bands}x{reference.rows}, datasketch bands chosen by MinHashLSH\n"
    )
    rows = list(next(iter(columns.values())))
    width = max(map(len, rows))
    print(f"{'':{width}}  " + "  ".join(f"{name:>25}" for name in columns))
    for row in rows:
        print(f"{row:{width}}  " + "  ".join(f"{col[row]:>25}" for col in columns.values()))
    print(
        f"\nspeed ratio (signature+query+insert): {theirs.seconds / ours.seconds:.1f}x; "
        f"end-to-end with shared tokenising: "
        f"{(theirs.seconds + tokenise) / (ours.seconds + tokenise):.1f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
