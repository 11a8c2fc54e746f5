"""Tell which sizes an <img> declares before its file arrives: the box a browser can reserve for it.

A browser reserves an image's box when it knows the width and the height, or one of them and
the aspect ratio. They may come from the `width` and `height` attributes, the inline `style`,
Tailwind classes, or the page's stylesheets. Attributes and the inline style count unless their
value surely reserves nothing (`auto`, `inherit`, a length without a unit); classes and
stylesheets count only where they surely apply: a Tailwind class without a screen prefix, a
style rule whose selector names nothing but the image's element, classes and ID, outside any
@media, that no other rule which may match the image overrides with something else.

tinycss2 is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint.css.analysis import imports, parse
from perflint.css.files import read_stylesheet
from perflint.css.lengths import significant
from perflint.css.styles import Compound, Selector, as_text, selectors, style_rules
from perflint.documents.html import HtmlDoc
from perflint.html.tokenizer import Tag
from perflint.site import has_template

if TYPE_CHECKING:
    from perflint.documents.markdown import MarkdownDoc
    from perflint.site import Site

WIDTH, HEIGHT, RATIO = "width", "height", "aspect-ratio"
SCALE = "width limit"  # max-width, min-width: they scale an image's width without sizing its box
FIT = "object-fit"  # how the picture fills its box: anything but `fill` crops or letterboxes instead of stretching
SIZES = (WIDTH, HEIGHT, RATIO)
_PROPERTIES = {WIDTH: WIDTH, HEIGHT: HEIGHT, RATIO: RATIO, "inline-size": WIDTH, "block-size": HEIGHT}
_PROPERTIES |= dict.fromkeys(("max-width", "min-width", "max-inline-size", "min-inline-size"), SCALE)
_PROPERTIES[FIT] = FIT
# The width properties as written (inline-size is the width in horizontal text), for what limits an image's width.
WIDTH_LIMITS = {"width": "width", "max-width": "max-width", "min-width": "min-width", "inline-size": "width"}
WIDTH_LIMITS |= {"max-inline-size": "max-width", "min-inline-size": "min-width"}
_MEDIA = frozenset({"media", "layer"})  # at-rules whose effect on a phone can be told (a layer always applies)
_STRETCHES = frozenset({"fill", "initial", "unset"})  # object-fit values that stretch the picture to its box
_LENGTH_UNITS = frozenset(
    {"px", "em", "rem", "ex", "rex", "ch", "rch", "cap", "rcap", "ic", "ric", "lh", "rlh", "cm", "mm", "q", "in"}
    | {"pt", "pc", "vw", "vh", "vi", "vb", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh", "svi", "svb"}
    | {"lvi", "lvb", "dvi", "dvb", "svmin", "svmax", "lvmin", "lvmax", "dvmin", "dvmax", "cqw", "cqh", "cqi", "cqb"}
    | {"cqmin", "cqmax"}
)
# Keywords that leave the size to the file (the CSS-wide ones: `initial` and `unset` mean auto here;
# `none` is no limit for max-width, and no size at all for width and height).
_NO_SIZE = frozenset(
    {
        "auto",
        "none",
        "initial",
        "inherit",
        "unset",
        "revert",
        "revert-layer",
        "min-content",
        "max-content",
        "fit-content",
    }
)
_MATH = frozenset({"calc", "min", "max", "clamp"})
_TAILWIND_RATIO = re.compile(r"aspect-(?:square|video|\d+(?:\.\d+)?/\d+(?:\.\d+)?|\[\d+(?:\.\d+)?_*/_*\d+(?:\.\d+)?\])")
_TAILWIND_SIZE = re.compile(
    r"(w|h|size)-(?:(\d+(?:\.\d+)?|px|screen|[sld]v[wh]|\d*xs|sm|md|lg|\d*xl)"
    r"|(full|\d+/\d+)|\[\d+(?:\.\d+)?(?:px|rem|em|vw|vh)\])"
)
_STYLE_PROPERTY = re.compile(r"(?:^|;)\s*(width|height|aspect-ratio|inline-size|block-size)\s*:", re.IGNORECASE)
_RATIO_SHAPE = re.compile(r"n(?:/n)?a?|an(?:/n)?")  # `3 / 2`, `1.5`, `auto 3 / 2`, `3 / 2 auto`
MAX_DEPTH = 8  # nested :is()/:not() read for specificity
_DOCTYPE = re.compile(r"<!doctype", re.IGNORECASE)
_PIXELS = re.compile(r"\s*(\d+)\s*")


class Value(enum.Enum):
    """What a declared size does before the file arrives."""

    SURE = "sure"  # a length the browser knows: the box is reserved
    MAYBE = "maybe"  # may reserve it (a percentage height, var(), template syntax)
    NONE = "none"  # reserves nothing: auto, a keyword, an invalid value


def value_of(tokens: Any, name: str, quirks: bool = False) -> Value:
    """Classify a width, height or aspect-ratio value (tinycss2 tokens).

    `quirks`: the page renders in quirks mode (no doctype), where `width: 100` means 100px.
    """
    values = significant(tokens)
    if name == RATIO:
        return _ratio(values)
    if name == FIT:  # NONE: stretched to the box, as by default; MAYBE: maybe not
        stretches = len(values) == 1 and values[0].type == "ident" and values[0].lower_value in _STRETCHES
        return Value.NONE if stretches else Value.MAYBE
    if len(values) != 1:
        return Value.NONE if not values else Value.MAYBE
    token = values[0]
    if token.type == "dimension":
        return Value.SURE if token.lower_unit in _LENGTH_UNITS else Value.NONE
    if token.type == "percentage":
        return Value.SURE if name == WIDTH else Value.MAYBE  # a height in % of an auto-height parent is auto
    if token.type == "number":
        return Value.SURE if token.value == 0 or quirks else Value.NONE  # CSS needs a unit
    if token.type == "ident":
        return Value.NONE if token.lower_value in _NO_SIZE else Value.MAYBE
    if token.type == "function" and token.lower_name in _MATH:
        return _math(token.arguments, name, 0)
    return Value.MAYBE


def _math(tokens: Any, name: str, depth: int) -> Value:
    """Classify calc(), min(), max() or clamp() by the lengths inside."""
    for token in tokens:
        if token.type == "dimension" and token.lower_unit not in _LENGTH_UNITS:
            return Value.NONE
        if token.type == "percentage" and name != WIDTH:
            return Value.MAYBE
        if token.type == "function" and (token.lower_name not in _MATH or depth >= MAX_DEPTH):
            return Value.MAYBE
        if token.type == "ident" and token.lower_value in _NO_SIZE:
            return Value.NONE
        inner = token.arguments if token.type == "function" else token.content if token.type == "() block" else None
        if inner is not None and (found := _math(inner, name, depth + 1)) is not Value.SURE:
            return found
    return Value.SURE


def _ratio(values: list[Any]) -> Value:
    """Classify an aspect-ratio: `3 / 2`, `1.5` and `auto 3 / 2` reserve; `auto` alone does not."""
    shape = "".join(_shape(token) for token in values)
    if "f" in shape:
        return Value.MAYBE  # var(), calc()
    return Value.SURE if _RATIO_SHAPE.fullmatch(shape) else Value.NONE


def attribute_size(tag: Tag) -> tuple[int, int] | None:
    """Return the size the `width` and `height` attributes give, when both are plain pixel numbers."""
    width, height = (_PIXELS.fullmatch(tag.attrs.get(name, "")) for name in (WIDTH, HEIGHT))
    if width is None or height is None or int(width.group(1)) == 0 or int(height.group(1)) == 0:
        return None
    return int(width.group(1)), int(height.group(1))


def _shape(token: Any) -> str:
    """Return one letter per token of an aspect ratio: n number, / slash, a auto, f function, x anything else."""
    if token.type == "number":
        return "n"
    if token.type == "literal" and token.value == "/":
        return "/"
    if token.type == "ident" and token.lower_value == "auto":
        return "a"
    return "f" if token.type == "function" else "x"


def inline_style(tag: Tag, quirks: bool = False) -> dict[str, Value]:
    """Return what the image's `style` attribute declares for its width, height and aspect ratio."""
    style = tag.attrs.get("style", "")
    if has_template(style):  # the build fills it in: a size written there counts
        return {_PROPERTIES[name.lower()]: Value.MAYBE for name in _STYLE_PROPERTY.findall(style)}
    if not style.strip():
        return {}
    declared = _winners(style_declarations(style))
    return {name: value_of(declaration.value, name, quirks) for name, declaration in declared.items() if name in SIZES}


