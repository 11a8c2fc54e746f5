"""Stylesheet whose rules mostly style nothing on the pages that load it.

## What it does
Finds every page of the site that loads a stylesheet file and collects what their markup
writes: element names, classes, IDs, attributes, and every name their own scripts mention (a
class a script adds). A rule whose selector asks for something none of them has styles nothing
there (`perflint.css.unused`). The stylesheet is reported when those rules are worth more than
10 KiB of its download (compressed, as Lighthouse's `unused-css-rules` audit counts it), with the
share of its rules' bytes. Judged only where every file that loads the stylesheet is a page
perflint reads as written: not where a layout, a script or another stylesheet loads it, nor
where a page has template syntax. A script from another site may add classes perflint cannot
see; the finding says so when a page loads one.

## Why is this bad?
Browsers download and parse a whole stylesheet before they show the page. A framework's full
stylesheet (Bootstrap's is 230 KiB) on a site that uses a tenth of it makes every visitor wait
for the nine tenths.

## Example
`css/bootstrap.min.css` is 31 KiB compressed and 85 % of its rules name nothing on the site's
pages: build a stylesheet with only what the pages use (Bootstrap's Sass sources with the
components you use, or a step such as PurgeCSS, with a safelist for the classes scripts add).
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.documents.css import CssDoc
from perflint.findings import Severity, Violation
from perflint.kinds import CSS
from perflint.options import option
from perflint.rules.base import Context, Rule
from perflint.sizes import ByteSize, format_size

_PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True)
class Options:
    min_unused: ByteSize = option(ByteSize(10 * 1024), "Smallest download of unused rules worth reporting.")


def check(doc: CssDoc, context: Context[Options]) -> Iterator[Violation]:
    from perflint.css.unused import usage
    from perflint.site.loaders import loaders
    from perflint.site.markup import markup_of
    from perflint.site.model import SiteModel

    [sheet] = doc.stylesheets
    download = len(zlib.compress(sheet.text.encode("utf-8"), 6))
    if download <= context.options.min_unused:
        return  # even unused in full, it would cost less than is worth reporting
    found = loaders(doc.source.path, doc.source.boundary, context.site, context.model or SiteModel(None))
    pages = found.rewritable
    if not pages or found.others or any(page.suffix.lower() not in _PAGE_SUFFIXES for page in pages):
        return
    markup = markup_of(pages, doc.source.boundary, context.site)
    if markup is None:
        return
    measured = usage(sheet.text, markup)
    wasted = round(download * measured.unused_share)
    if wasted <= context.options.min_unused:
        return
    count = len(pages)
    where = f"the {count} pages that load it" if count > 1 else "the page that loads it"
    remote = "; a script from another site that they load may add some of those names" if markup.remote_scripts else ""
    share = math.floor(100 * measured.unused_share)
    yield Violation(
        f"{measured.unused_rules:,} of its {measured.rules:,} rules ({share} % of their "
        f"bytes, about {format_size(wasted)} of its {format_size(download)} compressed download) style nothing on "
        f"{where} ({_from_root(pages[0], doc)}{', ...' if count > 1 else ''}): no element there has the classes, IDs "
        f"or elements they name{remote}; serve a stylesheet with only the rules the pages use (a framework's "
        "sources with the parts you use, or a build step such as PurgeCSS, with a safelist for classes scripts add)",
        sheet.line,
        sheet.column,
    )


def _from_root(page: Path, doc: CssDoc) -> str:
    """Name a page from the project root, as reports name files."""
    from perflint.pages.budget import site_path

    root = site_path(doc.source)[0].resolve()
    page = page.resolve()
    return page.relative_to(root).as_posix() if page.is_relative_to(root) else page.name


RULE = Rule(
    code="CSS106",
    name="unused-css-rules",
    kinds=frozenset({CSS}),
    severity=Severity.WARNING,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
    served=True,
)
