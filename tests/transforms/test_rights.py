"""Rights statements (creator, copyright, credit, licence) survive every image fix; nothing else of the XMP does."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from perflint.cli import main
from perflint.images.probe import probe
from perflint.transforms.images import MetadataPolicy, optimize_image
from perflint.transforms.lossy import Extras, encode_lossy
from perflint.transforms.rights import XMP_KEY, rights_packet
from tests import imagefactory as f

DC, PHOTOSHOP, RIGHTS = (
    "http://purl.org/dc/elements/1.1/",
    "http://ns.adobe.com/photoshop/1.0/",
    "http://ns.adobe.com/xap/1.0/rights/",
)
EXIF_NS = "http://ns.adobe.com/exif/1.0/"
XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"

# As Lightroom writes it: rights as attributes and as elements, beside location and editing history.
EDITOR_XMP = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="{DC}" xmlns:photoshop="{PHOTOSHOP}" xmlns:xmpRights="{RIGHTS}"
  xmlns:exif="{EXIF_NS}" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
  photoshop:Credit="ACME Photo Agency" exif:GPSLatitude="52,22.1N" xmpRights:Marked="True">
 <dc:creator><rdf:Seq><rdf:li>Jo Bloggs</rdf:li></rdf:Seq></dc:creator>
 <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">(c) 2024 ACME Ltd, all rights reserved</rdf:li></rdf:Alt></dc:rights>
 <xmpRights:WebStatement>https://acme.example/licence</xmpRights:WebStatement>
 <xmpMM:History><rdf:Seq>{"<rdf:li>edited in a photo editor</rdf:li>" * 300}</rdf:Seq></xmpMM:History>
</rdf:Description></rdf:RDF></x:xmpmeta>
{" " * 2000}<?xpacket end="w"?>""".encode()


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc_segment(datasets: dict[int, bytes]) -> bytes:
    """An APP13 Photoshop segment holding an IPTC-IIM record 2, as Photoshop writes one."""
    record = b"".join(
        b"\x1c\x02" + bytes([number]) + struct.pack(">H", len(value)) + value for number, value in datasets.items()
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(record)) + record
    return jpeg_segment(0xED, b"Photoshop 3.0\x00" + resource + b"\x00" * (len(record) % 2))


def with_segments(data: bytes, *segments: bytes) -> bytes:
    return data[:2] + b"".join(segments) + data[2:]


def credited_jpeg(**options: object) -> bytes:
    data = f.jpeg_bytes(f.photo(320, 240), gps=True, **options)  # type: ignore[arg-type]
    return with_segments(data, jpeg_segment(0xE1, XMP_HEADER + EDITOR_XMP))


def properties(data: bytes) -> dict[str, str]:
    """Read an image's XMP back with a plain XML parser: property name -> its text, wherever it sits."""
    with Image.open(io.BytesIO(data)) as image:
        packet = image.info.get("xmp") or image.info.get(XMP_KEY)
    if not packet:
        return {}
    root = ET.fromstring(packet.encode() if isinstance(packet, str) else packet)
    found = {}
    for description in root.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        found |= {name.split("}")[1]: value for name, value in description.attrib.items() if "}" in name}
        for child in description:
            found[child.tag.split("}")[1]] = " ".join(text.strip() for text in child.itertext() if text.strip())
    return found


EXPECTED = {
    "creator": "Jo Bloggs",
    "rights": "(c) 2024 ACME Ltd, all rights reserved",
    "Credit": "ACME Photo Agency",
    "WebStatement": "https://acme.example/licence",
    "Marked": "True",
}


def test_lossless_fix_keeps_the_rights_and_drops_the_rest_of_the_xmp() -> None:
    data = credited_jpeg()
    result = optimize_image(data, "jpeg")
    assert result is not None
    kept = properties(result.data)
    assert {name: kept.get(name) for name in EXPECTED} == EXPECTED
    assert "History" not in kept and "GPSLatitude" not in kept and "about" in kept
    info = probe(io.BytesIO(result.data), len(result.data), "jpeg")
    assert not info.gps
    assert info.metadata["xmp"] < 1200 < len(EDITOR_XMP)
    assert any("licence statements" in change for change in result.changes)


def test_rights_can_be_dropped_with_the_copyright() -> None:
    result = optimize_image(credited_jpeg(), "jpeg", MetadataPolicy(keep_copyright=False))
    assert result is not None
    assert properties(result.data) == {}


def test_iptc_rights_are_carried_into_the_xmp() -> None:
    iim = iptc_segment({80: b"Jo Bloggs", 116: "© 2024 Müller".encode(), 110: b"ACME", 25: b"a keyword"})
    data = with_segments(f.jpeg_bytes(f.photo(320, 240), exif_size=8_000), iim)
    result = optimize_image(data, "jpeg")
    assert result is not None
    assert properties(result.data) == {"about": "", "creator": "Jo Bloggs", "rights": "© 2024 Müller", "Credit": "ACME"}
    assert b"Photoshop 3.0" not in result.data


def test_xmp_rights_win_over_the_older_iptc_record() -> None:
    data = with_segments(credited_jpeg(), iptc_segment({80: b"Someone Else"}))
    result = optimize_image(data, "jpeg")
    assert result is not None
    assert properties(result.data)["creator"] == "Jo Bloggs"


def test_png_keeps_its_rights_as_xmp_text() -> None:
    image = f.photo(200, 150)
    plain = f.png_bytes(image)
    chunk = f.png_chunk(b"iTXt", XMP_KEY.encode() + b"\x00" * 5 + EDITOR_XMP)
    data = plain[:33] + chunk + plain[33:]
    result = optimize_image(data, "png")
    assert result is not None
    assert {name: properties(result.data).get(name) for name in EXPECTED} == EXPECTED


@pytest.mark.parametrize("output_format", [None, "webp"])
def test_lossy_fix_keeps_the_rights(output_format: str | None) -> None:
    data = credited_jpeg(quality=98)
    with Image.open(io.BytesIO(data)) as image:
        packet = rights_packet(image)
    lossy = encode_lossy(data, "jpeg", 80.0, 200, Extras(xmp=packet), output_format)
    assert lossy is not None and lossy.resized is not None
    assert {name: properties(lossy.data).get(name) for name in EXPECTED} == EXPECTED


@pytest.mark.parametrize(
    "packet",
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            b'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:rights>&b;</dc:rights>'
            b"</rdf:Description></rdf:RDF></x:xmpmeta>"
        ),
        b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><unclosed>",
        b"\xff\xfe\x00not xml",
    ],
    ids=["entity expansion", "broken XML", "binary"],
)
def test_hostile_or_broken_xmp_keeps_nothing(packet: bytes) -> None:
    data = with_segments(f.jpeg_bytes(f.photo(64, 48)), jpeg_segment(0xE1, XMP_HEADER + packet))
    with Image.open(io.BytesIO(data)) as image:
        assert rights_packet(image) is None


def test_camera_photo_through_fix_keeps_its_credit_and_loses_its_location(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(credited_jpeg(quality=98))
    assert probe(io.BytesIO(photo.read_bytes()), photo.stat().st_size, "jpeg").gps
    (tmp_path / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "10 KiB"\n')
    main(["fix", "--jobs", "1", "photo.jpg"])
    assert "re-compressed to JPEG quality" in capsys.readouterr().out
    fixed = photo.read_bytes()
    assert {name: properties(fixed).get(name) for name in EXPECTED} == EXPECTED
    assert not probe(io.BytesIO(fixed), len(fixed), "jpeg").gps
