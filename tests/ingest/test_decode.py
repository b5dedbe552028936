"""Encodings and binary data: decode what is text, refuse what is not, name the input."""

from __future__ import annotations

import codecs

import pytest

from storyweave.errors import DecodeError, UnsupportedInput
from storyweave.ingest._decode import decode_bytes

UKRAINIAN = "Обговорення відправки військ в Україну відновилися в Європі. " * 5
FRENCH = "Les discussions sur l'envoi de troupes en Ukraine ont repris, écrit Le Monde. " * 5


@pytest.mark.parametrize(
    "data, text",
    [
        (FRENCH.encode("utf-8"), FRENCH),
        (FRENCH.encode("latin-1"), FRENCH),
        (UKRAINIAN.encode("cp1251"), UKRAINIAN),
        (codecs.BOM_UTF8 + FRENCH.encode("utf-8"), FRENCH),
        (FRENCH.encode("utf-16"), FRENCH),
        (FRENCH.encode("utf-16-le"), FRENCH),
        (UKRAINIAN.encode("utf-16-be"), UKRAINIAN),
    ],
)
def test_decodes_common_encodings(data, text):
    decoded, _ = decode_bytes(data, "f")
    assert decoded == text


def test_a_few_invalid_utf8_bytes_do_not_cause_mojibake():
    data = FRENCH.encode("utf-8") * 4 + b"\xff" + FRENCH.encode("utf-8")
    decoded, encoding = decode_bytes(data, "f")
    assert "écrit" in decoded and "\ufffd" in decoded
    assert "replaced" in encoding


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n....", "PNG"),
        (b"PK\x03\x04....", "ZIP"),
        (bytes(range(32)) * 50, "binary"),
    ],
)
def test_binary_is_refused_with_the_input_named(data, fragment):
    with pytest.raises(UnsupportedInput) as caught:
        decode_bytes(data, "scan.bin")
    assert "scan.bin" in str(caught.value) and fragment in str(caught.value)


def test_decode_error_is_an_input_error():
    assert issubclass(DecodeError, UnsupportedInput.__mro__[1])
