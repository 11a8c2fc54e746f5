"""Drafts: content pages the generator does not build, and the files of their page bundles.

Hugo skips a page whose front matter says `draft: true` (unless the config sets `buildDrafts`),
and with a leaf bundle's `index.md` every file of its folder; Jekyll skips a page or post whose
front matter says `published: false`. Only the front matter is read, and only its first KiBs.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from perflint.site.detect import SiteLayout, read_site_file
from perflint.tree import read_start

MAX_FRONT_MATTER = 16 * 1024
_PAGE_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd", ".html", ".htm"})
_FLAGS = {
    "hugo": (
        re.compile(r"""^[ \t]*["']?draft["']?[ \t]*[:=][ \t]*["']?true\b""", re.MULTILINE | re.IGNORECASE),
        "draft: true",
    ),
    "jekyll": (re.compile(r"^published[ \t]*:[ \t]*false\b", re.MULTILINE), "published: false"),
}
_BUILD_DRAFTS = re.compile(r"""^[ \t]*["']?builddrafts["']?[ \t]*[:=][ \t]*true\b""", re.MULTILINE | re.IGNORECASE)
_BUNDLE_INDEXES = ("index.md", "index.markdown", "index.html", "index.htm")
_CLOSERS = {"---": "\n---", "+++": "\n+++"}


def draft_reason(path: Path, site: SiteLayout) -> str | None:
    """Return why the generator does not build `path`, a published file of `site`, as a draft; None if it does."""
    flag = _FLAGS.get(site.generator.name)
    if flag is None or _builds_drafts(site):
        return None
    pattern, words = flag
    if path.suffix.lower() in _PAGE_SUFFIXES and _says(path, pattern):
        return f"a draft ({words} in its front matter): {site.generator.name} does not build it"
    if site.generator.name == "hugo":
        for folder in path.parents:
            if folder == site.root:
                break
            index = next((folder / name for name in _BUNDLE_INDEXES if (folder / name).is_file()), None)
            if index is not None:
                return f"in the page bundle of a draft ({words} in {index.name})" if _says(index, pattern) else None
    return None


@functools.lru_cache(maxsize=4096)
def _says(page: Path, pattern: re.Pattern[str]) -> bool:
    """Tell whether the page's front matter matches `pattern`."""
    head = (read_start(page, MAX_FRONT_MATTER) or b"").decode("utf-8", "replace").lstrip("\ufeff")
    opener = head[:3]
    closer = _CLOSERS.get(opener)
    if closer is None:
        return False
    end = head.find(closer, 3)
    return bool(pattern.search(head[3 : end if end != -1 else len(head)]))


@functools.lru_cache(maxsize=64)
def _builds_drafts(site: SiteLayout) -> bool:
    if site.generator.name != "hugo":
        return False
    from perflint.site.hugo import config_files

    return any(_BUILD_DRAFTS.search(read_site_file(path)) for path in config_files(site.root))
