"""Tell where a page's images lie against the first screen of a phone, from the page's own text.

Lighthouse judges a page on a phone showing 412 x 823 CSS px. No source check can lay a page
out, but text takes room: at 12 px (the smallest size Lighthouse counts as legible) a character
of a proportional font is at least 0.4 em wide and a line at least 1 em high, so text that wraps
within the phone's width needs at least 0.14 px of height per character, however its columns
are arranged. An image in the flow after a screenful of such text (5,880 characters) is surely
below the first screen.

Only text that surely takes that room counts. Not inside <head>, <nav>, <aside>, <pre>, <code>,
tables, media, closed <details> and <dialog>, nor in an element marked `hidden` or
`aria-hidden`, or that its inline style or a rule of the page's stylesheets (in any @media) may
hide, keep from wrapping or set in smaller type (a rule counts for the classes and ID of the
element it styles, or of the nearest one its selector names before it). Text inside an
element of fixed height counts for the images inside it, not for those after it (the box may be
shorter than its text). An image inside a positioned element (`absolute`, `fixed`) may lie
anywhere and is not placed. Where the page loads a stylesheet perflint cannot read (a remote
one, say; one of fonts or icons, such as Google Fonts or Font Awesome, does not matter), no text in
an element with a class or ID counts.

The likely Largest Contentful Paint image is the first image a phone shows large (at least half
its width and 15 % of its screen, from its size scaled to the phone's width), with under 400
characters of any text before it, no other image of unknown size and no element that an inline
style or a `data-background` attribute gives a background picture.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perflint.css.analysis import imports, parse
from perflint.css.files import read_stylesheet
from perflint.css.lengths import significant
from perflint.css.styles import Compound, selectors, style_rules
from perflint.documents.html import VOID_ELEMENTS, HtmlDoc
from perflint.html.phone import PHONE_WIDTH, widest_on_phone
from perflint.html.sizing import (
    HEIGHT,
    RATIO,
    SCALE,
    WIDTH,
    Page,
    attribute_size,
    inline_declared,
    matching,
    page_of,
    style_declarations,
)
from perflint.html.tokenizer import Comment, EndTag, Tag, Text, tokenize
from perflint.site import has_template, image_info

if TYPE_CHECKING:
    from perflint.images.probe import ImageInfo
    from perflint.site import Site

PHONE_HEIGHT = 823.0  # CSS px: Lighthouse's phone screen
_SMALLEST_FONT = 12.0  # px: Lighthouse's least legible size
_PX_PER_CHARACTER = (_SMALLEST_FONT * 0.4) * _SMALLEST_FONT / PHONE_WIDTH  # the least room a character takes
SCREENFUL = round(PHONE_HEIGHT / _PX_PER_CHARACTER)  # characters that surely fill the first screen
_LITTLE_TEXT = 400  # characters of any text: a likely LCP image has no more before it
_LARGE_SHARE = 0.15  # of the phone's screen, for an image to be a likely LCP
_MAX_IMPORT_DEPTH = 4


class Effect(enum.Enum):
    """What an element may do to the room its content takes, as far as placing images goes."""

    UNCOUNTED = "its text may take less room, or none"
    BOXED = "its height is set: its text takes room inside it only"
    UNPLACED = "positioned: its content may lie anywhere"


# Elements whose text may take no room, or not wrap within the phone's width.
_UNCOUNTED = frozenset(
    {"head", "script", "style", "template", "noscript", "nav", "aside", "pre", "code", "table", "select"}
    | {"datalist", "svg", "math", "iframe", "object", "canvas", "video", "audio", "textarea", "title", "button"}
    | {"menu", "kbd", "samp", "small", "sub", "sup", "marquee"}
)
_OPENABLE = frozenset({"details", "dialog"})  # hide their content unless `open`
_NOT_TEXT = frozenset({"head", "script", "style", "template", "noscript", "svg", "math", "textarea"})
_KEEPS_SIZE = frozenset({"auto", "none", "normal", "initial", "inherit", "unset", "revert", "revert-layer"})
_LEGIBLE_FONT_SIZES = frozenset({"small", "medium", "large", "x-large", "xx-large", "xxx-large", "larger"})
_FONT_SIZE_UNITS = {"px": 1.0, "pt": 96 / 72, "em": 16.0, "rem": 16.0, "%": 0.16}  # relative to the default 16 px
# A line height relative to the font's size is taken at the smallest legible size.
_LINE_HEIGHT_UNITS = {"px": 1.0, "pt": 96 / 72, "": 12.0, "em": 12.0, "lh": 12.0, "rem": 16.0, "%": 0.12}
# Stylesheets that only declare fonts, or style icons: a font service's, an icon font's.
_FONTS_ONLY = re.compile(
    r"fonts\.googleapis\.com|fonts\.bunny\.net|use\.typekit\.net|font-?awesome|bootstrap-icons|ionicons"
    r"|material-?(?:icons|symbols)|themify-icons|line-awesome|icofont|flaticon",
    re.IGNORECASE,
)
_BACKGROUND = re.compile(r"background(?:-image)?\s*:[^;]*url\(", re.IGNORECASE)
_DECLARATION = re.compile(r"<![^>]*>")  # the doctype, and markup the tokenizer does not keep
_ENTITY = re.compile(r"&#?\w+;")


@dataclass(frozen=True)
class PlacedImage:
    """An <img> in the page's flow, how much text that surely takes room comes before it, and how much text at all."""

    tag: Tag
    text_before: int  # characters that surely take room
    any_text_before: int  # characters of text wherever it shows, if at all
    pictured_before: bool  # an element before it has a background picture

    @property
    def surely_below_first_screen(self) -> bool:
        return self.text_before >= SCREENFUL


