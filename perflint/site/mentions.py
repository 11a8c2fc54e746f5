"""Which image and stylesheet files the repository names anywhere, and in which files.

A page, a layout, a stylesheet, a data or a config file may name them. An image that no file
names is published, if at all, at an address no page shows: the cheapest fix of its budget
errors may be to delete it, and its findings say so. Which files name a stylesheet says which
ones load it (perflint.site.loaders). Names are matched by file name alone, ignoring case and
folders, so that a reference written any way (relative, from the site's root, in a shortcode, a
front-matter field or a data file) counts. Only a name the build puts together from pieces
(`{{ .Name }}.png`, a glob over a folder) is not seen.
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
_NAMED = [*IMAGE_EXTENSIONS, ".css"]
_EXTENSIONS = "|".join(sorted((suffix.lstrip(".") for suffix in _NAMED), key=len, reverse=True))
# The suffix is found first, then the name it ends, read backwards from it: a linear scan even
# in a file that is one long word.
_SUFFIX = re.compile(rb"\.(?:" + _EXTENSIONS.encode() + rb")(?![A-Za-z0-9])", re.I)
_NAME_REVERSED = re.compile(rb"""[^\s"'`()<>\[\]{}=,;|*\\/]{1,256}""")
MAX_NAME = 255  # file systems allow no longer name: a longer run is not one


def is_named(path: Path, boundary: Path) -> bool:
    """Tell whether any text file inside `boundary` names the file (an image or a stylesheet)."""
    return bool(files_naming(path, boundary))


def files_naming(path: Path, boundary: Path) -> tuple[Path, ...]:
    """Return the text files inside `boundary` that name the file (an image or a stylesheet), in tree order."""
    name = path.name.lower()
    index = names_index(boundary)
    # A name with spaces written as it is (`![](<my photo.jpg>)`) is read as its last word.
    return index.get(name) or index.get(name.rsplit(" ", 1)[-1], ())


@functools.lru_cache(maxsize=4)
def names_index(boundary: Path) -> dict[str, tuple[Path, ...]]:
    """Return, for each image or stylesheet name (in lower case) some text file inside `boundary` names, those files.

    Built once per process and boundary, and only when a verdict depends on it.
    """
    index: dict[str, list[Path]] = {}
    for path in files_under(boundary):
        if path.suffix.lower() not in TEXT_SUFFIXES or NEVER_ENTERED.intersection(path.parts) or path.is_symlink():
            continue
        text = read_start(path, MAX_TEXT_BYTES) or b""
        names = set()
        for suffix in _SUFFIX.finditer(text):
            stem = _NAME_REVERSED.match(text[max(0, suffix.start() - MAX_NAME - 1) : suffix.start()][::-1])
            if stem and len(stem.group()) + len(suffix.group()) <= MAX_NAME:
                written = urllib.parse.unquote((stem.group()[::-1] + suffix.group()).decode("utf-8", "replace"))
                names.add(written.lower().rsplit("/", 1)[-1])
        for name in names:
            index.setdefault(name, []).append(path)
    return {name: tuple(paths) for name, paths in index.items()}
