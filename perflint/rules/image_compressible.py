"""Image that lossless optimisation would make measurably smaller.

## What it does
Re-encodes each PNG and JPEG the way a lossless optimiser does (oxipng for PNG; mozjpeg's
optimised Huffman tables and progressive scans for JPEG) and reports the image when that saves
at least 4 KiB and 5 %. Every pixel and all metadata stay the same, so the saving is free.
The figure is measured, not estimated; it is cached by the file's content hash, so the next
run of an unchanged image costs nothing. An image over 40 megapixels is not measured: decoding
it would take gigabytes, and image-dimensions reports it (`perflint fix` scales it down).

## Why is this bad?
Most exported images carry encoding slack: PNG exporters use quick compression settings and
JPEG exporters default to generic Huffman tables. Visitors pay for that slack on every view.

## Example
`diagram.png` saved from a drawing tool is 180 KiB; optimised losslessly it is 120 KiB with
identical pixels. `perflint fix` does that, and checks that every pixel is unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perflint.cache import Cache, content_key
from perflint.documents.image import ImageDoc
from perflint.findings import Severity, Violation
from perflint.kinds import IMAGE
from perflint.options import option
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size
from perflint.transforms.limits import too_many_to_measure
from perflint.transforms.lossless import OPTIMIZABLE, SETTINGS, optimize_losslessly


@dataclass(frozen=True)
class Options:
    min_saving: ByteSize = option(ByteSize(4 * 1024), "Smallest saving worth reporting.")
    min_percent: float = option(5.0, "Smallest saving worth reporting, in percent of the file.", high=100)


def optimized_size(doc: ImageDoc, context: Context[Options]) -> int | None:
    """Return the size of the losslessly optimised image, measured once per content."""
    key = content_key(doc.content, SETTINGS)
    record = context.cache.get("lossless", key) if context.cache else None
    if record is None:
        optimized = optimize_losslessly(doc.content, doc.info.format)
        record = {"size": None if optimized is None else len(optimized)}
        if context.cache:
            context.cache.put("lossless", key, record)
    size = record.get("size")
    return size if isinstance(size, int) else None


def record_optimized(cache: Cache, data: bytes) -> None:
    """Remember that lossless optimisation of `data` saves nothing, known without measuring it.

    For what an image fix writes: its last step was that optimisation, or it found nothing to
    save. The check after a fix then skips seconds of re-encoding a large image.
    """
    cache.put("lossless", content_key(data, SETTINGS), {"size": len(data)})


def check(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    info = doc.info
    if info.format not in OPTIMIZABLE or info.frames > 1 or too_many_to_measure(info.width, info.height):
        return
    optimized = optimized_size(doc, context)
    if optimized is None:
        return
    saving = doc.size - optimized
    percent = 100 * saving / doc.size
    if saving >= context.options.min_saving and percent >= context.options.min_percent:
        yield Violation(
            f"would be {format_size(saving)} ({percent:.0f} %) smaller with lossless optimisation "
            f"({format_size(doc.size)} -> {format_size(optimized)}), every pixel unchanged; "
            f"run `perflint fix` to optimise it"
        )


RULE = Rule(
    code="IMG105",
    name="image-compressible",
    kinds=frozenset({IMAGE}),
    severity=Severity.WARNING,
    fixable=True,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
)
