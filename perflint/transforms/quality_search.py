"""Search an encoder's quality for the lowest that still scores the target.

The score rises smoothly with the quality, so each probe after the first is interpolated
between the closest passing and failing ones. A large image's probes encode and score tiles of
it (`Sample`), an eighth of the work; the lossy fix then confirms the answer on every pixel.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from PIL import Image

from perflint.transforms.ssimulacra2 import Reference

MARGIN = 0.5  # above the target: other SSIMULACRA2 implementations differ by a few tenths
QUALITIES = range(40, 96)  # encoder qualities searched; below 40 artefacts show whatever a metric says
_CLOSE_ENOUGH = 2
_FIRST_GUESS = 80  # where a target of 80 lands for most photos and screenshots
_TYPICAL_SLOPE = 0.6  # score points per quality step, to step from one side of the answer
_MIN_STEP = 3
_MAX_PROBES = 8
TILE = 256
_TILES_SHARE = 8  # the tiles cover about an eighth of the image


class Found(NamedTuple):
    """The lowest passing probe found, and how fast the score rose next to it."""

    quality: int
    data: bytes
    score: float
    slope: float | None  # score points per quality step, between the closest passing and failing probes


def search(
    encode: Callable[[int], bytes],
    reference: Reference,
    target: float,
    probes: int = _MAX_PROBES,
    known: tuple[int, bytes, float] | None = None,
    slope: float | None = None,
) -> Found | None:
    """Find the lowest encoder quality scoring at least `target`, to within `_CLOSE_ENOUGH` qualities.

    The score rises smoothly with the quality, so each next probe is interpolated between the
    closest passing and failing probes (or stepped by a typical slope while only one side is
    known): about three encodes where a bisection of the range needs six. It stops once the
    bracket is that narrow: one more probe, costly on a large image, would save about 1 % of the file.
    `known` is a probe already scored, to go on from; `slope`, one measured nearby (on tiles of
    the image), steps from it by as little as one quality, and stops when one quality lower
    would miss the target.
    """
    goal = target + MARGIN
    passing: tuple[int, bytes, float] | None = None
    failing: tuple[int, float] | None = None
    probe, encoded = (known, 0) if known is not None else (_probe(encode, reference, _FIRST_GUESS), 1)
    while True:
        quality, _, score = probe
        if score >= goal:
            passing = probe
        else:
            failing = (quality, score)
        following = _next_quality(passing, failing, goal, slope)
        if following is None or encoded == probes:
            return None if passing is None else Found(*passing, _slope(passing, failing))
        probe, encoded = _probe(encode, reference, following), encoded + 1


def _probe(encode: Callable[[int], bytes], reference: Reference, quality: int) -> tuple[int, bytes, float]:
    """Encode at `quality` and score the result."""
    data = encode(quality)
    return quality, data, reference.score(decode(data))


def _slope(passing: tuple[int, bytes, float], failing: tuple[int, float] | None) -> float | None:
    """Return the score points per quality step between the passing and failing probes, if both are known."""
    if failing is None or passing[0] <= failing[0]:
        return None
    return (passing[2] - failing[1]) / (passing[0] - failing[0])


def _next_quality(
    passing: tuple[int, bytes, float] | None, failing: tuple[int, float] | None, goal: float, slope: float | None
) -> int | None:
    """Return the quality to probe next, or None once the answer is known closely enough."""
    lowest, highest = QUALITIES[0], QUALITIES[-1]
    if passing is not None and failing is not None:
        (high, _, high_score), (low, low_score) = passing, failing
        if high - low <= _CLOSE_ENOUGH:
            return None
        guess = low + (goal - low_score) * (high - low) / max(high_score - low_score, 1e-6)
        return min(max(math.ceil(guess), low + 1), high - 1)
    if passing is not None:
        high, _, high_score = passing
        if slope is not None:
            step = math.floor((high_score - goal) / slope)
            return None if step < 1 or high == lowest else max(lowest, high - step)
        step = max(_MIN_STEP, math.ceil((high_score - goal) / _TYPICAL_SLOPE))
        return None if high == lowest else max(lowest, high - step)
    assert failing is not None
    low, low_score = failing
    step = max(1 if slope is not None else _MIN_STEP, math.ceil((goal - low_score) / (slope or _TYPICAL_SLOPE)))
    return None if low == highest else min(highest, low + step)


def decode(data: bytes) -> Image.Image:
    """Decode one of our own encodings (still only as the formats written here)."""
    with Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP", "AVIF"]) as image:
        image.load()
        return image.copy()


Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Sample:
    """What the search encodes and scores: a whole image, or tiles of a large one put side by side.

    A probe of the tiles costs about an eighth of one of the whole image: the encoder and the
    metric see an eighth of the pixels. The lossy fix then scores its answer on every pixel
    (see `perflint.transforms.lossy`), so the target holds everywhere. Tiles start on multiples
    of 16 px, a JPEG's block grid, so a JPEG of the tiles holds the blocks a JPEG of the image would.
    """

    image: Image.Image  # what the probes encode
    reference: Reference  # what they are scored against
    boxes: tuple[Box, ...] = ()  # where the tiles come from in the image; none for the whole image
    columns: int = 1


def tiles_of(image: Image.Image) -> Sample:
    """Return tiles spread evenly over a large image (RGB, RGBA or L), covering about an eighth of it."""
    boxes, columns = tile_boxes(image.size)
    mosaic = _mosaic(image, boxes, columns, image.mode)
    return Sample(mosaic, Reference(mosaic), boxes, columns)


def tile_boxes(size: tuple[int, int]) -> tuple[tuple[Box, ...], int]:
    """Return where the tiles of an image of `size` lie, row by row, and how many there are in a row."""
    width, height = size
    per_side = math.sqrt(_TILES_SHARE) * TILE
    columns, rows = max(1, round(width / per_side)), max(1, round(height / per_side))
    boxes = tuple(
        (left, top, left + TILE, top + TILE)
        for top in _tile_starts(height, rows)
        for left in _tile_starts(width, columns)
    )
    return boxes, columns


def _mosaic(image: Image.Image, boxes: tuple[Box, ...], columns: int, mode: str) -> Image.Image:
    """Return the tiles of `image`, row by row, as one image."""
    mosaic = Image.new(mode, (columns * TILE, len(boxes) // columns * TILE))
    for index, box in enumerate(boxes):
        row, column = divmod(index, columns)
        mosaic.paste(image.crop(box).convert(mode), (column * TILE, row * TILE))
    return mosaic


def _tile_starts(length: int, count: int) -> list[int]:
    """Return where `count` tiles start along `length` px: evenly spread, on the 16 px grid."""
    last = (length - TILE) // 16 * 16
    return [min(last, int((index + 0.5) * length / count - TILE / 2) // 16 * 16) for index in range(count)]