@dataclass(frozen=True)
class Fold:
    """Where a page's images lie: those placed in its flow, in order, and the likely LCP image."""

    images: tuple[PlacedImage, ...]
    likely_lcp: Tag | None

    def below_first_screen(self) -> Iterator[Tag]:
        """Yield the images surely below the first screen on a phone, never the likely LCP image."""
        for placed in self.images:
            if placed.surely_below_first_screen and placed.tag is not self.likely_lcp:
                yield placed.tag


@dataclass(frozen=True)
class Unflowing:
    """The element names, classes (".x") and IDs ("#x") the page's stylesheets give each effect."""

    names: dict[Effect, frozenset[str]] = field(default_factory=dict)
    unknown: bool = False  # a stylesheet perflint could not read: any class or ID may have any effect

    @functools.cached_property
    def elements(self) -> frozenset[str]:
        """The element names with an effect of their own, whatever their attributes: <nav>, <pre>, those rules name."""
        named = {name for names in self.names.values() for name in names if name[0] not in ".#"}
        return _UNCOUNTED | _OPENABLE | frozenset(named)


def fold_of(doc: HtmlDoc, site: Site) -> Fold | None:
    """Place a whole page's images; None for a fragment and a page with templating.

    The last page's answer is kept: two rules and the fix ask about the same page in turn, and
    a page of many images takes seconds to walk.
    """
    last = _last_fold[0]
    if last is not None and last[0] is doc and last[1] is site:
        return last[2]
    fold = None
    if doc.is_document and not has_template(doc.decoded.text) and any(doc.named("img")):
        images = tuple(_placed(doc.decoded.text, _page_unflowing(doc, site)))
        fold = Fold(images, _likely_lcp(images, doc, site))
    _last_fold[0] = (doc, site, fold)
    return fold


_last_fold: list[tuple[HtmlDoc, Site, Fold | None] | None] = [None]


@dataclass
class _Open:
    """An element with an effect, while it is open: how many of its name are open inside it, and the
    count at its start."""

    name: str
    effect: Effect
    counted_at_start: int
    nested: int = 0


def _placed(text: str, unflowing: Unflowing) -> Iterator[PlacedImage]:
    """Walk the page in order, counting the text that surely takes room, and place each <img> in the flow."""
    counted = any_text = cursor = 0
    pictured = False
    scopes: list[_Open] = []
    for token in tokenize(text):
        if token.offset > cursor:
            chars = _characters(text[cursor : token.offset])
            not_text = any(scope.name in _NOT_TEXT for scope in scopes)
            any_text += 0 if not_text else chars
            if not any(scope.effect is not Effect.BOXED for scope in scopes):
                counted += chars
        cursor = _end(token, text)
        if isinstance(token, EndTag):
            counted = _close(scopes, token.name, counted)
        elif isinstance(token, Tag):
            pictured = (
                pictured or "data-background" in token.attrs or bool(_BACKGROUND.search(token.attrs.get("style", "")))
            )
            if token.name == "img":
                if not any(scope.effect is Effect.UNPLACED for scope in scopes):
                    yield PlacedImage(token, counted, any_text, pictured)
            elif not (token.self_closing or token.name in VOID_ELEMENTS):
                _open(scopes, token, _effect(token, unflowing), counted)


