"""Render the report's data as one HTML page: inline styles, script and previews, every file-borne text escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import PurePosixPath

from perflint import __version__
from perflint.findings import Finding, Severity
from perflint.htmlreport.assets import SCRIPT as SCRIPT_CODE
from perflint.htmlreport.assets import STYLE
from perflint.htmlreport.findings import findings_section
from perflint.htmlreport.gather import ImageEntry, PageEntry, ReportData, Saving
from perflint.pages.resources import DOCUMENT, FONT, IMAGE, SCRIPT, STYLESHEET
from perflint.reporters.text import plural
from perflint.rules.page_weight import TOTAL
from perflint.sizes import format_size

TYPE_LABELS = {DOCUMENT: "Page HTML", IMAGE: "Images", STYLESHEET: "Stylesheets", SCRIPT: "Scripts", FONT: "Fonts"}


def render(data: ReportData) -> str:
    """Return the whole report page."""
    errors, warnings = data.count(Severity.ERROR), data.count(Severity.WARNING)
    title = f"perflint report: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
    # data-perflint-ignore: a report saved among the site's files is not itself checked.
    return "\n".join(
        [
            '<!DOCTYPE html>\n<html lang="en" data-perflint-ignore>\n<head>\n<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
            _summary(data, errors, warnings),
            '<main class="wrap">',
            _images(data),
            _pages(data.pages),
            _savings(data.savings),
            findings_section(data.findings),
            f"<footer>Made by perflint {escape(__version__)}. This page is self-contained: "
            "it loads nothing from the network.</footer>\n</main>",
            f"<script>{SCRIPT_CODE}</script>\n</body>\n</html>\n",
        ]
    )


def _summary(data: ReportData, errors: int, warnings: int) -> str:
    """Return the header: the verdict and the totals."""
    over = sum(1 for page in data.pages if page.over)
    saved = "not measured" if data.saved is None else format_size(data.saved)
    verdict = f"{plural(errors, 'error')} to fix before publishing." if errors else "Nothing breaks the budget."
    totals = [
        ("error", "Errors", str(errors)),
        ("warning", "Warnings", str(warnings)),
        ("", "Files checked", str(data.files)),
        ("", "Pages over budget", f"{over} of {len(data.pages)}"),
        ("saving", "perflint fix would save", saved),
    ]
    cells = "".join(f'<div class="total {kind}"><dt>{name}</dt><dd>{value}</dd></div>' for kind, name, value in totals)
    links = '<a href="#images">Images</a><a href="#pages">Page weight</a>'
    links += '<a href="#savings">Savings</a><a href="#findings">All findings</a>'
    return (
        f'<header class="summary"><div class="wrap"><h1>Performance report</h1>'
        f'<p class="lead">{verdict}</p><dl class="totals">{cells}</dl><nav>{links}</nav></div></header>'
    )


def _images(data: ReportData) -> str:
    """Return the cards of the images with findings or a saving, the worst first."""
    about = {image.path: [f for f in data.findings if f.path == image.path] for image in data.images}
    ordered = sorted(data.images, key=lambda image: (_rank(about[image.path]), -image.size, image.path))
    savings = data.savings or {}
    cards = "".join(
        _card(image, about[image.path], savings.get(image.path), data.savings is not None) for image in ordered
    )
    body = f'<div class="cards">{cards}</div>' if cards else '<p class="empty">No image needs attention.</p>'
    lead = "Each image with a problem, as it is in the repository, against its size budget."
    return f'<section id="images"><h2>Images</h2><p class="lead">{lead}</p>{body}</section>'


def _card(image: ImageEntry, findings: list[Finding], saving: Saving | None, measured: bool) -> str:
    """Return one image's card: preview, facts, and what is wrong with it."""
    name = PurePosixPath(image.path)
    if image.thumbnail:
        preview = (
            f'<div class="preview"><img src="{escape(image.thumbnail)}" alt="Preview of {escape(name.name)}"></div>'
        )
    else:
        preview = '<div class="preview missing">No preview: this image cannot be shown here</div>'
    size = escape(format_size(image.size))
    if image.budget is not None:
        excess = image.size - image.budget
        verdict = f'<span class="over-text">{format_size(excess)} over</span>' if excess > 0 else "within it"
        size += f" &middot; budget {format_size(image.budget)}, {verdict}"
    facts = [("Size", size), ("Pixels", _pixels(image)), ("Format", escape(image.format.upper()))]
    facts.append(("perflint fix", _saving(saving, measured)))
    rows = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    issues = "".join(f"<li><b>{escape(f.rule)}</b>: {escape(f.message)}</li>" for f in findings)
    folder = escape(str(name.parent)) if str(name.parent) != "." else "&nbsp;"
    return (
        f'<article class="card {_worst(findings)}"><div class="card-top">{preview}<div><h3>{escape(name.name)}</h3>'
        f'<p class="folder">{folder}</p><dl class="facts">{rows}</dl></div></div>'
        f"{f'<ul>{issues}</ul>' if issues else ''}</article>"
    )


def _pixels(image: ImageEntry) -> str:
    return f"{image.width} &times; {image.height} px" if image.width and image.height else "not known"


