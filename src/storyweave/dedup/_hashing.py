"""Vectorised hashing behind the MinHash signature: tokens -> shingles -> one-permutation MinHash.

Everything here works on whole batches of documents at once with numpy, so the per-document
Python cost is a string join and a handful of array operations.

- **Token hash**: a polynomial over the token's code points (mod 2**64), plus its length, then a
  64-bit finaliser. Computed for every token of the batch in one pass (UTF-32 encoding gives a
  fixed width per code point, so token boundaries come from ``len`` alone).
- **Shingle hash**: a seeded linear combination of the ``k`` token hashes of the shingle, then
  the finaliser. A text with fewer than ``k`` tokens is one shingle of all of them, exactly as
  :func:`storyweave.text.shingles` defines it.
- **Signature**: a *fast similarity sketch* (Dahlgaard, Knudsen and Thorup, 2017): a MinHash
  of ``num_perm`` bins that costs about ``n + num_perm * ln(num_perm)`` hashes for ``n``
  shingles instead of ``n * num_perm``. Shingles are thrown in rounds: in round ``r`` each
  shingle hash, re-mixed with ``r``, picks a bin with its high 32 bits and offers
  ``(r, low 32 bits)`` as its value; a bin keeps its smallest value. Rounds go on until every
  bin holds a value, after which no later round could change any bin, so the result does not
  depend on how rounds are batched. Two signatures agree on a bin with probability equal to
  the Jaccard similarity, with the accuracy of classic MinHash at every set size. (Plain
  one-permutation hashing, one round and borrowed values for empty bins, is cheaper but
  loses information on small sets: two shingles sharing a bin hide one of them everywhere.)
  The stored value of a bin is a 32-bit hash of its ``(round, value)``. The rare text still
  short of a full signature after ``_MAX_ROUNDS`` rounds (one or two shingles) has its empty
  bins filled from the others in a seeded order fixed per bin.

Constants derive from the seed through SHAKE-256, not from numpy's random generators, whose
streams may change between numpy releases: a stored signature must stay comparable.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

U64 = npt.NDArray[np.uint64]
U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]

EMPTY = np.uint32(0xFFFFFFFF)  # value of every bin of the signature of a text with no shingles
_TOP_VALUE = np.uint32(0xFFFFFFFE)  # real values are clamped below EMPTY
_LOW32 = np.uint64(0xFFFFFFFF)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_CHUNK_TOKENS = 1 << 18  # tokens hashed per pass; bounds temporary memory of big batches
_UNSET = np.uint64(0xFFFFFFFFFFFFFFFF)  # a bin no shingle has reached yet
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # round number multiplier before re-mixing
_MAX_ROUNDS = 2048  # a 1-shingle text needs ~num_perm * ln(num_perm) rounds; rarely more
_PROBE_FIRST = 8  # densification tries this many bins for every empty bin before the rest
_HOLE_BLOCK = 8192  # empty bins densified per block in the full pass


def mix64(x: U64) -> U64:
    """The SplitMix64 finaliser, in place: spreads every input bit over all output bits."""
    x ^= x >> np.uint64(30)
    x *= _MIX1
    x ^= x >> np.uint64(27)
    x *= _MIX2
    x ^= x >> np.uint64(31)
    return x


def seeded_uint64(seed: int, label: str, count: int) -> U64:
    """``count`` reproducible 64-bit constants for ``label`` under ``seed``."""
    stream = hashlib.shake_256(f"storyweave.dedup/{seed}/{label}".encode()).digest(8 * count)
    return np.frombuffer(stream, dtype="<u8").astype(np.uint64)


def _odd(values: U64) -> U64:
    return values | np.uint64(1)


@dataclass(frozen=True, eq=False)
class HashPlan:
    """The seeded constants of one signature configuration (fixed by seed, size and length)."""

    seed: int
    shingle_size: int
    num_perm: int
    token_base: np.uint64 = field(init=False)
    token_length: np.uint64 = field(init=False)
    token_offset: np.uint64 = field(init=False)
    shingle_coefs: U64 = field(init=False)
    probe: npt.NDArray[np.int16] = field(init=False)

    def __post_init__(self) -> None:
        base, length, offset = seeded_uint64(self.seed, "token", 3)
        coefs = _odd(seeded_uint64(self.seed, f"shingle-{self.shingle_size}", self.shingle_size))
        keys = seeded_uint64(self.seed, f"probe-{self.num_perm}", self.num_perm * self.num_perm)
        probe = np.argsort(keys.reshape(self.num_perm, self.num_perm), axis=1, kind="stable")
        object.__setattr__(self, "token_base", base | np.uint64(1))
        object.__setattr__(self, "token_length", length | np.uint64(1))
        object.__setattr__(self, "token_offset", offset)
        object.__setattr__(self, "shingle_coefs", coefs)
        object.__setattr__(self, "probe", probe.astype(np.int16))


def token_hashes(tokens: Sequence[str], plan: HashPlan) -> U64:
    """One 64-bit hash per token (tokens must be non-empty)."""
    if not tokens:
        return np.empty(0, dtype=np.uint64)
    out = np.empty(len(tokens), dtype=np.uint64)
    for lo in range(0, len(tokens), _CHUNK_TOKENS):
        part = tokens[lo : lo + _CHUNK_TOKENS]
        out[lo : lo + len(part)] = _token_hashes(part, plan)
    return out


def _token_hashes(tokens: Sequence[str], plan: HashPlan) -> U64:
    points = np.frombuffer("".join(tokens).encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    lengths = np.fromiter(map(len, tokens), dtype=np.int64, count=len(tokens))
    starts = np.cumsum(lengths) - lengths
    powers = np.full(int(lengths.max()), plan.token_base, dtype=np.uint64)
    np.cumprod(powers, out=powers)
    local = np.arange(points.size, dtype=np.int64) - np.repeat(starts, lengths)
    points *= powers[local]
    hashes = np.add.reduceat(points, starts)
    hashes += lengths.astype(np.uint64) * plan.token_length
    hashes += plan.token_offset
    return mix64(hashes)


def shingle_hashes(hashes: U64, counts: I64, plan: HashPlan) -> tuple[U64, I64]:
    """Shingle hashes of documents laid end to end, and the number of shingles of each.

    ``hashes`` holds the token hashes of every document in order, ``counts`` how many belong to
    each. A document with fewer tokens than the shingle size has one shingle; an empty one none.
    """
    k = plan.shingle_size
    docs = counts.size
    per_doc = np.where(counts >= k, counts - k + 1, np.minimum(counts, 1))
    if hashes.size == 0:
        return np.empty(0, dtype=np.uint64), per_doc
    # Each document is followed by k - 1 zero pads, so no shingle spans two documents and a
    # short document's single shingle combines only its own tokens.
    doc_of_token = np.repeat(np.arange(docs, dtype=np.int64), counts)
    padded = np.zeros(hashes.size + docs * (k - 1), dtype=np.uint64)
    padded[np.arange(hashes.size, dtype=np.int64) + doc_of_token * (k - 1)] = hashes
    span = padded.size - k + 1
    combined = padded[:span] * plan.shingle_coefs[0]
    for i in range(1, k):
        combined += padded[i : i + span] * plan.shingle_coefs[i]
    doc_offsets = np.cumsum(counts) - counts + np.arange(docs, dtype=np.int64) * (k - 1)
    first = np.cumsum(per_doc) - per_doc
    total = int(per_doc.sum())
    starts = np.repeat(doc_offsets - first, per_doc) + np.arange(total, dtype=np.int64)
    return mix64(combined[starts]), per_doc


def sketch(shingles: U64, per_doc: I64, plan: HashPlan) -> U32:
    """Fast-similarity-sketch signatures, one row per document (see the module docstring)."""
    width = plan.num_perm
    docs = per_doc.size
    best = np.full(docs * width, _UNSET, dtype=np.uint64)
    rows = np.arange(docs, dtype=np.int64) * width
    _throw(best, np.repeat(rows, per_doc), shingles, None, width)  # round 0: the hashes as is
    first = np.cumsum(per_doc) - per_doc
    rounds = np.ones(docs, dtype=np.int64)  # the next round of each document
    active = np.flatnonzero((per_doc > 0) & (best.reshape(docs, width) == _UNSET).any(axis=1))
    while active.size:
        # Small documents throw several rounds at once (about num_perm throws per step).
        size = per_doc[active]
        block = np.maximum(1, -(-width // size))
        step_doc = np.repeat(active, block)
        step_round = np.repeat(rounds[active], block) + ranks(block)
        count = per_doc[step_doc]
        index = np.repeat(first[step_doc], count) + ranks(count)
        number = np.repeat(step_round, count).astype(np.uint64)
        hashes = mix64(shingles[index] + number * _GOLDEN)
        _throw(best, np.repeat(rows[step_doc], count), hashes, number, width)
        rounds[active] += block
        unfinished = (best.reshape(docs, width)[active] == _UNSET).any(axis=1)
        active = active[unfinished & (rounds[active] < _MAX_ROUNDS)]
    values = mix64(best.copy()) & _LOW32
    signatures = np.minimum(values, np.uint64(_TOP_VALUE)).astype(np.uint32)
    signatures[best == _UNSET] = EMPTY
    result: U32 = signatures.reshape(docs, width)
    densify(result, plan)
    return result


def _throw(best: U64, base: I64, hashes: U64, number: U64 | None, width: int) -> None:
    """Offer each hash to its bin (high bits) with value (round number, low 32 bits)."""
    bins = (((hashes >> np.uint64(32)) * np.uint64(width)) >> np.uint64(32)).astype(np.int64)
    values = hashes & _LOW32
    if number is not None:
        values |= number << np.uint64(32)
    np.minimum.at(best, base + bins, values)


def ranks(counts: I64) -> I64:
    """0, 1, ..., c - 1 for each count c, concatenated."""
    total = int(counts.sum())
    return np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)


def densify(signatures: U32, plan: HashPlan) -> None:
    """Fill the empty bins of non-empty signatures in place from their filled bins."""
    filled = signatures != EMPTY
    holes = ~filled & filled.any(axis=1, keepdims=True)
    doc, hole = np.nonzero(holes)
    # Most holes are filled by one of the first few bins of their order: try those for all
    # holes, then the full order only for the rest, in blocks to bound temporary memory.
    doc, hole = _fill(signatures, filled, doc, hole, plan.probe[:, :_PROBE_FIRST])
    for lo in range(0, doc.size, _HOLE_BLOCK):
        block = slice(lo, lo + _HOLE_BLOCK)
        _fill(signatures, filled, doc[block], hole[block], plan.probe)


def _fill(
    signatures: U32,
    filled: npt.NDArray[np.bool_],
    doc: I64,
    hole: I64,
    probe: npt.NDArray[np.int16],
) -> tuple[I64, I64]:
    """Copy into each hole the value of the first filled bin of its order; return the rest."""
    if doc.size == 0:
        return doc, hole
    order = probe[hole]
    hit = filled[doc[:, None], order]
    found = hit.any(axis=1)
    source = order[np.flatnonzero(found), hit[found].argmax(axis=1)]
    signatures[doc[found], hole[found]] = signatures[doc[found], source]
    return doc[~found], hole[~found]


def band_keys(signatures: U32, bands: int, rows: int, coefs: U64, salts: U64) -> U64:
    """One 64-bit key per (signature, band): equal keys mean an equal band, up to collisions."""
    count = signatures.shape[0]
    values = signatures[:, : bands * rows].reshape(count, bands, rows).astype(np.uint64)
    keys = values[:, :, 0] * coefs[0]
    for j in range(1, rows):
        keys += values[:, :, j] * coefs[j]
    keys += salts
    return mix64(keys)
