"""Files that must be reported, not passed in silence: each gets a finding that says what is wrong with it."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from tests.hostile.generate import build_repository
from tests.hostile.runner import base_environment, run_perflint
from tests.imagefactory import photo, png_bytes

SVG_ROOT = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>&x;</text></svg>\n'
XML = '<?xml version="1.0"?>\n'
STANDARD_DTD = '"-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"'


def chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def broken_checksum() -> bytes:
    data = bytearray(png_bytes(photo(40, 30)))
    data[29] ^= 0xFF  # the IHDR chunk's CRC
    return bytes(data)


def profile_bomb() -> bytes:
    """A PNG whose iCCP colour profile unpacks to 200 MB (from 200 KB)."""
    data = png_bytes(photo(40, 30))
    bomb = chunk(b"iCCP", b"profile\x00\x00" + zlib.compress(bytes(200 * 1024**2), 9))
    return data[:33] + bomb + data[33:]


# name -> (content, severity expected, words the finding must hold)
REPORTED = {
    "svg/internal-entities.svg": (f'{XML}<!DOCTYPE svg [<!ENTITY x "hello">]>\n{SVG_ROOT}', "warning", "entities"),
    "svg/system-entity.svg": (f'{XML}<!DOCTYPE svg SYSTEM "file:///etc/passwd">\n{SVG_ROOT}', "warning", "/etc/passwd"),
    "svg/remote-dtd.svg": (
        f'{XML}<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://evil.example/x.dtd">\n{SVG_ROOT}',
        "warning",
        "evil.example",
    ),
    "svg/not-xml.svg": ("this is not XML { }\n", "error", "not an image"),
    "pages/binary.html": (bytes(range(256)) * 40, "error", "binary data"),
    "images/ihdr-checksum.png": (broken_checksum(), "error", "checksum"),
    "images/profile-bomb.png": (profile_bomb(), "error", "decompression bomb"),
}


def reported_files(repo: Path) -> dict[str, str]:
    files = {**REPORTED, "svg/standard-dtd.svg": (f"{XML}<!DOCTYPE svg PUBLIC {STANDARD_DTD}>\n{SVG_ROOT}", "", "")}
    for name, (content, _, _) in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode() if isinstance(content, str) else content)
    return {name: "must be reported" for name in files}


@pytest.fixture(scope="module")
def findings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    tree = build_repository(tmp_path_factory.mktemp("reported"), reported_files)
    run = run_perflint(["check", "--format", "json", "."], tree.repo, env=base_environment(tree.fake_bin))
    assert run.returncode == 1, run.describe()
    by_path: dict[str, list[dict[str, object]]] = {}
    for finding in run.json()["findings"]:
        by_path.setdefault(finding["path"], []).append(finding)
    return by_path


@pytest.mark.parametrize("name", list(REPORTED))
def test_file_is_reported_with_the_reason(findings: dict[str, list[dict[str, object]]], name: str) -> None:
    _, severity, words = REPORTED[name]
    reasons = [f for f in findings.get(name, []) if f["rule"] == "unreadable-file"]
    assert [f["severity"] for f in reasons] == [severity], findings.get(name)
    assert words in str(reasons[0]["message"])


def test_the_standard_svg_doctype_is_not_reported(findings: dict[str, list[dict[str, object]]]) -> None:
    assert findings.get("svg/standard-dtd.svg", []) == []
