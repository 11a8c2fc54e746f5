"""Decide an image's fix: lossless first, then lossy within the perceptual target where allowed.

Lossless (strip metadata, re-encode with every pixel unchanged) is always safe. A lossy
re-encode (and scaling down to the pixel budget) happens when `lossy` allows it: with `auto`,
only for an image over its byte or pixel budget: one inside them gets lossless fixes only, since
losing detail in an image that meets its budgets would be a surprise, not a fix. An image the
lossy manifest lists was compressed lossily before and only gets lossless fixes. An image with
more pixels than measured work may decode is only scaled down to the pixel budget, or left
alone with the reason.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from perflint.config import RuleConfig
from perflint.fix.proposal import Declined, Proposal
from perflint.fix_options import FixOptions
from perflint.images.info import ImageInfo
from perflint.images.probe import UnreadableImage, probe
from perflint.lossy_manifest import content_hash
from perflint.sizes import format_size
from perflint.transforms import limits
from perflint.transforms.formats import LOSSY_FORMATS

if TYPE_CHECKING:
    from perflint.cache import Cache
    from perflint.transforms.lossy import Extras

LOSSLESS = "re-encoded losslessly (every pixel unchanged)"


@dataclass(frozen=True)
class ImageTask:
    """One image to fix and what applies to it."""

    data: bytes
    image_format: str
    relative: str  # for the per-glob budgets
    rules: Mapping[str, RuleConfig]
    options: FixOptions
    lossy_before: frozenset[str]  # content hashes perflint already compressed lossily
    cache: Cache | None = None  # where the check after the fix finds what the lossless fix measured

    @functools.cached_property
    def listed(self) -> bool:
        """Tell whether perflint compressed this very image lossily before (hashed once per task)."""
        return content_hash(self.data) in self.lossy_before


def propose_image(task: ImageTask) -> Proposal | Declined | None:
    """Return the smaller image, a reason it is left alone, or None when there is nothing worth doing.

    A GPS position is always removed, whatever the saving: it is a privacy leak, not a size issue.
    """
    original, options = task.data, task.options
    try:
        info = probe(io.BytesIO(original), len(original), task.image_format)
    except UnreadableImage:
        return None
    measured = not limits.too_many_to_measure(info.width, info.height)
    if not measured and not _scales_within_limit(task, info):
        return _too_many_pixels(task, info)
    reasons = _lossy_reasons(task, info)
    if reasons and info.frames > 1:
        return Declined(
            f"animated ({info.frames} frames): perflint keeps every frame of an animation as it is; "
            "to make it much smaller, replace it with a video (MP4 or WebM)"
        )
    lossy = _lossy(task, info, reasons) if reasons and task.image_format in LOSSY_FORMATS else None
    max_side = _over_side(task, info)
    # A smaller scaled-down image is what the pixel budget asks for: a full-size copy would still break it.
    scaled = lossy is not None and max_side is not None and len(lossy.data) < len(original)
    lossless = _lossless(task, info) if measured and not scaled else None
    base = lossless.data if lossless else original
    if lossy is not None and len(lossy.data) >= len(base) and max_side is not None:
        # Scaling a flat-colour screenshot adds in-between colours, and a palette then costs more bytes.
        kept = (
            f"not scaled down to {max_side} px: it would grow to {format_size(len(lossy.data))}, so it stays as it is"
        )
        if lossless is None:
            return Declined(kept)
        lossless = replace(lossless, changes=(*lossless.changes, kept))
    proposal = lossy if lossy is not None and len(lossy.data) < len(base) else lossless
    # No lossy step is left to take: one was taken before, or no setting kept the look.
    no_lookalike = bool(reasons) and lossy is None and task.image_format in LOSSY_FORMATS
    if proposal is None:
        if task.listed or no_lookalike:
            return _still_over(task, info, original)
        return None if measured else _too_many_pixels(task, info)
    saving = len(original) - len(proposal.data)
    worth_it = saving >= options.min_saving and 100 * saving / len(original) >= options.min_percent
    gps_removed = info.gps and "image-metadata" in task.rules
    if not (worth_it or gps_removed):
        return _still_over(task, info, original) if task.listed or no_lookalike else None
    still_over = _still_over(task, info, proposal.data) if no_lookalike else None
    changes = proposal.changes + ((still_over.reason,) if still_over else ())
    # A lossless rewrite of an image compressed lossily before is still one: it stays listed.
    return replace(proposal, changes=changes, lossy=proposal.lossy or task.listed, optimized=True)


def _still_over(task: ImageTask, info: ImageInfo, data: bytes) -> Declined | None:
    """Explain an image left as `data` with no lossy step to take, when it is still over its byte budget.

    Either fix compressed it lossily before, or it found no smaller encoding that keeps the
    look: the check after the fix is told so (through the cache), so that neither advises
    running the fix again.
    """
    if "image-bytes" not in task.rules:
        return None
    from perflint.rules.image_bytes import ALREADY, NO_LOOKALIKE, byte_budget, compressed_already, record_no_lookalike

    if not task.listed:
        record_no_lookalike(task.cache, data, task.options.lossy_target)
    limit, what = byte_budget(task.image_format, task.relative, task.rules["image-bytes"].options)
    if len(data) <= limit:
        return None
    advice = compressed_already(info, len(data), limit, ALREADY if task.listed else NO_LOOKALIKE)
    return Declined(f"still over the {format_size(limit)} budget for {what}: {advice}")


def _scales_within_limit(task: ImageTask, info: ImageInfo) -> bool:
    """Tell whether the lossy fix scales the image down to a size measured work may decode."""
    from perflint.transforms.lossy import fitted

    max_side = _over_side(task, info)
    if max_side is None or info.frames > 1 or task.image_format not in LOSSY_FORMATS:
        return False
    scaled = fitted((info.width or 0, info.height or 0), max_side)
    return not limits.too_many_to_measure(*scaled) and bool(_lossy_reasons(task, info))


def _too_many_pixels(task: ImageTask, info: ImageInfo) -> Declined | None:
    """Explain why an image too large to decode is left alone; None for a format no fix touches."""
    if task.image_format not in LOSSY_FORMATS:
        return None
    megapixels = (info.width or 0) * (info.height or 0) / 1e6
    return Declined(
        f"too many pixels to fix safely: {info.width:,} x {info.height:,} px is {megapixels:,.0f} megapixels, "
        f"and perflint decodes at most {limits.MAX_MEASURED_PIXELS / 1e6:,.0f} to re-encode an image; "
        "scale it down in an image editor"
    )


def _lossless(task: ImageTask, info: ImageInfo) -> Proposal | None:
    """Strip metadata and re-encode with the same pixels, as far as the enabled rules ask."""
    if "image-metadata" in task.rules:
        from perflint.transforms.images import MetadataPolicy, optimize_image

        _measure_losslessly(task)
        policy = MetadataPolicy(task.options.keep_icc, task.options.keep_copyright)
        optimized = optimize_image(task.data, task.image_format, policy)
        return None if optimized is None else Proposal(optimized.data, optimized.changes)
    if "image-compressible" in task.rules and info.frames == 1:
        from perflint.transforms.pixels import same_pixels

        candidate = _measure_losslessly(task)
        if candidate is None or len(candidate) >= len(task.data) or not same_pixels(task.data, candidate):
            return None
        return Proposal(candidate, (LOSSLESS,))
    return None


def _measure_losslessly(task: ImageTask) -> bytes | None:
    """Re-encode the image losslessly with all its metadata, and record the size for the check after the fix.

    `optimize_image` starts from this very result (it keeps the last one), so recording it costs nothing.
    """
    from perflint.rules.image_compressible import record_lossless
    from perflint.transforms.lossless import OPTIMIZABLE, optimize_losslessly

    if task.image_format not in OPTIMIZABLE:
        return None
    optimized = optimize_losslessly(task.data, task.image_format)
    record_lossless(task.cache, task.data, optimized)
    return optimized


def _lossy_reasons(task: ImageTask, info: ImageInfo) -> list[str]:
    """Say why this image may be compressed lossily, as clauses for the fix line; empty when it may not."""
    mode = task.options.lossy
    if mode == "never" or task.listed:
        return []
    if mode == "always":
        return ["lossy is set to always"]
    reasons = []
    if "image-bytes" in task.rules:
        from perflint.rules.image_bytes import byte_budget

        limit, what = byte_budget(task.image_format, task.relative, task.rules["image-bytes"].options)
        if len(task.data) > limit:
            reasons.append(f"it was over the {format_size(limit)} budget for {what}")
    if _over_side(task, info) is not None:
        reasons.append("it was over the pixel budget")
    return reasons


def _over_side(task: ImageTask, info: ImageInfo) -> int | None:
    """Return the longest side allowed when the image is over it, else None."""
    if "image-dimensions" not in task.rules or info.width is None or info.height is None:
        return None
    limit: int = task.rules["image-dimensions"].options.max_side
    return limit if max(info.width, info.height) > limit else None


def kept_extras(data: bytes, image_format: str, options: FixOptions) -> Extras:
    """Return what a re-encoded image carries over: the ICC profile, the EXIF tags and the rights statements kept.

    No orientation: the re-encoder bakes it into the pixels. May raise on damaged input.
    """
    from PIL import Image

    from perflint.transforms import png
    from perflint.transforms.images import MetadataPolicy, kept_exif, parse_exif
    from perflint.transforms.lossy import Extras
    from perflint.transforms.rights import rights_packet

    with Image.open(io.BytesIO(data), formats=[image_format.upper()]) as image:
        icc = image.info.get("icc_profile") if options.keep_icc else None
        policy = MetadataPolicy(options.keep_icc, options.keep_copyright)
        # Not image.getexif(): to find a PNG's eXIf, which may follow the image data, it decodes every pixel.
        payload = png.find_exif(data) if image_format == "png" else image.info.get("exif")
        exif = kept_exif(parse_exif(payload), policy, orientation=False)
        rights = rights_packet(image) if options.keep_copyright else None
    return Extras(icc or None, exif.tobytes() if len(exif) else None, rights)


def _lossy(task: ImageTask, info: ImageInfo, reasons: list[str]) -> Proposal | None:
    """Re-encode at the lowest setting within the target, scaled down first when over the pixel budget."""
    from perflint.transforms.images import removed_metadata
    from perflint.transforms.lossy import encode_lossy

    options = task.options
    try:
        extras = kept_extras(task.data, task.image_format, options)
        lossy = encode_lossy(task.data, task.image_format, options.lossy_target, _over_side(task, info), extras)
        after = probe(io.BytesIO(lossy.data), len(lossy.data), task.image_format) if lossy else None
    except Exception:  # hostile input makes Pillow and the encoders raise all sorts
        return None
    if lossy is None or after is None:
        return None
    changes = []
    if lossy.resized:
        changes.append(f"scaled down from {info.width} x {info.height} to {lossy.resized[0]} x {lossy.resized[1]} px")
    if lossy.exact and not lossy.resized:
        changes.append(f"re-encoded losslessly with {lossy.setting} (every pixel unchanged)")
    else:
        changes.append(
            f"re-compressed to {lossy.setting} because {' and '.join(reasons)}; it still looks like the original "
            f"(similarity {lossy.score:.0f}/100, minimum {options.lossy_target:g})"
        )
    removed = removed_metadata(info, after, options.keep_icc)
    if removed:
        changes.append(removed)
    return Proposal(lossy.data, tuple(changes), lossy=not lossy.exact or lossy.resized is not None)
