"""Which image files the repository names anywhere: a page, a layout, a stylesheet, a data or config file.

An image that no file names is published, if at all, at an address no page shows: the cheapest
fix of its budget errors may be to delete it, and its findings say so. Names are matched by file
name alone, ignoring case and folders, so that a reference written any way (relative, from the
site's root, in a shortcode, a front-matter field or a data file) counts. Only a name the build
puts together from pieces (`{{ .Name }}.png`, a glob over a folder) is not seen.
"""

from __future__ import annotations

import functools
import re
import urllib.parse
from pathlib import Path

from perflint.kinds import IMAGE_EXTENSIONS
from perflint.tree import NEVER_ENTERED, files_under, read_start

MAX_TEXT_BYTES = 4 << 20  # a bigger file is data or a bundle, not something an editor writes links in
# Files a page, a layout, a stylesheet, a script or a config may be written in.
TEXT_SUFFIXES = frozenset(
    [
        ".html",
        ".htm",
        ".xhtml",
        ".shtml",
        ".md",
        ".markdown",
        ".mdown",
        ".mkd",
        ".mdx",
        ".markdoc",
        ".mdoc",
        ".adoc",
        ".asciidoc",
        ".rst",
        ".txt",
        ".org",
        ".njk",
        ".liquid",
        ".hbs",
        ".handlebars",
        ".mustache",
        ".ejs",
        ".pug",
        ".jade",
        ".haml",
        ".erb",
        ".slim",
        ".twig",
        ".jinja",
        ".jinja2",
        ".j2",
        ".tmpl",
        ".gotmpl",
        ".tpl",
        ".astro",
        ".vue",
        ".svelte",
        ".js",
        ".mjs",
        ".cjs",
        ".jsx",
        ".ts",
        ".mts",
        ".cts",
        ".tsx",
        ".json",
        ".json5",
        ".jsonc",
        ".yaml",
        ".yml",
        ".toml",
        ".xml",
        ".csv",
        ".tsv",
        ".ini",
        ".cfg",
        ".conf",
        ".webmanifest",
        ".css",
        ".scss",
        ".sass",
        ".less",
        ".styl",
        ".pcss",
        ".php",
        ".py",
        ".rb",
        ".go",
        ".rs",
    ]
)
_EXTENSIONS = "|".join(sorted((suffix.lstrip(".") for suffix in IMAGE_EXTENSIONS), key=len, reverse=True))
# The suffix is found first, then the name it ends, read backwards from it: a linear scan even
# in a file that is one long word.
_SUFFIX = re.compile(rb"\.(?:" + _EXTENSIONS.encode() + rb")(?![A-Za-z0-9])", re.I)
_NAME_REVERSED = re.compile(rb"""[^\s"'`()<>\[\]{}=,;|*\\/]{1,256}""")
MAX_NAME = 255  # file systems allow no longer name: a longer run is not one


def is_named(image: Path, boundary: Path) -> bool:
    """Tell whether any text file inside `boundary` names the image's file."""
    name = image.name.lower()
    names = named_images(boundary)
    # A name with spaces written as it is (`![](<my photo.jpg>)`) is read as its last word.
    return name in names or name.rsplit(" ", 1)[-1] in names


@functools.lru_cache(maxsize=4)
def named_images(boundary: Path) -> frozenset[str]:
    """Return the file names, in lower case, of every image that some text file inside `boundary` names.

    Built once per process and boundary, and only when a verdict depends on it.
    """
    names: set[str] = set()
    for path in files_under(boundary):
        if path.suffix.lower() not in TEXT_SUFFIXES or NEVER_ENTERED.intersection(path.parts) or path.is_symlink():
            continue
        text = read_start(path, MAX_TEXT_BYTES) or b""
        for suffix in _SUFFIX.finditer(text):
            stem = _NAME_REVERSED.match(text[max(0, suffix.start() - MAX_NAME - 1) : suffix.start()][::-1])
            if stem and len(stem.group()) + len(suffix.group()) <= MAX_NAME:
                written = urllib.parse.unquote((stem.group()[::-1] + suffix.group()).decode("utf-8", "replace"))
                names.add(written.lower().rsplit("/", 1)[-1])
    return frozenset(names)