def inline_scaling(tag: Tag) -> set[str]:
    """Return which sizes and limits (and object-fit) the image's `style` sets to anything but the default."""
    style = tag.attrs.get("style", "")
    if has_template(style):
        return {_PROPERTIES[name.lower()] for name in _STYLE_PROPERTY.findall(style)} | {WIDTH, SCALE}
    declared = _winners(style_declarations(style)) if style.strip() else {}
    return {name for name, d in declared.items() if name is HEIGHT or value_of(d.value, name) is not Value.NONE}


def inline_declared(tag: Tag) -> set[str]:
    """Return which sizes and limits (and object-fit) the image's `style` declares, whatever the value."""
    style = tag.attrs.get("style", "")
    return set(_winners(style_declarations(style))) if style.strip() else set()


def inline_widths(tag: Tag) -> dict[str, tuple[Any, ...]]:
    """Return the width, max-width and min-width the image's `style` declares, as value tokens (WIDTH_LIMITS)."""
    style = tag.attrs.get("style", "")
    declared = _winners(style_declarations(style), WIDTH_LIMITS) if style.strip() else {}
    return {name: tuple(declaration.value) for name, declaration in declared.items()}


def ignored_in_style(tag: Tag, quirks: bool = False) -> list[str]:
    """Return the sizes the image's `style` writes that reserve nothing, as written: `width: 100`, `height: auto`."""
    style = tag.attrs.get("style", "")
    if has_template(style) or not style.strip():
        return []
    declared = _winners(style_declarations(style))
    return [
        f"{declaration.name}: {as_text(declaration.value)}"
        for name, declaration in declared.items()
        if name in SIZES and value_of(declaration.value, name, quirks) is Value.NONE
    ]


