"""Re-encode an image lossily at the lowest setting that still looks like the original.

One fixed quality is too much for a photo of sky and too little for a screenshot of text, so
the setting is searched per image: the smallest file whose SSIMULACRA2 score against the
original stays at or above the target. JPEG and WebP search the encoder quality (the score
rises with it, so about three encodes find it); PNG tries a 256-colour palette
(libimagequant), kept only when the target holds. A large image's candidates are scored on
tiles of it while searching, and the answer on every pixel.

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
from PIL import Image, ImageOps

from perflint.transforms.gradients import mostly_gradients
from perflint.transforms.limits import too_many_to_measure
from perflint.transforms.quality_search import (
    MARGIN,
    QUALITIES,
    TILE,
    Found,
    Sample,
    decode,
    search,
    tile_boxes,
    tiles_of,
)
from perflint.transforms.ssimulacra2 import Reference, shows_transparency

FEWER_COLOURS = (128, 64, 32)  # smaller palettes, tried while the target holds: screenshots shrink most
_MAX_SIDE_FILTER = Image.Resampling.LANCZOS
_FILTER_REACH = 3  # how far the Lanczos filter reaches on each side, in output pixels
_BAND_ROWS = 256  # output rows scaled at a time: a band of a 10,000 px wide image is tens of MB
_TILES_FROM = 1_500_000  # pixels: a larger image's probes are scored on tiles of it
_CONFIRMING_PROBES = 2  # probes scored on every pixel after the tiles' answer, when it needs them
_Encoder = Callable[[Image.Image, int], bytes]  # pixels and quality to a file


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
    xmp: bytes | None = None  # a packet of rights statements (perflint.transforms.rights)

    def as_options(self) -> dict[str, bytes]:
        """Return the extras as Pillow's save options for WebP and AVIF (empty bytes: none)."""
        return {"icc_profile": self.icc or b"", "exif": self.exif or b"", "xmp": self.xmp or b""}


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
    job = None if encoder is None else _decoded(data, image_format, target, max_side, extras)
    return None if encoder is None or job is None else encoder(job)


def _decoded(data: bytes, image_format: str, target: float, max_side: int | None, extras: Extras) -> _Job | None:
    """Decode the image upright, scaled down to `max_side`, as a job; None for an animation, a CMYK
    JPEG and an image with more pixels than measured work may decode."""
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
    return _Job(image, target, extras, resized, image_format == "png", sixteen_bit)


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
        return width * height >= _TILES_FROM and min(width, height) >= TILE

    @functools.cached_property
    def sample(self) -> Sample:
        """What the search encodes and scores: tiles spread over a large image, all of a small one."""
        return tiles_of(self.image) if self.tiled else Sample(self.image, self.reference)


def _upright(image: Image.Image) -> Image.Image:
    """Return the decoded pixels turned as the EXIF orientation says, in a mode the encoders take."""
    return _encodable(ImageOps.exif_transpose(image))


def _encodable(image: Image.Image, transparent: bool | None = None) -> Image.Image:
    """Return the pixels in a mode the encoders take: RGB, RGBA or L.

    An alpha channel with no pixel less than opaque is dropped: it changes nothing on the page,
    yet WebP's slowest method spends seconds on it and JPEG cannot carry one. `transparent`
    says whether the whole image shows transparency, for a part of it; None: find out.
    """
    if image.mode.startswith("I"):  # 16-bit grey: Pillow's own conversion clips it to white
        return Image.fromarray((np.asarray(image, dtype=np.uint32) >> 8).clip(0, 255).astype(np.uint8), "L")
    if shows_transparency(image) if transparent is None else transparent:
        return image.convert("RGBA")
    opaque = image if image.mode in ("RGB", "L") else image.convert("RGB")
    opaque.info.pop("transparency", None)  # a key colour that no pixel shows, or one carried over from a palette
    return opaque


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
    transparent = shows_transparency(image)  # once for the whole image: every band gets the same mode
    bands = [(top, _scaled_band(image, size, top, transparent)) for top in range(0, size[1], _BAND_ROWS)]
    scaled = Image.new(bands[0][1].mode, size)
    for top, band in bands:
        scaled.paste(band, (0, top))
    scaled.info = dict(image.info)  # the EXIF orientation, which _upright applies next
    scaled.info.pop("transparency", None)  # a palette's: the scaled pixels carry it as alpha
    return scaled


