"""Script in the page's head that holds back the whole page.

## What it does
Reports each `<script src>` in a whole page's `<head>` that browsers must download and run
before they show anything: one without `defer` or `async`, that is not a module (`type="module"`
is deferred), not `nomodule` (current browsers skip it) and of a JavaScript type. These are the
scripts Lighthouse's `render-blocking-resources` audit lists; it lists stylesheets too, which
every page needs and no source check can weigh. A stylesheet that loads another with `@import`,
the other chain that audit finds, is `css-import`'s. Layout fragments, whose place in the page
cannot be told, are not checked.

## Why is this bad?
While a browser downloads and runs a script in the `<head>`, it stops building the page: on a
phone, the screen stays white for the whole download, often a second or more for a large
library or a slow third-party server.

## Example
`<script src="/js/jquery.min.js"></script>` in the `<head>`: add `defer` to it, and to the
scripts that use it (deferred scripts still run in order, once the page is parsed), or move it
to the end of the `<body>`. A script that needs nothing and nothing needs, such as analytics,
can take `async` instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.html.head import head_tags
from perflint.kinds import HTML
from perflint.rules import wording
from perflint.rules.base import Context, NoOptions, Rule

# The types browsers run as classic scripts (the HTML standard's JavaScript MIME types, and none).
_CLASSIC = frozenset(
    {"", "text/javascript", "application/javascript", "application/ecmascript", "application/x-javascript"}
    | {"application/x-ecmascript", "text/ecmascript", "text/jscript", "text/livescript", "text/x-javascript"}
    | {"text/javascript1.0", "text/javascript1.1", "text/javascript1.2", "text/javascript1.3"}
    | {"text/javascript1.4", "text/javascript1.5", "text/x-ecmascript", "javascript"}
)


def blocks_rendering(attrs: Mapping[str, str]) -> bool:
    """Tell whether a <script>'s attributes make browsers stop building the page for it, where it is in the <head>."""
    if not attrs.get("src", "").strip() or any(name in attrs for name in ("async", "defer", "nomodule")):
        return False
    return attrs.get("type", "").strip().lower() in _CLASSIC


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if not doc.is_document:
        return
    for tag in head_tags(doc):
        if tag.name == "script" and blocks_rendering(tag.attrs):
            yield Violation(
                f"{wording.element(tag)} in the <head> holds back the whole page: browsers show nothing until "
                "it has downloaded and run; add defer to it (and to the scripts that use it), or async if "
                "nothing depends on it",
                tag.line,
                tag.column,
            )


RULE = Rule(
    code="HTML110",
    name="render-blocking-resources",
    kinds=frozenset({HTML}),
    severity=Severity.WARNING,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
