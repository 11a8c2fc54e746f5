"""The verdict on a layout that holds the site's <head> when no layout of the site writes an element into it.

Every page the site builds then lacks the element, whatever its front matter says: said once,
on the layout, with how many pages it affects, rather than on each page (where adding front
matter would not help). Shared by meta-description and meta-social.
"""

from __future__ import annotations

from typing import Any

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.rules.base import Context


def layout_gap(doc: HtmlDoc, context: Context[Any], gap: str, element: str, why: str, add: str) -> Violation | None:
    """Return the finding for a layout when the site model says no layout writes `gap` ("description" or "social").

    A warning: a plugin in code perflint does not read (a Jekyll `_plugins/` file) could still write it.
    """
    head = next(doc.named("head"), None)
    if context.is_page or context.model is None or head is None:
        return None
    gaps, pages = context.model.layout_gaps(doc.source.path, doc.source.boundary)
    if not getattr(gaps, gap) or not pages:
        return None
    some = "its Markdown page" if pages == 1 else f"its {pages} Markdown pages"
    message = (
        f"no layout of the site writes {element}, so none of {some} has one, whatever the front matter says: "
        f"{why}; add {add} inside this layout's <head>"
    )
    return Violation(message, head.line, head.column, Severity.WARNING)
