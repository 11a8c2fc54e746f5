"""Page heavier than its budget, counting the local files it loads.

## What it does
Adds up what a browser downloads for a full page (one with `<html>` or `<head>`; layout
fragments are skipped), from the files in the repository, and reports a page over its budget.
It counts the page's own bytes; images: `<img src>` or, with a `srcset`, its largest candidate
(by `w`, else `x` descriptor, else file size: what the biggest screens download; `<picture>
<source>` candidates replace the `<img>`'s, so they add nothing), `<video poster>` and CSS
`url()` backgrounds; stylesheets: `<link rel="stylesheet">` and the local stylesheets they
`@import`, up to 5 deep; scripts: `<script src>` (not `nomodule`); fonts: `<link rel="preload"
as="font">` and, for each `@font-face`, the one file of its `src` list that browsers download:
the first in a format they support (WOFF2, WOFF, TrueType, OpenType; not EOT or SVG). CSS is
read from `<style>` blocks, `style=""` attributes and linked local stylesheets. A `data:` URI
counts as the bytes it takes where it is written, in the type of what holds it. Each file counts
once per page, at its size on disk (before any server compression); no pixels are read. Remote
files are never fetched, and they, template references and missing files are not counted: the
figure is a floor. One finding per page names the total, the breakdown by type, each budget
broken and by how much, and the 3 heaviest files.

A Markdown page (one with front matter that the site renders) is weighed with what it names
itself: its text without the front matter, its Markdown images `![alt](src)`, what its inline
HTML loads (as above), and the header image its front matter names (`cover`, `heroImage`,
`hero_image`, `featured_image`, `banner`, `header.image`; not `image`, `images`, `thumbnail` or
`og_image`, which many themes use only for link previews and list cards). References resolve as
the site serves them. So are the stylesheets that every layout of the site holding a `<head>`
links at a written-out address (`/css/site.css`, `{{ "/css/site.css" | relative_url }}`), with
what they load; other layout stylesheets, the layout's scripts and a stylesheet the build makes
are not counted: the figure is a floor, so a page reported is over its budget. Nor are images
the build serves resized or re-encoded: files in Hugo `assets/` and Astro `src/assets/`, Markdown images beside an Astro
page, the Markdown images of a Hugo site whose `render-image` hook resizes them, and every image
of an Eleventy site whose config (or a local module it imports) adds
`eleventyImageTransformPlugin`. Where the repository cannot tell (a Hugo theme outside it, a
render hook that calls a partial, `@11ty/eleventy-img` installed), the finding is a warning.

Budgets: `max-total`, and per type when set. Lighthouse's `total-byte-weight` audit flags a
page from 2,667 KiB sent, and servers compress HTML, CSS and scripts, so a finding says so where
the page's images and fonts alone are over that: the default budget is stricter. A Lighthouse
budget file (`lighthouse-budget = "budget.json"`, a path relative to the project root, in the format of
https://github.com/GoogleChrome/budget.json) adds the `resourceSizes` of its last entry whose
`path` matches the page's URL path, which is the page's path from the project root with
`index.html` dropped (`blog/index.html` is `/blog/`). They replace the options of the same type
(sizes in KiB, as Lighthouse reads them); `document` budgets the page's own bytes; `media`,
`other` and `third-party` are not measured. Paths match as in Lighthouse: `/blog` matches every
URL path starting with it, `*` any run of characters, a final `$` the end. A Markdown page's URL
is the generator's to decide, so it is held to the loosest of the entries that may apply to it
(the last entry for every page, `/` or `/*` or no `path`, and the entries after it). A budget
file that cannot be read or has the wrong shape gives one error on each page, naming the file.

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

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.css.files import read_stylesheet
from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.findings import Severity, Violation
from perflint.kinds import HTML, MARKDOWN
from perflint.options import option
from perflint.pages.budget import Budget, BudgetFile, page_url_path, read_budget_file, site_path
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
from perflint.site import Reference, Site
from perflint.site.model import SiteModel
from perflint.site.pipeline import Pipeline
from perflint.sizes import ByteSize, format_size

TOTAL = "total"
# Lighthouse's total-byte-weight audit flags a page from here (its score's 90th percentile), counting bytes as sent:
# a server compresses HTML, CSS and scripts, not images and fonts, so only those are held against it.
LIGHTHOUSE_TOTAL = 2667 * 1024
_LABELS = {DOCUMENT: "page", IMAGE: "images", STYLESHEET: "stylesheets", SCRIPT: "scripts", FONT: "fonts"}
_WHAT = {TOTAL: "page weight", DOCUMENT: "the page's own HTML", **{t: f"{_LABELS[t]} on a page" for t in TYPES[1:]}}
_EVERY_PAGE = frozenset({None, "/", "/*", "/*$"})  # budget paths that match every URL path
_ADVICE = {
    DOCUMENT: "make the page's own HTML smaller (move inline scripts, styles and data: URIs into files)",
    IMAGE: "compress or resize the images",  # _HEAVIEST_IMAGES when the heaviest files named include images
    STYLESHEET: "remove CSS the page does not use",
    SCRIPT: "remove scripts the page does not need",
    FONT: "load fewer font files (only the weights the page uses, as WOFF2)",
}
_HEAVIEST_IMAGES = "compress or resize the heaviest images"


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
    unsure: str | None = None  # why the build may serve the page's images smaller than they are on disk


def budgets(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> dict[str, Limit] | str:
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
        if isinstance(doc, MarkdownDoc):
            return _loosest(limits, budget_file, options.lighthouse_budget)
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


def _loosest(limits: dict[str, Limit], budget_file: BudgetFile, name: str) -> dict[str, Limit]:
    """Return, by type, the loosest budget that may apply to a page whose URL path is unknown.

    The last entry for every page applies unless a later entry matches the URL; without one,
    the options apply unless some entry matches. A type some case leaves unbudgeted gets none.
    """
    entries = budget_file.budgets
    every = [number for number, budget in enumerate(entries, start=1) if budget.path in _EVERY_PAGE]
    cases = [] if every else [limits]
    cases += [
        {**limits, **_file_limits(name, n, entries[n - 1])} for n in range(every[-1] if every else 1, len(entries) + 1)
    ]
    if len(cases) == 1:
        return cases[0]
    loosest = {}
    for kind in set.intersection(*(set(case) for case in cases)):
        sizes = {case[kind].size for case in cases}
        chosen = max((case[kind] for case in cases), key=lambda limit: limit.size)
        note = ", the loosest that may apply to this page" if len(sizes) > 1 else ""
        loosest[kind] = Limit(kind, chosen.size, chosen.text + note)
    return loosest


def _read_sheet(path: Path) -> SheetRefs | None:
    """Return a linked stylesheet's references, read once per run; None when it cannot be read."""
    return read_stylesheet(path, _refs)


