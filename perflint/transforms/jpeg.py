"""JPEG side of the lossless image fix: mozjpeg transcoding and marker-segment surgery."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable

from perflint.images.jpeg import segments
from perflint.transforms.rights import JPEG_XMP_HEADER

_SOI = b"\xff\xd8"
_COM = 0xFE
_APP0, _APP1, _APP2, _APP14, _APP15 = 0xE0, 0xE1, 0xE2, 0xEE, 0xEF
_EXIF_HEADER = b"Exif\x00\x00"
_ICC_HEADER = b"ICC_PROFILE\x00"
_MPF_HEADER = b"MPF\x00"
_MAX_SEGMENT = 65533
_TIMEOUT = 120  # seconds; a 2.5 MB photo takes 0.4
_TRANSCODER = (
    "import sys, mozjpeg_lossless_optimization as m; from perflint.orphans import die_with_parent; "
    "die_with_parent(int(sys.argv[1])); "
    "sys.stdout.buffer.write(m.optimize(sys.stdin.buffer.read(), copy=m.COPY_MARKERS.ALL))"
)
# Picks a segment by its marker and the first bytes of its payload.
_SegmentTest = Callable[[int, bytes], bool]


def find_exif(data: bytes) -> bytes | None:
    """Return the first EXIF APP1 payload ("Exif\\0\\0" + TIFF), the one browsers read."""
    for marker, start, end in segments(data):
        if marker == _APP1 and data[start + 4 : start + 10] == _EXIF_HEADER:
            return data[start + 4 : end]
    return None


def is_multi_picture(data: bytes) -> bool:
    """Return True for a JPEG with an MPF index, e.g. a phone photo with an HDR gain map after it."""
    return any(marker == _APP2 and data[start + 4 : start + 8] == _MPF_HEADER for marker, start, _ in segments(data))


def run_mozjpeg(data: bytes) -> bytes:
    """Run mozjpeg's lossless transcoder in a child Python, copying every marker segment.

    mozjpeg rewrites the entropy coding (optimised Huffman tables, progressive scans) from the
    same DCT coefficients, so every decoded pixel is the same. It writes the JFIF and Adobe
    markers itself from the colour space, so CMYK and YCCK files keep their meaning. A child,
    because on some damaged input (a DCT coefficient out of range) the binding's encoder calls
    exit() instead of raising, which would end perflint itself. It costs about 45 ms a file,
    and dies with perflint. Raise ValueError if mozjpeg cannot read `data`,
    subprocess.TimeoutExpired if it takes too long.
    """
    # Same interpreter and import path as perflint, less the current folder (a site's own files).
    env = {**os.environ, "PYTHONSAFEPATH": "1"}
    command = [sys.executable, "-c", _TRANSCODER, str(os.getpid())]
    run = subprocess.run(command, input=data, capture_output=True, env=env, timeout=_TIMEOUT, check=False)
    if run.returncode or not run.stdout.startswith(_SOI):
        raise ValueError("mozjpeg could not transcode the JPEG")
    return run.stdout


def strip(data: bytes, keep_icc: bool, exif: bytes | None, xmp: bytes | None) -> bytes:
    """Drop metadata segments but keep the coded image byte for byte, then add `exif` and `xmp`.

    Applied to the original, and to mozjpeg's re-encoding of it (`run_mozjpeg`). JFIF APP0,
    Adobe APP14 (it says how to read CMYK and YCCK) and, if kept, the ICC profile stay; other
    APP2 segments (an MPF index, FlashPix) go.
    """
    out = _without(data, lambda marker, head: not _is_kept(marker, head, keep_icc))
    return with_metadata(out, exif, xmp)


def with_metadata(data: bytes, exif: bytes | None, xmp: bytes | None) -> bytes:
    """Add an EXIF payload and an XMP packet (either may be None) as APP1 segments, the EXIF first."""
    if xmp is not None:
        data = _insert_app1(data, JPEG_XMP_HEADER + xmp)
    return data if exif is None else _insert_app1(data, exif)


def _is_kept(marker: int, head: bytes, keep_icc: bool) -> bool:
    """Tell whether strip() keeps a header segment: all but APPn and comments, save three APPn kinds."""
    if marker == _COM or _APP0 <= marker <= _APP15:
        return (
            (marker == _APP0 and head.startswith(b"JFIF\x00"))
            or (marker == _APP14 and head.startswith(b"Adobe"))
            or (keep_icc and marker == _APP2 and head.startswith(_ICC_HEADER))
        )
    return True


def _without(data: bytes, drop: _SegmentTest) -> bytes:
    """Return `data` without the header segments `drop` picks by marker and payload start."""
    parts, kept_from = [], 0
    for marker, start, end in list(segments(data)):
        if drop(marker, data[start + 4 : start + 20]):
            parts.append(data[kept_from:start])
            kept_from = end
    return b"".join([*parts, data[kept_from:]])


def _insert_app1(data: bytes, payload: bytes) -> bytes:
    """Insert an APP1 segment holding `payload` after SOI, or after a JFIF APP0 that must stay first."""
    if len(payload) > _MAX_SEGMENT:
        raise ValueError("the metadata kept does not fit in one JPEG segment")
    first = next(segments(data), None)
    at = first[2] if first is not None and first[0] == _APP0 and data[first[1] + 4 : first[1] + 9] == b"JFIF\x00" else 2
    segment = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:at] + segment + data[at:]
