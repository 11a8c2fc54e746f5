"""Re-encode an image lossily at the lowest setting that still looks like the original.

One fixed quality is too much for a photo of sky and too little for a screenshot of text, so
the setting is searched per image: the smallest file whose SSIMULACRA2 score against the
original stays at or above the target. JPEG and WebP search the encoder quality (the score
rises with it, so a bisection needs about six encodes); PNG tries a 256-colour palette
(libimagequant), kept only when the target holds.

The source pixels are first turned upright (the EXIF orientation is baked in, so the result
needs no EXIF) and, when the longest side is over `max_side`, scaled down with a Lanczos filter;
the scaled image is then the original the score is measured against. Scaling works on one band
of rows at a time, so an image with more pixels than measured work may decode is scaled down
with no full-size copy besides the decoded pixels.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps

from perflint.transforms.limits import too_many_to_measure
from perflint.transforms.ssimulacra2 import Reference

MARGIN = 0.5  # above the target: other SSIMULACRA2 implementations differ by a few tenths
QUALITIES = range(40, 96)  # encoder qualities searched; below 40 artefacts show whatever a metric says
FEWER_COLOURS = (128, 64, 32)  # smaller palettes, tried while the target holds: screenshots shrink most
_MAX_SIDE_FILTER = Image.Resampling.LANCZOS
_FILTER_REACH = 3  # how far the Lanczos filter reaches on each side, in output pixels
_BAND_ROWS = 256  # output rows scaled at a time: a band of a 10,000 px wide image is tens of MB
_CLOSE_ENOUGH = 2
_FIRST_GUESS = 80  # where a target of 80 lands for most photos and screenshots
_TYPICAL_SLOPE = 0.6  # score points per quality step, to step from one side of the answer
_MIN_STEP = 3
_MAX_PROBES = 8
_TILES_FROM = 1_500_000  # pixels: a larger image's probes are scored on tiles of it
_TILE = 256
_TILES_SHARE = 8  # the tiles cover about an eighth of the image
_CONFIRMING_PROBES = 2  # probes scored on every pixel after the tiles' answer, when it needs them


@dataclass(frozen=True)
class Lossy:
    """A lossy re-encoding, how close it looks (SSIMULACRA2) and the setting that made it."""

    data: bytes
    score: float
    setting: str
    resized: tuple[int, int] | None = None  # new pixel size, when scaled down
    exact: bool = False  # every pixel kept after all (a palette of an image with few colours)


@dataclass(frozen=True)
class Extras:
    """What the re-encoded file carries besides pixels."""

    icc: bytes | None = None
    exif: bytes | None = None  # an "Exif\0\0" payload, e.g. the copyright; never an orientation


def encode_lossy(
    data: bytes,
    image_format: str,
    target: float,
    max_side: int | None,
    extras: Extras,
    output_format: str | None = None,
) -> Lossy | None:
    """Return the smallest re-encoding of `data` scoring at least `target`, or None.

    None for formats without a lossy path here, animations, CMYK JPEGs, an image with too many
    pixels to measure that `max_side` does not scale to within the limit, and when no setting
    meets the target. A scaled-down image always gets a result: the budget needs it, and the
    score is measured against the scaled image. `output_format` (webp or avif) converts.
    """
    encoder = _ENCODERS.get(output_format or image_format)
    if encoder is None:
        return None
    with Image.open(io.BytesIO(data), formats=[image_format.upper()]) as opened:
        if getattr(opened, "n_frames", 1) > 1 or opened.mode == "CMYK":
            return None
        size = fitted(opened.size, max_side)
        if too_many_to_measure(*size):
            return None
        scaling = size != opened.size
        image = _upright(_scaled(opened, size) if scaling else opened)
    resized = image.size if scaling else None
    sixteen_bit = image_format == "png" and data[24:25] == b"\x10"  # IHDR bit depth: the decoder drops 8 bits
    return encoder(_Job(image, target, extras, resized, image_format == "png", sixteen_bit))


@dataclass(frozen=True)
class _Job:
    """One image to re-encode: the upright (and maybe scaled) pixels and what the result must meet."""

    image: Image.Image
    target: float
    extras: Extras
    resized: tuple[int, int] | None  # a scaled image must be written even if no setting meets the target
    from_lossless: bool  # the source kept every pixel (PNG): a lossless result is worth trying
    sixteen_bit: bool  # 16 bits per sample, now 8: no result is exact

    @functools.cached_property
    def colours(self) -> int | None:
        """How many colours the image has, or None when more than a palette holds."""
        counted = self.image.convert("RGBA").getcolors(256)
        return None if counted is None else len(counted)

    @functools.cached_property
    def reference(self) -> Reference:
        """Prepare the image for scoring, only once a candidate differs from it: seconds on a large image."""
        return Reference(self.image)

    @property
    def tiled(self) -> bool:
        """Tell whether the search scores its probes on tiles of the image rather than all of it."""
        width, height = self.image.size
        return width * height >= _TILES_FROM and min(width, height) >= _TILE

    @functools.cached_property
    def sample(self) -> Reference | _Tiles:
        """What the search scores its probes against: tiles spread over a large image, all of a small one."""
        return _Tiles(self.image) if self.tiled else self.reference

    def confirmed(self, candidate: Image.Image, sampled_score: float) -> float | None:
        """Score a palette chosen on the sample on the whole image; None when it misses the target there."""
        if not self.tiled or sampled_score == 100.0:
            return sampled_score
        score = self.reference.score(candidate)
        return score if score >= self.target + MARGIN else None


class _Tiles:
    """Tiles spread evenly over a large image, put side by side: probes are scored on them alone.

    A probe scored on an eighth of the pixels costs an eighth of the time; the result is then
    scored once on the whole image (`_Job.confirmed`), so the target still holds everywhere.
    Tiles start on multiples of 16 px, a JPEG's block grid, so their pixels are the image's own.
    """

    def __init__(self, image: Image.Image) -> None:
        width, height = image.size
        per_side = math.sqrt(_TILES_SHARE) * _TILE
        self.columns, self.rows = max(1, round(width / per_side)), max(1, round(height / per_side))
        self.boxes = [
            (left, top, left + _TILE, top + _TILE)
            for top in _tile_starts(height, self.rows)
            for left in _tile_starts(width, self.columns)
        ]
        self.mode = "RGBA" if image.mode in ("RGBA", "LA", "PA") else "RGB"
        self.reference = Reference(self.mosaic(image))

    def mosaic(self, image: Image.Image) -> Image.Image:
        """Return the tiles of `image`, row by row, as one image."""
        mosaic = Image.new(self.mode, (self.columns * _TILE, self.rows * _TILE))
        for index, box in enumerate(self.boxes):
            row, column = divmod(index, self.columns)
            mosaic.paste(image.crop(box).convert(self.mode), (column * _TILE, row * _TILE))
        return mosaic

    def score(self, candidate: Image.Image) -> float:
        return self.reference.score(self.mosaic(candidate))


def _tile_starts(length: int, count: int) -> list[int]:
    """Return where `count` tiles start along `length` px: evenly spread, on the 16 px grid."""
    last = (length - _TILE) // 16 * 16
    return [min(last, int((index + 0.5) * length / count - _TILE / 2) // 16 * 16) for index in range(count)]


def _upright(image: Image.Image) -> Image.Image:
    """Return the decoded pixels turned as the EXIF orientation says, in a mode the encoders take."""
    return _encodable(ImageOps.exif_transpose(image))


def _encodable(image: Image.Image) -> Image.Image:
    """Return the pixels in a mode the encoders take: RGB, RGBA or L."""
    if image.mode in ("RGB", "RGBA", "L"):
        return image
    if image.mode.startswith("I"):  # 16-bit grey: Pillow's own conversion clips it to white
        return Image.fromarray((np.asarray(image, dtype=np.uint32) >> 8).clip(0, 255).astype(np.uint8), "L")
    has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
    return image.convert("RGBA" if has_alpha else "RGB")


def fitted(size: tuple[int, int], max_side: int | None) -> tuple[int, int]:
    """Return `size` scaled down so the longest side is at most `max_side`, keeping the aspect ratio."""
    width, height = size
    if max_side is None or max(width, height) <= max_side:
        return size
    scale = max_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _scaled(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Scale the opened image down to `size`, one band of rows at a time, in a mode the encoders take.

    Only the decoded pixels are ever held at full size: each band is cut out, converted and
    scaled on its own. A JPEG decodes at a fraction of its size when it can.
    """
    image.draft(image.mode, (2 * size[0], 2 * size[1]))  # still twice the size: the filter does the rest
    bands = [(top, _scaled_band(image, size, top)) for top in range(0, size[1], _BAND_ROWS)]
    scaled = Image.new(bands[0][1].mode, size)
    for top, band in bands:
        scaled.paste(band, (0, top))
    scaled.info = dict(image.info)  # the EXIF orientation, which _upright applies next
    return scaled