def _refs(text: str) -> SheetRefs:
    return sheet_refs(text)


def check(doc: HtmlDoc | MarkdownDoc, context: Context[Options]) -> Iterator[Violation]:
    is_page = doc.is_page if isinstance(doc, MarkdownDoc) else doc.is_document
    if not is_page or not context.is_page:
        return
    line, column = (1, 1) if isinstance(doc, MarkdownDoc) else doc.anchor()
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
    weight = weigh(doc, context.site, context.model)
    broken = [limit for kind, limit in limits.items() if weight.totals[kind] > limit.size]
    if broken:
        message = _message(weight, broken, site_path(doc.source)[0], isinstance(doc, MarkdownDoc))
        if weight.unsure is None or _over_without_images(weight, broken):
            yield Violation(message, line, column)
        else:  # not sure enough to stop a commit
            yield Violation(f"{message} (a warning, not an error: {weight.unsure})", line, column, Severity.WARNING)


def weigh(doc: HtmlDoc | MarkdownDoc, site: Site, model: SiteModel | None = None) -> Weight:
    """Add up what the page and the local files it loads weigh, by type (the HTML report shows it too).

    For a Markdown page, files the build serves only processed are left out: their size is not
    what browsers download; where the build may process its images, `unsure` says why.
    """
    boundary = doc.source.boundary
    build_of = model if isinstance(doc, MarkdownDoc) else None  # what the site's build does to the page's images

    def resolve(reference: str, holder: Path) -> Reference:
        target = site.resolve(reference, holder, boundary)
        if build_of and target.path is not None and build_of.is_build_input(target.path, boundary):
            return Reference("processed")
        return target

    build = build_of.image_pipeline(doc.source.path, boundary) if build_of else Pipeline()
    layout_sheets = build_of.layout_stylesheets(doc.source.path, boundary) if build_of else ()
    resources = collect(doc, resolve, _read_sheet, build, layout_sheets)
    totals = {kind: sum(r.size for r in resources if r.type == kind) for kind in TYPES}
    totals[TOTAL] = sum(totals.values())
    return Weight(totals, resources, build.unsure)


