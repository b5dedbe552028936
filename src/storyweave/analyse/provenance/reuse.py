"""Text reuse between the articles of a story: shared passages, copies, rewrites, translations.

Passages come from aligning 5-word shingles: every shingle two articles share marks five
words of each, and runs of consecutive shared shingles form a passage (greedy alignment:
a run in one article follows the other article's words while they keep matching). A pair
is classified by how much of the shorter article the shared shingles cover:

- ``copies``: nearly all of it (containment >= ``copy_containment``), a verbatim copy;
- ``rewrites``: a substantial part (>= ``rewrite_containment``) or one long passage
  (>= ``rewrite_passage_words`` words outside quotation marks: two reports quoting the same
  statement or document at length have not copied each other), a near copy or rewrite;
- ``translates``: articles in different languages whose vectors (given by the caller, e.g.
  the multilingual embeddings of the story stage) are close: one vector per article compared
  by cosine, or one per sentence, counting the sentences of the shorter article that have a
  close match in the other.

Articles with identical shingles are linked to one representative, and each article keeps
its ``max_partners`` strongest partners, so a story relayed n times costs about n edges.
Direction is not decided here: the graph decides it from publication times and attribution.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np

from storyweave.models import Article, EdgeKind

_WORD = re.compile(r"\w+(?:[’'-]\w+)*", re.UNICODE)


@dataclass(frozen=True)
class ReuseConfig:
    """Thresholds of reuse classification (validated; the defaults are the shipped ones)."""

    shingle: int = 5
    copy_containment: float = 0.8
    rewrite_containment: float = 0.25
    rewrite_passage_words: int = 30
    translation_cosine: float = 0.92
    translation_sentence_cosine: float = 0.88
    translation_sentence_share: float = 0.5
    #: Each article keeps its strongest this many reuse partners.
    max_partners: int = 10

    def __post_init__(self) -> None:
        if self.shingle < 2:
            raise ValueError(f"shingle must be >= 2 words; got {self.shingle}")
        for name in (
            "copy_containment", "rewrite_containment", "translation_cosine",
            "translation_sentence_cosine", "translation_sentence_share",
        ):  # fmt: skip
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1]; got {value}")
        if self.max_partners < 1:
            raise ValueError(f"max_partners must be >= 1; got {self.max_partners}")
        if self.rewrite_containment > self.copy_containment:
            raise ValueError("rewrite_containment must not exceed copy_containment")


@dataclass(frozen=True)
class Passage:
    """Words shared by two articles: character ranges in each text and the length in words."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    words: int
    unquoted: int = 0  # of them outside quotation marks in ``a`` (shared quotes are no reuse)


@dataclass(frozen=True)
class Reuse:
    """Reuse between articles ``a`` and ``b`` (unordered: ``a`` < ``b`` by id)."""

    a: str
    b: str
    kind: EdgeKind
    containment: float  # shared shingles over those of the shorter article (or cosine share)
    jaccard: float
    passages: tuple[Passage, ...] = ()
    excerpt: str = ""  # the longest passage's words in ``a``

    @property
    def longest(self) -> int:
        return max((p.words for p in self.passages), default=0)


@dataclass
class _Words:
    spans: list[tuple[int, int]]
    keys: list[int]  # one hash per shingle start
    quoted: list[bool]  # per word: inside quotation marks


_QUOTE_MARKS = re.compile(r"[\"“”«»„]")


def _words(text: str, size: int) -> _Words:
    matches = list(_WORD.finditer(text))
    spans = [m.span() for m in matches]
    lowered = [m.group(0).lower() for m in matches]
    count = max(0, len(lowered) - size + 1)
    keys = [hash(tuple(lowered[i : i + size])) for i in range(count)]
    return _Words(spans, keys, _inside_quotes(text, spans))


