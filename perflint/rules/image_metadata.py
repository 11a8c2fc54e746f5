"""Image carrying heavy metadata, or the GPS position where a photo was taken.

## What it does
Reports, as a warning, an image whose metadata (EXIF, XMP, IPTC, comments, embedded
thumbnails, PNG text chunks) is over the budget (default 16 KiB), and, always and as an error,
an image whose EXIF holds a GPS position. Colour profiles (ICC) are not counted: they change how the image looks.

## Why is this bad?
Visitors download the metadata with every view and see none of it. A GPS position is worse:
anyone can read where the photo was taken, often someone's home or office.

## Example
`team.jpg` straight from a phone holds 60 KiB of EXIF, a thumbnail and the office's GPS
position. Export it with metadata removed ("Export for web", or "remove location info").
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from perflint.documents.image import ImageDoc
from perflint.findings import Severity, Violation
from perflint.kinds import IMAGE
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size

FIXED_FORMATS = frozenset({"jpeg", "png"})  # the formats `perflint fix` strips metadata from
_NAMES = {
    "exif": "EXIF",
    "xmp": "XMP",
    "iptc": "IPTC",
    "comment": "comments",
    "text": "text chunks",
    "thumbnail": "thumbnail",
    "other-app": "other",
}


@dataclass(frozen=True)
class Options:
    max_bytes: ByteSize = option(ByteSize(16 * 1024), "Budget for all metadata of one image.")


def _breakdown(doc: ImageDoc) -> str:
    """Return e.g. "EXIF 40 KiB with a thumbnail, XMP 8 KiB", largest first."""
    parts = []
    for kind, size in sorted(doc.info.metadata.items(), key=lambda item: -item[1]):
        thumbnail = " with a thumbnail" if kind == "exif" and doc.info.exif_thumbnail else ""
        parts.append(f"{_NAMES.get(kind, kind)} {format_size(size)}{thumbnail}")
    return ", ".join(parts)


def check(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    fixable = doc.info.format in FIXED_FORMATS and doc.info.frames == 1
    if doc.info.gps:
        advice = "run `perflint fix` to remove it" if fixable else "remove the location before publishing"
        yield Violation(
            f"holds the GPS position where it was taken: anyone who downloads it can read the location; {advice}"
        )
    total = sum(doc.info.metadata.values())
    limit = context.options.max_bytes
    if total > limit:
        yield Violation(
            f"carries {format_size(total)} of metadata ({_breakdown(doc)}), over "
            f"{wording.budget(format_size(limit), 'image metadata', context.scope)} by "
            f"{format_size(total - limit)}; visitors download it and never see it: "
            + ("run `perflint fix` to remove it" if fixable else "export the image with metadata removed"),
            severity=Severity.WARNING,
        )


RULE = Rule(
    code="IMG103",
    name="image-metadata",
    kinds=frozenset({IMAGE}),
    severity=Severity.ERROR,
    fixable=True,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
)