def _saving(saving: Saving | None, measured: bool) -> str:
    """Say what the fix would make of a file."""
    if not measured:
        return "not measured"
    if saving is None:
        return "nothing to gain"
    percent = round(100 * saving.saved / saving.before) if saving.before else 0
    return (
        f"{format_size(saving.before)} &rarr; {format_size(saving.after)} "
        f'<span class="good-text">saves {format_size(saving.saved)} ({percent}%)</span>'
    )


def _pages(pages: tuple[PageEntry, ...]) -> str:
    """Return one weight bar per page, the pages over budget first."""
    ordered = sorted(pages, key=lambda page: (not page.over, -page.totals[TOTAL], page.path))
    largest = max((page.totals[TOTAL] for page in pages), default=0)
    bars = "".join(_page(page, largest) for page in ordered)
    lead = (
        "What a visitor downloads for each page: the page and the files from this repository it loads "
        "(remote files are not counted). The dark line is the budget; the red stripes are what goes over it."
    )
    body = bars or '<p class="empty">No full HTML page was found.</p>'
    return f'<section id="pages"><h2>Page weight</h2><p class="lead">{lead}</p>{body}</section>'


def _page(page: PageEntry, largest: int) -> str:
    """Return a page's bar: its weight against its total budget, and the breakdown by type."""
    total, budget = page.totals[TOTAL], page.budgets.get(TOTAL)
    if budget:
        scale = max(total, budget)
        weight = f"{format_size(total)} of its {format_size(budget)} budget"
        weight += f" &middot; {format_size(total - budget)} over" if total > budget else ""
    else:
        scale, weight = max(largest, 1), f"{format_size(total)} &middot; no total budget"
    bar = _bar(total, budget, scale)
    parts = [_part(kind, page) for kind in TYPE_LABELS if page.totals[kind] or kind in page.budgets]
    heaviest = ", ".join(f"{escape(name)} ({format_size(size)})" for name, size in page.heaviest)
    extra = f'<p class="breakdown">Heaviest files: {heaviest}</p>' if heaviest else ""
    if page.problem:
        extra += f'<p class="problem">Its budget file cannot be used: {escape(page.problem)}</p>'
    return (
        f'<div class="page{" over" if page.over else ""}"><div class="page-head">'
        f'<span class="name">{escape(page.path)}</span><span class="weight">{weight}</span></div>'
        f'{bar}<p class="breakdown">{"".join(parts)}</p>{extra}</div>'
    )


def _bar(total: int, budget: int | None, scale: int) -> str:
    """Return the bar: the weight within the budget, striped red past it, and a line at the budget."""
    within = min(total, budget) if budget else total
    parts = [f'<div class="fill" style="width:{_percent(within, scale)}"></div>']
    if budget and total > budget:
        excess = f"left:{_percent(budget, scale)};width:{_percent(total - budget, scale)}"
        parts.append(f'<div class="excess" style="{excess}"></div>')
    if budget:
        parts.append(f'<div class="limit" style="left:{_percent(budget, scale)}" title="budget"></div>')
    label = f"{format_size(total)}" + (f" of a {format_size(budget)} budget" if budget else "")
    return f'<div class="bar" role="img" aria-label="{label}">{"".join(parts)}</div>'


def _part(kind: str, page: PageEntry) -> str:
    """Name one resource type's bytes, and its own budget when it has one."""
    text = f"{TYPE_LABELS[kind]} {format_size(page.totals[kind])}"
    budget = page.budgets.get(kind)
    if budget is None:
        return f"<span>{text}</span>"
    over = page.totals[kind] > budget
    return f'<span class="{"over-text" if over else ""}">{text} (budget {format_size(budget)})</span>'


def _savings(savings: Mapping[str, Saving] | None) -> str:
    """Return the table of files `perflint fix` would shrink."""
    head = '<section id="savings"><h2>What perflint fix would save</h2>'
    if savings is None:
        return head + '<p class="empty">Not measured (the report was made with --no-savings).</p></section>'
    if not savings:
        return head + '<p class="empty">perflint fix finds nothing to make smaller.</p></section>'
    rows = "".join(
        f'<tr><td>{escape(path)}</td><td class="number">{format_size(s.before)}</td>'
        f'<td class="number">{format_size(s.after)}</td><td class="number good-text">{format_size(s.saved)}</td>'
        f"<td>{escape('; '.join(s.changes))}</td></tr>"
        for path, s in sorted(savings.items(), key=lambda item: (-item[1].saved, item[0]))
    )
    lead = "Run <code>perflint fix</code> to make these changes; it checks every result before writing it."
    columns = '<th class="file">File</th><th class="number">Now</th><th class="number">After</th>'
    columns += '<th class="number">Saves</th><th>What it does</th>'
    return (
        head
        + f'<p class="lead">{lead}</p><table><thead><tr>{columns}</tr></thead><tbody>{rows}</tbody></table></section>'
    )


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "0%"


def _rank(findings: list[Finding]) -> int:
    """Order by the worst severity: errors first, images with a saving only last."""
    return min((list(Severity).index(f.severity) for f in findings), default=len(Severity))


def _worst(findings: list[Finding]) -> str:
    rank = _rank(findings)
    return list(Severity)[rank].value if rank < len(Severity) else ""
