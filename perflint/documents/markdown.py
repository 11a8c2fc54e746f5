"""The Markdown page document: front matter, images, and the HTML written inside it."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from perflint.documents.css import Stylesheet
from perflint.documents.html import build_html
from perflint.documents.samples import code_samples
from perflint.documents.source import SourceFile, Unreadable
from perflint.documents.text import Decoded, LineIndex, decode
from perflint.html.tokenizer import Tag, Token, tokenize
from perflint.markdown.frontmatter import FrontMatter, PageMeta, cascade_hides, page_meta, read_front_matter
from perflint.suppression import Suppressions, front_matter_ignores


@dataclass(frozen=True)
class MarkdownImage:
    """An image written in Markdown syntax: `![alt](src)`."""

    src: str
    alt: str
    line: int
    column: int


@dataclass(frozen=True)
class MarkdownDoc:
    """A Markdown file; a page of the site when it has front matter (and is not headless)."""

    source: SourceFile
    size: int
    decoded: Decoded
    front: FrontMatter
    meta: PageMeta
    images: tuple[MarkdownImage, ...]
    tags: tuple[Tag, ...]  # tags of the HTML inside the Markdown
    stylesheets: tuple[Stylesheet, ...]
    suppressions: Suppressions

    hidden_by_section: bool  # a Hugo section above it renders none of its pages (`cascade`)

    @property
    def is_page(self) -> bool:
        """Tell whether page-level rules (title, description, social tags) apply."""
        rendered = not (self.meta.has_layout_without_content or self.hidden_by_section)
        return self.front.syntax is not None and rendered

    def key_position(self, key: str | None) -> tuple[int, int]:
        """Return where a front-matter finding points: the line of the key's top-level part
        (`cover` for `cover.image`, `images` for `images[0]`), else the front matter's top."""
        top = re.split(r"[.\[]", key or "")[0]
        return self.front.key_lines.get(top, 1), 1


def load_markdown(source: SourceFile, stream: BinaryIO, size: int) -> MarkdownDoc:
    """Read front matter, then parse the body once with markdown-it."""
    stream.seek(0)
    decoded = decode(stream.read())
    front = read_front_matter(decoded.text)
    if front.error and front.syntax == "json":
        # Only Hugo reads JSON front matter; elsewhere a page starting with `{"` is just text.
        front = FrontMatter(None, {}, None, 1, 0, {})
    elif front.error:
        raise Unreadable(f"its front matter cannot be read, so the site will not build: {front.error}")
    images, html_tokens = _scan_body(decoded.text, front)
    html = build_html(source, size, decoded, html_tokens)
    hidden = _hidden_by_section(source.path.parent.resolve(), source.boundary)
    meta = page_meta(front)
    # Comments in the body turn rules off by line; the front matter's `perflint: {ignore: [...]}` for the whole file.
    suppressions = dataclasses.replace(html.suppressions, everywhere=front_matter_ignores(front.data))
    return MarkdownDoc(
        source, size, decoded, front, meta, tuple(images), html.tags, html.stylesheets, suppressions, hidden
    )


@functools.lru_cache(maxsize=1024)
def _hidden_by_section(folder: Path, boundary: Path) -> bool:
    """Tell whether a Hugo `_index.md` in this folder or above cascades "render: never"."""
    index = folder / "_index.md"
    if index.is_file():
        try:
            if cascade_hides(read_front_matter(decode(index.read_bytes()).text).data):
                return True
        except OSError:
            pass
    parent = folder.parent
    return parent != folder and parent.is_relative_to(boundary) and _hidden_by_section(parent, boundary)


def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


# Template blocks whose content the page never shows as it is: Nunjucks/Jinja `{% set x %}`,
# Liquid `{% capture %}`, `{% raw %}`, `{% comment %}` and `{% highlight %}` (code samples, mostly).
_TEMPLATE_TAG = re.compile(r"\{%-?[ \t]*(end)?(set|capture|raw|comment|highlight)\b[^%=\n]{0,200}?-?%\}")


def _template_blocks(body: str, base: int) -> list[tuple[int, int]]:
    """Return the file offsets of the template blocks in `body` (which starts at offset `base`), in one pass."""
    blocks: list[tuple[int, int]] = []
    opened: tuple[str, int] | None = None  # the open block's name and start; blocks of these kinds do not nest
    for tag in _TEMPLATE_TAG.finditer(body):
        is_end, name = tag.group(1) is not None, tag.group(2)
        if opened is None and not is_end:
            opened = (name, tag.start())
        elif opened is not None and is_end and name == opened[0]:
            blocks.append((base + opened[1], base + tag.end()))
            opened = None
    return blocks


def _scan_body(text: str, front: FrontMatter) -> tuple[list[MarkdownImage], list[Token]]:
    """Return the Markdown images and the HTML tokens of the body, with file positions.

    What stands inside a template block (a captured code sample, a comment) or a code sample
    shortcode is not the page's content.
    """
    body = text[front.body_offset :]
    lines = LineIndex(text)
    line_offset = front.body_line - 1
    blocks = _template_blocks(body, front.body_offset) if "{%" in body else []
    blocks = _union(blocks + list(code_samples(text)))
    images: list[MarkdownImage] = []
    html: list[Token] = []
    for block in _parser().parse(body):
        if block.map is None:
            continue
        start = lines.starts[min(block.map[0] + line_offset, len(lines.starts) - 1)]
        if block.type == "html_block" and not _inside(start, blocks):
            tokens = tokenize(block.content, block.map[0] + line_offset + 1, 1)
            html.extend(token for token in tokens if not _inside(start + token.offset, blocks))
        for child, offset in _located_children(block, text, start):
            if _inside(offset, blocks):
                continue
            line, column = lines.position(offset)
            if child.type == "image":
                alt = "".join(part.content for part in child.children or [] if part.type in ("text", "code_inline"))
                images.append(MarkdownImage(str(child.attrs.get("src", "")), alt, line, column))
            else:
                tokens = tokenize(child.content, line, column)
                html.extend(token for token in tokens if not _inside(offset + token.offset, blocks))
    return images, html


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge spans that overlap, in order, so that `_inside` can bisect them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _inside(offset: int, blocks: list[tuple[int, int]]) -> bool:
    """Tell whether `offset` falls in one of `blocks` (in order, not overlapping)."""
    index = bisect.bisect_right(blocks, (offset, sys.maxsize)) - 1
    return index >= 0 and offset < blocks[index][1]


def _located_children(block: Any, text: str, start: int) -> Iterator[tuple[Any, int]]:
    """Yield the images and inline HTML of a block with their offsets in the file.

    markdown-it gives lines per block only, so each child is found by searching the source
    forward from the previous one, in document order.
    """
    cursor = start
    for child in block.children or []:
        if child.type == "image":
            found = text.find("![", cursor)
        elif child.type == "html_inline":
            found = text.find(child.content, cursor)
        else:
            continue
        offset = found if found != -1 else cursor
        cursor = offset + 2
        yield child, offset
