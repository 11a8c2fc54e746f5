"""Image in a format that does not belong on a web page, or in the wrong one for its content.

## What it does
Reports, as errors, formats browsers cannot show or should never get: TIFF, HEIC/HEIF,
Photoshop PSD and uncompressed BMP. As warnings: an animated GIF over the budget (default
100 KiB), and a PNG that holds a photograph (no transparency, many bytes per pixel). The
photograph test reads only the header: a PNG that stores more than 1 byte per pixel without
transparency is photographic content, since screenshots and drawings compress far better.
As info: a JPEG or PNG that would be at least 8 KiB smaller as WebP that looks the same. That
figure is measured, not guessed: the image is encoded as WebP at the lowest quality whose
SSIMULACRA2 similarity to it stays at the target `perflint fix` keeps (`lossy-target`, 80 by
default), searched as the fix searches it, and a PNG also losslessly (every pixel and its
transparency kept); the smaller counts, as `perflint fix --convert webp` picks it. A WebP at one
fixed quality would promise savings that are mostly lost quality. An image that `perflint fix`
compressed lossily (listed in `.perflint-lossy`) already lies at the target from the original:
a JPEG is not measured, a PNG only losslessly, since a lossy WebP of it would lose more on top.
Icons (`icon-files`: apple-touch-icon, mstile...) get no WebP advice: the systems that show them
on home screens and tiles take PNG.
This is the only check here that decodes pixels; it is cached by the file's content hash, so
the next run of an unchanged image costs nothing. An image over 40
megapixels is not measured: decoding it would take gigabytes, and image-dimensions reports it.

## Why is this bad?
A TIFF or HEIC photo shows as a broken image in most browsers; a PSD or BMP is many times
larger than it needs to be. GIF is the least efficient animation format: the same clip as a
video or animated WebP is usually 5-10x smaller. Photos compress several times better as JPEG
or WebP than as PNG. WebP, which every current browser shows, is usually a quarter to a
third smaller than JPEG at the same visual quality, and smaller than PNG with the same pixels.

## Example
`banner.gif` is a 2.3 MiB animation: publish it as an MP4/WebM `<video autoplay muted loop
playsinline>` or as animated WebP. `team.png` is a 1.9 MiB photo: save it as JPEG or WebP.
`office.jpg` is 420 KiB, and 290 KiB as WebP: publish the WebP instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perflint.cache import content_key
from perflint.documents.image import ImageDoc
from perflint.findings import Severity, Violation
from perflint.images.icons import ICON_FILES, is_icon
from perflint.kinds import IMAGE
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size
from perflint.transforms.limits import too_many_to_measure
from perflint.transforms.webp import CONVERTIBLE, SETTINGS, to_webp

_NOT_FOR_THE_WEB = {
    "tiff": "a TIFF file: Chrome, Firefox and Edge cannot show it on a web page",
    "heif": "a HEIC/HEIF photo (the iPhone format): only Safari can show it",
    "psd": "a Photoshop document: no browser can show it",
    "bmp": "an uncompressed BMP: browsers show it, but it is many times larger than needed",
}
_PHOTO_MODES = frozenset({"RGB", "L", "I;16"})


@dataclass(frozen=True)
class Options:
    max_animated_gif: ByteSize = option(ByteSize(100 * 1024), "Largest animated GIF allowed.", low=1)
    png_photo_bytes_per_pixel: float = option(1.0, "Bytes per pixel above which an opaque PNG counts as a photograph.")
    png_photo_min_pixels: int = option(100_000, "Smallest PNG (in pixels) the photograph test applies to.")
    min_webp_saving: ByteSize = option(ByteSize(8 * 1024), "Smallest saving as WebP worth an info finding.")
    icon_files: tuple[str, ...] = option(
        ICON_FILES, "Globs (.gitignore style) of the icons, which get no WebP advice: their readers take PNG."
    )


def _png_photo(doc: ImageDoc, options: Options) -> float | None:
    """Return the bytes per pixel of an opaque photographic PNG, else None."""
    info = doc.info
    if info.format != "png" or info.has_alpha or info.frames > 1 or info.mode not in _PHOTO_MODES:
        return None
    pixels = (info.width or 0) * (info.height or 0)
    if pixels < options.png_photo_min_pixels:
        return None
    per_pixel = info.pixel_bytes / pixels
    return per_pixel if per_pixel > options.png_photo_bytes_per_pixel else None


def webp_size(doc: ImageDoc, context: Context[Options], lookalike: bool = False) -> int | None:
    """Return the size of the image encoded as WebP, measured once per content; None if skipped.

    A PNG's is lossless, or with `lookalike`, lossy at the target, as a JPEG's always is.
    """
    info = doc.info
    if info.format not in CONVERTIBLE or info.frames > 1 or info.mode == "CMYK" or info.bit_depth == 16:
        return None
    if too_many_to_measure(info.width, info.height):
        return None
    key = content_key(doc.content, SETTINGS, f"{context.fix.lossy_target:g}")
    record = (context.cache.get("webp", key) if context.cache else None) or {}
    field = "lookalike" if lookalike and info.format == "png" else "size"
    if field not in record:
        encoded = to_webp(doc.content, info.format, context.fix.lossy_target, lookalike=field == "lookalike")
        record = {**record, field: None if encoded is None else len(encoded)}
        if context.cache:
            context.cache.put("webp", key, record)
    size = record.get(field)
    return size if isinstance(size, int) else None


def _webp(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    if doc.size < context.options.min_webp_saving:
        return  # too small to save that much: not worth decoding
    if is_icon(doc.info.format, doc.source.relative, context.options.icon_files):
        return  # home-screen icons and tiles are read as PNG by the systems that show them
    # A WebP of an image compressed lossily would be a second lossy encode, further from the original than
    # the target allows: a JPEG's is not measured, a PNG's only losslessly.
    again = context.compressed_lossily(doc.content)
    if doc.info.format == "jpeg" and again:
        return
    encoded, exact = webp_size(doc, context), doc.info.format == "png"  # a PNG's first measure is lossless
    lookalike = webp_size(doc, context, lookalike=True) if exact and not again else None
    if lookalike is not None and (encoded is None or lookalike < encoded):
        encoded, exact = lookalike, False
    if encoded is None or doc.size - encoded < context.options.min_webp_saving:
        return
    saving = doc.size - encoded
    sizes = f"{format_size(doc.size)} -> {format_size(encoded)}"
    if exact:
        how = f"lossless WebP, every pixel kept ({sizes}, measured)"
    else:
        target = context.fix.lossy_target
        how = (
            f"WebP that looks the same ({sizes}, measured at similarity {target:g}/100 to it, as `perflint fix` keeps)"
        )
    yield Violation(
        f"would be {format_size(saving)} ({100 * saving / doc.size:.0f} %) smaller as {how}; "
        f"publish it as WebP, which every current browser shows",
        severity=Severity.INFO,
    )


def check(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    info, options = doc.info, context.options
    if info.format in _NOT_FOR_THE_WEB:
        yield Violation(f"is {_NOT_FOR_THE_WEB[info.format]}; save it as JPEG or WebP (photos) or PNG (drawings)")
    if info.format == "gif" and info.frames > 1 and doc.size > options.max_animated_gif:
        limit = wording.budget(format_size(options.max_animated_gif), "animated GIFs", context.scope)
        yield Violation(
            f"is an animated GIF of {format_size(doc.size)} ({info.frames} frames), over {limit}; "
            f"publish it as a looping video (MP4/WebM) or animated WebP, usually 5-10x smaller",
            severity=Severity.WARNING,
        )
    per_pixel = _png_photo(doc, options)
    if per_pixel is not None:
        yield Violation(
            f"is a photograph stored as PNG ({format_size(doc.size)}, {per_pixel:.1f} bytes per "
            f"pixel, no transparency); save it as JPEG or WebP, which are several times smaller for photos",
            severity=Severity.WARNING,
        )
    yield from _webp(doc, context)


RULE = Rule(
    code="IMG104",
    name="image-format",
    kinds=frozenset({IMAGE}),
    severity=Severity.ERROR,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
)
