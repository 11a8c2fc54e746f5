"""What a Markdown page itself makes the browser download, before its layout adds anything.

A Markdown page is published inside a layout whose stylesheets, scripts and fonts perflint
does not follow; what the page itself names is known: its Markdown images, the files its inline
HTML loads, and the header image its front matter names. Only front-matter keys that themes show
on the page itself count: `image`, `images`, `thumbnail` and the `og_`/`social_` keys feed link
previews and list cards in many themes, which visitors of the page never download.

Some builds serve images resized or re-encoded, not as they are in the repository; `pipeline`
reads what the repository tells about that, so that such files are not counted at their size.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perflint.documents.markdown import MarkdownDoc
from perflint.site import Reference
from perflint.site.detect import MAX_CONFIG_BYTES
from perflint.site.generators import GENERATORS, Role
from perflint.site.model import SiteModel

# Front-matter keys whose image themes show at the top of the page (PaperMod's cover, Astro's heroImage...).
SHOWN_KEYS = ("cover", "heroImage", "hero_image", "featured_image", "banner", "header.image")
_HIDDEN = ("hidden", "hiddenInSingle")  # PaperMod: cover.hidden, cover.hiddenInSingle
_HUGO_RESIZES = re.compile(r"\.(?:Resize|Fit|Fill|Crop|Process)\b|\bimages\.(?:Filter|Process)\b")
_HUGO_PARTIAL = re.compile(r"\bpartial(?:Cached)?\b")
_HUGO_THEME = re.compile(r"^theme\s*[=:]([^#\n]*)", re.MULTILINE)  # a top-level key, not params.theme
_HUGO_IMPORTS = re.compile(r"^\s*(?:\[\[module\.imports\]\]|imports\s*:)", re.MULTILINE)
_TOML_TABLE = re.compile(r"^\[", re.MULTILINE)
_NAME = re.compile(r"[\w.-]+")
_ELEVENTY_TRANSFORM = "eleventyImageTransformPlugin"
_JS_IMPORT = re.compile(r"""(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)["'](\.{1,2}/[^"'\n]+)["']""")
_ELEVENTY_UNSURE = "the site installs @11ty/eleventy-img (package.json), which may serve the images resized"
_HOOK_UNSURE = "the site's render hook for images calls a partial, which may serve the images resized"
_THEME_UNSURE = "the site's theme is not in the repository, and its render hook may serve the images resized"
MAX_IMPORTS = 50  # local modules of a config file read for plugins: real configs import a handful
_ELEVENTY_IMAGE = '"@11ty/eleventy-img"'


@dataclass(frozen=True)
class Pipeline:
    """What a site's build does to the images of its Markdown pages, as far as the repository tells."""

    markdown_images: bool = False  # `![alt](src)` images are served processed (a Hugo render hook resizes them)
    relative_images: bool = False  # Markdown and front-matter images beside the page are processed (Astro)
    every_image: bool = False  # every <img> of the built pages is processed (Eleventy's image transform)
    unsure: str | None = None  # why the build may process the page's images, where perflint cannot tell


def body_size(doc: MarkdownDoc) -> int:
    """Return the bytes of the page's text without its front matter, which is never published."""
    body = doc.decoded.text[doc.front.body_offset :]
    return len(body.encode(doc.decoded.encoding or "utf-8", errors="replace"))


def processed_by_build(path: Path, boundary: Path) -> bool:
    """Tell whether the build serves a file only as its image pipeline makes it (Hugo `assets/`, Astro
    `src/assets/`), so that its size on disk is not what browsers download."""
    return _model().place(path, boundary).role is Role.BUILD_INPUT


