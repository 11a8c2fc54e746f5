"""List the local files a page makes the browser download, by resource type, without fetching anything.

Pure: every file system look-up goes through the `resolve` and `read_sheet` functions the
caller passes, so the walk can be tested with plain dictionaries.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from perflint.css import analysis
from perflint.documents.html import HtmlDoc
from perflint.documents.markdown import MarkdownDoc
from perflint.html.tokenizer import Tag
from perflint.pages import markdown
from perflint.pages.fonts import font_sources
from perflint.site import Reference
from perflint.site.pipeline import Pipeline

DOCUMENT, IMAGE, STYLESHEET, SCRIPT, FONT = "document", "image", "stylesheet", "script", "font"
TYPES = (DOCUMENT, IMAGE, STYLESHEET, SCRIPT, FONT)
FONT_SUFFIXES = frozenset({".woff2", ".woff", ".ttf", ".otf", ".eot"})
MAX_IMPORT_DEPTH = 5  # @import chains deeper than this are not followed
MAX_CANDIDATES = 100  # srcset candidates read per attribute: real pages use a handful
_GAP = re.compile(r"[\s,]*")
_URL = re.compile(r"\S+")
_DESCRIPTORS = re.compile(r"(?:[^(,]+|\([^)]*\)?)*")  # up to a comma outside parentheses


@dataclass(frozen=True)
class Resource:
    """One download: its type, its bytes, and the file (None for a `data:` URI held in another)."""

    type: str
    size: int
    path: Path | None
    name: str  # how messages name it when it has no path, e.g. "a data: URI in <img>"


@dataclass(frozen=True)
class Candidate:
    """One srcset candidate: its URL and its width (`800w`) or density (`2x`) descriptor."""

    url: str
    width: int | None = None
    density: float | None = None


@dataclass(frozen=True)
class SheetRefs:
    """What a stylesheet loads: the @imports browsers follow, the font file of each @font-face, other url()s."""

    imports: tuple[str, ...]
    urls: tuple[str, ...]
    fonts: tuple[str, ...] = ()


Resolve = Callable[[str, Path], Reference]  # a reference as written, and the file it is written in
ReadSheet = Callable[[Path], SheetRefs | None]  # a local stylesheet's references; None: unreadable


def sheet_refs(text: str) -> SheetRefs:
    """Split a stylesheet's URLs into the @imports browsers load, the fonts they download and other url()s.

    Of the formats an @font-face `src` lists, only the file browsers download counts.
    """
    rules = analysis.parse(text)
    found = analysis.imports(rules)
    imported = {item.url for item in found if item.url}
    loaded = tuple(item.url for item in found if item.url and item.ignored_because is None)
    fonts = font_sources(rules)
    urls = (url for url, line, column in analysis.urls(rules) if (line, column) not in fonts.positions)
    return SheetRefs(loaded, tuple(url for url in urls if url not in imported), fonts.chosen)


def parse_srcset(value: str) -> list[Candidate]:
    """Return the valid candidates of a srcset, following the HTML standard's parsing steps."""
    candidates: list[Candidate] = []
    position, end = 0, len(value)
    while len(candidates) < MAX_CANDIDATES:
        position += len(_run(_GAP, value, position))
        if position >= end:
            break
        url = _run(_URL, value, position)
        position += len(url)
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            descriptors = _run(_DESCRIPTORS, value, position)
            position += len(descriptors)
        candidate = _candidate(url, descriptors.split())
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _run(pattern: re.Pattern[str], value: str, position: int) -> str:
    """Return the text `pattern` matches at `position`."""
    match = pattern.match(value, position)
    return match.group() if match else ""


