"""Bytes -> str for untrusted inputs: BOMs, UTF-16 without BOM, UTF-8, then a guess."""

from __future__ import annotations

import codecs

from storyweave.errors import DecodeError, UnsupportedInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Magic numbers of binary formats people drop into news folders by mistake.
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or DOCX/XLSX)",
    b"\x7fELF": "an executable",
    b"SQLite format 3": "an SQLite database",
}
# Share of invalid UTF-8 sequences below which a file is taken as damaged UTF-8, not another
# encoding: one stray byte in a long UTF-8 article must not turn it into mojibake.
_MAX_INVALID_UTF8 = 0.002
_MAX_CONTROL = 0.02


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without BOM: one byte of each pair is a small "page" byte (0x00 for Latin,
    0x04 for Cyrillic, 0x06 for Arabic...) while the other varies."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_low = sum(b < 0x09 for b in even) / len(even)
    odd_low = sum(b < 0x09 for b in odd) / len(odd)
    if odd_low > 0.6 and even_low < 0.1:
        return "utf-16-le"
    if even_low > 0.6 and odd_low < 0.1:
        return "utf-16-be"
    return None


def _reject_binary(data: bytes, locator: str) -> None:
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise UnsupportedInput(locator, f"binary file ({what}), not an article")


def _check_control(text: str, locator: str) -> str:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    if sample and controls / len(sample) > _MAX_CONTROL:
        raise UnsupportedInput(locator, "binary data (control bytes), not text")
    return text


def decode_bytes(data: bytes, locator: str, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data``; returns (text, encoding used). Raises DecodeError / UnsupportedInput.

    Order: BOM, UTF-16 without BOM, a declared encoding that decodes cleanly, strict UTF-8,
    UTF-8 with a handful of bad bytes replaced, then charset-normalizer's best guess.
    """
    _reject_binary(data, locator)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _check_control(data[len(bom) :].decode(encoding, "replace"), locator), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _check_control(data.decode(utf16, "replace"), locator), utf16
    if declared:
        try:
            return _check_control(data.decode(declared), locator), codecs.lookup(declared).name
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return _check_control(data.decode("utf-8"), locator), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", "replace")
    if lenient.count("\ufffd") <= max(1, len(lenient) * _MAX_INVALID_UTF8):
        return _check_control(lenient, locator), "utf-8 (invalid bytes replaced)"
    return _guess(data, locator)


def _guess(data: bytes, locator: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:262144]).best()
    if best is None or best.encoding is None:
        raise DecodeError(locator, "not text in any recognisable encoding")
    try:
        text = data.decode(best.encoding, "replace")
    except LookupError:
        raise DecodeError(locator, f"unknown encoding {best.encoding!r}") from None
    return _check_control(text, locator), best.encoding
