"""Stylesheet that minifying would make measurably smaller.

## What it does
Minifies each stylesheet (a .css file, or each `<style>` block of a page) the way a build
step does: comments, indentation and line breaks go; `/*! licence */` comments and
source-map comments stay. It reports the stylesheet when that saves at least 2 KiB and 5 %
(Lighthouse's thresholds for "Minify CSS"). The saving is measured, not estimated.

## Why is this bad?
Browsers show nothing until they have downloaded every stylesheet of the page. Comments and
indentation help the people who edit the file; visitors download them on every first visit.

## Example
`static/css/theme.css` is 233 KiB as written and 190 KiB minified. Keep editing the readable
file and publish the minified one: `perflint fix` writes `theme.min.css` beside it and points
the pages at it (with `--css sibling`). A stylesheet whose `.min.css` copy is exactly its
minified text is not reported; once the source is edited, it is reported again until fix
writes the copy again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.findings import Severity, Violation
from perflint.kinds import CSS, HTML
from perflint.options import option
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size

if TYPE_CHECKING:
    from perflint.css.analysis import StyledDoc
    from perflint.documents.css import Stylesheet


@dataclass(frozen=True)
class Options:
    min_saving: ByteSize = option(ByteSize(2 * 1024), "Smallest saving worth reporting.")
    min_percent: float = option(5.0, "Smallest saving worth reporting, in percent of the stylesheet.")


def worth_minifying(size: int, saving: int, options: Options) -> bool:
    """Tell whether minifying saves enough: at least a byte, and both thresholds (which may be 0)."""
    return saving > 0 and saving >= options.min_saving and 100 * saving / size >= options.min_percent


def check(doc: StyledDoc, context: Context[Options]) -> Iterator[Violation]:
    # Not cached: rcssmin minifies 240 KiB in about 3 ms, and hashing plus reading a cache
    # record saves only 2-5 ms of that, less than writing the record costs on a first run.
    from perflint.css.minify import minify

    for sheet in doc.stylesheets:
        size = len(sheet.text.encode("utf-8"))
        if size < context.options.min_saving:
            continue  # it cannot shrink by enough
        copy = _minified_copy(doc, sheet)
        if copy is not None and _holds_text(copy, minify(sheet.text)):
            continue  # `perflint fix --css sibling` keeps this copy in sync and points the pages at it
        minified = len(minify(sheet.text).encode("utf-8"))
        saving = size - minified
        if worth_minifying(size, saving, context.options):
            percent = 100 * saving / size
            what = "this <style> block" if sheet.inline else "it"
            advice = (
                "minify it (e.g. with a build step or an online CSS minifier)"
                if sheet.inline
                else "run `perflint fix` to minify it"
            )
            yield Violation(
                f"minifying {what} would save {format_size(saving)} ({percent:.0f} %, "
                f"{format_size(size)} -> {format_size(minified)}); {advice}",
                sheet.line,
                sheet.column,
            )


def _minified_copy(doc: StyledDoc, sheet: Stylesheet) -> Path | None:
    """Return the `.min.css` beside a stylesheet file, which `perflint fix` keeps in sync and points pages at."""
    from perflint.css.files import MINIFIED_SUFFIX, minified_sibling

    name = doc.source.path.name.lower()
    if sheet.inline or not name.endswith(".css") or name.endswith(MINIFIED_SUFFIX):
        return None
    copy = minified_sibling(doc.source.path)
    return copy if copy.is_file() and not copy.is_symlink() else None


def _holds_text(path: Path, text: str) -> bool:
    """Tell whether a file holds `text`, whatever encoding it was written in."""
    from perflint.documents.text import decode

    try:
        return decode(path.read_bytes()).text == text
    except (OSError, ValueError):
        return False


RULE = Rule(
    code="CSS101",
    name="css-unminified",
    kinds=frozenset({CSS, HTML}),
    severity=Severity.WARNING,
    fixable=True,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
)
