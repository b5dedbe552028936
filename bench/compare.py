"""Coverage comparison benchmark: ours beside a TF-IDF-cosine-only sentence aligner.

    .venv/bin/python bench/compare.py [--section seeds|meantime|newswcl50|ecbplus|injected|speed]

Sections (all by default):

- ``seeds``: the canonical two-article example (examples/corpus/seeds), the points of
  shared/seeds/README.md that both report / only one reports, checked one by one.
- ``meantime``: every English MEANTIME article against its es/it/nl translations. Gold: where
  an English article and its translation split into the same number of sentences, sentence k
  translates sentence k. Recall: share of gold pairs whose statements were aligned into one
  fact. Precision: share of English statements aligned to some statement of the translation
  that were aligned to the right one.
- ``newswcl50``: per event (5 outlets), facts shared by >= 3 outlets, unique facts per outlet,
  conflicts found; then conflicts per event against the hand-checked verdicts of
  ``tests/data/compare`` (flagged, correct, wrong, unchecked, precision). ``--dump FILE``
  writes the shared facts and conflicts for hand-checking.
- ``ecbplus``: conflicts on the ECB+ dev earthquake and undersea-cable topics, against the
  hand-checked verdicts of ``tests/data/compare/ecbplus-conflicts.jsonl``.
- ``speed``: statements aligned per second on a 20-article story (4 NewsWCL50 events of 5
  outlets taken as one story: the aligner compares every pair of articles either way), with
  vectors cached (alignment only) and the whole comparison (entities, quotes, conflicts...).

Statement vectors come from the shipped E5 model and are cached in bench/.cache/compare.db;
the first run embeds about 12,000 statements (about 20 minutes on two cores).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from compare_data import CACHE, ROOT, stories
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
from storyweave.models import Article, Span, Statement
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


Vectoriser = Callable[[Sequence[Article]], Vectors]


def meantime_scores(
    vectors_of: Vectoriser, clusters: Sequence[str] | None = None
) -> dict[tuple[str, str], list[int]]:
    """(system, pair) -> [gold pairs aligned, gold pairs, right, aligned] (see the docstring)."""
    config = CompareConfig()
    tally: dict[tuple[str, str], list[int]] = {}
    found = stories("meantime")
    for label in clusters or sorted(found):
        arts = found[label]
        by_lang = {a.language.code if a.language else "und": a for a in arts}
        english = by_lang.get("en")
        if english is None:
            continue
        vectors = vectors_of(arts)
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
    return tally


def meantime(store: Store, model: E5Vectoriser | None) -> None:
    tally = meantime_scores(lambda arts: _vectors(store, model, arts))
    print("\nMEANTIME: English statements aligned to their translation (gold: same sentence k)")
    print(f"{'system':16} {'pair':6} {'gold pairs':>10} {'recall':>7} {'precision':>9}")
    for (name, pair), (hit, gold, right, aligned) in sorted(tally.items()):
        print(
            f"{name:16} {pair:6} {gold:10d} {hit / max(gold, 1):7.3f} "
            f"{right / max(aligned, 1):9.3f}"
        )


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


CHECKED = ROOT / "tests" / "data" / "compare"


def _checked(files: Sequence[str]) -> list[dict[str, object]]:
    """The hand-checked conflicts of ``tests/data/compare`` (see its README)."""
    return [
        case
        for name in files
        for line in (CHECKED / name).open(encoding="utf-8")
        if (case := json.loads(line))["kind"] == "conflict"
    ]


def _verdicts(cases, results) -> Counter[str]:  # type: ignore[no-untyped-def]
    """Per event and overall: conflicts flagged, and how the flagged ones were judged."""
    judged = {(c["event"], c["detail"], c["left"][1], c["right"][1]): c["verdict"] for c in cases}
    tally: Counter[str] = Counter()
    for event, result in results.items():
        for c in result.conflicts:
            verdict = judged.get((event, c.kind, c.left.text, c.right.text), "unchecked")
            tally[event, "flagged"] += 1
            tally[event, verdict] += 1
            tally["all", "flagged"] += 1
            tally["all", verdict] += 1
    return tally


def _print_checked(tally: Counter[str], events: Sequence[str], baseline: Counter[str]) -> None:
    """Ours per event and in all, then the TF-IDF-aligner baseline in all."""
    print(
        f"{'event':22} {'flagged':>7} {'correct':>7} {'wrong':>5} {'unchecked':>9} {'precision':>9}"
    )
    rows = [(e, tally, e) for e in events] + [("all", tally, "all"), ("all", baseline, "all, ")]
    for event, found, label in rows:
        right, wrong = found[event, "correct"], found[event, "wrong"]
        precision = f"{right / (right + wrong):9.2f}" if right + wrong else f"{'-':>9}"
        label = label + "tfidf baseline" if label.endswith(", ") else label
        print(
            f"{label:22} {found[event, 'flagged']:7d} {right:7d} {wrong:5d} "
            f"{found[event, 'unchecked']:9d} {precision}"
        )


def newswcl50(store: Store, model: E5Vectoriser | None, dump: Path | None) -> None:
    print("\nNewsWCL50: per event (5 outlets), facts by support, unique facts, conflicts")
    head = (
        f"{'event':5} {'system':16} {'facts':>6} {'>=3 outlets':>11} {'2 outlets':>9} {'unique':>6}"
    )
    print(head + "  unique per outlet                      conflicts by kind")
    cases: list[dict[str, object]] = []
    ours, baseline = {}, {}
    events = sorted(stories("newswcl50").items(), key=lambda kv: int(kv[0]))
    for label, arts in events:
        vectors = _vectors(store, model, arts)
        for name, aligner in SYSTEMS.items():
            result = compare(arts, vectors=vectors or None, aligner=aligner)
            outlets = {a.id: _outlet(a) for a in arts}
            wide = [f for f in result.facts if len({outlets[a] for a in f.articles}) >= 3]
            two = [f for f in result.facts if len(f.articles) == 2]
            unique = [f for f in result.facts if len(f.articles) == 1]
            per_outlet = Counter(outlets[f.articles[0]].split(".")[0] for f in unique)
            kinds = Counter(c.kind for c in result.conflicts)
            print(
                f"{label:5} {name:16} {len(result.facts):6d} {len(wide):11d} {len(two):9d} "
                f"{len(unique):6d}  {_counts(per_outlet):38} {_counts(kinds)}"
            )
            if name == "ours":
                cases.extend(_cases(label, result, outlets, wide))
                ours[label] = result
            else:
                baseline[label] = result
    print("\nNewsWCL50 conflicts per event, against the hand-checked verdicts")
    files = ("newswcl50-checked.jsonl", "newswcl50-conflicts.jsonl")
    checked = _checked(files)
    labels = [label for label, _ in events]
    _print_checked(_verdicts(checked, ours), labels, _verdicts(checked, baseline))
    if dump is not None:
        dump.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases))
        print(f"wrote {len(cases)} cases to {dump}")


#: ECB+ dev clusters of the checked conflict set: the earthquake and undersea-cable topics.
ECBPLUS_CHECKED = ("20_ecb", "20_ecbplus", "30_ecb", "30_ecbplus")


def ecbplus() -> None:
    """Conflicts on the checked ECB+ topics (many reports of one quake or cable break),
    compared lexically (no vectors: the set's statements are not in the vector cache)."""
    found = stories("ecbplus-dev")
    checked = _checked(["ecbplus-conflicts.jsonl"])
    tallies = [
        _verdicts(
            checked, {label: compare(found[label], aligner=aligner) for label in ECBPLUS_CHECKED}
        )
        for aligner in SYSTEMS.values()
    ]
    print("\nECB+ dev conflicts (quake and cable-break topics), against the hand-checked verdicts")
    _print_checked(tallies[0], ECBPLUS_CHECKED, tallies[1])


def _counts(counter: Mapping[str, int]) -> str:
    return " ".join(f"{k}:{v}" for k, v in sorted(counter.items())) or "-"


def _cases(label: str, result, outlets, wide) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    out: list[dict[str, object]] = []
    for fact in wide:
        out.append(
            {
                "kind": "shared",
                "event": label,
                "fact": fact.id,
                "evidence": [[outlets[e.article_id], e.text] for e in fact.evidence],
            }
        )
    for c in result.conflicts:
        out.append(
            {
                "kind": "conflict",
                "event": label,
                "fact": c.fact_id,
                "detail": c.kind,
                "note": c.note,
                "left": [outlets[c.left.article_id], c.left.text, c.left_value],
                "right": [outlets[c.right.article_id], c.right.text, c.right_value],
            }
        )
    return out


#: The seeds' points (shared/seeds/README.md): words in 000's and in 003's evidence.
SEED_BOTH = [
    ("first initiative", "initiated by French President Emmanuel Macron"),
    ("led by Germany", "led by Germany"),
    ("Keir Starmer", "Keir Starmer"),
    ("solid core", "hard core"),
    ("red lines", "Barrot"),
]
SEED_ONLY = [
    ("000", "Lithuania, Latvia, Estonia"),
    ("000", "training missions"),
    ("003", "55 percent"),
    ("003", "continue training Ukrainian soldiers"),
    ("003", "Storm Shadow"),
    ("003", "Su-24"),
    ("003", "January 2025"),
]


def _seed_articles() -> list[Article]:
    from storyweave.clean import to_article
    from storyweave.ingest import discover, read_input
    from storyweave.settings import Settings

    settings = Settings(db=":memory:")
    found = [
        to_article(doc, settings)
        for source in discover([str(ROOT / "examples" / "corpus" / "seeds")], settings)
        for doc in read_input(source, settings)  # type: ignore[arg-type]
    ]
    return sorted(found, key=lambda a: a.locator)  # type: ignore[union-attr]


def seeds(store: Store, model: E5Vectoriser | None) -> None:
    arts = _seed_articles()
    seed = {arts[0].id: "000", arts[1].id: "003"}
    vectors = _vectors(store, model, arts)
    print("\nSeeds: the points of shared/seeds/README.md (pass = as a reader expects)")
    print(f"{'system':16} {'both report':>12} {'only one':>9} {'quotes with speaker':>20}")
    for name, aligner in SYSTEMS.items():
        result = compare(arts, vectors=vectors or None, aligner=aligner)

        def holding(who: str, words: str, facts=result.facts):  # type: ignore[no-untyped-def]
            return [
                f
                for f in facts
                if any(seed[e.article_id] == who and words in e.text for e in f.evidence)
            ]

        both = sum(
            any(
                any(seed[e.article_id] == "003" and b in e.text for e in f.evidence)
                for f in holding("000", a)
            )
            for a, b in SEED_BOTH
        )
        only = sum(
            bool(holding(w, words))
            and all(
                {seed[x] for x in f.articles} == {w} or any(d == "January" for _, d in f.additions)
                for f in holding(w, words)
            )
            for w, words in SEED_ONLY
        )
        versions = [v for q in result.quotes for v in q.versions]
        spoken = sum(bool(v.speaker) for v in versions)
        print(
            f"{name:16} {both:>7d} of {len(SEED_BOTH)} {only:>4d} of {len(SEED_ONLY)} "
            f"{spoken:>13d} of {len(versions)}"
        )


def speed(store: Store, model: E5Vectoriser | None) -> None:
    events = sorted(stories("newswcl50").items(), key=lambda kv: int(kv[0]))[:4]
    arts = [a for _, found in events for a in found]
    vectors = _vectors(store, model, arts)
    statements = [s for group in split_story(arts, CompareConfig()).values() for s in group]
    print(
        f"\nSpeed: one story of {len(arts)} articles, {len(statements)} statements "
        f"(NewsWCL50 events 0-3), vectors cached"
    )
    print(f"{'what':40} {'seconds':>8} {'statements/s':>13}")
    for name, aligner in SYSTEMS.items():
        started = time.perf_counter()
        align(statements, vectors, CompareConfig().align_threshold, aligner)
        took = time.perf_counter() - started
        print(f"{'align, ' + name:40} {took:8.2f} {len(statements) / took:13.0f}")
    started = time.perf_counter()
    compare(arts, vectors=vectors or None)
    took = time.perf_counter() - started
    print(
        f"{'whole comparison (entities, quotes...)':40} {took:8.2f} {len(statements) / took:13.0f}"
    )
    if model is not None:
        sample = [s.text for s in statements[:64]]
        started = time.perf_counter()
        model.encode(sample)
        took = time.perf_counter() - started
        print(f"{'embedding, uncached (64 statements)':40} {took:8.2f} {len(sample) / took:13.1f}")


_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,]\d)")
_MONTH_BEFORE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.?\s+$")
_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def _inject(text: str, people: Sequence[str]) -> tuple[str, str] | None:
    """``text`` with one detail changed (a figure, a weekday, a person), and the kind."""
    for match in _DIGITS.finditer(text):
        value = int(match.group(1).replace(",", ""))
        before = text[max(0, match.start() - 10) : match.start()]
        if 1900 <= value <= 2100 or _MONTH_BEFORE.search(before):  # a year or a day of a month
            continue
        changed = f"{value * 3 + 7:,}" if "," in match.group(1) else str(value * 3 + 7)
        return text[: match.start()] + changed + text[match.end() :], "number"
    if match := _WEEKDAY.search(text):
        other = "Sunday" if match.group(1) != "Sunday" else "Wednesday"
        return text[: match.start()] + other + text[match.end() :], "date"
    for person in people:
        if person in text:
            swap = next((p for p in people if p != person and p.split()[-1] not in text), None)
            if swap:
                return text.replace(person, swap, 1), "person"
    return None