def _open(scopes: list[_Open], tag: Tag, effect: Effect | None, counted: int) -> None:
    """Open an element: one with an effect is a scope of its own; another of a scope's name nests in it."""
    if effect is not None:
        scopes.append(_Open(tag.name, effect, counted))
        return
    for scope in reversed(scopes):
        if scope.name == tag.name:
            scope.nested += 1
            return


def _close(scopes: list[_Open], name: str, counted: int) -> int:
    """Close the innermost open element of `name` that has an effect, and those left open inside it;
    return the count of text that takes room after it."""
    for index in range(len(scopes) - 1, -1, -1):
        scope = scopes[index]
        if scope.name != name:
            continue
        if scope.nested:
            scope.nested -= 1
            return counted
        for closed in reversed(scopes[index:]):
            if closed.effect is Effect.BOXED:
                counted = closed.counted_at_start  # the box may end before its text does
        del scopes[index:]
        return counted
    return counted


def _characters(gap: str) -> int:
    """Count the characters a stretch of markup between tags shows, spaces collapsed."""
    if "<!" in gap:
        gap = _DECLARATION.sub("", gap)
    if "&" in gap:
        gap = _ENTITY.sub("x", gap)
    words = gap.split()
    return sum(map(len, words)) + len(words) - 1 if words else 0


def _end(token: Tag | EndTag | Comment | Text, text: str) -> int:
    """Return where a token ends: end tags and texts do not record it."""
    if isinstance(token, (Tag, Comment)):
        return token.end
    if isinstance(token, EndTag):
        return text.find(">", token.offset) + 1 or len(text)
    return token.offset + len(token.text)


def _effect(tag: Tag, unflowing: Unflowing) -> Effect | None:
    """Tell what an element may do to the room its content takes: None where its text surely takes its room."""
    attrs = tag.attrs
    if not attrs and tag.name not in unflowing.elements:
        return None  # the common case, answered at once: a plain <p>, <li> or <div>
    if tag.name in _UNCOUNTED or (tag.name in _OPENABLE and "open" not in attrs):
        return Effect.UNCOUNTED
    if "hidden" in attrs or attrs.get("aria-hidden", "").strip().lower() == "true":
        return Effect.UNCOUNTED
    named = {f".{name}" for name in attrs.get("class", "").split()}
    if attrs.get("id", "").strip():
        named.add(f"#{attrs['id'].strip()}")
    effects = _effects(style_declarations(attrs["style"])) if attrs.get("style", "").strip() else set()
    for effect, names in unflowing.names.items():
        if tag.name in names or not names.isdisjoint(named):
            effects.add(effect)
    if unflowing.unknown and named:
        effects.add(Effect.UNCOUNTED)
    return next((effect for effect in (Effect.UNPLACED, Effect.UNCOUNTED, Effect.BOXED) if effect in effects), None)


def _effects(declarations: Iterable[Any]) -> set[Effect]:
    """Tell what declarations may do to the room text takes: hide, position, box, unwrap or shrink it.

    Layouts that only arrange text (flex, grid, floats, columns, widths) still give each character its room.
    """
    found = set()
    for declaration in declarations:
        judge = _LESS_ROOM.get(declaration.lower_name)
        values = significant(declaration.value)
        if judge is not None and judge[1](values, {token.lower_value for token in values if token.type == "ident"}):
            found.add(judge[0])
    return found


def _fixed_height(values: list[Any], words: set[str]) -> bool:
    return not (len(values) == 1 and words and words <= _KEEPS_SIZE)


def _small_font(values: list[Any], words: set[str]) -> bool:
    return not _legible(values)


def _small_font_in_shorthand(values: list[Any], words: set[str]) -> bool:
    return not all(_legible([token]) for token in values if token.type in ("dimension", "percentage"))


def _short_line(values: list[Any], words: set[str]) -> bool:
    return not _full_line(values)