@functools.lru_cache(maxsize=256)
def style_declarations(style: str) -> tuple[Any, ...]:
    """Return the declarations of a `style` attribute, parsed once per text."""
    import tinycss2

    parsed = tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True)
    return tuple(item for item in parsed if item.type == "declaration")


def _winners(declarations: Iterable[Any], properties: dict[str, str] = _PROPERTIES) -> dict[str, Any]:
    """Return the declaration that wins for each of `properties` (as they map): the last, `!important` first."""
    winners: dict[str, Any] = {}
    for declaration in declarations:
        name = properties.get(declaration.lower_name)
        current = winners.get(name) if name else None
        if name and (current is None or declaration.important or not current.important):
            winners[name] = declaration
    return winners


def tailwind(tag: Tag) -> set[str]:
    """Return the sizes Tailwind classes surely set: `w-64`, `aspect-video`, `size-16`, not `md:w-64` or `h-full`."""
    found: set[str] = set()
    for name in tag.attrs.get("class", "").split():
        name = name.strip("!")  # the important modifier
        size = _TAILWIND_SIZE.fullmatch(name)
        if _TAILWIND_RATIO.fullmatch(name):
            found.add(RATIO)
        elif size and size.group(3) is None:  # a length
            found |= {WIDTH, HEIGHT} if size.group(1) == "size" else {WIDTH if size.group(1) == "w" else HEIGHT}
        elif size and size.group(1) == "w":  # a percentage: of the width only, which is known
            found.add(WIDTH)
    return found


