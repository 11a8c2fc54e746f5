"""Page heavier than its budget, counting the local files it loads.

## What it does
Adds up what a browser downloads for a full page (one with `<html>` or `<head>`; layout
fragments are skipped), from the files in the repository, and reports a page over its budget.
It counts the page's own bytes; images: `<img src>` or, with a `srcset`, its largest candidate
(by `w`, else `x` descriptor, else file size: what the biggest screens download; `<picture>
<source>` candidates replace the `<img>`'s, so they add nothing), `<video poster>` and CSS
`url()` backgrounds; stylesheets: `<link rel="stylesheet">` and the local stylesheets they
`@import`, up to 5 deep; scripts: `<script src>` (not `nomodule`); fonts: `<link rel="preload"
as="font">` and font files in CSS `url()`s (`@font-face`). CSS is read from `<style>` blocks,
`style=""` attributes and linked local stylesheets. A `data:` URI counts as the bytes it takes
where it is written, in the type of what holds it. Each file counts once per page, at its size
on disk (before any server compression); no pixels are read. Remote files are never fetched,
and they, template references and missing files are not counted: the figure is a floor. One
finding per page names the total, the breakdown by type, each budget broken and by how much,
and the 3 heaviest files.

Budgets: `max-total`, and per type when set. A Lighthouse budget file (`lighthouse-budget =
"budget.json"`, a path relative to the project root, in the format of
https://github.com/GoogleChrome/budget.json) adds the `resourceSizes` of its last entry whose
`path` matches the page's URL path, which is the page's path from the project root with
`index.html` dropped (`blog/index.html` is `/blog/`). They replace the options of the same type
(sizes in KiB, as Lighthouse reads them); `document` budgets the page's own bytes; `media`,
`other` and `third-party` are not measured. Paths match as in Lighthouse: `/blog` matches every
URL path starting with it, `*` any run of characters, a final `$` the end. A budget file that
cannot be read or has the wrong shape gives one error on each page, naming the file.

## Why is this bad?
Every byte a page loads costs visitors time and mobile data. Heavy pages show their main
content late (Largest Contentful Paint, a Core Web Vital that counts in search ranking), and
visitors on slow connections leave before they see it.

## Example
`pricing.html` loads a 1.2 MiB hero photo, two 300 KiB team photos and 200 KiB of fonts: 2 MiB
against a 1.6 MiB budget. Compress or resize the photos (JPEG or WebP at quality 75-85, no
wider than they are shown) and load only the font weights the page uses.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.documents.html import HtmlDoc
from perflint.documents.text import decode
from perflint.findings import Severity, Violation
from perflint.kinds import HTML
from perflint.options import option
from perflint.pages.budget import Budget, page_url_path, read_budget_file, site_path
from perflint.pages.resources import (
    DOCUMENT,
    FONT,
    IMAGE,
    SCRIPT,
    STYLESHEET,
    TYPES,
    Resource,
    SheetRefs,
    collect,
    sheet_refs,
)
from perflint.rules import wording
from perflint.rules.base import Context, Rule
from perflint.site import Site
from perflint.sizes import ByteSize, format_size

TOTAL = "total"
_LABELS = {DOCUMENT: "page", IMAGE: "images", STYLESHEET: "stylesheets", SCRIPT: "scripts", FONT: "fonts"}
_WHAT = {TOTAL: "page weight", DOCUMENT: "the page's own HTML", **{t: f"{_LABELS[t]} on a page" for t in TYPES[1:]}}
_ADVICE = {
    DOCUMENT: "make the page's own HTML smaller (move inline scripts, styles and data: URIs into files)",
    IMAGE: "compress or resize the heaviest images",
    STYLESHEET: "remove CSS the page does not use",
    SCRIPT: "remove scripts the page does not need",
    FONT: "load fewer font files (only the weights the page uses, as WOFF2)",
}


@dataclass(frozen=True)
class Options:
    max_total: ByteSize = option(ByteSize(1600 * 1024), "Largest page weight: the page and its local files; 0: none.")
    max_image: ByteSize = option(ByteSize(0), "Largest total of a page's images (backgrounds, posters too); 0: none.")
    max_stylesheet: ByteSize = option(ByteSize(0), "Largest total of a page's stylesheets; 0: no budget.")
    max_script: ByteSize = option(ByteSize(0), "Largest total of a page's scripts; 0: no budget.")
    max_font: ByteSize = option(ByteSize(0), "Largest total of a page's fonts; 0: no budget.")
    lighthouse_budget: str = option("", "Lighthouse budget.json, relative to the project root, whose budgets win.")


@dataclass(frozen=True)
class Limit:
    """One budget a page is held to: the type it limits, in bytes, and how messages name it."""

    type: str
    size: int
    text: str


@dataclass(frozen=True)
class Weight:
    """What a page weighs by type and in total (TOTAL), and the files counted, the page first."""

    totals: dict[str, int]
    resources: tuple[Resource, ...]


def budgets(doc: HtmlDoc, context: Context[Options]) -> dict[str, Limit] | str:
    """Return the budgets for the page by type, or why its budget file cannot be used."""
    options = context.options
    configured = {TOTAL: options.max_total, IMAGE: options.max_image, STYLESHEET: options.max_stylesheet}
    configured.update({SCRIPT: options.max_script, FONT: options.max_font})
    limits = {
        kind: Limit(kind, size, wording.budget(format_size(size), _WHAT[kind], context.scope))
        for kind, size in configured.items()
        if size
    }
    if options.lighthouse_budget:
        root, relative = site_path(doc.source)
        budget_file = read_budget_file(root, options.lighthouse_budget)
        if budget_file.error:
            return budget_file.error
        match = budget_file.matching(page_url_path(relative))
        if match:
            limits.update(_file_limits(options.lighthouse_budget, *match))
    return limits


def _file_limits(name: str, number: int, budget: Budget) -> dict[str, Limit]:
    where = f'budget #{number} (path "{budget.path}")' if budget.path is not None else f"budget #{number}"
    return {
        kind: Limit(kind, size, wording.budget(format_size(size), f"{_WHAT[kind]} in {name}, {where}", None))
        for kind, size in budget.sizes.items()
        if kind in _WHAT
    }


@functools.lru_cache(maxsize=1024)
def _sheet(path: Path, mtime_ns: int, size: int) -> SheetRefs | None:
    """Read a linked stylesheet's references once while it is unchanged (pages share stylesheets)."""
    try:
        return sheet_refs(decode(path.read_bytes()).text)
    except OSError:
        return None