def _over_without_images(weight: Weight, broken: list[Limit]) -> bool:
    """Tell whether the page breaks a budget even without its image files, which the build may shrink."""
    images = sum(resource.size for resource in weight.resources if resource.type == IMAGE and resource.path)
    return any(
        weight.totals[limit.type] - (images if limit.type in (TOTAL, IMAGE) else 0) > limit.size for limit in broken
    )


def _message(weight: Weight, broken: list[Limit], root: Path, markdown: bool) -> str:
    """Say what the page weighs, which budgets it breaks by how much, and what to do."""
    totals, resources = weight.totals, weight.resources
    parts = ", ".join(f"{_LABELS[t]} {format_size(totals[t])}" for t in TYPES if totals[t] or t == DOCUMENT)
    if markdown and totals[STYLESHEET]:
        scope = f"its images, the files it names and its layout's stylesheets ({parts}; its scripts come on top)"
    elif markdown:
        scope = (
            f"the page's own images and the files it names ({parts}; the layout's stylesheets and scripts come on top)"
        )
    else:
        scope = f"the local files it loads ({parts})"
    overs = []
    for limit in sorted(broken, key=lambda limit: (TOTAL, *TYPES).index(limit.type)):
        excess = format_size(totals[limit.type] - limit.size)
        if limit.type == TOTAL:
            overs.append(f"{excess} over {limit.text}{_lighthouse_note(totals)}")
        else:
            what = "its own HTML (%s) is" if limit.type == DOCUMENT else f"its {_LABELS[limit.type]} (%s) are"
            overs.append(f"{what % format_size(totals[limit.type])} {excess} over {limit.text}")
    heaviest = sorted(resources, key=lambda resource: -resource.size)[:3]
    named = ", ".join(f"{_name(r, root.resolve(), r is resources[0])} ({format_size(r.size)})" for r in heaviest)
    total = format_size(totals[TOTAL])
    advice = _advice(totals, broken, heaviest)
    return f"weighs {total} with {scope}: {'; '.join(overs)}; heaviest: {named}; {advice}"


def _lighthouse_note(totals: dict[str, int]) -> str:
    """Say that Lighthouse flags the page too, where its images and fonts alone pass the audit's limit."""
    if totals[IMAGE] + totals[FONT] <= LIGHTHOUSE_TOTAL:
        return ""
    return (
        f" (its images and fonts alone are over the {LIGHTHOUSE_TOTAL // 1024:,} KiB at which Lighthouse flags a page)"
    )


def _advice(totals: dict[str, int], broken: list[Limit], heaviest: list[Resource]) -> str:
    """Say what to cut: each type over its budget; for the total, the heaviest type and the heaviest file's."""
    kinds: list[str] = []
    for limit in broken:
        if limit.type != TOTAL:
            kinds.append(limit.type)
            continue
        kinds.append(max(TYPES, key=lambda kind: totals[kind]))
        if heaviest and heaviest[0].type != DOCUMENT:
            kinds.append(heaviest[0].type)  # e.g. one large font on a page of many small images
    named_images = any(resource.type == IMAGE for resource in heaviest)
    advice = [_HEAVIEST_IMAGES if kind == IMAGE and named_images else _ADVICE[kind] for kind in dict.fromkeys(kinds)]
    return "; ".join(advice)


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
    kinds=frozenset({HTML, MARKDOWN}),
    severity=Severity.ERROR,
    fixable=False,
    options=Options,
    check=check,
    docs=__doc__,
)
