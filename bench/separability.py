"""How far apart, on words and names, are the events that share a topic?

    .venv/bin/python bench/separability.py [--corpus ecbplus-dev] [--assignments FILE]
    .venv/bin/python bench/separability.py --signals [--vectoriser e5]

ECB+ pairs every topic's event with a look-alike (two rehab stays, two Waitrose fires). This
script asks whether the story clusterer's own signals could tell the two apart even with
every report of both at hand: within each topic (``extra.topic``), the articles are compared
pairwise on ``lexical_weight`` x TF-IDF cosine + the rest x IDF-weighted Dice of their names
(the clusterer's weights and features, IDF over the corpus), and split in two by average
link. The table gives, per topic, the split's purity against the gold events and
``ratio``: the mean similarity between the two halves over the lower of their mean
similarities within (low: two distinct groups; near 1: one cloud). ``gold`` is the same
ratio for the gold events themselves.

With ``--assignments`` (the JSONL ``storyweave cluster`` writes, ids as in the corpus) a
column says which topics ended *fused*: one story holding at least three articles of each
of two events. Text is read as the corpus gives it (not cleaned), so figures can differ a
little from what the pipeline sees.

``--signals`` asks the same of each signal on its own, over every pair of articles that
share a topic: how well it ranks the pairs of one event above the pairs of two (ROC AUC; 0.5
is chance, 1 a clean cut), for words, names and their blend, and with ``--vectoriser e5`` the
embedding cosine of the leads the model reads, alone and blended as a same-language score
is. A signal that tells these pairs apart is what the clusterer lacks to keep look-alike
events apart.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.cluster import AgglomerativeClustering
from sklearn.metrics import roc_auc_score

from corpora import CORPORA, DATA, load_corpus, read_jsonl
from storyweave.cluster.config import ClusterConfig
from storyweave.cluster.features import Features, lead_text, names, term_weights
from storyweave.cluster.profile import Statistics
from storyweave.cluster.vectorise import Vectoriser, load_vectoriser

#: A fused topic: one story holds at least this many articles of each of two events.
FUSED_MIN = 3


@dataclass(frozen=True)
class Corpus:
    """Each article's terms and names, and the clusterer's document frequencies of both over
    the corpus (its IDF)."""

    terms: dict[str, dict[str, float]]
    names: dict[str, frozenset[str]]
    stats: Statistics

    @classmethod
    def of(cls, articles: Sequence[Mapping[str, object]]) -> Corpus:
        corpus = cls({}, {}, Statistics())
        for a in articles:
            title, text, key = str(a.get("title") or ""), str(a["text"]), str(a["id"])
            corpus.terms[key] = term_weights(title, text)
            corpus.names[key] = names(f"{title}\n{text}")
            corpus.stats.add(Features(key, "", None, corpus.terms[key], corpus.names[key], ""))
        return corpus


def similarities(corpus: Corpus, ids: Sequence[str]) -> list[list[float]]:
    """Pairwise scores of the articles ``ids`` as the clusterer weighs words against names."""
    words, shared = signals(corpus, ids)
    combine = ClusterConfig().combine
    return [
        [combine(w, n, None, True) for w, n in zip(row_w, row_n, strict=True)]
        for row_w, row_n in zip(words, shared, strict=True)
    ]


def signals(corpus: Corpus, ids: Sequence[str]) -> tuple[list[list[float]], list[list[float]]]:
    """Pairwise TF-IDF cosines and IDF-weighted name Dice of the articles ``ids``."""
    stats = corpus.stats
    vectors = []
    for article in ids:
        raw = {t: w * stats.term_idf(t) for t, w in corpus.terms[article].items()}
        norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
        vectors.append({t: v / norm for t, v in raw.items()})
    found = [corpus.names[article] for article in ids]
    mass = [sum(stats.name_idf(m) for m in group) for group in found]
    n = len(ids)
    words = [[1.0] * n for _ in range(n)]
    shared = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            a, b = vectors[i], vectors[j]
            words[i][j] = words[j][i] = sum(v * b[t] for t, v in a.items() if t in b)
            common = sum(stats.name_idf(m) for m in found[i] & found[j])
            total = mass[i] + mass[j]
            shared[i][j] = shared[j][i] = 2 * common / total if total else 0.0
    return words, shared


def separation(matrix: Sequence[Sequence[float]], groups: Sequence[int]) -> float:
    """Mean similarity between two groups over the lower of their mean similarities within."""
    within: dict[int, list[float]] = defaultdict(list)
    between: list[float] = []
    for i in range(len(groups)):
        for j in range(i + 1, len(groups)):
            target = within[groups[i]] if groups[i] == groups[j] else between
            target.append(matrix[i][j])
    inner = min((sum(v) / len(v) for v in within.values() if v), default=0.0)
    return (sum(between) / len(between)) / inner if between and inner > 0 else 0.0


def split_in_two(matrix: Sequence[Sequence[float]]) -> list[int]:
    """Average-link clustering of the pairwise distances (1 - similarity) into two groups."""
    distances = 1.0 - np.asarray(matrix, dtype=float)
    np.fill_diagonal(distances, 0.0)
    model = AgglomerativeClustering(n_clusters=2, metric="precomputed", linkage="average")
    return [int(label) for label in model.fit_predict(np.clip(distances, 0.0, None))]


def purity(found: Sequence[int], gold: Sequence[str]) -> float:
    pairs = Counter(zip(found, gold, strict=True))
    best = {label: max(c for (f, _), c in pairs.items() if f == label) for label in set(found)}
    return sum(best.values()) / len(gold)


def fused_topics(articles: Sequence[Mapping[str, object]], story_of: Mapping[str, str]) -> set[str]:
    """Topics one of whose stories holds at least FUSED_MIN articles of two of its events."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for a in articles:
        story = story_of.get(str(a["id"]))
        if story is not None:
            counts[(_topic(a), story)][str(a["cluster"])] += 1
    return {
        topic
        for (topic, _), events in counts.items()
        if sum(1 for c in events.values() if c >= FUSED_MIN) >= 2
    }


