"""Image that re-encoding would make measurably smaller, with every pixel or at the same look.

## What it does
Re-encodes each PNG and JPEG the way a lossless optimiser does (oxipng for PNG; mozjpeg's
optimised Huffman tables and progressive scans for JPEG) and reports the image when that saves
at least 4 KiB and 5 %. Every pixel and all metadata stay the same, so the saving is free. A
JPEG saved at quality 90 or more (read from its quantisation tables) is also re-encoded as
`perflint fix --lossy always` would: at the lowest JPEG quality whose SSIMULACRA2 similarity to
the image as it is stays at the fix's target (`lossy-target`, 80), without the metadata the fix
removes; where that saves as much, and more than the lossless re-encoding, it is reported
instead. An image the lossy fix wrote (listed in `.perflint-lossy`) is not measured so: the fix
would do nothing more to it. This is what Lighthouse's `uses-optimized-images` finds (it
re-encodes at quality 85, with no measure of the look). The figures are measured, not estimated;
they are cached by the file's content hash, so the next run of an unchanged image costs nothing.
An image over 40 megapixels is not measured: decoding it would take gigabytes, and
image-dimensions reports it (`perflint fix` scales it down).

## Why is this bad?
Most exported images carry encoding slack: PNG exporters use quick compression settings and
JPEG exporters default to generic Huffman tables, and a photo exported at the highest quality
keeps detail no eye sees. Visitors pay for that slack on every view.

## Example
`diagram.png` saved from a drawing tool is 180 KiB; optimised losslessly it is 120 KiB with
identical pixels. `perflint fix` does that, and checks that every pixel is unchanged. A team
photo exported at quality 98 is 640 KiB; at quality 84 it is 210 KiB and looks the same:
`perflint fix --lossy always team.jpg` re-compresses it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perflint.cache import Cache, content_key
from perflint.documents.image import ImageDoc
from perflint.findings import Severity, Violation
from perflint.images.quality import jpeg_quality
from perflint.kinds import IMAGE
from perflint.options import option
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size
from perflint.transforms.limits import too_many_to_measure
from perflint.transforms.lossless import OPTIMIZABLE, SETTINGS, optimize_losslessly

HIGH_QUALITY = 90  # a JPEG saved at this quality or more keeps detail no one sees: its lookalike is measured
LOOKALIKE_SETTINGS = "jpeg-lookalike"  # names the settings in cache keys


@dataclass(frozen=True)
class Options:
    min_saving: ByteSize = option(ByteSize(4 * 1024), "Smallest saving worth reporting.")
    min_percent: float = option(5.0, "Smallest saving worth reporting, in percent of the file.", high=100)


def optimized_size(doc: ImageDoc, context: Context[Options]) -> int | None:
    """Return the size of the losslessly optimised image, measured once per content."""
    record = context.cache.get("lossless", content_key(doc.content, SETTINGS)) if context.cache else None
    if record is None:
        optimized = optimize_losslessly(doc.content, doc.info.format)
        record = record_lossless(context.cache, doc.content, optimized)
    size = record.get("size")
    return size if isinstance(size, int) else None


def record_lossless(cache: Cache | None, data: bytes, optimized: bytes | None) -> dict[str, int | None]:
    """Remember the measurement of `data`'s lossless optimisation (`optimize_losslessly`'s result); return it.

    The lossless fix makes that very measurement and records it: the check after a fix then
    skips seconds of re-encoding each image the fix left as it was.
    """
    record = {"size": None if optimized is None else len(optimized)}
    if cache:
        cache.put("lossless", content_key(data, SETTINGS), record)
    return record


def record_optimized(cache: Cache, data: bytes) -> None:
    """Remember that lossless optimisation of `data` saves nothing, known without measuring it.

    For what an image fix writes: its last step was that optimisation, or it found nothing to
    save. The check after a fix then skips seconds of re-encoding a large image.
    """
    record_lossless(cache, data, data)


def lookalike(doc: ImageDoc, context: Context[Options]) -> tuple[int, str] | None:
    """Return the size of the JPEG re-encoded at the fix's target, and the setting, measured once per content."""
    fix = context.fix
    key = content_key(doc.content, LOOKALIKE_SETTINGS, f"{fix.lossy_target:g}", f"{fix.keep_icc}-{fix.keep_copyright}")
    record = context.cache.get("lookalike", key) if context.cache else None
    if record is None:
        from perflint.fix.images import kept_extras
        from perflint.transforms.lossy import encode_lossy

        try:
            extras = kept_extras(doc.content, "jpeg", fix)
            result = encode_lossy(doc.content, "jpeg", fix.lossy_target, None, extras)
        except Exception:  # hostile input makes Pillow and the encoders raise all sorts
            result = None
        record = {"size": len(result.data), "setting": result.setting} if result else {"size": None}
        if context.cache:
            context.cache.put("lookalike", key, record)
    size, setting = record.get("size"), record.get("setting")
    return (size, setting) if isinstance(size, int) and isinstance(setting, str) else None


def check(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    info = doc.info
    if info.format not in OPTIMIZABLE or info.frames > 1 or too_many_to_measure(info.width, info.height):
        return
    optimized = optimized_size(doc, context)
    lossless = doc.size - optimized if optimized is not None else 0
    quality = jpeg_quality(doc.content) if _may_look_alike(doc, context) else None
    measured = lookalike(doc, context) if quality is not None and quality >= HIGH_QUALITY else None
    if measured is not None and doc.size - measured[0] > lossless and _worth_it(doc.size - measured[0], doc, context):
        size, setting = measured
        saving = doc.size - size
        yield Violation(
            f"saved at quality {quality}, it would be {format_size(saving)} ({100 * saving / doc.size:.0f} %) "
            f"smaller re-encoded at {setting} ({format_size(doc.size)} -> {format_size(size)}, measured), and "
            f"would still look the same (similarity at least {context.fix.lossy_target:g}/100, as `perflint fix` "
            f"keeps); run `perflint fix --lossy always` on it to re-compress it"
        )
    elif optimized is not None and _worth_it(lossless, doc, context):
        yield Violation(
            f"would be {format_size(lossless)} ({100 * lossless / doc.size:.0f} %) smaller with lossless optimisation "
            f"({format_size(doc.size)} -> {format_size(optimized)}), every pixel unchanged; "
            f"run `perflint fix` to optimise it"
        )


def _may_look_alike(doc: ImageDoc, context: Context[Options]) -> bool:
    """Tell whether a JPEG is worth a lossy measurement: big enough, and not written by the lossy fix already,
    which re-encoded it at the lowest quality that keeps the look of the original: a fix would do nothing more."""
    if doc.info.format != "jpeg" or doc.size < context.options.min_saving:
        return False
    return not context.compressed_lossily(doc.content)


def _worth_it(saving: int, doc: ImageDoc, context: Context[Options]) -> bool:
    return saving >= context.options.min_saving and 100 * saving / doc.size >= context.options.min_percent


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