def _inside_quotes(text: str, spans: Sequence[tuple[int, int]]) -> list[bool]:
    """Per word, whether it sits inside a quotation (marks toggle; a paragraph resets)."""
    marks = [(m.start(), m.group(0)) for m in _QUOTE_MARKS.finditer(text)]
    breaks = [i for i, ch in enumerate(text) if ch == "\n"]
    events = sorted([(at, "q") for at, _ in marks] + [(at, "n") for at in breaks])
    flags: list[bool] = []
    inside, cursor = False, 0
    for start, _ in spans:
        while cursor < len(events) and events[cursor][0] < start:
            inside = False if events[cursor][1] == "n" else not inside
            cursor += 1
        flags.append(inside)
    return flags


def find_reuse(
    articles: Sequence[Article],
    vectors: Mapping[str, np.ndarray] | None = None,
    config: ReuseConfig | None = None,
) -> list[Reuse]:
    """Pairs of ``articles`` with text reuse or a translation, strongest first.

    Articles with identical word shingles (the same wire item relayed many times) are linked
    to one representative (the smallest id) instead of to each other, and each article keeps
    only its ``max_partners`` strongest partners: a relayed story of n copies makes about n
    edges, not n squared, and one source per copy is what the graph needs.
    """
    config = config or ReuseConfig()
    words = {a.id: _words(a.text, config.shingle) for a in articles}
    texts = {a.id: a.text for a in articles}
    found, representatives = _identical(words, texts, config.shingle)
    shared = _shared_counts({k: words[k] for k in representatives})
    pairs = []
    for (a, b), count in shared.items():
        reuse = _classify_pair(a, b, count, words, config)
        if reuse is not None:
            pairs.append(with_excerpt(reuse, texts[a]))
    found.extend(_strongest(pairs, config.max_partners))
    if vectors:
        lexical = {(r.a, r.b) for r in found}
        found.extend(
            r for r in _translations(articles, vectors, config) if (r.a, r.b) not in lexical
        )
    found.sort(key=lambda r: (-r.containment, r.a, r.b))
    return found


def _identical(
    words: Mapping[str, _Words], texts: Mapping[str, str], size: int
) -> tuple[list[Reuse], list[str]]:
    """Copies of identical shingles linked to their group's representative; the
    representatives (and articles too short to shingle) go on to pairwise comparison."""
    groups: dict[frozenset[int], list[str]] = defaultdict(list)
    for article_id in sorted(words):
        keys = frozenset(words[article_id].keys)
        groups[keys if keys else frozenset((hash(article_id),))].append(article_id)
    found: list[Reuse] = []
    for members in groups.values():
        first = members[0]
        for other in members[1:]:
            passages = tuple(align(words[first], words[other], size))
            reuse = Reuse(first, other, EdgeKind.COPIES, 1.0, 1.0, passages)
            found.append(with_excerpt(reuse, texts[first]))
    return found, [members[0] for members in groups.values()]


def _strongest(pairs: Sequence[Reuse], limit: int) -> list[Reuse]:
    """The pairs that are among the ``limit`` strongest of either of their articles."""
    ranked = sorted(pairs, key=lambda r: (-r.containment, -r.jaccard, r.a, r.b))
    taken: dict[str, int] = defaultdict(int)
    kept = []
    for reuse in ranked:
        if taken[reuse.a] < limit or taken[reuse.b] < limit:
            kept.append(reuse)
        taken[reuse.a] += 1
        taken[reuse.b] += 1
    return kept


def _shared_counts(words: Mapping[str, _Words]) -> dict[tuple[str, str], int]:
    """Number of distinct shingles each pair of articles shares (via an inverted index)."""
    holders: dict[int, list[str]] = defaultdict(list)
    for article_id, item in words.items():
        for key in set(item.keys):
            holders[key].append(article_id)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for ids in holders.values():
        if len(ids) > 1:
            for a, b in combinations(sorted(ids), 2):
                counts[(a, b)] += 1
    return counts


