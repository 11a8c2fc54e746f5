"""Image wider or taller than any screen needs.

## What it does
Reports a raster image whose longest side is over the budget (default 2560 px: a full-width
image on a 1280 px layout at 2x pixel density).

## Why is this bad?
Pixels beyond what the screen shows are downloaded, decoded and held in memory for nothing;
a 6000 px camera photo takes about 100 MB of memory to decode on a phone.

## Example
`hero.jpg` is 6000 x 4000 px. Scale it to 2560 x 1707 px before publishing.
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
from perflint.transforms.formats import LOSSY_FORMATS


@dataclass(frozen=True)
class Options:
    max_side: int = option(2560, "Longest side allowed, in pixels.", low=1)


def check(doc: ImageDoc, context: Context[Options]) -> Iterator[Violation]:
    width, height = doc.info.width, doc.info.height
    if width is None or height is None or doc.info.format == "svg":
        return
    limit = context.options.max_side
    longest = max(width, height)
    if longest <= limit:
        return
    advice = "run `perflint fix` to scale it down to" if doc.info.format in LOSSY_FORMATS else "scale it down to"
    scaled = (limit, round(height * limit / width)) if width >= height else (round(width * limit / height), limit)
    yield Violation(
        f"{wording.pixels(doc.info)}: its longest side is {longest - limit} px over "
        f"{wording.budget(f'{limit} px', 'image dimensions', context.scope)}; "
        f"{advice} {scaled[0]} x {scaled[1]} px"
    )


RULE = Rule(
    code="IMG102",
    name="image-dimensions",
    kinds=frozenset({IMAGE}),
    severity=Severity.ERROR,
    fixable=True,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
    weighs=True,
)