@dataclass(frozen=True)
class SizeRule:
    """One selector of a style rule that sets an image size, and what it sets."""

    subject: Compound
    context: tuple[Compound, ...]  # the compounds before the subject: its ancestors and siblings
    sure: bool  # applies to every element its subject names, on every screen
    specificity: tuple[int, int, int]
    values: dict[str, tuple[Value, bool]]  # property: (what it does, !important)
    widths: dict[str, tuple[Any, ...]] = dataclasses.field(default_factory=dict)  # WIDTH_LIMITS: value tokens
    media: tuple[tuple[Any, ...], ...] = ()  # the query lists of the @media rules around it, outermost first
    plain: bool = False  # its selector names only the image's element, classes and ID, and only @media holds it

    def matches(self, tag: Tag, classes: set[str], names: frozenset[str] | None) -> bool:
        """Tell whether the rule may apply to `tag`, its pseudo-classes and attribute tests aside.

        `names` holds the element names, `.classes` and `#ids` of every element of the page,
        where the file is the whole page: a context none of them has cannot match. None: unknown.
        """
        if self.subject.element not in (None, "*", tag.name):
            return False
        for part in self.subject.parts:
            if part.startswith("::") or (part[0] == "." and part[1:] not in classes):
                return False
            if part[0] == "#" and part[1:] != tag.attrs.get("id", "").strip():
                return False
        return names is None or all(_may_exist(compound, names) for compound in self.context)


def _may_exist(compound: Compound, names: frozenset[str]) -> bool:
    if compound.element in ("html", "body"):
        return True  # scripts mark these (`html.js`, `body.loaded`)
    if compound.element not in (None, "*") and compound.element not in names:
        return False
    return all(part in names for part in compound.parts if part[0] in ".#")


def page_names(doc: HtmlDoc) -> frozenset[str]:
    """Return the element names, `.classes` and `#ids` used in a page."""
    names = {tag.name for tag in doc.tags}
    for tag in doc.tags:
        names.update(f".{name}" for name in tag.attrs.get("class", "").split())
        if tag.attrs.get("id", "").strip():
            names.add("#" + tag.attrs["id"].strip())
    return frozenset(names)


def size_rules(text: str) -> tuple[SizeRule, ...]:
    """Return the selectors of a stylesheet's rules that set a width, height, aspect ratio or object-fit."""
    return (
        _size_rules(text) if any(name in text for name in ("width", "height", "aspect", "size", "all", "fit")) else ()
    )


@functools.lru_cache(maxsize=64)
def _size_rules(text: str) -> tuple[SizeRule, ...]:
    found = []
    for rule in style_rules(parse(text)):
        values = {name: (value_of(d.value, name), d.important) for name, d in _winners(rule.declarations).items()}
        media = tuple(prelude for keyword, prelude in rule.at_rules if keyword == "media")
        widths = {name: tuple(d.value) for name, d in _winners(rule.declarations, WIDTH_LIMITS).items()}
        reset = next((d for d in rule.declarations if d.lower_name == "all"), None)
        if reset is not None:  # `all: unset` resets the sizes too, before or after them
            values = {name: (Value.NONE, reset.important) for name in (WIDTH, HEIGHT, RATIO)}
            widths = dict.fromkeys(("width", "max-width", "min-width"), ())
        if values:
            for selector in selectors(rule.prelude):
                if selector.compounds:
                    sure = not rule.at_rules and not rule.nested and _plain(selector)
                    *context, subject = selector.compounds
                    rank = specificity(selector.compounds)
                    plain = not rule.nested and _plain(selector) and all(k in _MEDIA for k, _ in rule.at_rules)
                    found.append(SizeRule(subject, tuple(context), sure, rank, values, widths, media, plain))
    return tuple(found)


