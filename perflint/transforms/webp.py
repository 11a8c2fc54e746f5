"""Encode a PNG or JPEG as WebP, to measure what publishing it as WebP would save.

The comparison is fair only at the same look: a PNG becomes lossless WebP (every pixel kept),
a JPEG the WebP that looks like it, at the similarity the lossy fix keeps. A fixed WebP
quality would compare a quality-82 WebP with, say, a quality-98 JPEG, and promise savings
that are mostly lost quality, or, for a JPEG saved at a low quality, savings no WebP as good
can deliver.
"""

from __future__ import annotations

import io

from perflint.transforms.limits import too_many_to_measure

CONVERTIBLE = frozenset({"png", "jpeg"})
SETTINGS = "webp/png-lossless-and-lookalike-m4/jpeg-lookalike-m4"  # names the settings in cache keys, with the target
_PILLOW_FORMATS = {"png": "PNG", "jpeg": "JPEG"}
# 8-bit modes WebP holds as they are; CMYK and 16-bit images would change on the way.
_MODES = frozenset({"1", "L", "LA", "P", "PA", "RGB", "RGBA"})
_PNG_DEPTH_OFFSET = 24  # signature (8), IHDR length and type (8), width and height (8)


def to_webp(data: bytes, source_format: str, target: float, lookalike: bool = False) -> bytes | None:
    """Return `data` re-encoded as WebP, or None for an image this measurement leaves alone.

    A PNG becomes lossless WebP (every pixel and the alpha channel kept), or with `lookalike`,
    lossy WebP as a JPEG does; a JPEG lossy WebP at the lowest quality scoring `target`
    (SSIMULACRA2) against the JPEG as it is (`perflint.transforms.lossy.webp_lookalike`).
    Animated, CMYK and 16-bit images are skipped, as are images with too many pixels to measure
    and anything Pillow cannot decode as `source_format`.
    """
    name = _PILLOW_FORMATS.get(source_format)
    if name is None or (source_format == "png" and data[_PNG_DEPTH_OFFSET : _PNG_DEPTH_OFFSET + 1] == b"\x10"):
        return None
    try:
        if source_format == "jpeg" or lookalike:
            from perflint.transforms.lossy import webp_lookalike

            return webp_lookalike(data, source_format, target)
        from PIL import Image

        with Image.open(io.BytesIO(data), formats=[name]) as image:
            if getattr(image, "n_frames", 1) > 1 or image.mode not in _MODES or too_many_to_measure(*image.size):
                return None
            pixels = image.convert("RGBA" if image.has_transparency_data else "RGB")
        out = io.BytesIO()
        pixels.save(out, "WEBP", lossless=True, method=4)
        return out.getvalue()
    except Exception:  # damaged data raises OSError, SyntaxError, ValueError, struct.error... from Pillow
        return None