def _tighter(values: list[Any], words: set[str]) -> bool:
    return any(token.type in ("dimension", "number") and token.value < 0 for token in values)


def _any_but(*harmless: str) -> Callable[[list[Any], set[str]], bool]:
    return lambda values, words: not words <= {*harmless, *_KEEPS_SIZE} or len(words) < len(values)


def _any_of(*harmful: str) -> Callable[[list[Any], set[str]], bool]:
    return lambda values, words: bool(words & set(harmful))


# Per property, the effect it may have, and whether a value has it.
_LESS_ROOM: dict[str, tuple[Effect, Callable[[list[Any], set[str]], bool]]] = {
    "position": (Effect.UNPLACED, _any_of("absolute", "fixed")),
    "display": (Effect.UNCOUNTED, _any_of("none", "contents")),
    "visibility": (Effect.UNCOUNTED, _any_of("hidden", "collapse")),
    "white-space": (Effect.UNCOUNTED, _any_of("nowrap", "pre")),
    "text-wrap": (Effect.UNCOUNTED, _any_of("nowrap")),
    "font-size": (Effect.UNCOUNTED, _small_font),
    "font": (Effect.UNCOUNTED, _small_font_in_shorthand),
    "line-height": (Effect.UNCOUNTED, _short_line),
    "letter-spacing": (Effect.UNCOUNTED, _tighter),
    "clip": (Effect.UNCOUNTED, _any_but()),
    "clip-path": (Effect.UNCOUNTED, _any_but()),
    "content-visibility": (Effect.UNCOUNTED, _any_but("visible")),
    "zoom": (Effect.UNCOUNTED, _any_but()),
    "-webkit-line-clamp": (Effect.UNCOUNTED, _any_but()),
    "line-clamp": (Effect.UNCOUNTED, _any_but()),
    "height": (Effect.BOXED, _fixed_height),
    "max-height": (Effect.BOXED, _fixed_height),
    "block-size": (Effect.BOXED, _fixed_height),
    "max-block-size": (Effect.BOXED, _fixed_height),
}


def _legible(values: list[Any]) -> bool:
    """Tell whether a font size is surely 12 px or more (em, rem and % of the default 16 px)."""
    return _px(values, _LEGIBLE_FONT_SIZES | _KEEPS_SIZE, _FONT_SIZE_UNITS) >= _SMALLEST_FONT


def _full_line(values: list[Any]) -> bool:
    """Tell whether a line height is surely at least the font's size, as the room per character assumes."""
    return _px(values, _KEEPS_SIZE, _LINE_HEIGHT_UNITS) >= _SMALLEST_FONT


def _px(values: list[Any], enough: frozenset[str], units: dict[str, float]) -> float:
    """Return a single length in px by `units` ("" for a number, "%" for a percentage): infinite for a
    keyword in `enough`, 0 for anything else."""
    if len(values) != 1:
        return 0.0
    token = values[0]
    if token.type == "ident":
        return math.inf if token.lower_value in enough else 0.0
    unit = {"number": "", "percentage": "%"}.get(token.type, getattr(token, "lower_unit", None))
    return float(token.value) * units[unit] if unit in units else 0.0


def _likely_lcp(images: Iterable[PlacedImage], doc: HtmlDoc, site: Site) -> Tag | None:
    """Return the first image a phone shows large, when little comes before it."""
    page: Page | None = None
    for placed in images:
        if placed.any_text_before > _LITTLE_TEXT or placed.pictured_before:
            return None
        page = page or page_of(doc, site, is_page=True)
        width = _shown_size(placed.tag, doc, site, page)
        if width is None:
            return None  # it may be the large one
        if "hidden" not in placed.tag.attrs and _large_on_phone(*width):
            return placed.tag
    return None


def _large_on_phone(width: float, height: float) -> bool:
    """Tell whether an image shown `width` x `height` CSS px on a phone fills much of its screen."""
    return width >= PHONE_WIDTH / 2 and width * height >= _LARGE_SHARE * PHONE_WIDTH * PHONE_HEIGHT


