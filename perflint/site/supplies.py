"""What a site's generator and layouts write into a page's head when its front matter does not.

Asked for a Markdown page without a title or description of its own. The answer decides
whether the published page really lacks it (an error), gets a site-wide stand-in (a warning:
every such page shares one snippet), gets one from its own text (nothing to say), or whether
perflint cannot tell because the layout computes it or the theme is not in the repository (a
warning at most: no error without certainty).
"""

from __future__ import annotations

import enum
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path

from perflint.site.detect import SiteLayout, read_site_file
from perflint.site.generators import Role

MAX_TEMPLATE_FILES = 2000  # a theme has a few hundred; past this the layouts are not read
_TEMPLATE_SUFFIXES = frozenset({".html", ".htm", ".njk", ".liquid", ".astro", ".hbs", ".vto", ".webc", ".jinja"})
_NEVER_ENTERED = frozenset({"node_modules", "vendor", "public", "_site", "resources"})
_SEO_TAG = re.compile(r"\{%-?\s*seo\b")
# The tag and the template code just before it: `{{ with site.Params.description }}<meta ... content="{{ . }}">`.
_DESCRIPTION_TAG = re.compile(
    r"""(?:\{\{[^{}<>]{0,200}\}\}\s*)?<meta\b[^>]*\bname\s*=\s*["']?description\b[^>]*>""", re.IGNORECASE
)
_SITE_WIDE = re.compile(r"site\.params\.description|site\.description|site_description", re.IGNORECASE)
_FALLBACK = re.compile(r"\bor\b|default|\belse\b|\|\||\?\?")  # template code that can write something else
_FROM_TEXT = re.compile(r"\.Summary\b|\bexcerpt\b")
_CONFIG_DESCRIPTION = re.compile(r"""^\s*["']?(?:site_)?description["']?\s*[=:]\s*\S""", re.MULTILINE | re.IGNORECASE)
_CONFIG_TITLE = re.compile(r"""^\s*(?:site_)?(?:title|name)\s*[=:]\s*\S""", re.MULTILINE)
_JEKYLL_SEO = re.compile(r"jekyll-seo-tag")
_PAGE_EXCERPTS = re.compile(r"^page_excerpts:\s*true\b", re.MULTILINE)
_JEKYLL_THEME = re.compile(r"^(?:remote_)?theme:\s*\S", re.MULTILINE)
# Open Graph tags, or a helper that writes them (Hugo's internal template, a theme's partial).
_SOCIAL = re.compile(r"""og:(?:title|description|image)|_internal/opengraph|opengraph\.html""")


class Kind(str, enum.Enum):
    """Where a page's missing value comes from, if anywhere."""

    NOTHING = "nothing"  # the layout writes the page's own, which it lacks: the published page lacks it
    ABSENT = "absent"  # no layout of the site writes one at all: every page lacks it, whatever its front matter says
    OWN_TEXT = "own text"  # derived from the page itself (excerpt, first heading, file name)
    SITE_WIDE = "site-wide"  # the same stand-in on every page that lacks its own
    UNKNOWN = "unknown"  # written by code perflint cannot follow, or by a theme outside the repository


@dataclass(frozen=True)
class Supply:
    """Where the value of one head element comes from for a page whose front matter lacks it."""

    kind: Kind
    source: str  # in words, for the message: "the site description in hugo.toml"


NOTHING = Supply(Kind.NOTHING, "")
ABSENT = Supply(Kind.ABSENT, "")


@dataclass(frozen=True)
class HeadSupply:
    """The title and description a site's pages get when their front matter has none."""

    title: Supply = NOTHING
    description: Supply = NOTHING


SUPPLIES_NOTHING = HeadSupply()  # a plain site: what the front matter lacks, the page lacks


def head_supply(site: SiteLayout, page: Path) -> HeadSupply:
    """Return what the site writes for `page`, a Markdown page of it, when its front matter is silent."""
    reader = _GENERATORS.get(site.generator.name)
    return reader(_facts(site), page) if reader else SUPPLIES_NOTHING