def _plain(selector: Selector) -> bool:
    """Tell whether a selector applies wherever its subject's element, classes and ID do: `img.hero`, `body .logo`."""
    *context, subject = selector.compounds
    in_page = all(compound.element in ("html", "body") and not compound.parts for compound in context)
    return in_page and all(part[0] in ".#" for part in subject.parts)


def specificity(compounds: Iterable[Compound], depth: int = 0) -> tuple[int, int, int]:
    """Return a selector's specificity (IDs, classes, elements); `:is()`, `:not()`, `:has()` count their argument."""
    ids = classes = elements = 0
    for compound in compounds:
        elements += compound.element not in (None, "*")
        for part in compound.parts:
            if part[0] == "#":
                ids += 1
            elif part.startswith("::"):
                elements += 1
            elif part.startswith((":is(", ":not(", ":has(", ":matches(")) and depth < MAX_DEPTH:
                inner = _argument_specificity(part[part.index("(") + 1 : -1], depth)
                ids, classes, elements = ids + inner[0], classes + inner[1], elements + inner[2]
            elif not part.startswith(":where(") and part != "&":
                classes += 1
    return ids, classes, elements


def _argument_specificity(text: str, depth: int) -> tuple[int, int, int]:
    import tinycss2

    parsed = selectors(tuple(tinycss2.parse_component_value_list(text)))
    return max((specificity(selector.compounds, depth + 1) for selector in parsed), default=(0, 0, 0))


def matching(tag: Tag, styles: PageStyles, names: frozenset[str] | None) -> list[SizeRule]:
    """Return the rules of the page's styles that may apply to `tag`."""
    classes = set(tag.attrs.get("class", "").split())
    return [rule for rule in candidates(styles.rules, tag) if rule.matches(tag, classes, names)]


def from_stylesheets(
    tag: Tag, rules: Iterable[SizeRule], inline: dict[str, Value], names: frozenset[str] | None = None
) -> set[str]:
    """Return the sizes the page's stylesheets surely give `tag`, where no rule that may match undoes them.

    `names`: what `page_names` returns where the file is the whole page, else None.
    """
    classes = set(tag.attrs.get("class", "").split())
    matching = [rule for rule in rules if rule.matches(tag, classes, names)]
    found = set()
    for name in (WIDTH, HEIGHT, RATIO):
        setting = [(rule, *rule.values[name]) for rule in matching if name in rule.values]
        best = max(
            (_rank(rule, important) for rule, value, important in setting if rule.sure and value is Value.SURE),
            default=None,
        )
        if best is None or (inline.get(name) is Value.NONE and not best[0]):
            continue  # the style attribute beats a stylesheet, unless `!important`
        if all(value is Value.SURE or _loses(_rank(rule, important), best) for rule, value, important in setting):
            found.add(name)
    return found


_Rank = tuple[bool, tuple[int, int, int]]  # (!important, specificity): what decides which declaration wins


def _rank(rule: SizeRule, important: bool) -> _Rank:
    return important, rule.specificity


def _loses(entry: _Rank, best: _Rank) -> bool:
    """Tell whether a declaration surely loses to the best one (a tie may win by coming later)."""
    return (best[0] and not entry[0]) or (entry[0] == best[0] and entry[1] < best[1])


def index(rules: Iterable[SizeRule]) -> dict[str, list[SizeRule]]:
    """Group rules by the ID, class or element their subject needs, so each image looks at few."""
    grouped: dict[str, list[SizeRule]] = {}
    for rule in rules:
        grouped.setdefault(_key(rule.subject), []).append(rule)
    return grouped