def _shown_size(tag: Tag, doc: HtmlDoc, site: Site, page: Page) -> tuple[float, float] | None:
    """Return the most a phone shows of an image, width and height: its size (attributes, else its file's)
    scaled down to the phone's width and to what its CSS surely limits it to; None when unknown."""
    size = _asked_size(tag, doc, site)
    if size is None or not page.styles.complete:
        return None
    limit = widest_on_phone(tag, page)
    sizing = inline_declared(tag) | {name for rule in matching(tag, page.styles, page.names) for name in rule.values}
    if limit is None and sizing & {WIDTH, HEIGHT, RATIO, SCALE}:
        return None  # CSS may size it, and perflint cannot tell how
    width = min(size[0], PHONE_WIDTH, limit.px if limit else math.inf)
    return width, size[1] * width / size[0]


def _asked_size(tag: Tag, doc: HtmlDoc, site: Site) -> tuple[float, float] | None:
    """Return the size an image asks for: its width and height attributes, else its file's own size."""
    attributes = attribute_size(tag)
    if attributes is not None:
        return float(attributes[0]), float(attributes[1])
    info: ImageInfo | None = None
    reference = site.resolve(tag.attrs.get("src", ""), doc.source.path, doc.source.boundary)
    if reference.kind == "file" and reference.path is not None:
        info = image_info(reference.path)
    if info is None or not info.width or not info.height:
        return None
    return float(info.width), float(info.height)


def _page_unflowing(doc: HtmlDoc, site: Site) -> Unflowing:
    """Return the names that the page's stylesheets give an effect, and whether one could not be read."""
    sheets = [_sheet(sheet.text) for sheet in doc.stylesheets]
    unknown = any(loaded for _, loaded in sheets)  # imported from where the page is served: unknown here
    for tag in doc.named("link"):
        rel = tag.attrs.get("rel", "").lower().split()
        if "stylesheet" in rel and "alternate" not in rel:
            read = _linked(tag.attrs.get("href", ""), doc.source.path, doc.source.boundary, site, 0)
            unknown = unknown or read is None
            sheets.extend(read or ())
    names: dict[Effect, set[str]] = {}
    for found, _ in sheets:
        for effect, named in found:
            names.setdefault(effect, set()).update(named)
    return Unflowing({effect: frozenset(named) for effect, named in names.items()}, unknown)


_Sheet = tuple[tuple[tuple[Effect, frozenset[str]], ...], tuple[str, ...]]


def _linked(href: str, holder: Path, boundary: Path, site: Site, depth: int) -> list[_Sheet] | None:
    """Return what a local stylesheet and those it imports say; None when one cannot be read. A stylesheet
    of fonts or icons says nothing that matters here."""
    if _FONTS_ONLY.search(href):
        return []
    path = site.resolve(href, holder, boundary).path
    sheet = read_stylesheet(path, _sheet) if path is not None else None
    if path is None or sheet is None or (sheet[1] and depth >= _MAX_IMPORT_DEPTH):
        return None
    found = [sheet]
    for url in sheet[1]:
        imported = _linked(url, path, boundary, site, depth + 1)
        if imported is None:
            return None
        found += imported
    return found


@functools.lru_cache(maxsize=64)
def _sheet(text: str) -> _Sheet:
    """Return the names a stylesheet's rules give each effect, and the stylesheets it imports.

    A rule names the classes and ID of the element it styles (`#header` in `body.home #header`);
    where that element has none, those of the nearest one before it that has (`.menu` in
    `.menu.open li`: every such `li` is inside one), or its element name when the selector is
    nothing else (`ul`).
    """
    names: dict[Effect, set[str]] = {}
    for rule in style_rules(parse(text)):
        effects = _effects(rule.declarations)
        for selector in selectors(rule.prelude) if effects else ():
            named = _named(selector.compounds)
            for effect in effects:
                names.setdefault(effect, set()).update(named)
    loaded = tuple(item.url for item in imports(text) if item.url and item.ignored_because is None)
    return tuple((effect, frozenset(named)) for effect, named in names.items()), loaded


def _named(compounds: tuple[Compound, ...]) -> set[str]:
    """Return the names that mark the elements a selector may style, as `_sheet` says."""
    for compound in reversed(compounds):
        named = {part for part in compound.parts if part[0] in ".#"}
        if named:
            return named
    bare = len(compounds) == 1 and compounds[0].element not in (None, "*", "html", "body")
    return {str(compounds[0].element)} if bare else set()