def image_references(doc: MarkdownDoc, resolve: Callable[[str], Reference], pipeline: Pipeline) -> Iterator[str]:
    """Yield the page's header image from its front matter, then its Markdown images, as written.

    A front-matter path that is neither root-relative nor relative to the page is looked up from
    the site root when it is not beside the page, as generators publish it. Images the build
    serves processed are left out.
    """
    if pipeline.every_image:
        return
    for image in doc.meta.images:
        if _shown(image.key, doc.front.data):
            src = image.src.strip()
            if resolve(src).kind == "missing" and not src.startswith(("/", ".")):
                src = "/" + src
            if not (pipeline.relative_images and not src.startswith("/")):
                yield src
    if not pipeline.markdown_images:
        yield from (image.src for image in doc.images if not (pipeline.relative_images and _relative(image.src)))


def _relative(src: str) -> bool:
    return not src.strip().startswith("/")


def _shown(key: str, data: Mapping[str, Any]) -> bool:
    """Tell whether a front-matter image key is one themes show on the page, and not hidden there."""
    top = next((shown for shown in SHOWN_KEYS if key == shown or key.startswith(shown + ".")), None)
    if top is None:
        return False
    holder = data.get(top)
    return not (isinstance(holder, Mapping) and any(holder.get(flag) is True for flag in _HIDDEN))


def pipeline(page: Path, boundary: Path) -> Pipeline:
    """Return what the build of the page's site does to its images."""
    placement = _model().place(page, boundary)
    return _pipeline(placement.generator, placement.root)


@functools.lru_cache(maxsize=64)
def _pipeline(generator: str, root: Path) -> Pipeline:
    if generator == "astro":
        return Pipeline(relative_images=True)  # Astro optimises Markdown images it finds beside the page
    configs = [_read(root / name) for name in GENERATORS[generator].config_files]
    config = "\n".join(configs)
    if generator == "eleventy":
        if any(_ELEVENTY_TRANSFORM in text for text in _with_imports(root, GENERATORS[generator].config_files)):
            return Pipeline(every_image=True)
        if _ELEVENTY_IMAGE in _read(root / "package.json"):
            return Pipeline(unsure=_ELEVENTY_UNSURE)
    if generator == "hugo":
        return _hugo(root, config, [_TOML_TABLE.split(text, maxsplit=1)[0] for text in configs])
    return Pipeline()


def _with_imports(root: Path, names: tuple[str, ...]) -> Iterator[str]:
    """Yield the text of each JavaScript config file, then of the local modules it imports (one level)."""
    texts = [(root / name, _read(root / name)) for name in names]
    yield from (text for _, text in texts)
    imported = [path.parent / found for path, text in texts for found in _JS_IMPORT.findall(text)][:MAX_IMPORTS]
    for module in imported:
        candidates = [module] if module.suffix else [module.with_suffix(s) for s in (".js", ".mjs", ".cjs")]
        yield from (_read(path) for path in candidates if path.resolve().is_relative_to(root.resolve()))


def _hugo(root: Path, config: str, tops: list[str]) -> Pipeline:
    """Read Hugo's render hooks for images, in the site's layouts and its themes in the repository.

    `tops` holds the top of each config file, before its first TOML table.
    """
    hooks = [_read(hook) for hook in root.glob("layouts/**/render-image*.html")]
    hooks += [_read(hook) for hook in root.glob("themes/*/layouts/**/render-image*.html")]
    if any(_HUGO_RESIZES.search(hook) for hook in hooks):
        return Pipeline(markdown_images=True)
    if any(_HUGO_PARTIAL.search(hook) for hook in hooks):
        return Pipeline(unsure=_HOOK_UNSURE)
    themes = [name for top in tops for value in _HUGO_THEME.findall(top) for name in _NAME.findall(value)]
    if _HUGO_IMPORTS.search(config) or any(not (root / "themes" / name).is_dir() for name in themes):
        return Pipeline(unsure=_THEME_UNSURE)
    return Pipeline()


def _read(path: Path) -> str:
    try:
        with open(path, "rb") as stream:
            return stream.read(MAX_CONFIG_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""


@functools.lru_cache(maxsize=1)
def _model() -> SiteModel:
    return SiteModel()