def _shared_detail(old: str, new: str, others: Sequence[Span]) -> bool:
    """Whether the detail that was changed is also stated by another version of the fact."""
    removed = set(re.findall(r"[\w,]+", old)) - set(re.findall(r"[\w,]+", new))
    return any(word in re.findall(r"[\w,]+", o.text) for word in removed for o in others)


PER_EVENT = 8


def injected(store: Store, model: E5Vectoriser | None) -> None:
    """Conflict recall: change one detail of a shared fact in one outlet, look for the flag."""
    from dataclasses import replace

    print("\nInjected conflicts (NewsWCL50): one detail changed in one version of a shared fact")
    tally = Counter()  # type: ignore[var-annotated]
    for _, arts in sorted(stories("newswcl50").items(), key=lambda kv: int(kv[0])):
        base = compare(arts, vectors=_vectors(store, model, arts) or None)
        people = [e.name for e in base.entities if e.kind == "person" and " " in e.name]
        done = 0
        for fact in base.facts:
            if len(fact.articles) < 2 or done == PER_EVENT:
                continue
            span = fact.evidence[-1]
            change = _inject(span.text, people)
            if change is None or not _shared_detail(span.text, change[0], fact.evidence[:-1]):
                continue
            new_text, kind = change
            target = next(a for a in arts if a.id == span.article_id)
            text = target.text[: span.start] + new_text + target.text[span.end :]
            edited = [replace(a, text=text) if a.id == target.id else a for a in arts]
            result = compare(edited, vectors=_vectors(store, model, edited) or None)
            flagged = [
                c
                for c in result.conflicts
                if target.id in (c.left.article_id, c.right.article_id)
                and new_text in (c.left.text + c.right.text)
            ]
            tally[kind, "injected"] += 1
            tally[kind, "aligned"] += any(
                len(f.articles) > 1 and any(new_text in e.text for e in f.evidence)
                for f in result.facts
            )
            tally[kind, "found"] += bool(flagged)
            tally[kind, "right kind"] += any(c.kind == kind for c in flagged)
            done += 1
    print("(aligned: the changed statement still belongs to a fact of several articles)")
    print(f"{'kind':8} {'injected':>8} {'aligned':>8} {'flagged':>8} {'right kind':>10}")
    for kind in ("number", "date", "person"):
        print(
            f"{kind:8} {tally[kind, 'injected']:8d} {tally[kind, 'aligned']:8d} "
            f"{tally[kind, 'found']:8d} {tally[kind, 'right kind']:10d}"
        )


