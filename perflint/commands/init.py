"""`perflint init`: write a commented config that holds the defaults."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from perflint.options import kebab, show_value
from perflint.rules import RULES

HEADER = """\
# perflint configuration. Every value below is the built-in default: change what you need.
# `perflint rules` lists the rules; `perflint rule NAME` explains one and its options.

# Which rules run: "ALL", rule names, codes (IMG101) or code prefixes (IMG). The more specific wins.
select = ["ALL"]
ignore = []

# Files never checked: .gitignore-style globs, relative to this file.
exclude = []

# Folders the site publishes at its root (/img/x.png), besides the ones found by themselves:
# static/, assets/, public/ and src/ in any folder between a page and the repository root.
static-dirs = []

# Where measurements (compression tests) are cached, relative to this file.
cache-dir = ".perflint_cache"

# The static-site generator: "auto" finds it from its config file (`perflint site` shows what
# it found); or hugo, jekyll, eleventy, astro, mkdocs, docusaurus, plain.
generator = "auto"
"""

OVERRIDES_EXAMPLE = """
# Budgets for some folders, or rules they ignore. Later overrides win. For example:
# [[overrides]]
# files = ["static/hero/**"]
# ignore = ["image-dimensions"]
# [overrides.rules.image-bytes]
# max-raster = "500 KiB"
"""


def default_config() -> str:
    """Return the text of a config file that holds every default."""
    parts = [HEADER]
    for rule in RULES.values():
        parts.append(f"\n# {rule.code}: {rule.summary}\n[rules.{rule.name}]\n")
        parts.append(f'# severity = "{rule.severity.value}"  # error, warning or info\n')
        for field in dataclasses.fields(rule.options):
            parts.append(f"# {field.metadata['doc']}\n{kebab(field.name)} = {show_value(field.default)}\n")
    parts.append(OVERRIDES_EXAMPLE)
    return "".join(parts)


def write_config(path: Path, force: bool) -> str | None:
    """Write the default config to `path`; return an error message instead if it exists."""
    if path.exists() and not force:
        return f"{path} exists already; use --force to replace it"
    path.write_text(default_config(), encoding="utf-8")
    return None
