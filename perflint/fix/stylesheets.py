"""Minify a stylesheet when that saves enough, and only when the tokens stay the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from perflint.css.files import MINIFIED_SUFFIX, existing_copy, minified_sibling
from perflint.css.minify import minify, same_tokens
from perflint.documents.css import too_large
from perflint.documents.source import SourceFile
from perflint.fix.proposal import Declined, Proposal, encode, reencodes
from perflint.fix_options import FixOptions
from perflint.rules.css_unminified import IN_THE_BUILD, NO_LOADER, worth_minifying
from perflint.site import Site
from perflint.site.loaders import loaders
from perflint.site.model import SiteModel
from perflint.sizes import format_size


def propose_css(
    source: SourceFile, original: bytes, rule_options: Any, options: FixOptions, site: Site, model: SiteModel
) -> Proposal | Declined | None:
    """Return the minified stylesheet, as a sibling `.min.css` (kept in sync with the source) or in place.

    A sibling is written only where some file names the stylesheet and every one that does is
    one the fix then points at the copy (perflint.site.loaders): else the copy would sit unused,
    or pages would still load the readable file.
    """
    if source.path.name.lower().endswith(MINIFIED_SUFFIX):
        return None  # already the minified copy
    problem = too_large(len(original))
    if problem:
        return Declined(problem)
    decoded = reencodes(original)
    if decoded is None:
        return None
    minified = minify(decoded.text)
    data = encode(decoded, minified)
    saving = len(original) - len(data)
    if not worth_minifying(len(original), saving, rule_options):
        return None
    if not same_tokens(decoded.text, minified):
        return None
    change = f"minified (saves {format_size(saving)})"
    if options.css == "sibling":
        found, sibling = loaders(source.path, source.boundary, site, model), minified_sibling(source.path)
        blocked = found.not_repointable()
        if blocked is not None and _holds(sibling, data):
            return Declined(f"its minified copy {sibling.name} is up to date, but {blocked}: point it at the copy")
        if blocked is None and not found and existing_copy(source.path) is None:
            blocked = NO_LOADER  # with a copy, the pages name the copy: it is kept in sync
        if blocked is not None:
            return Declined(f"{blocked}; {IN_THE_BUILD}")
        if _holds(sibling, data):
            return None  # in sync with the source
        return Proposal(data, (f"{change}, written to {sibling.name}",), None, sibling)
    return Proposal(data, (change,), (decoded.text, minified))


def _holds(path: Path, data: bytes) -> bool:
    """Tell whether `path` is a regular file holding `data`."""
    try:
        return not path.is_symlink() and path.is_file() and path.read_bytes() == data
    except OSError:
        return False
