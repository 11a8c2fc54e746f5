"""Find the style rules that break a page on a phone: fixed widths and tiny body text.

The heuristics are tuned for no false alarms (see the css-fixed-width rule's docs): a rule is
reported only when it applies on every screen, sits in the normal page flow, and nothing in
the same stylesheet adapts it to small screens.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from perflint.css.analysis import parse
from perflint.css.lengths import fixed_px, significant
from perflint.css.styles import Compound, Selector, StyleRule, as_text, selectors, split_commas, style_rules

# At-rules whose rules apply on every screen; @media counts when its query names no feature.
_EVERYWHERE = frozenset({"supports", "layer", "scope"})
_ANY_SCREEN = frozenset({"all", "screen", "only"})
# Elements that are not page layout: media and form controls (resets cap them with
# `max-width: 100%`) and tables and code (sites put them in scrolling boxes).
_NOT_LAYOUT = frozenset(
    {"img", "picture", "video", "audio", "iframe", "canvas", "svg", "embed", "object"}
    | {"input", "textarea", "select", "button"}
    | {"table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "code"}
)
_PAGE = frozenset({"html", "body"})
_BODY_TEXT = frozenset({"body", "main", "article", "p"})
_TEXT_CONTAINERS = frozenset({"html", "body", "main", "article", "section", "div"})
# Properties a small-screen rule sets when it adapts an element's width.
_ADAPTS_WIDTH = frozenset({"width", "min-width", "max-width", "flex", "flex-basis", "display", "position"})
_FONT = frozenset({"font-size", "font"})
_FONT_KEYWORDS = {"xx-small": 9.0, "x-small": 10.0, "small": 13.0, "medium": 16.0}


@dataclass(frozen=True)
class PhoneProblem:
    """A declaration that breaks phones: "width" (also min-width) or "font-size" (also font)."""

    kind: str
    selector: str
    declaration: str  # as written, e.g. "min-width: 1120px"
    px: float
    line: int
    column: int


def phone_problems(text: str, max_width: float, min_font: float) -> list[PhoneProblem]:
    """Return the fixed widths over `max_width` px and body text under `min_font` px."""
    rules = [(rule, selectors(rule.prelude)) for rule in style_rules(parse(text))]
    # Elements some rule hides, takes out of the flow, or adapts for small screens.
    adapted = _keys(rules, lambda r: _out_of_flow(r.declared()) or (_conditional(r) and _sets(r, _ADAPTS_WIDTH)))
    capped = _keys(rules, lambda r: _relative_max_width(r.declared()))
    adapted_font = _keys(rules, lambda r: _conditional(r) and _sets(r, _FONT))
    # `body { font-size: 10px } p { font-size: 1.6em }`: paragraphs do not show the body's size.
    paragraphs = any(_readable(_font_size(r.declared()), min_font) and any(map(_is_paragraph, sel)) for r, sel in rules)
    found = []
    for rule, selected in rules:
        if _conditional(rule) or rule.nested:
            continue
        declared = rule.declared()
        for name in ("width", "min-width"):
            px = _width(declared, name)
            chosen = _first(selected, _is_layout, adapted | (capped if name == "width" else set()))
            if px is not None and px > max_width and chosen:
                found.append(_problem("width", chosen, declared[name], px))
        font = _font_size(declared)
        chosen = _first(selected, lambda s: _is_body_text(s, paragraphs), adapted_font)
        if font is not None and font[1] is not None and 0 < font[1] < min_font and chosen:
            found.append(_problem("font-size", chosen, font[0], font[1]))
    return found


def _conditional(rule: StyleRule) -> bool:
    """Tell whether some at-rule around `rule` may keep it off phones (@media, @container...)."""
    return not all(
        keyword in _EVERYWHERE or (keyword == "media" and _any_screen(prelude)) for keyword, prelude in rule.at_rules
    )


def _any_screen(prelude: Any) -> bool:
    """Tell whether a media query list matches every screen (`screen`, `all`, nothing)."""
    queries = [significant(query) for query in split_commas(prelude)]
    return any(all(t.type == "ident" and t.lower_value in _ANY_SCREEN for t in query) for query in queries)


def _sets(rule: StyleRule, names: Iterable[str]) -> bool:
    return any(declaration.lower_name in names for declaration in rule.declarations)


def _keys(rules: list[tuple[StyleRule, list[Selector]]], test: Callable[[StyleRule], bool]) -> set[str]:
    """Return what the subjects of the rules that pass `test` are known by."""
    return {key for rule, selected in rules if test(rule) for s in selected for key in _subject_keys(s)}


def _subject_keys(selector: Selector) -> set[str]:
    """Return the subject's classes and IDs, else its element: `div.card > a#top` is {"#top"}."""
    subject = selector.compounds[-1] if selector.compounds else Compound(None, ())
    named = {part for part in subject.parts if part[:1] in (".", "#")}
    return named or ({subject.element} if subject.element not in (None, "*") else set())