def _scaled_band(image: Image.Image, size: tuple[int, int], top: int) -> Image.Image:
    """Return the output rows from `top` on, scaled from the source rows they cover and those the filter reaches.

    Cut out with that margin, a band comes out as its rows of one resize of the whole image, to within rounding.
    """
    width, height = image.size
    bottom = min(top + _BAND_ROWS, size[1])
    first, last = top * height / size[1], bottom * height / size[1]
    reach = math.ceil(_FILTER_REACH * height / size[1]) + 1
    cut_top, cut_bottom = max(0, math.floor(first) - reach), min(height, math.ceil(last) + reach)
    band = _encodable(image.crop((0, cut_top, width, cut_bottom)))
    return band.resize((size[0], bottom - top), _MAX_SIDE_FILTER, (0, first - cut_top, width, last - cut_top))


def _search(
    encode: Callable[[int], bytes],
    scorer: Reference | _Tiles,
    target: float,
    probes: int = _MAX_PROBES,
    known: tuple[int, bytes, float] | None = None,
) -> tuple[int, bytes, float] | None:
    """Find the lowest encoder quality scoring at least `target`, to within `_CLOSE_ENOUGH` qualities.

    The score rises smoothly with the quality, so each next probe is interpolated between the
    closest passing and failing probes (or stepped by a typical slope while only one side is
    known): about three encodes where a bisection of the range needs six. It stops once the
    bracket is that narrow: one more probe, costly on a large image, would save about 1 % of the file.
    `known` is a probe already scored, to go on from.
    """
    goal = target + MARGIN
    passing: tuple[int, bytes, float] | None = None
    failing: tuple[int, float] | None = None
    quality: int | None = _FIRST_GUESS
    for _ in range(probes + (known is not None)):
        if known is not None:
            quality, data, score = known
            known = None
        elif quality is None:
            break
        else:
            data = encode(quality)
            score = scorer.score(_decode(data))
        if score >= goal:
            passing = (quality, data, score)
        else:
            failing = (quality, score)
        quality = _next_quality(passing, failing, goal)
    return passing


