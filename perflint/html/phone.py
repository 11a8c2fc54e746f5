"""Tell how wide a phone shows an <img> at most, from its attributes, its style and the page's stylesheets.

Lighthouse judges a page as a phone shows it: 412 CSS px wide, at 1.75 device pixels to the CSS
pixel, so a file wider than 721 px is partly downloaded for nothing. An image's width on a phone
has a bound only where something surely limits it: a `width` attribute that no CSS may override,
or a `width` or `max-width` in its `style` or in a stylesheet rule that surely applies to it on
the phone (`img { max-width: 100% }`, Bootstrap's `.img-fluid`, also inside an `@media` query
that matches the phone), where every rule that may apply on the phone limits it too (the widest
of their limits is the bound); rules whose `@media` never matches the phone (`print`,
`min-width: 768px`) do not count. A percentage is taken of the phone's width, since the image's
container is at most as wide (a layout fixed wider than the phone, which css-fixed-width
reports, shows it wider). Without such a limit an image shows at its own width, however wide,
and there is no bound. A `min-width`, a page whose stylesheets perflint cannot all read, and
template syntax in the style leave the width unknown. The phone's width is the page's only where
its viewport says `device-width` (`fits_phones`): without one, phones lay a page out 980 px
wide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from perflint.css.lengths import fixed_px, significant
from perflint.css.media import on_phone
from perflint.css.styles import as_text
from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.html.head import effective_viewport
from perflint.html.sizing import WIDTH, Page, SizeRule, inline_widths, matching
from perflint.html.tokenizer import Tag
from perflint.site import has_template

PHONE_WIDTH = 412.0  # CSS px: Lighthouse's phone
PHONE_DENSITY = 1.75  # device pixels per CSS px on that phone
_PIXELS = re.compile(r"\s*(\d+)\s*")
_NO_MINIMUM = frozenset({"auto", "initial", "unset", "revert", "revert-layer"})


@dataclass(frozen=True)
class PhoneWidth:
    """The widest a phone shows an image, in CSS px, and what limits it, in words."""

    px: float
    limit: str  # e.g. "max-width: 100% in its CSS"


def fits_phones(doc: HtmlDoc | MarkdownDoc) -> bool:
    """Tell whether the page is laid out at the phone's width: a whole page whose viewport says `device-width`.

    Without one, phones lay the page out 980 px wide; a Markdown page's or a fragment's viewport is its layout's.
    """
    if not isinstance(doc, HtmlDoc) or not doc.is_document:
        return False
    viewport = effective_viewport(doc)
    return viewport is not None and "device-width" in viewport.attrs.get("content", "").lower()


def widest_on_phone(tag: Tag, page: Page, phone_width: float = PHONE_WIDTH) -> PhoneWidth | None:
    """Return the widest a phone `phone_width` CSS px wide shows the image; None when nothing surely limits it."""
    if not page.styles.complete or has_template(tag.attrs.get("style", "")):
        return None
    inline = inline_widths(tag)
    rules = []  # (rule, whether it surely applies on the phone), for those that may
    for rule in matching(tag, page.styles, page.names):
        verdicts = [on_phone(prelude, phone_width) for prelude in rule.media]
        if False not in verdicts:
            rules.append((rule, rule.plain and all(verdicts)))
    if any(_holds_wider(value) for value, _ in _written(rules, inline, "min-width")):
        return None  # a minimum beats a maximum
    bounds = [
        bound for name in ("width", "max-width") if (bound := _bound(_written(rules, inline, name), name, phone_width))
    ]
    sized_by_css = "width" in inline or any(WIDTH in rule.values for rule, _ in rules)
    attribute = _PIXELS.fullmatch(tag.attrs.get("width", ""))
    if attribute and not sized_by_css and int(attribute.group(1)) > 0:
        bounds.append(PhoneWidth(float(attribute.group(1)), f'its width="{attribute.group(1)}"'))
    return min(bounds, key=lambda bound: bound.px, default=None)


def _written(
    rules: list[tuple[SizeRule, bool]], inline: dict[str, tuple[Any, ...]], name: str
) -> list[tuple[tuple[Any, ...], bool]]:
    """Return every value written for `name` that may apply to the image on the phone, with whether it surely does."""
    written = [(inline[name], True)] if name in inline else []
    return written + [(rule.widths[name], sure) for rule, sure in rules if name in rule.widths]


def _bound(written: list[tuple[tuple[Any, ...], bool]], name: str, phone_width: float) -> PhoneWidth | None:
    """Return the widest any of the written values allows, if one surely applies and every one limits the width."""
    if not any(sure for _, sure in written):
        return None
    limits = []
    for value, _ in written:
        px = _px(value, phone_width)
        if px is None:
            return None
        limits.append(PhoneWidth(px, f"{name}: {as_text(value).strip()} in its CSS"))
    return max(limits, key=lambda limit: limit.px)


def _px(value: tuple[Any, ...], phone_width: float) -> float | None:
    """Return the widest a width or max-width value lets the image be on the phone, in CSS px; None: no limit."""
    fixed = fixed_px(value)
    if fixed is not None:
        return fixed
    tokens = significant(value)
    if len(tokens) != 1:
        return None
    token = tokens[0]
    if token.type == "percentage":
        return phone_width * float(token.value) / 100
    if token.type == "dimension" and token.lower_unit in ("vw", "svw", "lvw", "dvw", "vi", "svi", "lvi", "dvi"):
        return phone_width * float(token.value) / 100
    return None


def _holds_wider(value: tuple[Any, ...]) -> bool:
    """Tell whether a min-width may hold the image wider than its limits: anything but 0 and `auto`."""
    tokens = significant(value)
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value in _NO_MINIMUM:
        return False
    return fixed_px(value) != 0
