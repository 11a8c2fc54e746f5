"""JPEG: walk the markers from SOI to the first SOS, then make sure an end marker exists."""

from __future__ import annotations

from collections.abc import Iterator

from perflint.images.exif import tally_exif
from perflint.images.info import Facts, ImageInfo, damaged
from perflint.images.source import Source

# SOF0..SOF15 share one layout; C4, C8 and CC reuse the range for other purposes.
_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_STANDALONE = frozenset(range(0xD0, 0xD9)) | {0x01}
_SOS, _EOI, _COM = 0xDA, 0xD9, 0xFE
_APP0, _APP15 = 0xE0, 0xEF
_MODES = {1: "L", 3: "RGB", 4: "CMYK"}
_TAIL = 1024
_MARKER_WINDOW = 4096
_SIGNATURE_BYTES = 40
_APP_KINDS: tuple[tuple[int, bytes, str | None], ...] = (
    (0xE0, b"JFIF\x00", None),
    (0xE0, b"JFXX\x00", "thumbnail"),
    (0xE1, b"Exif\x00", "exif"),
    (0xE1, b"http://ns.adobe.com/xap/1.0/\x00", "xmp"),
    (0xE1, b"http://ns.adobe.com/xmp/extension/\x00", "xmp"),
    (0xE2, b"ICC_PROFILE\x00", "icc"),
    (0xED, b"", "iptc"),
    (0xEE, b"Adobe", None),
)
# "ICC_PROFILE\0", then the chunk's sequence number and the chunk count.
_ICC_CHUNK_HEADER = 14


def probe_jpeg(src: Source) -> ImageInfo:
    """Read a JPEG's frame header and metadata segments, then confirm it is complete."""
    src.header(4)
    facts = Facts("jpeg")
    pos = 2
    while True:
        marker, pos = _next_marker(src, pos)
        if marker in _STANDALONE:
            continue
        if marker == _EOI:
            raise damaged("it ends before any image data")
        (length,) = src.unpack(">H", pos)
        if length < 2:
            raise damaged(f"a JPEG segment declares an impossible length of {length} bytes")
        if marker == _SOS:
            break
        _segment(src, facts, marker, pos + 2, length - 2)
        pos += length
    if facts.width is None:
        raise damaged("its image data comes before any frame header")
    _require_end(src, pos)
    return facts.freeze(src.size)


def _next_marker(src: Source, pos: int) -> tuple[int, int]:
    """Return the next marker code and the offset after it, skipping fill bytes and junk."""
    pair = src.read_upto(pos, 2)
    if len(pair) == 2 and pair[0] == 0xFF and pair[1] not in (0x00, 0xFF):
        return pair[1], pos + 2
    window = src.read_upto(pos, _MARKER_WINDOW)
    i = window.find(b"\xff")
    while 0 <= i < len(window) - 1 and window[i + 1] == 0xFF:
        i += 1
    if i < 0 or i + 1 >= len(window):
        if len(window) < _MARKER_WINDOW:
            raise src.cut_off()
        raise damaged(f"no JPEG marker where one is due at byte {pos:,}")
    if window[i + 1] == 0:
        raise damaged(f"an invalid JPEG marker at byte {pos + i:,}")
    return window[i + 1], pos + i + 2


def _segment(src: Source, facts: Facts, marker: int, start: int, length: int) -> None:
    """Take what one marker segment tells about size, colour or metadata."""
    if marker in _SOF:
        _frame(src, facts, start, length)
    elif marker == _COM:
        facts.add("comment", length)
    elif _APP0 <= marker <= _APP15:
        _app(src, facts, marker, start, length)


def _frame(src: Source, facts: Facts, start: int, length: int) -> None:
    """Record size and colour mode from the first start-of-frame segment."""
    if length < 6:
        raise damaged("its JPEG frame header is too short")
    _precision, height, width, components = src.unpack(">BHHB", start)
    if facts.width is None:
        facts.set_size(width, height)
        facts.mode = _MODES.get(components)


def _app(src: Source, facts: Facts, marker: int, start: int, length: int) -> None:
    """Count an APPn segment under the metadata kind its signature names."""
    kind = _app_kind(marker, src.read(start, min(length, _SIGNATURE_BYTES)))
    if kind == "exif":
        tally_exif(facts, src.read(start, length), length)
    elif kind == "icc":
        facts.icc_bytes += max(0, length - _ICC_CHUNK_HEADER)
    elif kind is not None:
        facts.add(kind, length)


def _app_kind(marker: int, head: bytes) -> str | None:
    """Name the metadata kind of an APPn segment; None for ones that describe the pixels."""
    for app, signature, kind in _APP_KINDS:
        if app == marker and head.startswith(signature):
            return kind
    return "other-app"


def _require_end(src: Source, sos: int) -> None:
    """Refuse a JPEG without an end marker after its image data.

    Entropy-coded data escapes FF as FF 00, so any FF D9 after the scan starts is the end.
    """
    tail = max(sos, src.size - _TAIL)
    if b"\xff\xd9" in src.read(tail, src.size - tail):
        return
    if src.find(b"\xff\xd9", sos) < 0:
        raise src.cut_off()


def segments(data: bytes) -> Iterator[tuple[int, int, int]]:
    """Yield (marker, start, end) for each marker segment before the image data.

    `start` is the offset of the segment's FF byte, `end` the offset after its payload. Raise
    ValueError where the header walk meets something that is not a marker.
    """
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("not a JPEG")
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            raise ValueError(f"no JPEG marker at byte {pos}")
        marker = data[pos + 1]
        if marker == 0xFF or marker in _STANDALONE:
            pos += 1 if marker == 0xFF else 2
            continue
        if marker in (_SOS, _EOI):
            return
        end = pos + 2 + int.from_bytes(data[pos + 2 : pos + 4], "big")
        if end <= pos + 3 or end > len(data):
            raise ValueError(f"a JPEG segment at byte {pos} has an impossible length")
        yield marker, pos, end
        pos = end
