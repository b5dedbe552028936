"""Offline language identification (py3langid: a numpy naive-Bayes model shipped in its wheel)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from storyweave.models import Language

DETECTOR_NAME = "py3langid.v1"
UNDETERMINED = "und"


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(
    text: str,
    declared: str | None = None,
    *,
    min_confidence: float = 0.5,
    sample_chars: int = 2000,
) -> Language:
    """The language of ``text`` as an ISO 639-1 code, with confidence and method.

    Rule: a confident detection wins; otherwise a declared language (feed, HTML ``lang``,
    JSONL ``lang``) is used; otherwise ``und``. Declared tags like ``en-GB`` are reduced to
    their primary subtag.
    """
    sample = text[:sample_chars]
    code, probability = _identifier().classify(sample) if sample.strip() else ("", 0.0)
    confidence = float(probability)
    if code and confidence >= min_confidence:
        return Language(code=str(code), confidence=round(confidence, 4), method=DETECTOR_NAME)
    primary = (declared or "").strip().replace("_", "-").split("-")[0].lower()
    if primary.isalpha() and 2 <= len(primary) <= 3:
        return Language(code=primary, confidence=1.0, method="declared")
    return Language(code=UNDETERMINED, confidence=round(confidence, 4), method=DETECTOR_NAME)
