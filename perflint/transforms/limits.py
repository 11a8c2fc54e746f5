"""How many pixels perflint decodes to measure or re-encode an image.

The measured work (the WebP and lossless sizes of a check; oxipng, mozjpeg, the pixel
comparison and the lossy search of a fix) holds several full-size copies of the pixels, each
4 bytes a pixel: a few hundred megabytes at 40 megapixels, more than a gigabyte at 100. 40
megapixels takes every common camera photo whole (24 MP at 6000 x 4000, 36 MP full frame, an
8K frame). A larger image is only ever scaled down, band by band, to within the limit.
"""

from __future__ import annotations

MAX_MEASURED_PIXELS = 40_000_000


def too_many_to_measure(width: int | None, height: int | None) -> bool:
    """Tell whether an image of this size holds more pixels than measured work may decode."""
    return (width or 0) * (height or 0) > MAX_MEASURED_PIXELS
