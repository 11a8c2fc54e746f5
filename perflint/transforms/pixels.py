"""Check that two encodings of an image hold the same pixels, the guard on every lossless fix.

Both files are decoded in full with Pillow, limited to the raster formats a fix writes (JPEG,
PNG, GIF, WebP) and with Pillow's decompression-bomb limit left on. Frames are compared in a
form that loses nothing: modes that fit in 8-bit RGBA (1, L, LA, P, PA, RGB, RGBA) are expanded
to it, so the palette, grey and bit-depth reductions oxipng makes still compare equal; 16-bit
PNG samples are compared whole, high and low byte; any other mode (CMYK, ...) must be the same
on both sides and is compared byte for byte. EXIF orientation is not applied to either side.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

from PIL import Image, ImageFile

from perflint.images.info import MAX_PIXELS

_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")
_RGBA_EXACT = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA"})
_GREY_16 = {"I;16": 1, "I;16L": 1, "I;16B": 0}  # where the high byte of each sample sits
# Pillow keeps only the high byte of 16-bit colour PNG samples; these rawmodes read the rest.
# "RGBA" over LA;16B data yields grey-high, grey-low, alpha-high, alpha-low in R, G, B, A.
_LOW_BYTES = {"RGB;16B": "RGB;16L", "RGBA;16B": "RGBA;16L", "LA;16B": "RGBA"}

# A frame as compared: a kind ("RGBA" or a Pillow mode), then the high and the low bytes of
# every sample (the same bytes twice for 8-bit data, as an 8-bit v is the 16-bit v * 257).
Frame = tuple[str, bytes, bytes]


class _Unverifiable(Exception):
    """The image holds data this check cannot compare exactly, so it cannot vouch for it."""


def same_pixels(before: bytes, after: bytes) -> bool:
    """Return True if both decode to the same size, frame count and pixel values.

    False also when either does not decode, is a decompression bomb, or holds data the check
    cannot compare exactly (16-bit PNG with a transparent colour key, animated 16-bit colour).
    """
    try:
        with _open(before) as first, _open(after) as second:
            if first.size != second.size or _frame_count(first) != _frame_count(second):
                return False
            return all(a == b for a, b in zip(_frames(first, before), _frames(second, after), strict=True))
    except Exception:  # damaged data raises OSError, SyntaxError, ValueError... from Pillow
        return False


def decodes(data: bytes) -> bool:
    """Return True if every frame of `data` decodes as JPEG, PNG, GIF or WebP, within the bomb limit."""
    try:
        with _open(data) as image:
            for index in range(_frame_count(image)):
                image.seek(index)
                image.load()
        return True
    except Exception:
        return False


def _open(data: bytes) -> ImageFile.ImageFile:
    """Open `data` as one of the raster formats fixes write; refuse a bomb before decoding."""
    image = Image.open(io.BytesIO(data), formats=_FORMATS)
    width, height = image.size
    if width * height * _frame_count(image) > MAX_PIXELS:
        image.close()
        raise _Unverifiable("decompression bomb")
    return image


def _frame_count(image: Image.Image) -> int:
    """Return the number of frames (1 for a still image)."""
    return int(getattr(image, "n_frames", 1))


def _frames(image: ImageFile.ImageFile, data: bytes) -> Iterator[Frame]:
    """Yield every frame of `image` (opened from `data`) in the comparable form."""
    for index in range(_frame_count(image)):
        image.seek(index)
        rawmode = image.tile[0].args if image.format == "PNG" and image.tile else None
        image.load()
        if isinstance(rawmode, str) and rawmode in _LOW_BYTES:
            yield _colour_16(image, data, rawmode, index)
        elif image.mode in _GREY_16:
            yield _grey_16(image)
        elif image.mode in _RGBA_EXACT:
            rgba = image.convert("RGBA").tobytes()
            yield "RGBA", rgba, rgba
        else:
            yield image.mode, image.tobytes(), b""


def _grey_16(image: Image.Image) -> Frame:
    """Split 16-bit grey samples into high and low bytes, each expanded to RGBA."""
    if "transparency" in image.info:
        raise _Unverifiable("16-bit grey with a transparent colour key")
    raw, high = image.tobytes(), _GREY_16[image.mode]
    return "RGBA", _grey_rgba(image.size, raw[high::2]), _grey_rgba(image.size, raw[1 - high :: 2])


def _grey_rgba(size: tuple[int, int], grey: bytes) -> bytes:
    """Expand one byte of grey per pixel to opaque RGBA."""
    return Image.frombytes("L", size, grey).convert("RGBA").tobytes()


def _colour_16(image: Image.Image, data: bytes, rawmode: str, index: int) -> Frame:
    """Read the high and low bytes of a 16-bit colour PNG by decoding it a second time."""
    if index or "transparency" in image.info:
        raise _Unverifiable("animated or colour-keyed 16-bit colour PNG")
    with Image.open(io.BytesIO(data), formats=["PNG"]) as raw:
        raw.tile = [tile._replace(args=_LOW_BYTES[rawmode]) for tile in raw.tile]
        raw.load()
        if rawmode == "LA;16B":
            grey_high, grey_low, alpha_high, alpha_low = raw.split()
            high = Image.merge("RGBA", (grey_high, grey_high, grey_high, alpha_high))
            low = Image.merge("RGBA", (grey_low, grey_low, grey_low, alpha_low))
            return "RGBA", high.tobytes(), low.tobytes()
        return "RGBA", image.convert("RGBA").tobytes(), raw.convert("RGBA").tobytes()
