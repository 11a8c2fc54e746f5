"""Stylesheet that loads another stylesheet with @import.

## What it does
Reports each `@import` in a stylesheet or a `<style>` block (comments and strings do not
count), naming the file it imports. An `@import` that browsers ignore, because it comes after
other rules or sits inside a block such as `@media` or `@supports`, is reported too.

## Why is this bad?
A browser finds an imported file only after it has downloaded the stylesheet that imports
it, so the two downloads happen one after the other, and the page stays blank until both
are done (a render-blocking chain). A `<link rel="stylesheet">` for each file lets the
browser download them all at once. An `@import` that browsers ignore loads nothing at all.

## Example
`theme.css` starts with `@import url("fonts.css");`. Delete that line and add
`<link rel="stylesheet" href="/css/fonts.css">` to the pages' `<head>`, or let the build step
bundle both files into one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from perflint.findings import Severity, Violation
from perflint.kinds import CSS, HTML
from perflint.rules.base import Context, NoOptions, Rule

if TYPE_CHECKING:
    from perflint.css.analysis import Import, StyledDoc

# Cheap test that spares parsing a sheet with no @import (an escaped keyword still counts).
_MAY_IMPORT = re.compile(r"@(?:import|\\)", re.IGNORECASE)
_LINK = 'load it with its own <link rel="stylesheet"> in the page\'s <head>'


def check(doc: StyledDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    from perflint.css.analysis import imports, in_file

    for sheet in doc.stylesheets:
        if not _MAY_IMPORT.search(sheet.text):
            continue
        for found in imports(sheet.text):
            yield Violation(_message(found), *in_file(sheet, found.line, found.column))


def _message(found: Import) -> str:
    if found.url is None:
        return "has an @import with no file to load: browsers ignore it; delete it"
    if found.ignored_because:
        return (
            f"browsers ignore this @import of `{found.url}` because {found.ignored_because}, so that "
            f"file is never loaded; if the page needs it, {_LINK}, otherwise delete the @import"
        )
    return (
        f"imports `{found.url}` with @import: browsers find that file only after downloading this "
        f"stylesheet, so the page waits for one download after the other; {_LINK}, or bundle the "
        f"two files into one"
    )


RULE = Rule(
    code="CSS103",
    name="css-import",
    kinds=frozenset({CSS, HTML}),
    severity=Severity.WARNING,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
    served=True,
)