def _read_sheet(path: Path) -> SheetRefs | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return _sheet(path, stat.st_mtime_ns, stat.st_size)


def check(doc: HtmlDoc, context: Context[Options]) -> Iterator[Violation]:
    if not doc.is_document or not context.is_page:
        return
    line, column = doc.anchor()
    limits = budgets(doc, context)
    if isinstance(limits, str):
        yield Violation(
            f"cannot use the Lighthouse budget file {context.options.lighthouse_budget}: {limits}; fix it "
            f"(format: https://github.com/GoogleChrome/budget.json) or remove lighthouse-budget from the config",
            line,
            column,
        )
        return
    if not limits:
        return
    weight = weigh(doc, context.site)
    broken = [limit for kind, limit in limits.items() if weight.totals[kind] > limit.size]
    if broken:
        yield Violation(_message(weight.totals, broken, weight.resources, site_path(doc.source)[0]), line, column)


def weigh(doc: HtmlDoc, site: Site) -> Weight:
    """Add up what the page and the local files it loads weigh, by type (the HTML report shows it too)."""
    boundary = doc.source.boundary
    resources = collect(doc, lambda ref, holder: site.resolve(ref, holder, boundary), _read_sheet)
    totals = {kind: sum(r.size for r in resources if r.type == kind) for kind in TYPES}
    totals[TOTAL] = sum(totals.values())
    return Weight(totals, resources)


def _message(totals: dict[str, int], broken: list[Limit], resources: tuple[Resource, ...], root: Path) -> str:
    """Say what the page weighs, which budgets it breaks by how much, and what to do."""
    parts = ", ".join(f"{_LABELS[t]} {format_size(totals[t])}" for t in TYPES if totals[t] or t == DOCUMENT)
    overs = []
    for limit in sorted(broken, key=lambda limit: (TOTAL, *TYPES).index(limit.type)):
        excess = format_size(totals[limit.type] - limit.size)
        if limit.type == TOTAL:
            overs.append(f"{excess} over {limit.text}")
        else:
            what = "its own HTML (%s) is" if limit.type == DOCUMENT else f"its {_LABELS[limit.type]} (%s) are"
            overs.append(f"{what % format_size(totals[limit.type])} {excess} over {limit.text}")
    heaviest = sorted(resources, key=lambda resource: -resource.size)[:3]
    named = ", ".join(f"{_name(r, root.resolve(), r is resources[0])} ({format_size(r.size)})" for r in heaviest)
    biggest = max(TYPES, key=lambda kind: totals[kind])  # the type to cut when only the total is over
    advice = "; ".join(dict.fromkeys(_ADVICE[biggest if limit.type == TOTAL else limit.type] for limit in broken))
    total = format_size(totals[TOTAL])
    return f"weighs {total} with the local files it loads ({parts}): {'; '.join(overs)}; heaviest: {named}; {advice}"


def _name(resource: Resource, root: Path, is_page: bool) -> str:
    """Name a file the way the repository shows it (from the project root), or say what holds it."""
    if is_page:
        return "the page itself"
    if resource.path is None:
        return resource.name
    return resource.path.relative_to(root).as_posix() if resource.path.is_relative_to(root) else resource.path.name


RULE = Rule(
    code="PAGE101",
    name="page-weight",
    kinds=frozenset({HTML}),
    severity=Severity.ERROR,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