def export_vectors(store: Store, model: E5Vectoriser, path: Path) -> None:
    """All NewsWCL50 statement vectors, L2-normalised and quantised to int8, in one file."""
    arts = [a for found in stories("newswcl50").values() for a in found]
    found = _vectors(store, model, arts)
    keys = sorted(found)
    matrix = np.stack([found[k] / np.linalg.norm(found[k]) for k in keys])
    quantised = np.clip(np.round(matrix * 127 / np.abs(matrix).max()), -127, 127).astype(np.int8)
    np.savez_compressed(path, keys=np.array(keys), vectors=quantised)
    print(f"wrote {len(keys)} statement vectors to {path}")


def seed_cache(store: Store, model: E5Vectoriser, path: Path) -> None:
    """Cache the vectors of an --export-vectors file (int8, rescaled to unit length)."""
    data = np.load(path)
    rows = data["vectors"].astype(np.float32)
    rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)
    store.put_statement_vectors(
        model.name,
        {
            k: np.asarray(v, dtype="<f4").tobytes()
            for k, v in zip(data["keys"].tolist(), rows, strict=True)
        },
    )
    print(f"cached {len(rows)} statement vectors from {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--section",
        action="append",
        choices=["seeds", "meantime", "newswcl50", "ecbplus", "injected", "speed"],
    )
    parser.add_argument("--no-vectors", action="store_true", help="Lexical and anchors only.")
    parser.add_argument(
        "--dump", type=Path, help="Write NewsWCL50 shared facts and conflicts here."
    )
    parser.add_argument(
        "--export-vectors",
        type=Path,
        metavar="NPZ",
        help="Write NewsWCL50 statement vectors (int8) for the regression test's fixture.",
    )
    parser.add_argument(
        "--seed-vectors",
        type=Path,
        metavar="NPZ",
        help="Fill the vector cache from an --export-vectors file first (only statements it "
        "lacks are embedded), e.g. tests/data/compare/newswcl50-statement-vectors.npz.",
    )
    args = parser.parse_args()
    sections = args.section or ["seeds", "meantime", "newswcl50", "ecbplus", "injected", "speed"]
    model = None if args.no_vectors else E5Vectoriser()
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    with open_store(str(CACHE)) as store:
        if args.seed_vectors and model is not None:
            seed_cache(store, model, args.seed_vectors)
        if "seeds" in sections:
            seeds(store, model)
        if "meantime" in sections:
            meantime(store, model)
        if "newswcl50" in sections:
            newswcl50(store, model, args.dump)
        if "ecbplus" in sections:
            ecbplus()
        if "injected" in sections:
            injected(store, model)
        if "speed" in sections:
            speed(store, model)
        if args.export_vectors and model is not None:
            export_vectors(store, model, args.export_vectors)


if __name__ == "__main__":
    main()
