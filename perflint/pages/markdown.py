"""What a Markdown page itself makes the browser download, before its layout adds anything.

A Markdown page is published inside a layout whose stylesheets, scripts and fonts perflint
does not follow; what the page itself names is known: its Markdown images, the files its inline
HTML loads, and the header image its front matter names. Only front-matter keys that themes show
on the page itself count: `image`, `images`, `thumbnail` and the `og_`/`social_` keys feed link
previews and list cards in many themes, which visitors of the page never download.

Images the build serves processed (`perflint.site.pipeline`) are not counted at their size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from perflint.documents.markdown import MarkdownDoc
from perflint.site import Reference
from perflint.site.pipeline import Pipeline

# Front-matter keys whose image themes show at the top of the page (PaperMod's cover, Astro's heroImage...).
SHOWN_KEYS = ("cover", "heroImage", "hero_image", "featured_image", "banner", "header.image")
_HIDDEN = ("hidden", "hiddenInSingle")  # PaperMod: cover.hidden, cover.hiddenInSingle


def body_size(doc: MarkdownDoc) -> int:
    """Return the bytes of the page's text without its front matter, which is never published."""
    body = doc.decoded.text[doc.front.body_offset :]
    return len(body.encode(doc.decoded.encoding or "utf-8", errors="replace"))


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