def _candidate(url: str, descriptors: list[str]) -> Candidate | None:
    """Return a candidate from its descriptors; None when they are invalid, as browsers drop it."""
    units = [descriptor[-1:].lower() for descriptor in descriptors]
    if not url or sorted(units) not in ([], ["w"], ["h", "w"], ["x"]):
        return None  # one width (with an optional height) or one density
    if not units:
        return Candidate(url)
    number = descriptors[units.index("w" if "w" in units else "x")][:-1]
    if "w" in units:
        valid = number.isascii() and number.isdigit() and len(number) <= 9  # int() refuses huge digit runs
        return Candidate(url, width=int(number)) if valid and int(number) > 0 else None
    try:
        density = float(number)
    except ValueError:
        return None
    return Candidate(url, density=density) if 0 < density < math.inf else None


def collect(
    doc: HtmlDoc | MarkdownDoc,
    resolve: Resolve,
    read_sheet: ReadSheet,
    pipeline: Pipeline | None = None,
    layout_sheets: tuple[str, ...] = (),
) -> tuple[Resource, ...]:
    """Return the page itself and each local file it loads, each file once, with its type.

    Remote, template and missing references are left out; a `data:` URI counts where it is
    written, in the type of what holds it, and its bytes move out of the file holding it. A
    Markdown page counts its text without front matter, its front-matter header image and its
    Markdown images first, then what its inline HTML loads, leaving out the images `pipeline` (what
    the site's build does to them) says are served processed, then `layout_sheets`, the
    stylesheets its layout links.
    """
    walk = _Walk(doc.source.path, resolve, read_sheet)
    own = doc.size
    if isinstance(doc, MarkdownDoc):
        own = markdown.body_size(doc)
        pipeline = pipeline or Pipeline()
        walk.images = not pipeline.every_image
        for reference in markdown.image_references(doc, lambda ref: walk.resolve(ref, doc.source.path), pipeline):
            walk.add(IMAGE, reference, doc.source.path, "the page")
    for tag in doc.tags:
        walk.tag(tag)
    for sheet in doc.stylesheets:
        if sheet.inline:
            walk.sheet(sheet_refs(sheet.text), doc.source.path, "a <style> block", depth=1)
    for href in layout_sheets:
        walk.stylesheet(href, doc.source.path, "the layout", depth=0)
    page = Resource(DOCUMENT, max(0, own - walk.moved.get(doc.source.path, 0)), doc.source.path, "the page")
    files = [Resource(r.type, max(0, r.size - walk.moved.get(r.path, 0)), r.path, r.name) for r in walk.files]
    return (page, *files, *walk.inline)


