"""Find the site a file belongs to: the nearest folder holding a generator's config file.

The folders a config file may rename (Jekyll collections and `exclude`, MkDocs `docs_dir` and
`custom_dir`, Eleventy's input and includes folders, `.eleventyignore`) are read from it and put
before the generator's own conventions. Config files are read as text with small patterns
where a full parser would run code (JavaScript) or choke on tags (MkDocs' `!!python/name`).
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from perflint.globs import GlobSet
from perflint.site.generators import BUILT, COMMON, DOCUSAURUS, GENERATORS, HUGO, PLAIN, Convention, Generator, Role
from perflint.tree import read_start

MAX_CONFIG_BYTES = 1 << 20  # a real config file is a few KiB; a bigger one is not read
_HUGO_FOLDERS = ("content", "layouts", "archetypes", "themes")
_MKDOCS_DOCS_DIR = re.compile(r"^docs_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)
_MKDOCS_CUSTOM_DIR = re.compile(r"^\s+custom_dir:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)
_PASSTHROUGH = re.compile(r"""addPassthroughCopy\(\s*(["'`])([^"'`\n]+)\1""")
_PASSTHROUGH_MAP = re.compile(r"addPassthroughCopy\(\s*\{([^}]{0,2000})\}")
_MAP_KEY = re.compile(r"""["'`]([^"'`\n]+)["'`]\s*:""")
# Files Eleventy never renders as templates: published only when passthrough-copied.
_NOT_TEMPLATES = ("png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "ico", "bmp", "tif", "tiff", "css")
_ELEVENTY_DIR = re.compile(r"\b(input|includes|layouts|data|output)\s*:\s*[\"'`]([^\"'`\n]+)[\"'`]")


@dataclass(frozen=True)
class SiteLayout:
    """One site: its folder, its generator and the conventions that say what each file is."""

    root: Path
    generator: Generator
    config: Path | None  # the file it was recognised by; None for a plain site or one named in config
    conventions: tuple[tuple[GlobSet, Convention], ...]
    default: Convention | None = None  # for files no convention matches; None: the generator's default

    def convention_for(self, relative: str) -> Convention:
        """Return the convention that decides the role of a path relative to the site's folder."""
        for globs, convention in self.conventions:
            if globs.match(relative):
                return convention
        return self.default or self.generator.default


def detect(folder: Path, boundary: Path, forced: str | None = None) -> SiteLayout:
    """Return the site of the files in `folder`: the nearest config file at or above it, up to `boundary`.

    `forced` names the generator the settings chose; the site's folder is then the nearest
    holding that generator's config file, else `boundary`.
    """
    candidates = [GENERATORS[forced]] if forced else [g for g in GENERATORS.values() if g is not PLAIN]
    for parent in (folder, *folder.parents):
        for generator in candidates:
            config = _config_file(parent, generator)
            if config is not None:
                return layout(parent, generator, config)
        if parent == boundary or not parent.is_relative_to(boundary):
            break
    claimed = next((site for site in _outside_content(boundary) if folder.is_relative_to(site.root)), None)
    return claimed or layout(boundary, GENERATORS[forced] if forced else PLAIN, None)


_OUTSIDE_PATH = re.compile(r"""\bpath\s*:\s*['"](\.\./[^'"\n]+)['"]""")


@functools.lru_cache(maxsize=16)
def _outside_content(boundary: Path) -> tuple[SiteLayout, ...]:
    """Return the content folders that a Docusaurus site in the repository takes from outside its own folder.

    A docs plugin may read `path: '../docs'`: those pages are published by a site whose config
    file is not above them.
    """
    claimed = []
    for folder in (boundary, *sorted(path for path in _subfolders(boundary))):
        config = _config_file(folder, DOCUSAURUS)
        if config is None:
            continue
        for outside in _OUTSIDE_PATH.findall(read_site_file(config)):
            root = Path(os.path.normpath(folder / outside))
            if root.is_relative_to(boundary) and root.is_dir():
                why = f"{config.name} publishes it as its {outside} docs folder"
                partial = Convention("_*", Role.TEMPLATE, "Docusaurus makes no page of a file starting with _")
                conventions = tuple((GlobSet([c.glob]), c) for c in (*COMMON, partial))
                claimed.append(SiteLayout(root, DOCUSAURUS, config, conventions, Convention("", Role.PAGE, why)))
    return tuple(claimed)


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if entry.is_dir() and not entry.name.startswith(".")]
    except OSError:
        return []


def _config_file(folder: Path, generator: Generator) -> Path | None:
    """Return the generator's config file in `folder`; None also when the folder cannot be read."""
    try:
        for name in generator.config_files:
            if (folder / name).is_file():
                return folder / name
        if generator is HUGO:  # sites older than Hugo 0.110 call it config.toml, a name other tools use too
            for name in ("config.toml", "config.yaml", "config.yml"):
                if (folder / name).is_file() and sum((folder / sub).is_dir() for sub in _HUGO_FOLDERS) >= 2:
                    return folder / name
    except OSError:  # a folder without search permission: is_file raises rather than answer
        return None
    return None


def layout(root: Path, generator: Generator, config: Path | None) -> SiteLayout:
    """Return the site's conventions: what its config file says first, then the generator's, then the common ones."""
    text = read_site_file(config) if config else ""
    read_config = _CONFIGURED.get(generator.name)
    configured = read_config(root, text) if read_config else ()
    conventions = (*COMMON, *configured, *generator.conventions)
    return SiteLayout(root, generator, config, tuple((GlobSet([c.glob]), c) for c in conventions if c.glob))


def read_site_file(path: Path) -> str:
    """Return the start of a site's config or layout file as text; empty when it cannot be read."""
    text = read_start(path, MAX_CONFIG_BYTES)
    return text.decode("utf-8", "replace") if text else ""


def _jekyll(root: Path, text: str) -> tuple[Convention, ...]:
    """Collections with `output: true` are published; `exclude` entries are not."""
    from perflint.markdown.errors import FrontMatterError
    from perflint.markdown.safe_yaml import load

    try:
        config = load(text, 1) if text.strip() else {}
    except FrontMatterError:
        return ()
    if not isinstance(config, dict):
        return ()
    conventions = []
    for entry in config.get("exclude") or []:
        if isinstance(entry, str) and entry.strip():
            conventions.append(Convention(_anchored(entry), Role.UNPUBLISHED, "excluded in _config.yml"))
    collections = config.get("collections")
    names = collections.items() if isinstance(collections, dict) else ((n, {}) for n in collections or [])
    for name, options in names:
        published = isinstance(options, dict) and options.get("output") is True
        why = f"the {name} collection has output: {'true' if published else 'false'} in _config.yml"
        conventions.append(Convention(f"/_{name}/", Role.PAGE if published else Role.UNPUBLISHED, why))
    return tuple(conventions)


def _mkdocs(root: Path, text: str) -> tuple[Convention, ...]:
    """The docs folder is published; the theme's custom folder holds templates."""
    docs = _MKDOCS_DOCS_DIR.search(text)
    custom = _MKDOCS_CUSTOM_DIR.search(text)
    conventions = [Convention(_anchored(docs.group(1) if docs else "docs") + "/", Role.PAGE, "MkDocs' docs_dir")]
    if custom:
        conventions.insert(0, Convention(_anchored(custom.group(1)) + "/", Role.TEMPLATE, "the theme's custom_dir"))
    return tuple(conventions)


def _eleventy(root: Path, text: str) -> tuple[Convention, ...]:
    """Includes and layouts sit in the input folder; `.eleventyignore` lists files it skips."""
    folders = dict(_ELEVENTY_DIR.findall(text))
    source = folders.get("input", ".").strip("./")
    prefix = f"{source}/" if source else ""
    ignored = _ignored(root)
    conventions = [Convention(_anchored(line), Role.UNPUBLISHED, "listed in .eleventyignore") for line in ignored]
    conventions.append(Convention(f"/{folders.get('output', '_site').strip('./')}/", Role.UNPUBLISHED, BUILT))
    copied = _passthrough(text)
    conventions += [Convention(_anchored(path), Role.PAGE, "copied as it is by addPassthroughCopy") for path in copied]
    for key in ("includes", "layouts"):
        if key in folders:
            why = f"Eleventy's {key} folder holds templates"
            conventions.append(Convention(f"/{prefix}{folders[key].strip('./')}/", Role.TEMPLATE, why))
    conventions.append(Convention(f"/{prefix}_includes/", Role.TEMPLATE, "Eleventy includes and layouts are templates"))
    conventions.append(Convention(f"/{prefix}_data/", Role.UNPUBLISHED, "Eleventy data files are not pages"))
    if copied:  # the config copies files itself: what it does not name is not published as it is
        why = "Eleventy publishes a file that is not a template only through addPassthroughCopy, which does not name it"
        conventions += [Convention(f"*.{suffix}", Role.UNPUBLISHED, why) for suffix in _NOT_TEMPLATES]
    if prefix:
        conventions.append(Convention(f"/{prefix}", Role.PAGE, "Eleventy builds the pages of its input folder"))
        conventions.append(Convention("/*", Role.UNPUBLISHED, "outside Eleventy's input folder"))
    return tuple(conventions)


def _passthrough(text: str) -> list[str]:
    """Return the paths and globs an Eleventy config copies as they are: addPassthroughCopy("x") or ({"x": "y"})."""
    copied = [match.group(2) for match in _PASSTHROUGH.finditer(text)]
    for mapping in _PASSTHROUGH_MAP.findall(text):
        copied += _MAP_KEY.findall(mapping)
    return [path for path in copied if path.strip() and "${" not in path]


def _ignored(root: Path) -> list[str]:
    lines = read_site_file(root / ".eleventyignore").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _anchored(path: str) -> str:
    """Turn a path from a config file (relative to the site's folder) into an anchored glob."""
    path = path.strip().removeprefix("./")
    return path if path.startswith("/") else f"/{path}"


def _hugo(root: Path, text: str) -> tuple[Convention, ...]:
    """Content in a language the site does not build is not published."""
    from perflint.site.hugo import unbuilt_languages

    return unbuilt_languages(root)


_CONFIGURED: dict[str, Callable[[Path, str], tuple[Convention, ...]]] = {
    "hugo": _hugo,
    "jekyll": _jekyll,
    "mkdocs": _mkdocs,
    "eleventy": _eleventy,
}
