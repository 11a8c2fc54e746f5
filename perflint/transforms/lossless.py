"""Re-encode PNG and JPEG without changing a pixel: the safe first step of every image fix."""

from __future__ import annotations

import functools
import subprocess

OPTIMIZABLE = frozenset({"png", "jpeg"})
SETTINGS = "oxipng-2/mozjpeg-progressive"  # names the settings in cache keys


@functools.lru_cache(maxsize=1)
def optimize_losslessly(data: bytes, image_format: str) -> bytes | None:
    """Return `data` re-encoded with identical pixels and metadata, or None if it cannot be.

    PNG goes through oxipng (filter and deflate search); JPEG through mozjpeg's lossless
    transcoder (optimised Huffman tables, progressive scans), both far ahead of Pillow's own
    `optimize`. The result may be larger than `data`. It is what image-compressible measures,
    and what the lossless fix strips of the metadata it drops: the last result is kept, so the
    fix, which records the measurement for the check, re-encodes the image once for both.
    """
    if image_format == "png":
        import oxipng

        try:
            optimized: bytes = oxipng.optimize_from_memory(data, level=2, strip=oxipng.StripChunks.none())
            return optimized
        except oxipng.PngError:
            return None
    if image_format == "jpeg":
        from perflint.transforms.jpeg import run_mozjpeg

        try:
            return run_mozjpeg(data)
        except (ValueError, OSError, subprocess.SubprocessError):
            return None
    return None
