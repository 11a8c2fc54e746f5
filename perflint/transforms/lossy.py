"""Re-encode an image lossily at the lowest setting that still looks like the original.

One fixed quality is too much for a photo of sky and too little for a screenshot of text, so
the setting is searched per image: the smallest file whose SSIMULACRA2 score against the
original stays at or above the target. JPEG and WebP search the encoder quality (the score
rises with it, so a bisection needs about six encodes); PNG tries a 256-colour palette
(libimagequant), kept only when the target holds.

The source pixels are first turned upright (the EXIF orientation is baked in, so the result
needs no EXIF) and, when the longest side is over `max_side`, scaled down with a Lanczos filter;
the scaled image is then the original the score is measured against.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image, ImageOps

from perflint.transforms.ssimulacra2 import Reference

MARGIN = 0.5  # above the target: other SSIMULACRA2 implementations differ by a few tenths
QUALITIES = range(40, 96)  # encoder qualities searched; below 40 artefacts show whatever a metric says
FEWER_COLOURS = (128, 64, 32)  # smaller palettes, tried while the target holds: screenshots shrink most
_MAX_SIDE_FILTER = Image.Resampling.LANCZOS
_CLOSE_ENOUGH = 2


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

    None for formats without a lossy path here, animations, CMYK JPEGs, and when no setting
    meets the target. A scaled-down image always gets a result: the budget needs it, and
    the score is measured against the scaled image. `output_format` (webp or avif) converts.
    """
    encoder = _ENCODERS.get(output_format or image_format)
    if encoder is None:
        return None
    with Image.open(io.BytesIO(data), formats=[image_format.upper()]) as opened:
        if getattr(opened, "n_frames", 1) > 1 or opened.mode == "CMYK":
            return None
        image = _upright(opened)
    resized = None
    if max_side is not None and max(image.size) > max_side:
        image = _fit(image, max_side)
        resized = image.size
    sixteen_bit = image_format == "png" and data[24:25] == b"\x10"  # IHDR bit depth: the decoder drops 8 bits
    return encoder(_Job(image, Reference(image), target, extras, resized, image_format == "png", sixteen_bit))


@dataclass(frozen=True)
class _Job:
    """One image to re-encode: the upright (and maybe scaled) pixels and what the result must meet."""

    image: Image.Image
    reference: Reference
    target: float
    extras: Extras
    resized: tuple[int, int] | None  # a scaled image must be written even if no setting meets the target
    from_lossless: bool  # the source kept every pixel (PNG): a lossless result is worth trying
    sixteen_bit: bool  # 16 bits per sample, now 8: no result is exact


def _upright(image: Image.Image) -> Image.Image:
    """Return the decoded pixels turned as the EXIF orientation says, in a mode the encoders take."""
    upright = ImageOps.exif_transpose(image)
    if upright.mode in ("RGB", "RGBA", "L"):
        return upright
    if upright.mode.startswith("I"):  # 16-bit grey: Pillow's own conversion clips it to white
        import numpy as np

        return Image.fromarray((np.asarray(upright, dtype=np.uint32) >> 8).clip(0, 255).astype(np.uint8), "L")
    has_alpha = upright.mode in ("LA", "PA", "RGBa", "La") or "transparency" in upright.info
    return upright.convert("RGBA" if has_alpha else "RGB")


def _fit(image: Image.Image, max_side: int) -> Image.Image:
    """Scale down so the longest side is `max_side`, keeping the aspect ratio."""
    width, height = image.size
    scale = max_side / max(width, height)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return image.resize(size, _MAX_SIDE_FILTER)


def _search(encode: Callable[[int], bytes], reference: Reference, target: float) -> tuple[int, bytes, float] | None:
    """Bisect the encoder quality for the lowest one scoring at least `target`.

    It stops once the bracket is `_CLOSE_ENOUGH` qualities wide: one more probe, costly on a
    large image, would save about 1 % of the file.
    """
    best = None
    low, high = 0, len(QUALITIES) - 1
    while low <= high and (best is None or high - low >= _CLOSE_ENOUGH):
        middle = (low + high) // 2
        quality = QUALITIES[middle]
        data = encode(quality)
        score = reference.score(_decode(data))
        if score >= target + MARGIN:
            best, high = (quality, data, score), middle - 1
        else:
            low = middle + 1
    return best


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
        # Progressive scans and optimal Huffman tables: about 5 % more, every pixel the same.
        return bytes(mozjpeg.optimize(out.getvalue(), copy=mozjpeg.COPY_MARKERS.ALL))

    return _searched(job, encode, "JPEG quality")


def _webp(job: _Job) -> Lossy | None:
    """Lossy WebP at the searched quality, or lossless WebP (every pixel kept) from a PNG when that is smaller."""
    extras = {"icc_profile": job.extras.icc or b"", "exif": job.extras.exif or b""}

    def encode(quality: int) -> bytes:
        out = io.BytesIO()
        job.image.save(out, "WEBP", quality=quality, method=6, **extras)
        return out.getvalue()

    lossy = _searched(job, encode, "WebP quality")
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


def _searched(job: _Job, encode: Callable[[int], bytes], name: str) -> Lossy | None:
    """Search the quality; a scaled image falls back to the highest quality searched."""
    found = _search(encode, job.reference, job.target)
    if found is None:
        if job.resized is None:
            return None
        quality = QUALITIES[-1]
        data = encode(quality)
        found = (quality, data, job.reference.score(_decode(data)))
    quality, data, score = found
    return Lossy(data, score, f"{name} {quality}", job.resized)


def _png(job: _Job) -> Lossy | None:
    """The smallest palette image scoring at least the target.

    A 256-colour palette with and without dithering (dithering suits photos; flat screenshots
    compress far better without it), then, with the better of the two, fewer colours for as
    long as the target holds. A scaled image that no palette suits stays full colour.
    """
    candidates = []
    for dithering in (1.0, 0.0):
        candidate = _palette(job, 256, dithering)
        if candidate is not None:
            candidates.append(candidate)
    if candidates:
        dithering = min(candidates, key=lambda candidate: len(candidate.data)).dithering
        for colours in FEWER_COLOURS:
            fewer = _palette(job, colours, dithering)
            if fewer is None:
                break
            candidates.append(fewer)
    elif job.resized is None:
        return None
    else:
        candidates.append(_Palette(_png_bytes(job.image, job), 100.0, 0, 0.0, job.image))
    best = min(candidates, key=lambda candidate: len(candidate.data))
    same = best.image is job.image or best.image.convert("RGBA").tobytes() == job.image.convert("RGBA").tobytes()
    return Lossy(best.data, best.score, best.setting, job.resized, same and not job.sixteen_bit)


@dataclass(frozen=True)
class _Palette:
    """One palette encoding of a job's image and how it scored."""

    data: bytes
    score: float
    colours: int  # 0: full colour
    dithering: float
    image: Image.Image

    @property
    def setting(self) -> str:
        if not self.colours:
            return "full colour"
        return f"a {self.colours}-colour palette" + ("" if self.dithering else " without dithering")


def _palette(job: _Job, colours: int, dithering: float) -> _Palette | None:
    """Encode the job's image with at most `colours` colours; None when that scores under the target."""
    image = _quantize(job.image, colours, dithering)
    score = job.reference.score(image)
    if score < job.target + MARGIN:
        return None
    return _Palette(_png_bytes(image, job), score, colours, dithering, image)


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


_ENCODERS = {"jpeg": _jpeg, "png": _png, "webp": _webp, "avif": _avif}
