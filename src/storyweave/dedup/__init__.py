"""Exact and near-duplicate detection: signatures, a windowed index, syndication links.

Two dedupers behind one :class:`Deduper` protocol: :class:`ExactDeduper` (normalised content
hash, the baseline) and :class:`MinHashDeduper` (MinHash over word shingles with LSH banding).
"""

from storyweave.dedup.base import Deduper
from storyweave.dedup.exact import ExactDeduper, normalise_for_hash
from storyweave.dedup.minhash import SIGNATURE_DTYPE, MinHashDeduper
from storyweave.models import DuplicateLink

__all__ = [
    "SIGNATURE_DTYPE",
    "Deduper",
    "DuplicateLink",
    "ExactDeduper",
    "MinHashDeduper",
    "normalise_for_hash",
]
