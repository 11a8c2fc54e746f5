"""Read the front matter of Hugo, Jekyll, Eleventy and Astro pages, and the page facts it states.

A page opens with YAML between ``---`` lines, TOML between ``+++`` lines, or (Hugo) a JSON object.
Reading never raises: a block that cannot be read comes back as no data and a one-line reason, so a
broken page makes one finding and no rule sees half-read data. YAML is read with a safe loader and
checked first for the shapes that would crash or flood it (deep nesting, alias bombs).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from perflint import toml
from perflint.documents.text import line_breaks
from perflint.markdown.errors import FrontMatterError

MAX_BLOCK_CHARS = 1 << 20

_BREAK = re.compile(r"\r\n|\r|\n")
_FENCES = {"---": ("yaml", ("---", "...")), "+++": ("toml", ("+++",))}
# A JSON object's first token is a key or its end; this keeps pages opening with {{< shortcode >}} or {% tag %} out.
_JSON_START = re.compile(r"\{\s*[\"}]")
_JSON_BRACES = re.compile(r'\\.|[{}"]', re.DOTALL)
_JSON_TOKENS = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?|[{}\[\]]', re.DOTALL)
_REST_OF_LINE = re.compile(r"[ \t]*(?:\r\n|\r|\n|\Z)")
MAX_KEY_LINE = 1024  # a key is at the start of its line; the pattern is quadratic on long runs of blanks
_YAML_KEY = re.compile(r"""(?:"([^"]*)"|'([^']*)'|([^\s#'"\[\]{},&*!|>%@`?:-].*?))[ \t]*:(?:[ \t]|$)""")
_TOML_KEY = re.compile(r"""[ \t]*("[^"]*"|'[^']*'|[\w-]+)[ \t]*[=.]""")
_TOML_TABLE = re.compile(r"""[ \t]*\[\[?[ \t]*("[^"]*"|'[^']*'|[\w-]+)""")
_TOML_WHERE = re.compile(r" \(at line (\d+), column \d+\)$")
# PyYAML's scalar constructors let bare Python errors out on explicit tags such as `!!int abc` or `!!bool maybe`.
_PARSE_ERRORS = (ValueError, LookupError, AttributeError)


@dataclass(frozen=True)
class FrontMatter:
    """A page's front matter block, read, with where the Markdown body starts."""

    syntax: str | None  # "yaml", "toml", "json", or None when the page has none
    data: Mapping[str, Any]  # {} when there is none or it cannot be read
    error: str | None  # why a block that is there cannot be read
    body_line: int  # 1-based line of the file where the body starts
    body_offset: int  # character offset where the body starts
    key_lines: Mapping[str, int]  # 1-based file line of each top-level key of data that a line scan found


@dataclass(frozen=True)
class SocialImage:
    """An image the front matter names for social cards or the page header."""

    key: str  # where the path is, e.g. "cover.image", "images[0]", "heroImage"
    src: str  # the path or URL as written
    alt: str | None  # the alt text as written, None when not given
    alt_key: str | None  # where alt text belongs under the convention, None when it defines none


@dataclass(frozen=True)
class PageMeta:
    """The page facts the generators' front matter conventions give."""

    title: str | None
    title_key: str | None
    description: str | None
    description_key: str | None
    images: tuple[SocialImage, ...]
    is_draft: bool
    has_layout_without_content: bool  # the generator renders no page of its own from it


def read_front_matter(text: str) -> FrontMatter:
    """Split a page into front matter and body, reading the front matter as its generator would."""
    start = 1 if text.startswith("\ufeff") else 0
    if _JSON_START.match(text, start):
        return _read_json(text, start)
    lines = _lines(text, start)
    opening, _, after = next(lines, ("", start, start))
    fence = _FENCES.get(opening.rstrip(" \t"))
    if fence is None:
        return FrontMatter(None, {}, None, 1, start, {})
    syntax, closers = fence
    for line, line_start, next_start in lines:
        if line.rstrip(" \t") in closers:
            return _read_block(syntax, text, text[after:line_start], 2, next_start)
    return _unclosed(syntax, closers[0], text)


def _lines(text: str, start: int) -> Iterator[tuple[str, int, int]]:
    """Yield each line from start without its break, with where it and the next line start."""
    while start < len(text):
        found = _BREAK.search(text, start)
        end, after = (found.start(), found.end()) if found else (len(text), len(text))
        yield text[start:end], start, after
        start = after


def _line_at(text: str, offset: int) -> int:
    """Return the 1-based line of an offset, counting CRLF, CR and LF as one break each, as editors do."""
    return 1 + line_breaks(text[:offset])


def _read_json(text: str, start: int) -> FrontMatter:
    """Read a Hugo JSON front matter object, which ends where its braces balance."""
    end = _json_end(text, start)
    if end is None:
        return _unclosed("json", "}", text)
    rest = _REST_OF_LINE.match(text, end)
    return _read_block("json", text, text[start:end], 1, rest.end() if rest else end)


def _json_end(text: str, start: int) -> int | None:
    """Return where the object opening at start closes, counting braces outside strings as Hugo does."""
    depth, quoted = 0, False
    for match in _JSON_BRACES.finditer(text, start):
        token = match.group()
        if token == '"':
            quoted = not quoted
        elif not quoted and token in ("{", "}"):
            depth += 1 if token == "{" else -1
            if depth == 0:
                return match.end()
    return None


def _unclosed(syntax: str, closer: str, text: str) -> FrontMatter:
    """Report a block that never closes; nothing is body, so body rules don't flag front matter as Markdown."""
    reason = f"the front matter block starting on line 1 is never closed (no closing {closer})"
    return FrontMatter(syntax, {}, reason, _line_at(text, len(text)), len(text), {})


def _read_block(syntax: str, text: str, raw: str, first_line: int, body_offset: int) -> FrontMatter:
    """Parse a closed block and find its top-level keys' lines."""
    block = _BREAK.sub("\n", raw)  # TOML forbids lone CR; one break kind keeps error lines right too
    data, error = _parse(syntax, block, first_line)
    found = _KEY_SCANNERS[syntax](block, first_line) if data else {}
    key_lines = {key: line for key, line in found.items() if key in data}
    return FrontMatter(syntax, data, error, _line_at(text, body_offset), body_offset, key_lines)


def _parse(syntax: str, block: str, first_line: int) -> tuple[dict[str, Any], str | None]:
    """Parse a block into a mapping with text keys, or say in one line why it cannot be."""
    if len(block) > MAX_BLOCK_CHARS:
        return {}, "the front matter is larger than 1 MiB, too large to read safely"
    try:
        data = _PARSERS[syntax](block, first_line)
    except FrontMatterError as error:
        return {}, str(error)
    except RecursionError:
        return {}, "the front matter is nested too deeply to read"
    except _PARSE_ERRORS as error:
        return {}, f"the {syntax.upper()} front matter is not valid: {_reason(error, first_line)}"
    if data is None:  # YAML holding nothing or only comments
        return {}, None
    if not isinstance(data, dict):
        return {}, "the front matter is not a set of key: value pairs"
    return {str(key): value for key, value in data.items()}, None


def _reason(error: Exception, first_line: int) -> str:
    """Say what is wrong in one line, numbering lines as the file does rather than as the block does."""
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} (line {first_line + error.lineno - 1})"
    if isinstance(error, (LookupError, AttributeError)):  # PyYAML's, from a value such as `!!bool maybe`
        return "a value does not fit the type its !! tag names"
    message = str(error).partition("\n")[0]
    where = _TOML_WHERE.search(message)
    if where is None:
        return message
    return f"{message[: where.start()]} (line {first_line + int(where.group(1)) - 1})"


def _yaml_keys(block: str, first_line: int) -> dict[str, int]:
    """Find top-level YAML keys: `key:` at the start of a line."""
    found: dict[str, int] = {}
    for number, line in enumerate(block.split("\n"), first_line):
        match = _YAML_KEY.match(line[:MAX_KEY_LINE])
        if match:
            found.setdefault(match.group(match.lastindex or 0), number)
    return found


def _toml_keys(block: str, first_line: int) -> dict[str, int]:
    """Find top-level TOML keys: `key =` or `key.sub =` before the first table, and each table's first name."""
    found: dict[str, int] = {}
    in_table = False
    for number, line in enumerate(block.split("\n"), first_line):
        table = _TOML_TABLE.match(line)
        in_table = in_table or table is not None
        match = table or (None if in_table else _TOML_KEY.match(line))
        if match:
            found.setdefault(match.group(1).strip("\"'"), number)
    return found


def _json_keys(block: str, first_line: int) -> dict[str, int]:
    """Find top-level JSON keys: strings followed by a colon one brace deep."""
    found: dict[str, int] = {}
    depth, line, seen = 0, first_line, 0
    for match in _JSON_TOKENS.finditer(block):
        if match.group(1) is None:
            depth += 1 if match.group() in ("{", "[") else -1
        elif depth == 1 and match.group(2):
            line += block.count("\n", seen, match.start())
            seen = match.start()
            found.setdefault(match.group(1), line)
    return found


def _load_yaml(block: str, first_line: int) -> object:
    """Parse YAML safely; PyYAML is imported only when a page has YAML front matter."""
    from perflint.markdown.safe_yaml import load

    return load(block, first_line)


_PARSERS: dict[str, Callable[[str, int], object]] = {
    "yaml": _load_yaml,
    "toml": lambda block, _: toml.loads(block),
    "json": lambda block, _: json.loads(block),
}
_KEY_SCANNERS: dict[str, Callable[[str, int], dict[str, int]]] = {
    "yaml": _yaml_keys,
    "toml": _toml_keys,
    "json": _json_keys,
}


_TITLE_KEYS = ("title", "meta_title", "seo.title", "seo_title")
_DESCRIPTION_KEYS = ("description", "summary", "excerpt", "meta_description", "seo.description", "seo_description")
# Where each convention puts an image, and the keys that may hold its alt text when the image is a plain path.
# Mappings carry their own "alt"; list items have none.
_IMAGE_CONVENTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("image", ("image_alt", "imageAlt")),
    ("images", ()),
    ("heroImage", ("heroImageAlt", "hero_image_alt")),
    ("hero_image", ("hero_image_alt", "heroImageAlt")),
    ("cover", ()),
    ("featured_image", ()),
    ("thumbnail", ()),
    ("og_image", ()),
    ("social_image", ()),
    ("banner", ()),
    ("header.image", ("header.image_description",)),
    ("header.og_image", ()),
    ("header.teaser", ()),
)
# Sibling alt keys are theme habits, so they count only where a page uses one (Astro's blog template renders
# heroImage with alt="" and has no key for it), except where the theme that owns the image key defines one.
_DEFINED_ALT_KEYS = {"header.image": "header.image_description"}  # Minimal Mistakes
_SRC_KEYS = ("image", "src", "url", "path")
_TRUE_WORDS = frozenset({"true", "yes", "on"})
_FALSE_WORDS = frozenset({"false", "no", "off"})
_UNRENDERED = frozenset({"never", "link"})


def page_meta(front: FrontMatter) -> PageMeta:
    """Gather the title, description, social images and publishing state the front matter gives."""
    data = front.data
    title, title_key = _first_text(data, _TITLE_KEYS)
    description, description_key = _first_text(data, _DESCRIPTION_KEYS)
    images = tuple(image for path, alt_paths in _IMAGE_CONVENTIONS for image in _images_at(data, path, alt_paths))
    return PageMeta(title, title_key, description, description_key, images, _is_draft(data), renders_nothing(data))


def _get(data: Mapping[str, Any], path: str) -> object:
    """Follow a dotted path through nested mappings; None where it leads nowhere."""
    value: object = data
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _text(value: object) -> str | None:
    """Return a value as the text a template would print, or None when it prints nothing useful."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        return str(value)
    return None


def _first_text(data: Mapping[str, Any], paths: tuple[str, ...]) -> tuple[str | None, str | None]:
    """Return the first non-blank text among paths, in priority order, with its path."""
    for path in paths:
        text = _text(_get(data, path))
        if text is not None:
            return text, path
    return None, None


def _images_at(data: Mapping[str, Any], path: str, alt_paths: tuple[str, ...]) -> list[SocialImage]:
    """Return the images a convention's key names: one, or one per list item."""
    value = _get(data, path)
    if not isinstance(value, list):
        image = _image(data, path, value, alt_paths)
        return [] if image is None else [image]
    items = (_image(data, f"{path}[{index}]", item, ()) for index, item in enumerate(value))
    return [image for image in items if image is not None]


def _image(data: Mapping[str, Any], key: str, value: object, alt_paths: tuple[str, ...]) -> SocialImage | None:
    """Read one image: a path with alt text beside it, or a mapping holding its path and alt."""
    if isinstance(value, Mapping):
        src_key = next((name for name in _SRC_KEYS if _src(value.get(name))), None)
        if src_key is None:
            return None
        return SocialImage(f"{key}.{src_key}", value[src_key], _alt(value.get("alt")), f"{key}.alt")
    src = _src(value)
    if src is None:
        return None
    alt_key = next((path for path in alt_paths if _get(data, path) is not None), _DEFINED_ALT_KEYS.get(key))
    return SocialImage(key, src, None if alt_key is None else _alt(_get(data, alt_key)), alt_key)


def _src(value: object) -> str | None:
    """Return an image path or URL as written, or None when the value names no image."""
    return value if isinstance(value, str) and value.strip() else None


def _alt(value: object) -> str | None:
    """Return alt text as written; an empty string stays, since it marks an image as decorative."""
    return value if isinstance(value, str) else _text(value)


def _flag(value: object) -> bool | None:
    """Read a yes/no setting as the generators do, YAML 1.1 words included (Jekyll reads `published: no`)."""
    if isinstance(value, bool):
        return value
    word = value.strip().lower() if isinstance(value, str) else ""
    if word in _TRUE_WORDS:
        return True
    return False if word in _FALSE_WORDS else None


def _is_draft(data: Mapping[str, Any]) -> bool:
    """Tell whether the page is held back from publishing: `draft: true` or `published: false`."""
    return _flag(data.get("draft")) is True or _flag(data.get("published")) is False


def cascade_hides(data: Mapping[str, Any]) -> bool:
    """Tell whether a Hugo section's `cascade` stops its descendants from being rendered."""
    cascade = data.get("cascade")
    entries = cascade if isinstance(cascade, list) else [cascade]
    return any(isinstance(entry, Mapping) and renders_nothing(entry) for entry in entries)


def renders_nothing(data: Mapping[str, Any]) -> bool:
    """Tell whether the generator writes no page of its own from this file."""
    build = data.get("_build", data.get("build"))  # Hugo renamed _build to build
    render = build.get("render") if isinstance(build, Mapping) else None
    redirect = data.get("redirect_to")
    return (
        _flag(data.get("headless")) is True
        or (isinstance(redirect, (str, list)) and bool(redirect))
        or data.get("permalink") is False  # Eleventy writes no file
        or _flag(render) is False
        or (isinstance(render, str) and render.strip().lower() in _UNRENDERED)
    )