class _Walk:
    """The resources found so far on one page."""

    def __init__(self, page: Path, resolve: Resolve, read_sheet: ReadSheet) -> None:
        self.page, self.read_sheet = page, read_sheet
        self.resolve = functools.cache(resolve)  # pages repeat references: resolve each once
        self.seen: set[Path] = {page.resolve()}
        self.files: list[Resource] = []
        self.inline: list[Resource] = []
        self.moved: dict[Path | None, int] = {}  # bytes of data: URIs counted apart from their file
        self.images = True  # whether <img> files count: not where the build processes every one

    def add(self, kind: str, reference: str, holder: Path, what: str) -> Reference:
        """Count one reference written in `holder`; return what it resolved to."""
        target = self.resolve(reference, holder)
        if target.kind == "data":
            size = len(reference.strip().encode())
            self.inline.append(Resource(kind, size, None, f"a data: URI in {what}"))
            self.moved[holder] = self.moved.get(holder, 0) + size
        elif target.kind == "file" and target.path is not None and target.path not in self.seen:
            self.seen.add(target.path)
            self.files.append(Resource(kind, target.size or 0, target.path, reference))
            return target
        return Reference(target.kind)  # nothing new to follow

    def tag(self, tag: Tag) -> None:
        attrs, what = tag.attrs, f"<{tag.name}>"
        rel = attrs.get("rel", "").lower().split()
        if tag.name == "img":
            if self.images:
                self.image(tag)
        elif tag.name == "link" and "stylesheet" in rel and "alternate" not in rel:
            self.stylesheet(attrs.get("href", ""), self.page, what, depth=0)
        elif tag.name == "link" and "preload" in rel and attrs.get("as", "").strip().lower() == "font":
            self.add(FONT, attrs.get("href", ""), self.page, what)
        elif tag.name == "script" and "src" in attrs and "nomodule" not in attrs:
            self.add(SCRIPT, attrs["src"], self.page, what)
        elif tag.name == "video" and "poster" in attrs:
            self.add(IMAGE, attrs["poster"], self.page, what)
        if "style" in attrs:
            self.urls(analysis_urls(attrs["style"]), self.page, f"the style of {what}")

    def image(self, tag: Tag) -> None:
        """Count the one file the browser downloads for an <img>: its largest candidate."""
        best = largest(image_candidates(tag))
        if not best:
            return
        if len(best) == 1:
            self.add(IMAGE, best[0].url, self.page, "<img>")
            return
        targets = [(self.resolve(c.url, self.page), c.url) for c in best]
        local = [(t.size or 0, url) for t, url in targets if t.kind in ("file", "data")]
        if local:
            self.add(IMAGE, max(local)[1], self.page, "<img>")

    def stylesheet(self, reference: str, holder: Path, what: str, depth: int) -> None:
        target = self.add(STYLESHEET, reference, holder, what)
        if target.kind == "file" and target.path is not None:
            refs = self.read_sheet(target.path)
            if refs is not None:
                self.sheet(refs, target.path, PurePosixPath(reference).name or reference, depth + 1)

    def sheet(self, refs: SheetRefs, holder: Path, what: str, depth: int) -> None:
        """Count a stylesheet's url()s, and follow its @imports up to MAX_IMPORT_DEPTH."""
        self.urls(refs.urls, holder, what)
        for reference in refs.fonts:
            self.add(FONT, reference, holder, what)
        if depth <= MAX_IMPORT_DEPTH:
            for reference in refs.imports:
                self.stylesheet(reference, holder, what, depth)

    def urls(self, references: Iterable[str], holder: Path, what: str) -> None:
        for reference in references:
            self.add(css_type(reference), reference, holder, what)


def analysis_urls(style: str) -> list[str]:
    """Return the url()s of a `style` attribute's declarations."""
    return [url for url, _, _ in analysis.urls("x{" + style + "}")]


def css_type(reference: str) -> str:
    """Return the type of a url() target, as a browser labels it: fonts by name or media type, else image."""
    value = reference.strip().lower()
    if value.startswith("data:"):
        media_type = value[5:].split(",", 1)[0]
        return FONT if "font" in media_type else IMAGE
    return FONT if PurePosixPath(value.split("?")[0].split("#")[0]).suffix in FONT_SUFFIXES else IMAGE


def pictured(tags: Iterable[Tag]) -> frozenset[int]:
    """Return the offsets of the <img> tags that follow a <source>: the <picture> around them may show another file."""
    found, previous = set(), ""
    for tag in tags:
        if tag.name == "img" and previous == "source":
            found.add(tag.offset)
        previous = tag.name
    return frozenset(found)


def image_candidates(tag: Tag) -> list[Candidate]:
    """Return the candidates the browser chooses from for an <img>: its srcset, and src where it counts."""
    candidates = parse_srcset(tag.attrs.get("srcset", ""))
    if any(c.width for c in candidates):
        return [c for c in candidates if c.width]  # src is not a candidate beside width descriptors
    src = tag.attrs.get("src", "").strip()
    if src and not any((c.density or 1.0) == 1.0 for c in candidates):
        candidates.append(Candidate(src, density=1.0))
    return candidates


def largest(candidates: list[Candidate]) -> list[Candidate]:
    """Return the candidates with the largest descriptor: the one the biggest screens download."""
    if not candidates:
        return []
    top = max(c.width or c.density or 1.0 for c in candidates)
    return [c for c in candidates if (c.width or c.density or 1.0) == top]
