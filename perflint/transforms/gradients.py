"""Tell an image made of smooth gradients from one of flat colours, edges and texture.

A palette without dithering turns a smooth gradient into visible bands, and SSIMULACRA2 scores
those bands too kindly (a banded gradient card scored 86 against a target of 80), so the lossy
fix asks here before it tries one.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PIL import Image

_WINDOW = 9  # px: the neighbourhood in which a gradient is recognised
_MIN_SLOPE = 0.05  # levels (of 255) per pixel, averaged: less is a flat or noisy area
_MAX_STEP = 3.0  # levels: a larger step between neighbours is an edge or texture, not a gradient
_GRADIENT_SHARE = 0.5  # of the pixels, for an image to count as made of gradients


def mostly_gradients(image: Image.Image, parts: tuple[tuple[int, int, int, int], ...] = ()) -> bool:
    """Tell whether most of the image is smooth gradients: brightness changing in small steps, neither flat nor edged.

    A pixel is in a gradient when a colour channel around it, averaged (so that noise cancels
    out), keeps changing from pixel to pixel, and no two neighbours there differ by more than a
    few levels in any channel: text, borders and textures step further. `parts`: boxes spread
    over a large image (the lossy search's tiles), each judged on its own, for a share measured
    in a fraction of the time.
    """
    pieces = [image.crop(box) for box in parts] or [image]
    gentle = sum(_gentle_pixels(piece) for piece in pieces)
    return gentle >= _GRADIENT_SHARE * sum(piece.width * piece.height for piece in pieces)


def _gentle_pixels(image: Image.Image) -> int:
    """Count the pixels that lie in a gradient."""
    pixels = np.asarray(image.convert("RGBA"), dtype=np.float32)
    opacity = pixels[..., 3] / np.float32(255)  # transparent pixels count as black: no gradient shows there
    channels = [pixels[..., channel] * opacity for channel in range(3)]
    slope = np.max([_steps(_around(channel, np.add) / np.float32(_WINDOW**2)) for channel in channels], axis=0)
    step = np.max([_steps(channel) for channel in channels], axis=0)
    return int(np.count_nonzero((slope >= _MIN_SLOPE) & (_around(step, np.maximum) <= _MAX_STEP)))


def _steps(values: NDArray[np.float32]) -> NDArray[np.float32]:
    """Return how much each pixel differs from its right or lower neighbour, whichever more."""
    steps = np.zeros_like(values)
    steps[:, :-1] = np.abs(np.diff(values, axis=1))
    steps[:-1] = np.maximum(steps[:-1], np.abs(np.diff(values, axis=0)))
    return steps


def _around(values: NDArray[np.float32], combine: np.ufunc) -> NDArray[np.float32]:
    """Combine each pixel's `_WINDOW`-square neighbourhood (edges repeated) with `combine` (add: sum, maximum: max)."""
    reach = _WINDOW // 2
    padded = np.pad(values, reach, mode="edge")
    height, width = values.shape
    rows = padded[:, :width].copy()
    for offset in range(1, _WINDOW):
        combine(rows, padded[:, offset : offset + width], out=rows)
    out = rows[:height].copy()
    for offset in range(1, _WINDOW):
        combine(out, rows[offset : offset + height], out=out)
    return out
