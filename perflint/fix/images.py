"""Decide an image's fix: strip metadata and re-encode losslessly, when that saves enough."""

from __future__ import annotations

import io
from typing import Any

from perflint.fix.options import FixOptions
from perflint.fix.proposal import Proposal
from perflint.images.probe import UnreadableImage, probe

LOSSLESS = "re-encoded losslessly (every pixel unchanged)"


def propose_image(original: bytes, image_format: str, rules: dict[str, Any], options: FixOptions) -> Proposal | None:
    """Return the smaller image, or None when the saving is too small to be worth a rewrite.

    A GPS position is always removed, whatever the saving: it is a privacy leak, not a size issue.
    """
    try:
        info = probe(io.BytesIO(original), len(original), image_format)
    except UnreadableImage:
        return None
    if "image-metadata" in rules:
        from perflint.transforms.images import MetadataPolicy, optimize_image

        optimized = optimize_image(original, image_format, MetadataPolicy(options.keep_icc, options.keep_copyright))
        if optimized is None:
            return None
        data, changes = optimized.data, optimized.changes
    elif "image-compressible" in rules and info.frames == 1:
        from perflint.transforms.lossless import optimize_losslessly
        from perflint.transforms.pixels import same_pixels

        candidate = optimize_losslessly(original, image_format)
        if candidate is None or len(candidate) >= len(original) or not same_pixels(original, candidate):
            return None
        data, changes = candidate, (LOSSLESS,)
    else:
        return None
    saving = len(original) - len(data)
    worth_it = saving >= options.min_saving and 100 * saving / len(original) >= options.min_percent
    return Proposal(data, changes) if worth_it or (info.gps and "image-metadata" in rules) else None
