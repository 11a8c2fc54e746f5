"""Image file over its byte budget.

## What it does
Reports an image file larger than the budget for its kind: raster images (JPEG, PNG, GIF,
WebP, AVIF...), SVG drawings, and favicons/icons. Config overrides can give folders their own
budget, e.g. 500 KiB for `static/hero/**`.

## Why is this bad?
Images are most of a page's weight. A 5 MB photo takes seconds on a phone connection, uses
the visitor's data plan, and delays the moment the page is usable (Largest Contentful Paint).

## Example
`static/img/team.jpg` is a 4.8 MiB photo straight from a camera. Export it at JPEG quality
80 and at most 2560 px wide: it becomes about 300 KiB and looks the same on screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from perflint.cache import Cache, content_key
from perflint.documents.image import ImageDoc
from perflint.findings import Severity, Violation
from perflint.images.icons import ICON_FILES, is_icon
from perflint.images.info import ImageInfo
from perflint.kinds import IMAGE
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size
from perflint.transforms.formats import LOSSY_FORMATS


@dataclass(frozen=True)
class Options:
    max_raster: ByteSize = option(
        ByteSize(300 * 1024), "Budget for JPEG, PNG, GIF, WebP, AVIF and other rasters.", low=1
    )
    max_svg: ByteSize = option(ByteSize(50 * 1024), "Budget for SVG drawings.", low=1)
    max_icon: ByteSize = option(ByteSize(100 * 1024), "Budget for favicons and icons (see icon-files).", low=1)
    icon_files: tuple[str, ...] = option(ICON_FILES, "Globs (.gitignore style) of the files that count as icons.")


def byte_budget(image_format: str, relative: str, options: Options) -> tuple[int, str]:
    """Return the byte budget that applies to an image and what it is for (the fix uses it too)."""
    if is_icon(image_format, relative, options.icon_files):
        return options.max_icon, "icons"
    if image_format == "svg":
        return options.max_svg, "SVG images"
    return options.max_raster, "raster images"


def check(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    limit, what = byte_budget(doc.info.format, doc.source.relative, context.options)
    if doc.size <= limit:
        return
    size = format_size(doc.size)
    if doc.info.width and doc.info.height:
        size += f" ({wording.pixels(doc.info)})"
    over = format_size(doc.size - limit)
    no_lossy_step = _no_lossy_step(doc, context)  # then "run perflint fix" would do nothing
    advice = compressed_already(doc.info, doc.size, limit, no_lossy_step) if no_lossy_step else _advice(doc)
    message = f"{size} is over {wording.budget(format_size(limit), what, context.scope)} by {over}; {advice}"
    yield Violation(message, fixable=_fix_can_shrink(doc) and not no_lossy_step)


def _no_lossy_step(doc: ImageDoc, context: Context[Options]) -> str | None:
    """Say why `perflint fix` would not compress this image lossily, if it would not: it did before, or found
    no smaller encoding of it that keeps the look; None when it would try."""
    if not _fix_can_shrink(doc):
        return None
    if context.compressed_lossily(doc.content):
        return ALREADY
    return NO_LOOKALIKE if no_lookalike_found(context, doc.content) else None


ALREADY = "perflint fix already compressed it as far as its quality target allows and never does so twice"
NO_LOOKALIKE = "perflint fix found no smaller encoding of it that still looks the same at its quality target"
_NO_LOOKALIKE_KEY = "no-lookalike"  # names the record in cache keys, with the target


def compressed_already(info: ImageInfo, size: int, limit: int, reason: str = ALREADY) -> str:
    """Say what is left to do for an image that `perflint fix` cannot compress lossily, still over its budget.

    It compressed it lossily before (and never does twice: generation loss), or found no smaller
    encoding within its quality target, so "run perflint fix" would do nothing: the real choices
    are fewer pixels, a lower quality target, or a larger budget; for a PNG, WebP as well.
    """
    choices = "lower lossy-target under [fix], or raise the image-bytes budget for this path"
    if info.format == "png":
        choices = f"publish it as WebP (perflint fix --unsafe-fixes --convert webp), {choices}"
    longest = max(info.width or 0, info.height or 0)
    if not longest:
        return f"{reason}; {choices}"
    side = max(1, int(longest * math.sqrt(limit / size) * 0.95))  # bytes grow with the pixel count
    return (
        f"{reason}: scale it down to about {side} px on its longest side (max-side = {side} under "
        f"[rules.image-dimensions] for this path, and perflint fix scales it), {choices}"
    )


def record_no_lookalike(cache: Cache | None, data: bytes, target: float) -> None:
    """Remember that the lossy fix found no smaller encoding of `data` at `target`, for the check after it."""
    if cache:
        cache.put("lossy", content_key(data, _NO_LOOKALIKE_KEY, f"{target:g}"), {"found": False})


def no_lookalike_found(context: Context[Options], data: bytes) -> bool:
    """Tell whether the lossy fix tried this very image at this target and found no smaller encoding."""
    key = content_key(data, _NO_LOOKALIKE_KEY, f"{context.fix.lossy_target:g}")
    return context.cache is not None and context.cache.get("lossy", key) is not None


def _fix_can_shrink(doc: ImageDoc) -> bool:
    """Tell whether `perflint fix` re-compresses this image: a still JPEG, PNG or WebP."""
    return doc.info.format in LOSSY_FORMATS and doc.info.frames == 1


def _advice(doc: ImageDoc) -> str:
    """Say how to make this kind of image smaller: a drawing, an animation and a photo each differ."""
    if doc.info.format == "svg":
        return (
            "simplify the drawing or run it through an SVG optimiser such as SVGO; "
            "a drawing with photographic detail is often much smaller as WebP"
        )
    if doc.info.frames > 1:
        return (
            "it is an animation: publish it as an MP4/WebM <video autoplay muted loop playsinline> "
            "or as animated WebP, usually several times smaller"
        )
    fix = "run `perflint fix` to re-compress it, or " if _fix_can_shrink(doc) else ""
    return f"{fix}re-export it smaller (JPEG or WebP at quality 75-85, at most 2560 px wide)"


RULE = Rule(
    code="IMG101",
    name="image-bytes",
    kinds=frozenset({IMAGE}),
    severity=Severity.ERROR,
    fixable=True,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
    weighs=True,
)