def _topic(article: Mapping[str, object]) -> str:
    extra = article.get("extra")
    topic = extra.get("topic") if isinstance(extra, Mapping) else None
    if topic is None:
        raise SystemExit(f"article {article['id']!r} has no extra.topic: this corpus has no topics")
    return str(topic)


def _by_topic(
    articles: Sequence[Mapping[str, object]],
) -> dict[str, list[Mapping[str, object]]]:
    by_topic: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    for a in articles:
        by_topic[_topic(a)].append(a)
    return by_topic


def table(articles: Sequence[Mapping[str, object]], fused: set[str] | None) -> list[str]:
    by_topic = _by_topic(articles)
    head = f"{'topic':>6} {'docs':>5} {'events':>8} {'purity':>7} {'ratio':>6} {'gold':>6}"
    lines = [head + ("  fused" if fused is not None else ""), "-" * (len(head) + 7)]
    corpus = Corpus.of(articles)
    ratios: list[tuple[float, bool]] = []
    for topic in sorted(by_topic, key=lambda t: (len(t), t)):
        group = by_topic[topic]
        gold = [str(a["cluster"]) for a in group]
        if len(set(gold)) < 2 or len(group) < 3:
            continue
        matrix = similarities(corpus, [str(a["id"]) for a in group])
        found = split_in_two(matrix)
        ratio = separation(matrix, found)
        gold_ids = {g: k for k, g in enumerate(sorted(set(gold)))}
        gold_ratio = separation(matrix, [gold_ids[g] for g in gold])
        sizes = "+".join(str(c) for c in sorted(Counter(gold).values(), reverse=True))
        row = f"{topic:>6} {len(group):>5} {sizes:>8} {purity(found, gold):>7.2f} "
        row += f"{ratio:>6.2f} {gold_ratio:>6.2f}"
        is_fused = fused is not None and topic in fused
        lines.append(row + (f"  {'yes' if is_fused else '-'}" if fused is not None else ""))
        ratios.append((ratio, is_fused))
    low = [r for r, _ in ratios if r <= 0.4]
    lines.append(f"topics split at ratio <= 0.40: {len(low)} of {len(ratios)}")
    if fused is not None:
        at = sorted(r for r, f in ratios if f)
        span = f" (ratios {at[0]:.2f}-{at[-1]:.2f})" if at else ""
        lines.append(f"fused topics: {len(at)}{span}")
    return lines


def signal_table(
    articles: Sequence[Mapping[str, object]], vectoriser: Vectoriser | None = None
) -> list[str]:
    """ROC AUC of each signal on the pairs of articles that share a topic (same event or not)."""
    by_topic = _by_topic(articles)
    corpus = Corpus.of(articles)
    leads: dict[str, npt.NDArray[np.float32]] = {}
    if vectoriser is not None:
        keys = [str(a["id"]) for a in articles]
        texts = [lead_text(str(a.get("title") or ""), str(a["text"])) for a in articles]
        leads = dict(zip(keys, vectoriser.encode(texts), strict=True))
    config = ClusterConfig()
    rows: dict[str, list[float]] = defaultdict(list)
    same: list[bool] = []
    for group in by_topic.values():
        ids = [str(a["id"]) for a in group]
        words, shared = signals(corpus, ids)
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                same.append(group[i]["cluster"] == group[j]["cluster"])
                lexical, names_ = words[i][j], shared[i][j]
                rows["words (TF-IDF cosine)"].append(lexical)
                rows["names (IDF Dice)"].append(names_)
                rows["words + names"].append(config.combine(lexical, names_, None, True))
                if leads:
                    cosine = float(leads[ids[i]] @ leads[ids[j]])
                    rows["lead embedding cosine"].append(cosine)
                    rows["words + names + embedding"].append(
                        config.combine(lexical, names_, cosine, True)
                    )
    if len(set(same)) < 2:
        raise SystemExit("no topic holds pairs of one event and of two: nothing to rank")
    lines = [f"pairs within topics: {len(same)} ({sum(same)} of one event)",
             f"{'signal':<28} {'AUC':>6}", "-" * 35]  # fmt: skip
    lines += [f"{name:<28} {roc_auc_score(same, values):>6.3f}" for name, values in rows.items()]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default="ecbplus-dev", choices=sorted(CORPORA))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--assignments", type=Path, help="JSONL of {id, story} lines")
    parser.add_argument("--signals", action="store_true", help="each signal's AUC instead")
    parser.add_argument("--vectoriser", choices=("none", "e5"), default="none",
                        help="with --signals: the embedding model too (e5)")  # fmt: skip
    args = parser.parse_args(argv)
    articles = load_corpus(args.corpus, args.data)
    if args.signals:
        model = load_vectoriser(args.vectoriser).vectoriser
        print("\n".join(signal_table(articles, model)))
        return 0
    fused = None
    if args.assignments is not None:
        story_of = {row["id"]: row["story"] for row in read_jsonl(args.assignments)}
        fused = fused_topics(articles, story_of)
    print("\n".join(table(articles, fused)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