def _next_quality(
    passing: tuple[int, bytes, float] | None, failing: tuple[int, float] | None, goal: float
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
        step = max(_MIN_STEP, math.ceil((high_score - goal) / _TYPICAL_SLOPE))
        return None if high == lowest else max(lowest, high - step)
    assert failing is not None
    low, low_score = failing
    step = max(_MIN_STEP, math.ceil((goal - low_score) / _TYPICAL_SLOPE))
    return None if low == highest else min(highest, low + step)


def _confirmed(
    job: _Job, encode: Callable[[int], bytes], found: tuple[int, bytes, float]
) -> tuple[int, bytes, float] | None:
    """Return the search's result as scored on the whole image, searching on from there.

    Tiles score a little differently from the whole image: a few more probes, scored on every
    pixel, go on from the tiles' answer.
    """
    if not job.tiled:
        return found
    quality, data, _ = found
    known = (quality, data, job.reference.score(_decode(data)))
    return _search(encode, job.reference, job.target, _CONFIRMING_PROBES, known)


def _decode(data: bytes) -> Image.Image:
    """Decode one of our own encodings (still only as the formats written here)."""
    with Image.open(io.BytesIO(data), formats=["JPEG", "PNG", "WEBP", "AVIF"]) as image:
        image.load()
        return image.copy()


def _jpeg(job: _Job) -> Lossy | None:
    """JPEG at 4:2:0 (4:4:4 from quality 90, where fine colour detail is what is left to keep)."""
    import mozjpeg_lossless_optimization as mozjpeg

    if job.image.mode == "RGBA":
        return None

    def encode(quality: int) -> bytes:
        out = io.BytesIO()
        options = {"icc_profile": job.extras.icc, "exif": job.extras.exif or b""}
        job.image.save(out, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, **options)
        return out.getvalue()

    def optimized(_: int, data: bytes) -> bytes:
        """Progressive scans and optimal Huffman tables: about 5 % more, every pixel the same."""
        return bytes(mozjpeg.optimize(data, copy=mozjpeg.COPY_MARKERS.ALL))

    return _searched(job, encode, "JPEG quality", optimized)


def _webp(job: _Job) -> Lossy | None:
    """Lossy WebP at the searched quality, or lossless WebP (every pixel kept) from a PNG when that is smaller.

    The search encodes at method 4; only the result is encoded again at the slowest, smallest
    method 6, three times the time, and scored again.
    """
    extras = {"icc_profile": job.extras.icc or b"", "exif": job.extras.exif or b""}

    def encode(quality: int, method: int = 4) -> bytes:
        out = io.BytesIO()
        job.image.save(out, "WEBP", quality=quality, method=method, **extras)
        return out.getvalue()

    lossy = _searched(job, encode, "WebP quality", lambda quality, _: encode(quality, method=6), same_pixels=False)
    if not job.from_lossless:
        return lossy
    out = io.BytesIO()
    job.image.save(out, "WEBP", lossless=True, quality=100, method=6, **extras)
    lossless = Lossy(out.getvalue(), 100.0, "lossless WebP", job.resized, exact=not job.sixteen_bit)
    return lossy if lossy is not None and len(lossy.data) < len(lossless.data) else lossless


def _avif(job: _Job) -> Lossy | None:
    def encode(quality: int) -> bytes:
        out = io.BytesIO()
        job.image.save(out, "AVIF", quality=quality, icc_profile=job.extras.icc or b"", exif=job.extras.exif or b"")
        return out.getvalue()

    return _searched(job, encode, "AVIF quality")


def _searched(
    job: _Job,
    encode: Callable[[int], bytes],
    name: str,
    finish: Callable[[int, bytes], bytes] | None = None,
    same_pixels: bool = True,
) -> Lossy | None:
    """Search the quality; a scaled image falls back to the highest quality searched.

    `finish` makes the chosen encoding smaller by slower means, run once rather than per probe:
    kept when it is smaller and, unless it keeps the very same pixels, still scores within the target.
    """
    found = _search(encode, job.sample, job.target)
    if found is not None:
        found = _confirmed(job, encode, found)
    if found is None:
        if job.resized is None:
            return None
        quality = QUALITIES[-1]
        data = encode(quality)
        found = (quality, data, job.reference.score(_decode(data)))
    quality, data, score = found
    if finish is not None:
        finished = finish(quality, data)
        finished_score = score if same_pixels else job.reference.score(_decode(finished))
        if len(finished) < len(data) and finished_score >= min(score, job.target + MARGIN):
            data, score = finished, finished_score
    return Lossy(data, score, f"{name} {quality}", job.resized)


def _png(job: _Job) -> Lossy | None:
    """The smallest palette image scoring at least the target.

    A 256-colour palette with and without dithering (dithering suits photos; flat screenshots
    compress far better without it), then, with the better of the two, fewer colours than it
    uses for as long as the target holds. A scaled image that no palette suits stays full colour.
    An image made mostly of smooth gradients is only dithered: without dithering its gradients
    turn into visible bands, which SSIMULACRA2 scores too kindly.
    """
    candidates = []
    for dithering in (1.0,) if _mostly_gradients(job.image) else (1.0, 0.0):
        candidate = _palette(job, 256, dithering)
        if candidate is not None:
            candidates.append(candidate)
    if candidates:
        better = min(candidates, key=lambda candidate: len(candidate.data))
        used = len(better.image.getcolors(256) or ())  # as many colours as that or more: the same palette
        for colours in (colours for colours in FEWER_COLOURS if colours < used):
            fewer = _palette(job, colours, better.dithering)
            if fewer is None:
                break
            candidates.append(fewer)
    for best in sorted(candidates, key=lambda candidate: len(candidate.data)):
        score = job.confirmed(best.image, best.score)
        if score is not None:
            same = best.image.convert("RGBA").tobytes() == job.image.convert("RGBA").tobytes()
            return Lossy(_png_bytes(best.image, job), score, best.setting, job.resized, same and not job.sixteen_bit)
    if job.resized is None:
        return None
    return Lossy(_png_bytes(job.image, job), 100.0, "full colour", job.resized, exact=not job.sixteen_bit)


@dataclass(frozen=True)
class _Palette:
    """One palette encoding of a job's image and how it scored."""

    data: bytes  # a plain PNG, to compare sizes: only the chosen one is compressed harder
    score: float
    colours: int
    dithering: float
    image: Image.Image

    @property
    def setting(self) -> str:
        return f"a {self.colours}-colour palette" + ("" if self.dithering else " without dithering")


def _palette(job: _Job, colours: int, dithering: float) -> _Palette | None:
    """Encode the job's image with at most `colours` colours; None when that scores under the target."""
    image = _quantize(job.image, colours, dithering)
    few = job.colours is not None and job.colours <= colours  # else no palette of `colours` can show it exactly
    score = 100.0 if few and _looks_identical(image, job.image) else job.sample.score(image)
    if score < job.target + MARGIN:
        return None
    return _Palette(_plain_png(image), score, colours, dithering, image)


def _mostly_gradients(image: Image.Image) -> bool:
    """Tell whether most of the image is smooth gradients: brightness changing in small steps, neither flat nor edged.

    A pixel is in a gradient when a colour channel around it, averaged (so that noise cancels
    out), keeps changing from pixel to pixel, and no two neighbours there differ by more than a
    few levels in any channel: text, borders and textures step further.
    """
    pixels = np.asarray(image.convert("RGBA"), dtype=np.float32)
    opacity = pixels[..., 3] / np.float32(255)  # transparent pixels count as black: no gradient shows there
    channels = [pixels[..., channel] * opacity for channel in range(3)]
    slope = np.max([_steps(_around(channel, np.add) / np.float32(_WINDOW**2)) for channel in channels], axis=0)
    step = np.max([_steps(channel) for channel in channels], axis=0)
    gentle = (slope >= _MIN_SLOPE) & (_around(step, np.maximum) <= _MAX_STEP)
    return bool(gentle.mean() >= _GRADIENT_SHARE)


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


def _looks_identical(candidate: Image.Image, original: Image.Image) -> bool:
    """Tell whether a candidate shows the original exactly: same opacity, same colour wherever a pixel shows.

    A palette of an image with few colours does, and then scores 100 without the seconds measuring takes.
    """
    seen, shown = np.asarray(original.convert("RGBA")), np.asarray(candidate.convert("RGBA"))
    visible = seen[..., 3] > 0  # a fully transparent pixel's colour shows nowhere
    return np.array_equal(seen[..., 3], shown[..., 3]) and np.array_equal(seen[visible], shown[visible])


def _plain_png(image: Image.Image) -> bytes:
    """Encode a PNG quickly: sizes so made rank candidates as oxipng's would, in a fraction of its time."""
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _png_bytes(image: Image.Image, job: _Job) -> bytes:
    """Encode a PNG with the job's colour profile and EXIF, compressed by oxipng."""
    from perflint.transforms import png

    out = io.BytesIO()
    image.save(out, "PNG", icc_profile=job.extras.icc)
    return png.recompress(out.getvalue(), keep_icc=True, exif=job.extras.exif)


def _quantize(image: Image.Image, colours: int, dithering: float) -> Image.Image:
    """Map the image to the best `colours` colours, transparency included (libimagequant)."""
    import imagequant

    rgba = image.convert("RGBA")
    # Not quantize_pil_image: it copies the pixels through a Python list, seconds on a large image.
    indexes, entries = imagequant.quantize_raw_rgba_bytes(rgba.tobytes(), rgba.width, rgba.height, dithering, colours)
    palette = Image.frombytes("P", rgba.size, indexes)
    palette.putpalette(entries, "RGBA")
    return palette


_WINDOW = 9  # px: the neighbourhood in which a gradient is recognised
_MIN_SLOPE = 0.05  # levels (of 255) per pixel, averaged: less is a flat or noisy area
_MAX_STEP = 3.0  # levels: a larger step between neighbours is an edge or texture, not a gradient
_GRADIENT_SHARE = 0.5  # of the pixels, for an image to count as made of gradients

_ENCODERS = {"jpeg": _jpeg, "png": _png, "webp": _webp, "avif": _avif}
