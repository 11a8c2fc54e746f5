"""Each static-site generator's conventions, as data: how to recognise it, and what each folder is.

A convention is a .gitignore-style glob, relative to the folder holding the generator's config
file, and the role of the files it matches; the first match wins, and `default` covers the
rest. Folder names that a config file may change (Jekyll collections, MkDocs `docs_dir`,
Eleventy's input folder) are read from that file by `perflint.site.detect`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(str, enum.Enum):
    """What the build does with a file."""

    PAGE = "page"  # published as a page (or, for images and stylesheets, served as they are)
    TEMPLATE = "template"  # layouts, partials, includes, archetypes: pieces of pages, never a page
    BUILD_INPUT = "build input"  # processed by the build (Sass, Tailwind, image pipelines): never served as is
    UNPUBLISHED = "not published"  # never reaches the site


@dataclass(frozen=True)
class Convention:
    """Files matching `glob` (relative to the site's folder) have `role`, for the reason `why`."""

    glob: str
    role: Role
    why: str


@dataclass(frozen=True)
class Generator:
    """A static-site generator: the config files that mark its site's folder, and its conventions."""

    name: str
    config_files: tuple[str, ...]
    conventions: tuple[Convention, ...]
    default: Convention  # for files no convention matches


def _c(glob: str, role: Role, why: str) -> Convention:
    return Convention(glob, role, why)


P, T, B, U = Role.PAGE, Role.TEMPLATE, Role.BUILD_INPUT, Role.UNPUBLISHED
# A committed build output is made from the sources perflint checks: checking it again would
# report each problem twice, in a file no one edits.
BUILT = "the build's output, made from the sources perflint checks"

# Never published by any generator. Project files are named at the site's root only: in a
# content folder a README.md is a page like any other.
COMMON = (
    _c("/.github/", U, "GitHub's own files (issue templates, workflows) are never published"),
    _c("node_modules/", U, "installed packages are never published"),
    _c("/README.md", U, "the repository's README is not a page of the site"),
    _c("/CHANGELOG.md", U, "the repository's changelog is not a page of the site"),
    _c("/CONTRIBUTING.md", U, "the repository's contributing guide is not a page of the site"),
    _c("/CODE_OF_CONDUCT.md", U, "the repository's code of conduct is not a page of the site"),
    _c("/SECURITY.md", U, "the repository's security policy is not a page of the site"),
    _c("/LICENSE.md", U, "the repository's licence is not a page of the site"),
)

HUGO = Generator(
    "hugo",
    (
        *("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json"),
        *(
            f"config/_default/{name}.{suffix}"
            for name in ("hugo", "config")
            for suffix in ("toml", "yaml", "yml", "json")
        ),
    ),
    (
        _c("/archetypes/", T, "Hugo archetypes are templates for `hugo new`, never published"),
        _c("/themes/*/archetypes/", T, "Hugo archetypes are templates for `hugo new`, never published"),
        _c("/layouts/", T, "Hugo layouts are templates"),
        _c("/themes/*/layouts/", T, "Hugo layouts are templates"),
        _c("/assets/", B, "Hugo assets are build inputs, served only as the templates process them"),
        _c("/themes/*/assets/", B, "Hugo assets are build inputs, served only as the templates process them"),
        _c("/content/", P, "Hugo publishes the content folder"),
        _c("/static/", P, "Hugo copies the static folder as it is"),
        _c("/themes/*/static/", P, "Hugo copies the theme's static folder as it is"),
        _c("/public/", U, BUILT),
    ),
    _c("", U, "Hugo publishes only content/ and static/"),
)

JEKYLL = Generator(
    "jekyll",
    ("_config.yml", "_config.yaml", "_config.toml"),
    (
        _c("/_layouts/", T, "Jekyll layouts are templates"),
        _c("/_includes/", T, "Jekyll includes are templates"),
        _c("/_sass/", B, "Jekyll compiles _sass into the stylesheets that import it"),
        _c("/_drafts/", U, "Jekyll does not publish drafts"),
        _c("/_posts/", P, "Jekyll publishes posts"),
        _c("/_site/", U, BUILT),
        _c("/_*/", U, "Jekyll does not publish folders starting with _ (unless a collection with output: true)"),
        _c("/vendor/", U, "Jekyll excludes vendor/ by default"),
        _c("/Gemfile*", U, "Jekyll excludes the Gemfile by default"),
        _c("/.*", U, "Jekyll does not publish dot files"),
    ),
    _c("", P, "Jekyll publishes the files outside folders starting with _"),
)

ELEVENTY = Generator(  # its folders come from its config file: perflint.site.detect
    "eleventy",
    (
        "eleventy.config.js",
        "eleventy.config.mjs",
        "eleventy.config.cjs",
        "eleventy.config.ts",
        ".eleventy.js",
        ".eleventy.cjs",
        ".eleventy.mjs",
    ),
    (),
    _c("", P, "Eleventy builds the pages of its input folder"),
)

ASTRO = Generator(
    "astro",
    ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs"),
    (
        _c("/src/pages/**/_*", U, "Astro makes no page of a file or folder starting with _"),
        _c("/src/pages/", P, "Astro publishes src/pages"),
        _c("/src/content/", P, "Astro publishes content collections through their routes"),
        _c("/src/components/", T, "Astro components are templates"),
        _c("/src/layouts/", T, "Astro layouts are templates"),
        _c("/src/assets/", B, "Astro optimises src/assets at build time; the originals are not served"),
        _c("/src/styles/", B, "Astro bundles src/styles into the pages that import them"),
        _c("/public/", P, "Astro copies public/ as it is"),
        _c("/dist/", U, BUILT),
    ),
    _c("", U, "Astro publishes only src/pages, content collections and public/"),
)

MKDOCS = Generator(
    "mkdocs",
    ("mkdocs.yml", "mkdocs.yaml"),
    (_c("/site/", U, BUILT),),  # docs_dir and custom_dir come from mkdocs.yml
    _c("", U, "MkDocs publishes only its docs folder"),
)

DOCUSAURUS = Generator(
    "docusaurus",
    ("docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs", "docusaurus.config.cjs"),
    (
        _c("/docs/**/_*", T, "Docusaurus makes no page of a file starting with _ (a partial)"),
        _c("/blog/**/_*", T, "Docusaurus makes no page of a file starting with _ (a partial)"),
        _c("/src/pages/**/_*", T, "Docusaurus makes no page of a file starting with _ (a partial)"),
        _c("/docs/", P, "Docusaurus publishes docs/"),
        _c("/blog/", P, "Docusaurus publishes blog/"),
        _c("/src/pages/", P, "Docusaurus publishes src/pages"),
        _c("/src/theme/", T, "Docusaurus theme components are templates"),
        _c("/src/components/", T, "Docusaurus components are templates"),
        _c("/src/css/", B, "Docusaurus bundles src/css"),
        _c("/static/", P, "Docusaurus copies static/ as it is"),
        _c("/build/", U, BUILT),
    ),
    _c("", U, "Docusaurus publishes only docs/, blog/, src/pages and static/"),
)

PLAIN = Generator("plain", (), (), _c("", P, "a plain site publishes its files as they are"))

GENERATORS = {generator.name: generator for generator in (HUGO, JEKYLL, ELEVENTY, ASTRO, MKDOCS, DOCUSAURUS, PLAIN)}
"""Every generator perflint knows, by the name config files use (`generator = "hugo"`)."""