def candidates(grouped: dict[str, list[SizeRule]], tag: Tag) -> Iterator[SizeRule]:
    """Yield the rules of `index` that may match `tag`."""
    keys = {"*", tag.name, *(f".{name}" for name in tag.attrs.get("class", "").split())}
    if tag.attrs.get("id", "").strip():
        keys.add("#" + tag.attrs["id"].strip())
    for key in keys:
        yield from grouped.get(key, ())


def _key(subject: Compound) -> str:
    named = [part for part in subject.parts if part[0] in ".#"]
    return named[0] if named else subject.element or "*"


MAX_IMPORT_DEPTH = 3  # @import chains read for size rules


@dataclass(frozen=True)
class PageStyles:
    """The size rules of a page's styles, by `index`, and whether perflint read all of its styles."""

    rules: dict[str, list[SizeRule]]
    complete: bool  # False: a remote, missing or templated stylesheet, or an @import too deep, may set sizes too


def page_rules(doc: HtmlDoc | MarkdownDoc, site: Site) -> PageStyles:
    """Return the size rules of a page's <style> blocks and of the local stylesheets it links."""
    found = [rule for sheet in doc.stylesheets for rule in size_rules(sheet.text)]
    complete = all("@import" not in sheet.text.lower() for sheet in doc.stylesheets)
    if isinstance(doc, HtmlDoc):
        for tag in doc.named("link"):
            rel = tag.attrs.get("rel", "").lower().split()
            if "stylesheet" in rel and "alternate" not in rel:
                media = tag.attrs.get("media", "").strip().lower()
                sure = media in ("", "all", "screen")  # a print or phone-only sheet may apply or not
                rules, read = _linked(tag.attrs.get("href", ""), doc.source.path, doc.source.boundary, site, sure, 0)
                found += rules
                complete = complete and read
    return PageStyles(index(found), complete)


def _linked(href: str, holder: Path, boundary: Path, site: Site, sure: bool, depth: int) -> tuple[list[SizeRule], bool]:
    """Return the size rules of a local stylesheet and of those it @imports (nothing for a remote one),
    and whether all of them were read."""
    path = site.resolve(href, holder, boundary).path
    sheet = _read(path) if path is not None else None
    if path is None or sheet is None:
        return [], False
    rules = [rule if sure else dataclasses.replace(rule, sure=False) for rule in sheet[0]]
    complete = depth < MAX_IMPORT_DEPTH or not sheet[1]
    for url in sheet[1] if depth < MAX_IMPORT_DEPTH else ():
        imported, read = _linked(url, path, boundary, site, sure, depth + 1)
        rules = imported + rules  # imported rules come first
        complete = complete and read
    return rules, complete


def _read(path: Path) -> tuple[tuple[SizeRule, ...], tuple[str, ...]] | None:
    """Return a local stylesheet's size rules and the @imports browsers load; None when it cannot be read."""
    return read_stylesheet(path, _sheet)


def _sheet(text: str) -> tuple[tuple[SizeRule, ...], tuple[str, ...]]:
    loaded = tuple(item.url for item in imports(text) if item.url and item.ignored_because is None)
    return size_rules(text), loaded


@dataclass(frozen=True)
class Page:
    """What the page around an image says about its size."""

    styles: PageStyles
    names: frozenset[str] | None  # by page_names, where the file is the whole page
    quirks: bool  # a full page without a doctype, where `width: 100` is 100px


def page_of(doc: HtmlDoc | MarkdownDoc, site: Site, is_page: bool) -> Page:
    """Read what the page around its images says about their sizes (`is_page`: the file is published as a page)."""
    styles = page_rules(doc, site)
    if not isinstance(doc, HtmlDoc):
        return Page(styles, None, False)
    html = next(doc.named("html"), None)
    whole = doc.is_document and is_page and not has_template(doc.decoded.text)
    quirks = html is not None and not _DOCTYPE.search(doc.decoded.text, 0, html.offset)
    return Page(styles, page_names(doc) if whole else None, quirks)
