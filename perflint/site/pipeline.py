"""What a site's build does to the images of its Markdown pages, as far as the repository tells.

Some builds serve images resized or re-encoded, not as they are in the repository (a Hugo
render hook, Eleventy's image transform, Astro's image service), so that their size on disk is
not what browsers download. Asked through the site model (`SiteModel.image_pipeline`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.site.detect import read_site_file
from perflint.site.generators import GENERATORS

_HUGO_RESIZES = re.compile(r"\.(?:Resize|Fit|Fill|Crop|Process)\b|\bimages\.(?:Filter|Process)\b")
_HUGO_PARTIAL = re.compile(r"\bpartial(?:Cached)?\b")
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


@functools.lru_cache(maxsize=64)
def image_pipeline(generator: str, root: Path) -> Pipeline:
    """Return what the build of the site at `root` does to the images of its Markdown pages."""
    if generator == "astro":
        return Pipeline(relative_images=True)  # Astro optimises Markdown images it finds beside the page
    if generator == "eleventy":
        if any(_ELEVENTY_TRANSFORM in text for text in _with_imports(root, GENERATORS[generator].config_files)):
            return Pipeline(every_image=True)
        if _ELEVENTY_IMAGE in read_site_file(root / "package.json"):
            return Pipeline(unsure=_ELEVENTY_UNSURE)
    if generator == "hugo":
        return _hugo(root)
    return Pipeline()


def _with_imports(root: Path, names: tuple[str, ...]) -> Iterator[str]:
    """Yield the text of each JavaScript config file, then of the local modules it imports (one level)."""
    texts = [(root / name, read_site_file(root / name)) for name in names]
    yield from (text for _, text in texts)
    imported = [path.parent / found for path, text in texts for found in _JS_IMPORT.findall(text)][:MAX_IMPORTS]
    for module in imported:
        candidates = [module] if module.suffix else [module.with_suffix(s) for s in (".js", ".mjs", ".cjs")]
        yield from (read_site_file(path) for path in candidates if path.resolve().is_relative_to(root.resolve()))


def _hugo(root: Path) -> Pipeline:
    """Read Hugo's render hooks for images, in the site's layouts and its themes in the repository."""
    from perflint.site.hugo import hugo_site

    site = hugo_site(root)
    hooks = [read_site_file(hook) for folder in site.layouts for hook in folder.glob("**/render-image*.html")]
    if any(_HUGO_RESIZES.search(hook) for hook in hooks):
        return Pipeline(markdown_images=True)
    if any(_HUGO_PARTIAL.search(hook) for hook in hooks):
        return Pipeline(unsure=_HOOK_UNSURE)
    if site.theme_outside:
        return Pipeline(unsure=_THEME_UNSURE)
    return Pipeline()


_RESIZED = (
    "the site's build serves pages resized copies of it ({}), so visitors do not download this file; "
    "the original is still published as it is"
)


def served_resized(generator: str, root: Path, relative: str) -> str | None:
    """Say how the build serves resized copies of an image (its path relative to the site), or None where it may not.

    Hugo's render hook processes the images of a page bundle (in content/), Astro the images
    beside its content, Eleventy's transform every image its pages show.
    """
    pipeline = image_pipeline(generator, root)
    if generator == "hugo" and pipeline.markdown_images and relative.startswith("content/"):
        return _RESIZED.format("the render hook for images resizes the images of Markdown pages")
    if generator == "astro" and pipeline.relative_images and relative.startswith("src/content/"):
        return _RESIZED.format("Astro optimises the images beside its content")
    if generator == "eleventy" and pipeline.every_image:
        return _RESIZED.format("Eleventy's image transform")
    return None


_SIZE_MAKERS = {
    "hugo": "Hugo makes them with its image processing (`.Resize` in an image render hook)",
    "eleventy": "Eleventy makes them with its image plugin (@11ty/eleventy-img)",
    "astro": "Astro makes them with its <Image> and <Picture> components",
    "jekyll": "Jekyll makes them with a plugin such as jekyll_picture_tag",
    "docusaurus": "Docusaurus makes them with its ideal-image plugin",
}


def size_maker(generator: str) -> str | None:
    """Say what the generator offers to make an image's smaller versions and their srcset, for a Markdown page's
    image (which `perflint fix` does not edit); None where it offers nothing."""
    return _SIZE_MAKERS.get(generator)
