"""Minify a stylesheet when that saves enough, and only when the tokens stay the same."""

from __future__ import annotations

from typing import Any

from perflint.css.minify import minify, same_tokens
from perflint.documents.source import SourceFile
from perflint.fix.proposal import Proposal, encode, reencodes
from perflint.fix_options import FixOptions
from perflint.rules.css_unminified import worth_minifying
from perflint.sizes import format_size


def propose_css(source: SourceFile, original: bytes, rule_options: Any, options: FixOptions) -> Proposal | None:
    """Return the minified stylesheet, in place or as a sibling `.min.css`."""
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
        sibling = source.path.with_name(source.path.stem + ".min.css")
        return Proposal(data, (f"{change}, written to {sibling.name}",), None, sibling)
    return Proposal(data, (change,), (decoded.text, minified))