def _scaled_band(image: Image.Image, size: tuple[int, int], top: int, transparent: bool) -> Image.Image:
    """Return the output rows from `top` on, scaled from the source rows they cover and those the filter reaches.

    Cut out with that margin, a band comes out as its rows of one resize of the whole image, to within rounding.
    """
    width, height = image.size
    bottom = min(top + _BAND_ROWS, size[1])
    first, last = top * height / size[1], bottom * height / size[1]
    reach = math.ceil(_FILTER_REACH * height / size[1]) + 1
    cut_top, cut_bottom = max(0, math.floor(first) - reach), min(height, math.ceil(last) + reach)
    band = _encodable(image.crop((0, cut_top, width, cut_bottom)), transparent)
    return band.resize((size[0], bottom - top), _MAX_SIDE_FILTER, (0, first - cut_top, width, last - cut_top))


def _confirmed(job: _Job, encode: _Encoder, found: Found) -> Found | None:
    """Return the search's result as encoded and scored on the whole image, searching on from there.

    Tiles score a little differently from the whole image: a few more probes, scored on every
    pixel, go on from the tiles' answer, stepping by the slope measured on the tiles.
    """
    if not job.tiled:
        return found
    whole = functools.partial(encode, job.image)
    data = whole(found.quality)
    known = (found.quality, data, job.reference.score(decode(data)))
    return search(whole, job.reference, job.target, _CONFIRMING_PROBES, known, found.slope)


def _jpeg(job: _Job) -> Lossy | None:
    """JPEG at 4:2:0 (4:4:4 from quality 90, where fine colour detail is what is left to keep)."""
    import mozjpeg_lossless_optimization as mozjpeg

    from perflint.transforms import jpeg

    if job.image.mode == "RGBA":
        return None

    def encode(image: Image.Image, quality: int) -> bytes:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, subsampling=0 if quality >= 90 else 2, icc_profile=job.extras.icc)
        return jpeg.with_metadata(out.getvalue(), job.extras.exif, job.extras.xmp)

    def optimized(_: int, data: bytes) -> bytes:
        """Progressive scans and optimal Huffman tables: about 5 % more, every pixel the same."""
        return bytes(mozjpeg.optimize(data, copy=mozjpeg.COPY_MARKERS.ALL))

    return _searched(job, encode, "JPEG quality", optimized)


def _webp(job: _Job) -> Lossy | None:
    """Lossy WebP at the searched quality, or lossless WebP (every pixel kept) from a PNG when that is smaller.

    The search encodes at method 4; only the result is encoded again at a slower, smaller
    method, and scored again: 6, the slowest, for an opaque image; 5 with transparency, where
    method 6 spends seconds (10 to 100 times method 4's time) on the alpha plane for about 1 % more.
    """
    extras = job.extras.as_options()
    finishing_method = 5 if job.image.mode == "RGBA" else 6

    def encode(image: Image.Image, quality: int) -> bytes:
        return _webp_bytes(image, quality, 4, extras)

    def slower(quality: int, _: bytes) -> bytes:
        return _webp_bytes(job.image, quality, finishing_method, extras)

    lossy = _searched(job, encode, "WebP quality", slower, same_pixels=False)
    if not job.from_lossless:
        return lossy
    out = io.BytesIO()
    job.image.save(out, "WEBP", lossless=True, quality=100, method=6, **extras)
    lossless = Lossy(out.getvalue(), 100.0, "lossless WebP", job.resized, exact=not job.sixteen_bit)
    return lossy if lossy is not None and len(lossy.data) < len(lossless.data) else lossless


def _webp_bytes(image: Image.Image, quality: int, method: int, extras: dict[str, bytes]) -> bytes:
    """Encode lossy WebP; method 4 is the encoder's default effort, 6 its slowest and smallest."""
    out = io.BytesIO()
    image.save(out, "WEBP", quality=quality, method=method, **extras)
    return out.getvalue()


def webp_lookalike(data: bytes, image_format: str, target: float) -> bytes | None:
    """Return the image as WebP at the lowest quality that still scores `target` against it as it is.

    What converting it to WebP would publish, measured cheaply enough for a check: the quality
    is searched as the fix searches it (on tiles of a large image), then the whole image is
    encoded once at that quality, at method 4, not confirmed on every pixel nor encoded again
    at a slower method as the fix does. None for animations, CMYK, an image with too many pixels to
    measure, and when no quality meets the target.
    """
    job = _decoded(data, image_format, target, None, Extras())
    if job is None:
        return None
    found = search(lambda quality: _webp_bytes(job.sample.image, quality, 4, {}), job.sample.reference, target)
    if found is None:
        return None
    return _webp_bytes(job.image, found.quality, 4, {}) if job.tiled else found.data


