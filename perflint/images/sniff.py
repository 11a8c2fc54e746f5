"""Tell an image's format from its first bytes, as a browser or Pillow would."""

from __future__ import annotations

import re
import struct

_LFS_POINTER = b"version https://git-lfs.github.com/spec/v1"
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"8BPS\x00\x01", "psd"),
    (b"8BPS\x00\x02", "psd"),
)
_AVIF_BRANDS = frozenset({b"avif", b"avis"})
_HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"heim", b"heis", b"hevm", b"hevs", b"mif1", b"msf1"})
_BMP_HEADER_SIZES = frozenset({12, 16, 40, 52, 56, 64, 108, 124})
# SVG prologs are short; a bound keeps sniffing linear however much the caller passes.
_SVG_SCAN = 64 * 1024
_SVG_SKIPS = (("<?", "?>"), ("<!--", "-->"))
_SVG_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?svg[\s/>]")
_EXTERNAL_ID = re.compile(r"""<!DOCTYPE\s+[^\s\[>]+\s+(?:SYSTEM|PUBLIC\s+("|')[^"']*\1)\s*("|')([^"']*)\2""")
_W3C_SVG_DTDS = ("http://www.w3.org/Graphics/SVG/", "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/")


def sniff(head: bytes) -> str | None:
    """Return the image format of a file from its first bytes, or None for anything else."""
    for magic, fmt in _MAGIC:
        if head.startswith(magic):
            return fmt
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":
        return _isobmff(head)
    if _is_ico(head):
        return "ico"
    if _is_bmp(head):
        return "bmp"
    return "svg" if _is_svg(head) else None


def is_lfs_pointer(head: bytes) -> bool:
    """Tell whether a file is a Git LFS pointer standing in for the real content."""
    return head.startswith(_LFS_POINTER)


def _isobmff(head: bytes) -> str | None:
    """Tell AVIF from HEIF by the ftyp brands; other ISOBMFF files (video) are not images."""
    (size,) = struct.unpack_from(">I", head)
    major = head[8:12]
    box = head[16 : max(16, min(size, len(head)))]
    brands = {major, *(box[i : i + 4] for i in range(0, len(box) - 3, 4))}
    if brands & _AVIF_BRANDS:
        return "avif"
    return "heif" if brands & _HEIF_BRANDS else None


def _is_ico(head: bytes) -> bool:
    """Tell an icon directory from other data starting with zero bytes."""
    if head[:4] != b"\x00\x00\x01\x00" or len(head) < 6:
        return False
    (count,) = struct.unpack_from("<H", head, 4)
    # The first entry's reserved byte is zero, where there is an entry to look at.
    return 1 <= count <= 255 and head[9:10] in (b"", b"\x00")


def _is_bmp(head: bytes) -> bool:
    """Tell a bitmap from text that merely starts with "BM"."""
    if head[:2] != b"BM" or len(head) < 18:
        return False
    (header_size,) = struct.unpack_from("<I", head, 14)
    return header_size in _BMP_HEADER_SIZES


def _is_svg(head: bytes) -> bool:
    """Tell whether the first element of an XML text, after its prolog, is an svg root."""
    text = head[:_SVG_SCAN].decode("utf-8", "ignore").removeprefix("\ufeff")
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        end = _prolog_end(text, pos)
        if end is None:
            return _SVG_ROOT.match(text, pos) is not None
        if end < 0:
            return False
        pos = end


def _prolog_end(text: str, pos: int) -> int | None:
    """Return where a prolog item at `pos` ends, -1 if unterminated, None if there is none."""
    for opener, closer in _SVG_SKIPS:
        if text.startswith(opener, pos):
            end = text.find(closer, pos + len(opener))
            return end + len(closer) if end >= 0 else -1
    if not text.startswith("<!DOCTYPE", pos):
        return None
    close = text.find(">", pos)
    subset = text.find("[", pos, close if close >= 0 else len(text))
    if subset >= 0:
        # An internal subset may hold '>' of its own; the doctype ends after its ']'.
        subset_end = text.find("]", subset)
        close = text.find(">", subset_end) if subset_end >= 0 else -1
    return close + 1 if close >= 0 else -1


def svg_doctype_warning(head: bytes) -> str | None:
    """Say what an SVG's DOCTYPE declares beyond the standard SVG DTD, or None.

    perflint reads none of it, and browsers load no external entity, but other tools in a
    publishing pipeline (image optimisers, CMS importers) may expand entities or fetch a DTD:
    such a DOCTYPE is either an old export's leftover or an attack on them.
    """
    text = head[:_SVG_SCAN].decode("utf-8", "ignore")
    root = _SVG_ROOT.search(text)
    prolog = text[: root.start() if root else len(text)]
    start = prolog.find("<!DOCTYPE")
    if start < 0:
        return None
    advice = "; export the SVG again without a DOCTYPE (an optimiser such as SVGO removes it)"
    external = _EXTERNAL_ID.match(prolog, start)
    if external and not external.group(3).startswith(_W3C_SVG_DTDS):
        return f"its DOCTYPE loads a document type from {external.group(3)!r}, which XML tools may fetch{advice}"
    close = prolog.find(">", start)
    if "[" in prolog[start : close if close >= 0 else len(prolog)]:
        return f"its DOCTYPE declares its own entities or rules, which XML tools may expand{advice}"
    return None
