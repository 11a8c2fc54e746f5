"""File that cannot be read as what it claims to be.

## What it does
Reports, instead of checking it, a file perflint cannot read: an image that is cut off
(an interrupted upload or copy), corrupt, empty, a decompression bomb (a small file that
declares billions of pixels), or whose content browsers cannot show under its name (a text
file named `.jpg`, an SVG named `.png` or a PNG named `.svg`). Also a file that cannot be
opened at all (permissions), and a symbolic link that points outside the repository, which
perflint never follows.

An image that holds another raster format than its name says (a PNG named `.jpg`, a JPEG
named `.ico`) is a warning, not an error: browsers go by the content and show it, so
perflint checks it as what it holds, and the warning says to fix its name.

## Why is this bad?
Browsers show a broken image, or a server sends the wrong content type; a decompression bomb
can freeze the visitor's browser. None of perflint's budgets can be checked on such a file.
A misleading extension still misleads the tools that go by the name: image editors, the
site's build (Hugo's image processing), and the services that make link previews.

## Example
`hero.jpg` was cut off at 60 % by an interrupted upload: its bottom half renders grey.
Export or download it again and commit the complete file. `team.jpg` holds PNG data: rename
it `team.png` and update the links to it, or export it as JPEG.
"""

from __future__ import annotations

from perflint.findings import Severity
from perflint.kinds import CSS, HTML, IMAGE, MARKDOWN
from perflint.rules.base import NoOptions, Rule

RULE: Rule[object, NoOptions] = Rule(
    code="FILE101",
    name="unreadable-file",
    kinds=frozenset({IMAGE, HTML, MARKDOWN, CSS}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=None,
    docs=__doc__,
)