def _classify_pair(
    a: str, b: str, count: int, words: Mapping[str, _Words], config: ReuseConfig
) -> Reuse | None:
    size_a, size_b = len(set(words[a].keys)), len(set(words[b].keys))
    if not size_a or not size_b:
        return None
    containment = count / min(size_a, size_b)
    jaccard = count / (size_a + size_b - count)
    if containment < config.rewrite_containment and count < config.rewrite_passage_words:
        return None
    passages = align(words[a], words[b], config.shingle)
    longest = max((p.unquoted for p in passages), default=0)
    if containment >= config.copy_containment:
        kind = EdgeKind.COPIES
    elif containment >= config.rewrite_containment or longest >= config.rewrite_passage_words:
        kind = EdgeKind.REWRITES
    else:
        return None
    return Reuse(a, b, kind, round(containment, 4), round(jaccard, 4), tuple(passages))


def with_excerpt(reuse: Reuse, text_a: str, words: int = 12) -> Reuse:
    """``reuse`` with the first words of its longest passage (for evidence)."""
    if not reuse.passages:
        return reuse
    longest = reuse.passages[0]
    found = text_a[longest.a_start : longest.a_end].split()
    excerpt = " ".join(found[:words]) + (" …" if len(found) > words else "")
    return replace(reuse, excerpt=excerpt)


def align(a: _Words, b: _Words, size: int) -> list[Passage]:
    """Greedy alignment of shared shingles into passages (longest first)."""
    where: dict[int, list[int]] = defaultdict(list)
    for position, key in enumerate(b.keys):
        where[key].append(position)
    outside = [0]  # prefix sums of words outside quotations in ``a``
    for quoted in a.quoted:
        outside.append(outside[-1] + (not quoted))
    passages: list[Passage] = []
    i = 0
    while i < len(a.keys):
        starts = where.get(a.keys[i])
        if not starts:
            i += 1
            continue
        best_j, best_run = starts[0], 0
        for j in starts[:8]:
            run = 0
            while (
                i + run < len(a.keys)
                and j + run < len(b.keys)
                and (a.keys[i + run] == b.keys[j + run])
            ):
                run += 1
            if run > best_run:
                best_j, best_run = j, run
        last_a, last_b = i + best_run - 1 + size - 1, best_j + best_run - 1 + size - 1
        passages.append(
            Passage(
                a.spans[i][0], a.spans[last_a][1], b.spans[best_j][0], b.spans[last_b][1],
                best_run + size - 1, outside[last_a + 1] - outside[i],
            )
        )  # fmt: skip
        i += best_run
    passages.sort(key=lambda p: (-p.words, p.a_start))
    return passages


def _translations(
    articles: Sequence[Article], vectors: Mapping[str, np.ndarray], config: ReuseConfig
) -> list[Reuse]:
    found: list[Reuse] = []
    for first, second in combinations(sorted(articles, key=lambda x: x.id), 2):
        lang_a = first.language.code if first.language else None
        lang_b = second.language.code if second.language else None
        if not lang_a or not lang_b or lang_a == lang_b or lang_a == "und" or lang_b == "und":
            continue
        if first.id not in vectors or second.id not in vectors:
            continue
        score = translation_score(vectors[first.id], vectors[second.id], config)
        if score is not None:
            found.append(Reuse(first.id, second.id, EdgeKind.TRANSLATES, round(score, 4), 0.0))
    return found


def translation_score(a: np.ndarray, b: np.ndarray, config: ReuseConfig) -> float | None:
    """Cosine (article vectors) or share of matched sentences (sentence vectors), if high
    enough to call the pair a translation; None otherwise (or for vectors that do not fit)."""
    a, b = np.atleast_2d(np.asarray(a, dtype=np.float32)), np.atleast_2d(np.asarray(b, np.float32))
    if a.shape[1] != b.shape[1] or not a.size or not b.size:
        return None
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-9)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-9)
    similarity = a @ b.T
    if similarity.shape == (1, 1):
        cosine = float(similarity[0, 0])
        return cosine if cosine >= config.translation_cosine else None
    shorter = similarity if similarity.shape[0] <= similarity.shape[1] else similarity.T
    share = float(np.mean(shorter.max(axis=1) >= config.translation_sentence_cosine))
    return share if share >= config.translation_sentence_share else None
