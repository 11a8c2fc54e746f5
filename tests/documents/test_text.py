from __future__ import annotations

import codecs

import pytest

from perflint.documents.text import LineIndex, decode


@pytest.mark.parametrize(
    ("data", "encoding", "bom"),
    [
        ("héllo".encode(), "utf-8", False),
        (codecs.BOM_UTF8 + "héllo".encode(), "utf-8", True),
        (codecs.BOM_UTF16_LE + "héllo".encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + "héllo".encode("utf-16-be"), "utf-16-be", True),
        ("héllo".encode("cp1252"), "cp1252", False),
    ],
)
def test_decode(data: bytes, encoding: str, bom: bool) -> None:
    decoded = decode(data)
    assert (decoded.text, decoded.encoding, decoded.bom) == ("héllo", encoding, bom)


def test_declared_charset_is_used_for_legacy_html() -> None:
    data = '<meta charset="iso-8859-7"><p>Καλημέρα</p>'.encode("iso-8859-7")
    decoded = decode(data, html=True)
    assert decoded.encoding == "iso8859-7"
    assert "Καλημέρα" in decoded.text


def test_invalid_utf8_never_raises() -> None:
    assert decode(b"ok \xff\xfe\x00 bytes").encoding == "cp1252"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_index(newline: str) -> None:
    text = newline.join(["first", "second", "third"])
    lines = LineIndex(text)
    assert lines.position(0) == (1, 1)
    assert lines.position(text.index("second") + 2) == (2, 3)
    assert lines.position(text.index("third")) == (3, 1)
