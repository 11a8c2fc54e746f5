"""Facts about a Hugo site that several checks need: its config files, its themes, and whose layouts render it.

Read from the repository only. A theme named in the config but not in `themes/`, or brought in
as a module, is a theme perflint cannot see: the checks that depend on its layouts say so
instead of guessing.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from perflint.markdown.errors import FrontMatterError
from perflint.site.detect import read_site_file
from perflint.site.generators import Convention, Role

_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml")
_CONFIG_SUFFIXES = frozenset({".toml", ".yaml", ".yml", ".json"})
MAX_CONFIG_FILES = 50
_TOML_TABLE = re.compile(r"^\[", re.MULTILINE)
_THEME = re.compile(r"""^(?:["']?theme["']?|[ \t]+"theme")[ \t]*[=:]([^#\n]*)""", re.MULTILINE)  # JSON: any indent
_THEME_NAME = re.compile(r"[\w.-]+")
_MODULE_IMPORTS = re.compile(
    r"""^[ \t]*(?:\[\[[ \t]*(?:module\.)?imports[ \t]*\]\]|["']?imports["']?[ \t]*[=:])""", re.MULTILINE
)


@dataclass(frozen=True)
class HugoSite:
    """The layout folders of a Hugo site that the repository holds, and whether a theme lies outside it."""

    layouts: tuple[Path, ...]  # the site's own first, then those of the themes in themes/
    theme_outside: bool  # a theme that is not in the repository (missing from themes/, or a module)


@functools.lru_cache(maxsize=64)
def hugo_site(root: Path) -> HugoSite:
    """Return the layout folders and themes of the Hugo site in `root`."""
    files = {path: read_site_file(path) for path in config_files(root)}
    # Top-level keys: before a TOML file's first table, and not in config/params.toml and the like.
    tops = [_TOML_TABLE.split(text, maxsplit=1)[0] for path, text in files.items() if path.stem in ("hugo", "config")]
    named = [name for top in tops for value in _THEME.findall(top) for name in _THEME_NAME.findall(value)]
    missing = any(not (root / "themes" / name).is_dir() for name in named)
    outside = missing or any(_MODULE_IMPORTS.search(text) for text in files.values())
    # Every theme in themes/, named or not: a build may name one on its command line (hugo --theme).
    themes = sorted(folder for folder in (root / "themes").glob("*/layouts") if folder.is_dir())
    return HugoSite((root / "layouts", *themes), outside)


def config_files(root: Path) -> list[Path]:
    """Return a Hugo site's config files: hugo.toml (or config.toml...) and those in its config folder."""
    files = [root / name for name in _CONFIGS if (root / name).is_file()]
    folder = root / "config"
    if folder.is_dir():
        files += sorted(path for path in folder.rglob("*") if path.suffix in _CONFIG_SUFFIXES)[:MAX_CONFIG_FILES]
    return files


def figure_renderer(root: Path) -> str:
    """Return whose figure shortcode renders the figures of the Hugo site in `root`.

    "hugo": Hugo's own. "theme": one the site or its theme defines, or a theme perflint cannot see.
    """
    site = hugo_site(root)
    if site.theme_outside:
        return "theme"
    shortcodes = (folder / sub for folder in site.layouts for sub in ("shortcodes", "_shortcodes"))
    return "theme" if any(any(folder.glob("figure.*")) for folder in shortcodes) else "hugo"  # figure.en.html too


def unbuilt_languages(root: Path) -> tuple[Convention, ...]:
    """Return the conventions for content in languages the Hugo site in `root` does not build.

    A language listed in `disableLanguages`, or marked `disabled`, is not built: its `contentDir`
    and its translation files in content/ (`about.fr.md`) are not published.
    """
    settings = _settings(root)
    languages = {str(code).lower(): value for code, value in _table(settings.get("languages")).items()}
    listed = settings.get("disablelanguages")
    disabled = {code.lower() for code in listed if isinstance(code, str)} if isinstance(listed, list) else set()
    disabled |= {code for code, value in languages.items() if _table(value).get("disabled") is True}
    conventions = []
    for code in sorted(disabled):
        why = f"Hugo does not build the language {code} (disabled in the config)"
        folder = _table(languages.get(code)).get("contentdir")
        if isinstance(folder, str) and folder.strip("/ ."):
            conventions.append(Convention(f"/{folder.strip('/ ')}/", Role.UNPUBLISHED, why))
        conventions.append(Convention(f"/content/**/*.{code}.*", Role.UNPUBLISHED, why))
    return tuple(conventions)


def translation_of(root: Path, page: Path) -> Path | None:
    """Return the original page that `page` translates in the Hugo site in `root`, where the repository holds it.

    A translation is `about.fr.md` beside `about.md`, or `content/fr/about.md` when each language
    has its `contentDir`, the original being in the default language's.
    """
    settings = _settings(root)
    languages = {str(code).lower(): _table(value) for code, value in _table(settings.get("languages")).items()}
    default = str(settings.get("defaultcontentlanguage") or "en").lower()
    parts = page.name.split(".")
    if len(parts) >= 3 and parts[-2].lower() in languages and parts[-2].lower() != default:
        original = page.with_name(".".join(parts[:-2] + parts[-1:]))
        return original if original.is_file() else None
    folders = {code: value.get("contentdir") for code, value in languages.items()}
    home = folders.get(default)
    for code, folder in folders.items():
        if code == default or not isinstance(folder, str) or not isinstance(home, str):
            continue
        translated = root / folder.strip("/ ")
        if page.is_relative_to(translated):
            original = root / home.strip("/ ") / page.relative_to(translated)
            return original if original.is_file() else None
    return None


@functools.lru_cache(maxsize=64)
def _settings(root: Path) -> dict[str, object]:
    """Return the top-level settings of a Hugo site's config files, keys in lower case (Hugo ignores case)."""
    merged: dict[str, object] = {}
    for path in config_files(root):
        data = _parse(path.suffix, read_site_file(path))
        if path.stem == "languages":  # config/_default/languages.toml holds the languages table
            data = {"languages": data}
        if path.stem in ("hugo", "config", "languages"):
            merged |= {key.lower(): value for key, value in data.items()}
    return merged


def _parse(suffix: str, text: str) -> dict[str, object]:
    """Parse a config file's text as its suffix says; an empty table when it cannot be read."""
    try:
        if suffix == ".toml":
            from perflint.toml import loads

            data: object = loads(text)
        elif suffix == ".json":
            import json

            data = json.loads(text)
        else:
            from perflint.markdown.safe_yaml import load

            data = load(text, 1)
    except (ValueError, FrontMatterError):
        return {}
    return data if isinstance(data, dict) else {}


def _table(value: object) -> dict[str, object]:
    """Return a table with its keys in lower case; an empty one for anything else."""
    return {str(key).lower(): item for key, item in value.items()} if isinstance(value, dict) else {}
