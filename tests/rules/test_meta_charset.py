from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from perflint.documents.text import decode
from perflint.rules.meta_charset import byte_offset
from tests.checking import findings
from tests.expectations import check_fixture, fixture_files

HEAD = b'<!doctype html>\n<html lang="en">\n<head>\n'
REST = b"<title>Caf\xc3\xa9</title>\n</head>\n<body></body>\n</html>\n"


@pytest.mark.parametrize("name", fixture_files("meta-charset"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("meta-charset", name, tmp_path)
    assert actual == expected


def _findings(tmp_path: Path, data: bytes) -> list[str]:
    found = findings(tmp_path, "index.html", data, "meta-charset")
    assert all(finding.code == "HTML105" for finding in found)
    return [finding.message for finding in found]


def test_missing(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "index.html", HEAD + REST, "meta-charset")
    assert (finding.line, finding.column) == (3, 1)
    assert finding.message == (
        "the page does not declare its character set: browsers may guess the character set wrong and garble "
        'letters such as é; add <meta charset="utf-8"> as the first line inside <head>'
    )


def test_missing_in_a_legacy_file_asks_to_save_as_utf8(tmp_path: Path) -> None:
    [message] = _findings(tmp_path, HEAD + b"<title>Caf\xe9</title></head></html>")
    assert message.endswith(", and save the file as UTF-8 (it is not)")


def test_late_declaration_gives_its_byte_offset(tmp_path: Path) -> None:
    padding = b"<!--" + b"x" * 1000 + b"-->\n"
    data = HEAD + padding + b'<meta charset="utf-8">\n' + REST
    end = len(HEAD + padding) + len(b'<meta charset="utf-8">')
    [message] = _findings(tmp_path, data)
    assert message.startswith(f'<meta charset="utf-8"> ends at byte {end} of the file, after the first 1024 bytes')
    assert 'put <meta charset="utf-8"> first inside <head>' in message


def test_declaration_ending_at_byte_1024_is_in_time(tmp_path: Path) -> None:
    tag = b'<meta charset="utf-8">'
    padding = b"<!--" + b"x" * (1024 - len(HEAD) - len(tag) - 8) + b"-->\n"
    data = HEAD + padding + tag + b"\n" + REST
    assert data.index(tag) + len(tag) == 1024
    assert _findings(tmp_path, data) == []
    assert len(_findings(tmp_path, data.replace(b"<!--", b"<!-- "))) == 1


def test_late_declaration_after_a_utf8_bom_counts_the_bom(tmp_path: Path) -> None:
    tag = b'<meta charset="utf-8">'
    padding = b"<!--" + b"x" * (1024 - len(HEAD) - len(tag) - 8) + b"-->\n"
    data = HEAD + padding + tag + b"\n" + REST
    decoded = decode(codecs.BOM_UTF8 + data, html=True)
    assert byte_offset(decoded, decoded.text.index(tag.decode()) + len(tag)) == 1027
    # A UTF-8 byte order mark itself declares the encoding: browsers then ignore the tag.
    assert _findings(tmp_path, codecs.BOM_UTF8 + data) == []
    assert _findings(tmp_path, codecs.BOM_UTF8 + HEAD + REST) == []


def test_utf16_offsets_count_two_bytes_per_character() -> None:
    decoded = decode(codecs.BOM_UTF16_LE + "<head><meta charset=utf-8>".encode("utf-16-le"), html=True)
    assert byte_offset(decoded, 6) == 2 + 12


def test_utf16_file_is_reported_once(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + (HEAD + b'<meta charset="utf-16">\n' + REST).decode().encode("utf-16-le")
    [finding] = findings(tmp_path, "index.html", data, "meta-charset")
    assert finding.line == 4
    assert finding.message.startswith("the file is saved as UTF-16: ")
    assert 'save it as UTF-8, with <meta charset="utf-8"> first inside <head>' in finding.message


@pytest.mark.parametrize(
    ("meta", "file_text", "advice"),
    [
        (b'<meta charset="iso-8859-1">', REST, 'change it to <meta charset="utf-8">'),
        (b'<meta charset="windows-1252">', b"<title>Caf\xe9</title></head></html>", "save the file as UTF-8"),
    ],
)
def test_other_charset_is_named(tmp_path: Path, meta: bytes, file_text: bytes, advice: str) -> None:
    [message] = _findings(tmp_path, HEAD + meta + b"\n" + file_text)
    charset = meta.decode().split('"')[1]
    assert message.startswith(f'{meta.decode()} declares the character set "{charset}", not UTF-8: ')
    assert advice in message


def test_http_equiv_is_shown_as_written(tmp_path: Path) -> None:
    meta = b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'
    [message] = _findings(tmp_path, HEAD + meta + b"\n" + REST)
    assert message.startswith(f'{meta.decode()} declares the character set "ISO-8859-1"')
