"""Small previews of images, decoded from the repository's own files and inlined as `data:` URIs."""

from __future__ import annotations

import base64
import io
import warnings
from pathlib import Path

from PIL import Image, ImageOps

MAX_SIDE = 160
QUALITY = 75
# Pillow's decoder for each format the sniffer names; opening with one decoder only keeps
# Pillow from trying every other plugin on a file that claims to be an image.
_DECODERS = {
    "jpeg": "JPEG",
    "png": "PNG",
    "gif": "GIF",
    "webp": "WEBP",
    "avif": "AVIF",
    "bmp": "BMP",
    "tiff": "TIFF",
    "psd": "PSD",
    "ico": "ICO",
}


def thumbnail(path: Path, image_format: str) -> str | None:
    """Return a WebP `data:` URI of the image at most MAX_SIDE px a side; None when it cannot be shown.

    None for formats Pillow cannot decode (SVG, HEIF), decompression bombs and damaged files.
    """
    decoder = _DECODERS.get(image_format)
    if decoder is None:
        return None
    try:
        return _encode(_shrink(path, decoder))
    except Exception:  # damaged data raises OSError, SyntaxError, ValueError, struct.error... from Pillow
        return None


def _shrink(path: Path, decoder: str) -> Image.Image:
    """Decode the first frame at a reduced size, turned upright as its EXIF orientation says."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # past twice that limit, Pillow refuses
        with Image.open(path, formats=[decoder]) as image:
            image.thumbnail((MAX_SIDE, MAX_SIDE))  # JPEG decodes at a fraction of its size here
            upright = ImageOps.exif_transpose(image)
    transparent = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
    return upright.convert("RGBA" if transparent else "RGB")


def _encode(image: Image.Image) -> str:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=QUALITY, method=4)
    return "data:image/webp;base64," + base64.b64encode(out.getvalue()).decode("ascii")
