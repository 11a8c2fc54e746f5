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
the pages at it. A stylesheet whose `.min.css` copy is exactly its minified text, and that no
file loads any more, is not reported; once the source is edited, it is reported again until
fix writes the copy again. Where a file perflint does not rewrite loads the stylesheet (a
layout in another template language, a script), the finding names it: minify the stylesheet
in the build, or let fix minify it in place (`css = "in-place"`).
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


IN_THE_BUILD = 'minify it in the build, or set `css = "in-place"` under [fix] to let `perflint fix` minify it'
NO_LOADER = "no file of the site names it, so no page can be pointed at a minified copy"


@dataclass(frozen=True)
class Options:
    min_saving: ByteSize = option(ByteSize(2 * 1024), "Smallest saving worth reporting.")
    min_percent: float = option(5.0, "Smallest saving worth reporting, in percent of the stylesheet.", high=100)


def worth_minifying(size: int, saving: int, options: Options) -> bool:
    """Tell whether minifying saves enough: at least a byte, and both thresholds (which may be 0)."""
    return saving > 0 and saving >= options.min_saving and 100 * saving / size >= options.min_percent


def check(doc: StyledDoc, context: Context[Options]) -> Iterator[Violation]:
    # Not cached: rcssmin minifies 240 KiB in about 3 ms, and hashing plus reading a cache
    # record saves only 2-5 ms of that, less than writing the record costs on a first run.
    from perflint.css.files import existing_copy
    from perflint.css.minify import minify

    for sheet in doc.stylesheets:
        size = len(sheet.text.encode("utf-8"))
        if size < context.options.min_saving:
            continue  # it cannot shrink by enough
        minified_text = minify(sheet.text)
        minified = len(minified_text.encode("utf-8"))
        saving = size - minified
        if not worth_minifying(size, saving, context.options):
            continue
        copy = None if sheet.inline else existing_copy(doc.source.path)
        advice = _advice(doc, sheet, context, copy, copy is not None and _holds_text(copy, minified_text))
        if advice is None:
            continue  # its minified copy is up to date, and nothing loads the readable file any more
        what = "this <style> block" if sheet.inline else "it"
        yield Violation(
            f"minifying {what} would save {format_size(saving)} ({100 * saving / size:.0f} %, "
            f"{format_size(size)} -> {format_size(minified)}); {advice}",
            sheet.line,
            sheet.column,
        )


def _advice(
    doc: StyledDoc, sheet: Stylesheet, context: Context[Options], copy: Path | None, in_sync: bool
) -> str | None:
    """Say what to do, as `perflint fix` would do it under the run's settings; None when nothing is to be done.

    `copy` is the stylesheet's minified copy, if it has one; `in_sync`, whether that holds its
    minified text. Then only the files that still load the readable one are left to change.
    """
    from perflint.css.files import minified_sibling
    from perflint.site.loaders import loaders
    from perflint.site.model import SiteModel

    if sheet.inline:
        return "minify it (e.g. with a build step or an online CSS minifier)"
    path = doc.source.path
    found = loaders(path, doc.source.boundary, context.site, context.model or SiteModel(None))
    if in_sync and not found:
        return None
    if context.fix.css == "in-place":
        return "run `perflint fix` to minify it"
    if context.fix.css == "off":
        return "minify it in the build, or let `perflint fix` do it (`css` under [fix])"
    blocked = found.not_repointable()
    if copy is not None and in_sync:
        if blocked is not None:
            return f"its minified copy {copy.name} is up to date, but {blocked}: point it at the copy"
        count = len(found.rewritable)
        return (
            f"its minified copy {copy.name} is up to date, but {count} file{'s' if count != 1 else ''} still load it "
            f"({found.shown(found.rewritable[0])}): run `perflint fix` to point them at the copy"
        )
    if blocked is not None:
        return f"{blocked}: {IN_THE_BUILD}"
    if copy is not None:
        return f"its minified copy {copy.name} is out of date: run `perflint fix` to write it again"
    if not found:
        return f"{NO_LOADER}: {IN_THE_BUILD}"
    return f"run `perflint fix` to write {minified_sibling(path).name}, its minified copy, and point the pages at it"


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