def _avif(job: _Job) -> Lossy | None:
    extras = job.extras.as_options()

    def encode(image: Image.Image, quality: int) -> bytes:
        out = io.BytesIO()
        image.save(out, "AVIF", quality=quality, **extras)
        return out.getvalue()

    return _searched(job, encode, "AVIF quality")


def _searched(
    job: _Job,
    encode: _Encoder,
    name: str,
    finish: Callable[[int, bytes], bytes] | None = None,
    same_pixels: bool = True,
) -> Lossy | None:
    """Search the quality; a scaled image falls back to the highest quality searched.

    `finish` makes the chosen encoding smaller by slower means, run once rather than per probe:
    kept when it is smaller and, unless it keeps the very same pixels, still scores within the target.
    """
    found = search(functools.partial(encode, job.sample.image), job.sample.reference, job.target)
    if found is not None:
        found = _confirmed(job, encode, found)
    if found is not None:
        quality, data, score, _ = found
    elif job.resized is None:
        return None
    else:
        quality = QUALITIES[-1]
        data = encode(job.image, quality)
        score = job.reference.score(decode(data))
    if finish is not None:
        finished = finish(quality, data)
        finished_score = score if same_pixels else job.reference.score(decode(finished))
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

    A large image's palettes are searched on its tiles, an eighth of the quantising, encoding and
    scoring; the settings that pass there, smallest first, are then applied to the whole image
    until one scores the target on every pixel.
    """
    candidates = []
    tiles = tile_boxes(job.image.size)[0] if job.tiled else ()
    for dithering in (1.0,) if mostly_gradients(job.image, tiles) else (1.0, 0.0):
        candidate = _palette(job, 256, dithering, job.tiled)
        if candidate is not None:
            candidates.append(candidate)
    if candidates:
        better = min(candidates, key=lambda candidate: len(candidate.data))
        used = len(better.image.getcolors(256) or ())  # as many colours as that or more: the same palette
        for colours in (colours for colours in FEWER_COLOURS if colours < used):
            fewer = _palette(job, colours, better.dithering, job.tiled)
            if fewer is None:
                break
            candidates.append(fewer)
    for best in sorted(candidates, key=lambda candidate: len(candidate.data)):
        whole = _palette(job, best.colours, best.dithering, on_tiles=False) if job.tiled else best
        if whole is not None:
            same = whole.image.convert("RGBA").tobytes() == job.image.convert("RGBA").tobytes()
            data = _png_bytes(whole.image, job)
            return Lossy(data, whole.score, whole.setting, job.resized, same and not job.sixteen_bit)
    if job.resized is None:
        return None
    return Lossy(_png_bytes(job.image, job), 100.0, "full colour", job.resized, exact=not job.sixteen_bit)


@dataclass(frozen=True)
class _Palette:
    """One palette encoding of an image (or of its tiles) and how it scored."""

    data: bytes  # a plain PNG, to compare sizes: only the chosen one is compressed harder
    score: float
    colours: int
    dithering: float
    image: Image.Image

    @property
    def setting(self) -> str:
        return f"a {self.colours}-colour palette" + ("" if self.dithering else " without dithering")


def _palette(job: _Job, colours: int, dithering: float, on_tiles: bool) -> _Palette | None:
    """Encode the job's image (or its tiles) with at most `colours` colours; None when that scores under the target."""
    image = job.sample.image if on_tiles else job.image
    quantized = _quantize(image, colours, dithering)
    few = job.colours is not None and job.colours <= colours  # else no palette of `colours` can show it exactly
    if few and _looks_identical(quantized, image):
        score = 100.0
    else:
        score = (job.sample.reference if on_tiles else job.reference).score(quantized)
    if score < job.target + MARGIN:
        return None
    return _Palette(_plain_png(quantized), score, colours, dithering, quantized)


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
    palette = image.mode == "P"
    return png.recompress(out.getvalue(), keep_icc=True, exif=job.extras.exif, xmp=job.extras.xmp, palette=palette)


def _quantize(image: Image.Image, colours: int, dithering: float) -> Image.Image:
    """Map the image to the best `colours` colours, transparency included (libimagequant)."""
    import imagequant

    rgba = image.convert("RGBA")
    # Not quantize_pil_image: it copies the pixels through a Python list, seconds on a large image.
    indexes, entries = imagequant.quantize_raw_rgba_bytes(rgba.tobytes(), rgba.width, rgba.height, dithering, colours)
    palette = Image.frombytes("P", rgba.size, indexes)
    palette.putpalette(entries, "RGBA")
    return palette


_ENCODERS = {"jpeg": _jpeg, "png": _png, "webp": _webp, "avif": _avif}
