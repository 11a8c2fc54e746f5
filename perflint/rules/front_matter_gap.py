"""The verdict on a Markdown page whose front matter lacks a title or description: it depends on what the site supplies.

Shared by meta-title and meta-description, so both weigh the site model's answer the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from perflint.findings import Severity, Violation

if TYPE_CHECKING:
    from perflint.site.supplies import Supply


def front_matter_gap(what: str, why: str, example: str, supply: Supply, line: int, column: int) -> Violation | None:
    """Return the finding for a page whose front matter has no `what`, given where the site takes one from.

    An error only when the layout writes the page's own, which it lacks; a warning when every such
    page gets the same site-wide stand-in; an info when the layout computes it out of perflint's
    sight; nothing when the page's own text supplies it, or when no layout writes one at all
    (front matter cannot help then: the layout gets the finding, once).
    """
    from perflint.site.supplies import Kind  # only pages lacking a title or description get here

    add = f"add a line such as {example}"
    if supply.kind in (Kind.OWN_TEXT, Kind.ABSENT):
        return None
    if supply.kind is Kind.SITE_WIDE:
        message = (
            f"the page's front matter has no {what}, so it gets {supply.source}, the same on every page "
            f"without one of its own: {why}; {add}"
        )
        return Violation(message, line, column, Severity.WARNING)
    if supply.kind is Kind.UNKNOWN:
        message = (
            f"the page's front matter has no {what}, and perflint cannot tell whether one comes from {supply.source}: "
            f"{why}; check the built page, or {add}"
        )
        return Violation(message, line, column, Severity.INFO)
    return Violation(f"the page's front matter has no {what}: {why}; {add}", line, column)
