"""Read an image's header facts without decoding pixels and without importing Pillow."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import BinaryIO

from perflint.images.gif import probe_gif
from perflint.images.info import MAX_PIXELS, ImageInfo, UnreadableImage
from perflint.images.isobmff import probe_isobmff
from perflint.images.jpeg import probe_jpeg
from perflint.images.others import probe_bmp, probe_ico, probe_psd, probe_svg, probe_tiff
from perflint.images.png import probe_png
from perflint.images.source import Source
from perflint.images.webp import probe_webp

__all__ = ["MAX_PIXELS", "ImageInfo", "UnreadableImage", "probe"]

Prober = Callable[[Source], ImageInfo]

# Each format's prober, and what a file of it that ends too early ends before.
_PROBERS: dict[str, tuple[Prober, str]] = {
    "jpeg": (probe_jpeg, "the JPEG end marker"),
    "png": (probe_png, "the PNG end marker"),
    "gif": (probe_gif, "the GIF end marker"),
    "webp": (probe_webp, "the end of its WebP data"),
    "avif": (partial(probe_isobmff, fmt="avif"), "the end of its AVIF data"),
    "heif": (partial(probe_isobmff, fmt="heif"), "the end of its HEIF data"),
    "svg": (probe_svg, "the end of the SVG"),
    "ico": (probe_ico, "the end of its icon data"),
    "bmp": (probe_bmp, "the end of its BMP header"),
    "tiff": (probe_tiff, "the end of its TIFF directory"),
    "psd": (probe_psd, "the end of its Photoshop header"),
}


def probe(f: BinaryIO, size: int, fmt: str) -> ImageInfo:
    """Read the header facts of an image of format `fmt`, as returned by sniff().

    Raise UnreadableImage, with a reason for a non-engineer, for a file that is empty, cut
    off, damaged or a decompression bomb; ValueError only for a format sniff() never returns.
    """
    if fmt not in _PROBERS:
        raise ValueError(f"unknown image format {fmt!r}")
    if size <= 0:
        raise UnreadableImage("the file is empty")
    prober, end = _PROBERS[fmt]
    return prober(Source(f, size, end))