@dataclass(frozen=True)
class _Facts:
    """What the supply readers need of one site, read once: its config file and its layouts' head tags."""

    site: SiteLayout
    config: str
    layouts_found: bool  # whether the repository holds any of the site's layouts
    description_tags: tuple[str, ...]
    seo_tag: bool  # a layout calls jekyll-seo-tag's {% seo %}
    social_tags: bool  # a layout writes Open Graph tags, itself or through a helper that does
    theme_outside: bool  # some layouts come from a theme the repository does not hold

    @property
    def config_name(self) -> str:
        return self.site.config.name if self.site.config else "the config file"


@functools.lru_cache(maxsize=64)
def _facts(site: SiteLayout) -> _Facts:
    texts = template_texts(site)
    tags = tuple(tag for text in texts for tag in _DESCRIPTION_TAG.findall(text))
    config = _config_text(site)
    seo = any(_SEO_TAG.search(text) for text in texts)
    social = seo or any(_SOCIAL.search(text) for text in texts)
    return _Facts(site, config, bool(texts), tags, seo, social, _theme_outside(site, config))


def _config_text(site: SiteLayout) -> str:
    """Return the site's config as text: for Hugo, every config file (`config/_default/params.toml` too)."""
    if site.generator.name == "hugo":
        from perflint.site.hugo import config_files

        return "\n".join(read_site_file(path) for path in config_files(site.root))
    return read_site_file(site.config) if site.config else ""


def _theme_outside(site: SiteLayout, config: str) -> bool:
    """Tell whether layouts come from a theme the repository does not hold (a Hugo module, a Jekyll gem)."""
    if site.generator.name == "hugo":
        from perflint.site.hugo import hugo_site

        return hugo_site(site.root).theme_outside
    return site.generator.name == "jekyll" and bool(_JEKYLL_THEME.search(config))


@functools.lru_cache(maxsize=64)
def template_texts(site: SiteLayout) -> tuple[str, ...]:
    """Return the text of each of the site's layouts, read once per run (supplies and stylesheets ask)."""
    return tuple(read_site_file(path) for path in template_files(site))


def template_files(site: SiteLayout) -> list[Path]:
    """Return the site's layouts, as far as the repository holds them (installed packages are not entered)."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(site.root):
        subfolders[:] = sorted(name for name in subfolders if name not in _NEVER_ENTERED and not name.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if path.suffix.lower() not in _TEMPLATE_SUFFIXES:
                continue
            if site.convention_for(path.relative_to(site.root).as_posix()).role is Role.TEMPLATE:
                found.append(path)
                if len(found) >= MAX_TEMPLATE_FILES:
                    return found
    return found


def _description_from_layouts(facts: _Facts) -> Supply:
    """Read the layouts' description tags: the page's own text, a site-wide stand-in, or code perflint cannot follow."""
    if not facts.layouts_found or (facts.theme_outside and not facts.description_tags):
        return Supply(Kind.UNKNOWN, "the theme's layouts, which are not in the repository")
    if not facts.description_tags:
        return ABSENT
    if any(_FROM_TEXT.search(tag) for tag in facts.description_tags):
        return Supply(Kind.OWN_TEXT, "the layout's summary of the page")
    if any(_SITE_WIDE.search(tag) for tag in facts.description_tags) and _CONFIG_DESCRIPTION.search(facts.config):
        return Supply(Kind.SITE_WIDE, f"the site description in {facts.config_name}")
    if all("{{" not in tag and "{%" not in tag for tag in facts.description_tags):
        return Supply(Kind.SITE_WIDE, "the layout's fixed description")
    if not any(_FALLBACK.search(tag) for tag in facts.description_tags):
        return NOTHING  # the layout writes the page's own description, which it does not have
    return Supply(Kind.UNKNOWN, "the code of the layout")


def _title_from_layouts(facts: _Facts) -> Supply:
    """A layout writes the page's own title: it lacks one, unless a theme perflint cannot see writes more."""
    if not facts.layouts_found or facts.theme_outside:
        return Supply(Kind.UNKNOWN, "the theme's layouts, which are not in the repository")
    return NOTHING


def _hugo(facts: _Facts, page: Path) -> HeadSupply:
    """A translation without a title or description may get the original's from a multilingual theme."""
    from perflint.site.hugo import translation_of

    supply = HeadSupply(_title_from_layouts(facts), _description_from_layouts(facts))
    original = (
        translation_of(facts.site.root, page) if Kind.NOTHING in (supply.title.kind, supply.description.kind) else None
    )
    if original is None:
        return supply
    from_original = Supply(Kind.UNKNOWN, f"the original page it translates ({original.name}), which some themes use")
    return HeadSupply(
        from_original if supply.title.kind is Kind.NOTHING else supply.title,
        from_original if supply.description.kind is Kind.NOTHING else supply.description,
    )


