"""Vectorised hashing behind the MinHash signature: tokens -> shingles -> one-permutation MinHash.

Everything here works on whole batches of documents at once with numpy, so the per-document
Python cost is a string join and a handful of array operations.

- **Token hash**: a polynomial over the token's code points (mod 2**64), plus its length, then a
  64-bit finaliser. Computed for every token of the batch in one pass (UTF-32 encoding gives a
  fixed width per code point, so token boundaries come from ``len`` alone).
- **Shingle hash**: a seeded linear combination of the ``k`` token hashes of the shingle, then
  the finaliser. A text with fewer than ``k`` tokens is one shingle of all of them, exactly as
  :func:`storyweave.text.shingles` defines it.
- **Signature**: one-permutation MinHash (Li, Owen and Zhang, 2012). Each shingle hash picks one
  of ``num_perm`` bins with its high 32 bits and offers its low 32 bits as the value; a bin keeps
  its minimum. Bins left empty are *densified*: each empty bin copies the value of the first
  non-empty bin in a seeded random order of bins fixed per bin (a without-replacement variant of
  Shrivastava's optimal densification, 2017), so two signatures agree on a bin with probability
  close to the Jaccard similarity of the shingle sets. One hash per shingle instead of
  ``num_perm`` makes this far cheaper than classic MinHash at the same signature length.

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


def one_permutation(shingles: U64, per_doc: I64, plan: HashPlan) -> U32:
    """Densified one-permutation MinHash signatures, one row per document."""
    width = plan.num_perm
    docs = per_doc.size
    bins = (((shingles >> np.uint64(32)) * np.uint64(width)) >> np.uint64(32)).astype(np.int64)
    values = (shingles & _LOW32).astype(np.uint32)
    np.minimum(values, _TOP_VALUE, out=values)
    flat = np.full(docs * width, EMPTY, dtype=np.uint32)
    slots = np.repeat(np.arange(docs, dtype=np.int64) * width, per_doc) + bins
    np.minimum.at(flat, slots, values)
    signatures = flat.reshape(docs, width)
    densify(signatures, plan)
    return signatures


def densify(signatures: U32, plan: HashPlan) -> None:
    """Fill the empty bins of non-empty signatures in place (see the module docstring)."""
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