def _first(selected: list[Selector], test: Callable[[Selector], bool], adapted: set[str]) -> Selector | None:
    """Return the first selector that passes `test` and whose subject is not adapted elsewhere."""
    return next((s for s in selected if s.compounds and test(s) and not _subject_keys(s) & adapted), None)


def _is_layout(selector: Selector) -> bool:
    """Tell whether a selector names a page-level block: `.wrapper`, `body > #page`, `main`.

    Its subject is an element, one class or one ID, and it is at most inside `html` and
    `body`: `.modal.open`, `[aria-expanded]`, `:hover`, `::before` and `.card .title` are not.
    """
    *ancestors, subject = selector.compounds
    if any(compound.element not in _PAGE or compound.parts for compound in ancestors):
        return False
    if subject.element in _NOT_LAYOUT or len(subject.parts) > 1:
        return False
    return all(part[:1] in (".", "#") for part in subject.parts)


def _is_body_text(selector: Selector, paragraphs: bool) -> bool:
    """Tell whether a selector names the page's running text: `body`, `main`, `article p`..."""
    *ancestors, subject = selector.compounds
    if subject.parts or subject.element not in _BODY_TEXT or (paragraphs and subject.element != "p"):
        return False
    return all(compound.element in _TEXT_CONTAINERS and not compound.parts for compound in ancestors)


def _is_paragraph(selector: Selector) -> bool:
    """Tell whether a selector names the page's paragraphs: `p`, `article p`, `main > p`."""
    return selector.compounds[-1] == Compound("p", ()) and _is_body_text(selector, False)


def _width(declared: dict[str, Any], name: str) -> float | None:
    """Return the fixed width a rule sets, after a fixed `max-width` caps it."""
    px = fixed_px(declared[name].value) if name in declared else None
    cap = fixed_px(declared["max-width"].value) if "max-width" in declared else None
    return min(px, cap) if px is not None and cap is not None and name == "width" else px


def _relative_max_width(declared: dict[str, Any]) -> bool:
    """Tell whether a rule caps the width to the screen (`max-width: 100%`, not `none`)."""
    if "max-width" not in declared:
        return False
    value = significant(declared["max-width"].value)
    return fixed_px(value) is None and not (len(value) == 1 and getattr(value[0], "lower_value", "") == "none")


def _out_of_flow(declared: dict[str, Any]) -> bool:
    """Tell whether a rule hides its element or takes it out of the page flow."""
    hidden = _keyword(declared, "display") == "none" or _keyword(declared, "visibility") == "hidden"
    return hidden or _keyword(declared, "position") in ("absolute", "fixed")


def _keyword(declared: dict[str, Any], name: str) -> str | None:
    value = significant(declared[name].value) if name in declared else []
    return value[0].lower_value if len(value) == 1 and value[0].type == "ident" else None


def _font_size(declared: dict[str, Any]) -> tuple[Any, float | None] | None:
    """Return the declaration that sets a rule's font size, and the size if it is fixed (else None)."""
    candidates = [declared[name] for name in ("font-size", "font") if name in declared]
    if not candidates:
        return None
    declaration = max(candidates, key=lambda d: (d.important, (d.source_line, d.source_column)))
    tokens = significant(declaration.value)
    if declaration.lower_name == "font":
        tokens = [t for t in tokens if t.type in ("dimension", "percentage", "function")][:1]
    if len(tokens) == 1 and tokens[0].type == "ident":
        size = _FONT_KEYWORDS.get(tokens[0].lower_value)
    else:
        size = fixed_px(tokens)
    return declaration, size


def _readable(font: tuple[Any, float | None] | None, min_font: float) -> bool:
    """Tell whether a rule sets a font size that is relative, or fixed and big enough."""
    return font is not None and (font[1] is None or font[1] >= min_font)


def _problem(kind: str, selector: Selector, declaration: Any, px: float) -> PhoneProblem:
    value = as_text(declaration.value)
    written = f"{declaration.name}: {value}{' !important' if declaration.important else ''}"
    return PhoneProblem(kind, selector.text, written, px, declaration.source_line, declaration.source_column)