def _jekyll(facts: _Facts, page: Path) -> HeadSupply:
    """jekyll-seo-tag: title from the page, else the site; description from the page, its excerpt, else the site."""
    if not (_JEKYLL_SEO.search(facts.config) and (facts.seo_tag or not facts.layouts_found)):
        return HeadSupply(_title_from_layouts(facts), _description_from_layouts(facts))
    document = page.relative_to(facts.site.root).as_posix().startswith("_")  # a post or collection document
    if document:
        title = Supply(Kind.OWN_TEXT, "Jekyll's title from the file name")
    elif _CONFIG_TITLE.search(facts.config):
        title = Supply(Kind.SITE_WIDE, f"the site title in {facts.config_name}, written by jekyll-seo-tag")
    else:
        title = NOTHING
    if document or _PAGE_EXCERPTS.search(facts.config):
        description = Supply(Kind.OWN_TEXT, "jekyll-seo-tag's excerpt of the page")
    elif _CONFIG_DESCRIPTION.search(facts.config):
        description = Supply(Kind.SITE_WIDE, f"the site description in {facts.config_name}, written by jekyll-seo-tag")
    else:
        description = NOTHING
    return HeadSupply(title, description)


def _mkdocs(facts: _Facts, page: Path) -> HeadSupply:
    """MkDocs titles a page from its first heading (else its file name) and describes it with site_description."""
    described = _CONFIG_DESCRIPTION.search(facts.config)
    return HeadSupply(
        Supply(Kind.OWN_TEXT, "MkDocs' title from the first heading"),
        Supply(Kind.SITE_WIDE, f"site_description in {facts.config_name}") if described else NOTHING,
    )


def _docusaurus(facts: _Facts, page: Path) -> HeadSupply:
    """Docusaurus titles a page from its first heading and describes it with its first paragraph."""
    return HeadSupply(
        Supply(Kind.OWN_TEXT, "Docusaurus' title from the first heading"),
        Supply(Kind.OWN_TEXT, "Docusaurus' description from the first paragraph"),
    )


def _computed(facts: _Facts, page: Path) -> HeadSupply:
    """Eleventy and Astro layouts (and Starlight, from its config) compute the head in code, often with a
    package's component or shortcode: no certainty."""
    if not facts.layouts_found or "starlight" in facts.config:
        unknown = Supply(Kind.UNKNOWN, "the site's layouts, which are not in the repository")
        return HeadSupply(unknown, unknown)
    computed = Supply(Kind.UNKNOWN, "the code of the layout")  # or a component or shortcode from a package
    return HeadSupply(computed, computed)


_GENERATORS = {
    "hugo": _hugo,
    "jekyll": _jekyll,
    "mkdocs": _mkdocs,
    "docusaurus": _docusaurus,
    "eleventy": _computed,
    "astro": _computed,
}


@dataclass(frozen=True)
class LayoutGaps:
    """What no layout of a site writes into any page's head, whatever the page's front matter says."""

    description: bool
    social: bool


NO_GAPS = LayoutGaps(description=False, social=False)
# Generators whose head is written by layouts in the repository, in template languages perflint reads.
# Elsewhere the theme package (MkDocs, Docusaurus) or components and shortcodes from packages
# (Astro, Eleventy) may write it out of perflint's sight.
_LAYOUTS_WRITE_THE_HEAD = frozenset({"hugo", "jekyll"})


def layout_gaps(site: SiteLayout) -> LayoutGaps:
    """Return what every page of the site lacks because no layout writes it; nothing where perflint cannot tell."""
    if site.generator.name not in _LAYOUTS_WRITE_THE_HEAD:
        return NO_GAPS
    facts = _facts(site)
    if not facts.layouts_found or facts.theme_outside:
        return NO_GAPS
    description = head_supply(site, site.root / "page.md").description.kind is Kind.ABSENT
    return LayoutGaps(description, social=not facts.social_tags)
