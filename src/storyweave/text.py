"""Text primitives shared by the stages: normalisation, sentences, tokens, shingles.

Kept dependency-free and deterministic so every stage can rely on the same definitions
(a "token" or a "shingle" must mean the same thing to dedup, clustering and provenance).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator, Sequence

_WORD = re.compile(r"\w+(?:[’'-]\w+)*", re.UNICODE)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# A sentence ends at . ! ? … (optionally followed by closing quotes/brackets) and whitespace,
# when the next thing looks like a sentence start. Abbreviations are protected below.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[]?[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ0-9])")
_ABBREVIATIONS = frozenset(
    (
        "mr mrs ms dr prof sen rep gov gen col lt sgt st jr sr inc ltd co corp vs etc "
        "jan feb mar apr jun jul aug sep sept oct nov dec no u.s u.k e.g i.e"
    ).split()
)


def normalise_unicode(text: str) -> str:
    """NFC-normalise and drop control and zero-width characters (keeps newlines and tabs)."""
    text = unicodedata.normalize("NFC", text)
    drop = {
        ord(ch) for ch in set(text) if ch not in "\n\t" and unicodedata.category(ch) in {"Cc", "Cf"}
    }
    return text.translate(dict.fromkeys(drop)) if drop else text


def collapse_spaces(line: str) -> str:
    """Fold runs of horizontal white space (incl. NBSP and thin spaces) into one space."""
    return _SPACES.sub(" ", line).strip()


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens (letters/digits, inner apostrophes and hyphens kept)."""
    return [word.lower() for word in _WORD.findall(text)]


def shingles(words: Sequence[str], size: int) -> Iterator[tuple[str, ...]]:
    """Contiguous word n-grams of ``size``; a shorter text yields itself once (if non-empty)."""
    if size < 1:
        raise ValueError(f"shingle size must be >= 1; got {size}")
    if 0 < len(words) < size:
        yield tuple(words)
        return
    for i in range(len(words) - size + 1):
        yield tuple(words[i : i + size])


def sentences(text: str) -> list[str]:
    """Split text into sentences; paragraphs (newlines) always end a sentence."""
    out: list[str] = []
    for paragraph in text.splitlines():
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        start = 0
        for match in _SENTENCE_END.finditer(paragraph):
            before = paragraph[start : match.start()].rstrip('"”’»)]')
            last_word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before else ""
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
            out.append(paragraph[start : match.start()].strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            out.append(tail)
    return out


def content_hash(*parts: str | bytes, length: int = 16) -> str:
    """Stable hex digest of the given parts (blake2b), used for ids and fingerprints."""
    digest = hashlib.blake2b(digest_size=32)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()[:length]
