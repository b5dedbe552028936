"""Coverage comparison benchmark: ours beside a TF-IDF-cosine-only sentence aligner.

    .venv/bin/python bench/compare.py [--section seeds|meantime|newswcl50|speed]...

Sections (all by default):

- ``seeds``: the canonical two-article example (examples/corpus/seeds), the points of
  shared/seeds/README.md that both report / only one reports, checked one by one.
- ``meantime``: every English MEANTIME article against its es/it/nl translations. Gold: where
  an English article and its translation split into the same number of sentences, sentence k
  translates sentence k. Recall: share of gold pairs whose statements were aligned into one
  fact. Precision: share of English statements aligned to some statement of the translation
  that were aligned to the right one.
- ``newswcl50``: per event (5 outlets), facts shared by >= 3 outlets, unique facts per outlet,
  conflicts found. ``--dump FILE`` writes the shared facts and conflicts for hand-checking.
- ``speed``: statements aligned per second on a 20-article story (4 NewsWCL50 events of 5
  outlets taken as one story: the aligner compares every pair of articles either way), with
  vectors cached (alignment only) and the whole comparison (entities, quotes, conflicts...).

Statement vectors come from the shipped E5 model and are cached in bench/.cache/compare.db;
the first run embeds about 12,000 statements (about 20 minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_data import CACHE, stories
from storyweave.analyse.compare import (
    Aligner,
    CombinedAligner,
    CompareConfig,
    TfidfAligner,
    align,
    compare,
    split_story,
)
from storyweave.cluster import E5Vectoriser
from storyweave.models import Article, Statement
from storyweave.pipeline_compare import statement_vectors
from storyweave.store import Store, open_store
from storyweave.text import sentences

Vectors = Mapping[str, np.ndarray]
SYSTEMS: dict[str, Aligner] = {"ours": CombinedAligner(), "tfidf baseline": TfidfAligner()}


def _vectors(store: Store, model: E5Vectoriser | None, arts: Sequence[Article]) -> Vectors:
    if model is None:
        return {}
    found = [s for group in split_story(arts, CompareConfig()).values() for s in group]
    return statement_vectors(store, model, found)


def _sentence_of(article: Article, statements: Sequence[Statement]) -> dict[int, int]:
    """Statement position -> index of the sentence (text.sentences) it comes from."""
    starts: list[int] = []
    cursor = 0
    for sentence in sentences(article.text):
        at = article.text.find(sentence, cursor)
        starts.append(at)
        cursor = at + len(sentence)
    out: dict[int, int] = {}
    for position, statement in enumerate(statements):
        out[position] = max(i for i, s in enumerate(starts) if s <= statement.span.start)
    return out


def meantime(store: Store, model: E5Vectoriser | None) -> None:
    config = CompareConfig()
    tally: dict[tuple[str, str], list[int]] = {}
    for arts in stories("meantime").values():
        by_lang = {a.language.code if a.language else "und": a for a in arts}
        english = by_lang.get("en")
        if english is None:
            continue
        vectors = _vectors(store, model, arts)
        split = split_story(arts, config)
        statements = [s for a in arts for s in split[a.id]]
        sentence = {a.id: _sentence_of(a, split[a.id]) for a in arts}
        where = {(s.article_id, s.index): n for n, s in enumerate(statements)}
        for name, aligner in SYSTEMS.items():
            groups = align(statements, vectors, config.align_threshold, aligner).groups
            group_of = {i: g for g, members in enumerate(groups) for i in members}
            for lang, other in by_lang.items():
                if lang == "en":
                    continue
                if len(sentences(english.text)) != len(sentences(other.text)):
                    continue
                row = tally.setdefault((name, f"en-{lang}"), [0, 0, 0, 0])
                _score_pair(row, english, other, split, sentence, where, group_of)
    print("\nMEANTIME: English statements aligned to their translation (gold: same sentence k)")
    print(f"{'system':16} {'pair':6} {'gold pairs':>10} {'recall':>7} {'precision':>9}")
    for (name, pair), (hit, gold, right, aligned) in sorted(tally.items()):
        print(f"{name:16} {pair:6} {gold:10d} {hit / max(gold, 1):7.3f} "
              f"{right / max(aligned, 1):9.3f}")  # fmt: skip


def _score_pair(row, english, other, split, sentence, where, group_of) -> None:  # type: ignore[no-untyped-def]
    en_by_sentence: dict[int, set[int]] = {}
    for s in split[english.id]:
        en_by_sentence.setdefault(sentence[english.id][s.index], set()).add(
            group_of[where[(english.id, s.index)]]
        )
    xx_by_sentence: dict[int, set[int]] = {}
    for s in split[other.id]:
        xx_by_sentence.setdefault(sentence[other.id][s.index], set()).add(
            group_of[where[(other.id, s.index)]]
        )
    xx_groups = set().union(*xx_by_sentence.values()) if xx_by_sentence else set()
    for k, groups in en_by_sentence.items():
        if k not in xx_by_sentence:
            continue
        row[1] += 1
        row[0] += bool(groups & xx_by_sentence[k])
        if groups & xx_groups:
            row[3] += 1
            row[2] += bool(groups & xx_by_sentence[k])


def _outlet(article: Article) -> str:
    return (article.source or article.id).removeprefix("www.")


def newswcl50(store: Store, model: E5Vectoriser | None, dump: Path | None) -> None:
    print("\nNewsWCL50: per event (5 outlets), facts by support, unique facts, conflicts")
    head = (
        f"{'event':5} {'system':16} {'facts':>6} {'>=3 outlets':>11} {'2 outlets':>9} {'unique':>6}"
    )
    print(head + "  unique per outlet                      conflicts by kind")
    cases: list[dict[str, object]] = []
    for label, arts in sorted(stories("newswcl50").items(), key=lambda kv: int(kv[0])):
        vectors = _vectors(store, model, arts)
        for name, aligner in SYSTEMS.items():
            result = compare(arts, vectors=vectors or None, aligner=aligner)
            outlets = {a.id: _outlet(a) for a in arts}
            wide = [f for f in result.facts if len({outlets[a] for a in f.articles}) >= 3]
            two = [f for f in result.facts if len(f.articles) == 2]
            unique = [f for f in result.facts if len(f.articles) == 1]
            per_outlet = Counter(outlets[f.articles[0]].split(".")[0] for f in unique)
            kinds = Counter(c.kind for c in result.conflicts)
            print(f"{label:5} {name:16} {len(result.facts):6d} {len(wide):11d} {len(two):9d} "
                  f"{len(unique):6d}  {_counts(per_outlet):38} {_counts(kinds)}")  # fmt: skip
            if name == "ours":
                cases.extend(_cases(label, result, outlets, wide))
    if dump is not None:
        dump.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases))
        print(f"wrote {len(cases)} cases to {dump}")


def _counts(counter: Mapping[str, int]) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(counter.items())) or "-"


def _cases(label: str, result, outlets, wide) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    out: list[dict[str, object]] = []
    for fact in wide:
        out.append({"kind": "shared", "event": label, "fact": fact.id,
                    "evidence": [[outlets[e.article_id], e.text] for e in fact.evidence]})  # fmt: skip
    for c in result.conflicts:
        out.append({"kind": "conflict", "event": label, "fact": c.fact_id, "detail": c.kind,
                    "left": [outlets[c.left.article_id], c.left.text, c.left_value],
                    "right": [outlets[c.right.article_id], c.right.text, c.right_value]})  # fmt: skip
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--section", action="append", choices=["seeds", "meantime", "newswcl50", "speed"]
    )
    parser.add_argument("--no-vectors", action="store_true", help="Lexical and anchors only.")
    parser.add_argument(
        "--dump", type=Path, help="Write NewsWCL50 shared facts and conflicts here."
    )
    args = parser.parse_args()
    sections = args.section or ["seeds", "meantime", "newswcl50", "speed"]
    model = None if args.no_vectors else E5Vectoriser()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open_store(str(CACHE)) as store:
        if "meantime" in sections:
            meantime(store, model)
        if "newswcl50" in sections:
            newswcl50(store, model, args.dump)


if __name__ == "__main__":
    main()
