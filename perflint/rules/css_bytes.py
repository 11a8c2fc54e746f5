"""Stylesheet over its byte budget.

## What it does
Reports a stylesheet larger than the budget (default 100 KiB): a .css file by its size on
disk, a `<style>` block in a page by the size of its text.

## Why is this bad?
Browsers show nothing until they have downloaded and parsed every stylesheet of the page, so
each extra kilobyte of CSS delays the first paint, most of all on phones. Large stylesheets
are usually whole frameworks or years of rules that no page uses any more.

## Example
`static/css/main.css` is 240 KiB: the full Bootstrap bundle plus the site's own rules. Removing
the rules no page uses (a tool such as PurgeCSS finds them) and minifying it brings it to 40 KiB.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from perflint.findings import Severity, Violation
from perflint.kinds import CSS, HTML
from perflint.options import option
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size

if TYPE_CHECKING:
    from perflint.css.analysis import StyledDoc


@dataclass(frozen=True)
class Options:
    max_bytes: ByteSize = option(
        ByteSize(100 * 1024), "Budget for one stylesheet: a .css file or a <style> block.", low=1
    )


def check(doc: StyledDoc, context: Context[Options]) -> Iterator[Violation]:
    limit = context.options.max_bytes
    for sheet in doc.stylesheets:
        size = len(sheet.text.encode("utf-8")) if sheet.inline else doc.size
        if size <= limit:
            continue
        over = f"{wording.budget(format_size(limit), 'stylesheets', context.scope)} by {format_size(size - limit)}"
        if sheet.inline:
            message = (
                f"this <style> block is {format_size(size)}, over {over}; remove the rules the page does not "
                f"use, move the rest to a .css file that browsers can cache across pages, and minify it"
            )
        else:
            message = (
                f"{format_size(size)} is over {over}; remove the rules no page uses (a tool such as PurgeCSS "
                f"finds them), split it into smaller files for the pages that need them, and minify it"
            )
        yield Violation(message, sheet.line, sheet.column)


RULE = Rule(
    code="CSS102",
    name="css-bytes",
    kinds=frozenset({CSS, HTML}),
    severity=Severity.ERROR,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
)
