"""What a site's layouts and generator write for a Markdown page whose front matter has no title or description."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.findings import Severity
from tests.checking import check_tree

NO_DESCRIPTION = b"---\ntitle: Pricing\n---\nOur plans, from 9 EUR a month.\n"
NO_TITLE = b"---\ndescription: Our plans for small teams, from 9 EUR a month, with a free trial.\n---\n# Plans\n"
HUGO_HEAD = '<head><title>{{ .Title }}</title><meta name="description" content="{{ CONTENT }}"></head>'


def verdicts(root: Path, files: dict[str, bytes], page: str) -> set[tuple[str, Severity]]:
    """Return the meta-title and meta-description findings on `page`, by rule and severity."""
    report = check_tree(root, files)
    on_page = [f for f in report.findings if Path(f.path).resolve() == (root / page).resolve()]
    return {(f.rule, f.severity) for f in on_page if f.rule in ("meta-title", "meta-description")}


def hugo(head: str, config: str = "") -> dict[str, bytes]:
    return {
        "hugo.toml": config.encode(),
        "layouts/_partials/head.html": head.encode(),
        "content/pricing.md": NO_DESCRIPTION,
    }


@pytest.mark.parametrize(
    ("head", "config", "expected"),
    [
        pytest.param(
            HUGO_HEAD.replace("CONTENT", "or .Description site.Params.description"),
            '[params]\ndescription = "Analytics for small teams"\n',
            {("meta-description", Severity.WARNING)},
            id="site-description-fallback",
        ),
        pytest.param(
            HUGO_HEAD.replace("CONTENT", "with .Description }}{{ . }}{{ else }}{{ .Summary }}{{ end"),
            "",
            set(),
            id="summary-fallback",
        ),
        pytest.param(
            HUGO_HEAD.replace("CONTENT", ".Description"), "", {("meta-description", Severity.ERROR)}, id="page-only"
        ),
        pytest.param(
            HUGO_HEAD.replace("CONTENT", "default .Site.Title .Description"),
            "",
            {("meta-description", Severity.INFO)},
            id="computed",
        ),
        pytest.param("<head><title>{{ .Title }}</title></head>", "", set(), id="none: the layout is told"),
    ],
)
def test_hugo_layout_decides(tmp_path: Path, head: str, config: str, expected: set[tuple[str, Severity]]) -> None:
    assert verdicts(tmp_path, hugo(head, config), "content/pricing.md") == expected


def test_hugo_theme_outside_the_repository_is_not_an_error(tmp_path: Path) -> None:
    files = {"hugo.toml": b'theme = "ananke"\n', "content/pricing.md": NO_DESCRIPTION}
    assert verdicts(tmp_path, files, "content/pricing.md") == {("meta-description", Severity.INFO)}


JEKYLL = {
    "_config.yml": b"title: Acme\ndescription: Analytics for small teams\nplugins:\n  - jekyll-seo-tag\n",
    "_includes/head.html": b"<head>{% seo %}</head>",
    "_posts/2024-05-01-launch.md": b"---\nlayout: post\n---\nWe launched.\n",
    "pricing.md": b"---\nlayout: page\n---\nOur plans.\n",
}


def test_jekyll_seo_tag_uses_the_excerpt_of_a_post(tmp_path: Path) -> None:
    assert verdicts(tmp_path, JEKYLL, "_posts/2024-05-01-launch.md") == set()


def test_jekyll_seo_tag_gives_a_page_the_site_description(tmp_path: Path) -> None:
    found = verdicts(tmp_path, JEKYLL, "pricing.md")
    assert found == {("meta-title", Severity.WARNING), ("meta-description", Severity.WARNING)}


def test_jekyll_without_the_seo_tag_lacks_what_the_front_matter_lacks(tmp_path: Path) -> None:
    head = b'<head><title>{{ page.title }}</title><meta name="description" content="{{ page.description }}">'
    files = {**JEKYLL, "_config.yml": b"title: Acme\n", "_includes/head.html": head}
    assert verdicts(tmp_path, files, "pricing.md") == {
        ("meta-title", Severity.ERROR),
        ("meta-description", Severity.ERROR),
    }


def test_jekyll_gem_theme_may_write_what_the_local_layouts_do_not(tmp_path: Path) -> None:
    config = b"title: Acme\ntheme: minima\nplugins:\n  - jekyll-seo-tag\n"
    files = {**JEKYLL, "_config.yml": config, "_includes/head.html": b"<link rel=icon href=/f.png>"}
    expected = {("meta-title", Severity.INFO), ("meta-description", Severity.INFO)}
    assert verdicts(tmp_path, files, "pricing.md") == expected


def layout_findings(root: Path, files: dict[str, bytes], layout: str) -> list[tuple[str, Severity, str]]:
    report = check_tree(root, files)
    return [
        (f.rule, f.severity, f.message)
        for f in report.findings
        if Path(f.path).resolve() == (root / layout).resolve() and f.rule in ("meta-description", "meta-social")
    ]


@pytest.mark.parametrize(
    "site",
    [
        pytest.param({"hugo.toml": b"", "layouts/baseof.html": b"<html><head><title>{{ .Title }}</title>"}),
        pytest.param({"_config.yml": b"title: Acme\n", "_layouts/default.html": b"<html><head><title>A</title>"}),
    ],
    ids=["hugo", "jekyll"],
)
def test_a_layout_that_writes_no_description_and_no_social_tags_is_told_once(
    tmp_path: Path, site: dict[str, bytes]
) -> None:
    layout = next(name for name in site if name.endswith(".html"))
    pages = {"content/a.md": NO_DESCRIPTION, "content/b.md": NO_TITLE, "content/c.md": NO_DESCRIPTION}
    found = layout_findings(tmp_path, {**site, **pages}, layout)
    assert [(rule, severity) for rule, severity, _ in found] == [
        ("meta-description", Severity.WARNING),
        ("meta-social", Severity.WARNING),
    ]
    assert all("so none of its 3 Markdown pages has one, whatever the front matter says" in m for *_, m in found)
    for page in pages:
        assert verdicts(tmp_path, {}, page) <= {("meta-title", Severity.ERROR)}  # no description finding on a page


def test_a_layout_with_the_tags_or_a_helper_that_writes_them_is_not_told(tmp_path: Path) -> None:
    opengraph = b'{{ template "_internal/opengraph.html" . }}'
    head = b"<html><head>" + opengraph + b'<meta name="description" content="{{ .Description }}">'
    files = {"hugo.toml": b"", "layouts/baseof.html": head, "content/a.md": NO_DESCRIPTION}
    assert layout_findings(tmp_path, files, "layouts/baseof.html") == []


def test_mkdocs_titles_from_the_heading_and_describes_with_the_site(tmp_path: Path) -> None:
    files = {"mkdocs.yml": b"site_name: Docs\nsite_description: Analytics docs\n", "docs/a.md": b"---\n---\n# A\n"}
    assert verdicts(tmp_path, files, "docs/a.md") == {("meta-description", Severity.WARNING)}


def test_docusaurus_derives_both_from_the_page(tmp_path: Path) -> None:
    files = {"docusaurus.config.js": b"module.exports = {};\n", "docs/a.md": b"---\nid: a\n---\n# A\n\nText.\n"}
    assert verdicts(tmp_path, files, "docs/a.md") == set()


def test_eleventy_layout_code_is_not_judged(tmp_path: Path) -> None:
    files = {
        "eleventy.config.js": b"export default {};\n",
        "_includes/base.njk": b'<title>{{ title or "Acme" }}</title><meta name="description" content="{{ d }}">',
        "pricing.md": b"---\nlayout: base.njk\n---\nText.\n",
    }
    assert verdicts(tmp_path, files, "pricing.md") == {
        ("meta-title", Severity.INFO),
        ("meta-description", Severity.INFO),
    }


def test_plain_site_page_lacks_what_its_front_matter_lacks(tmp_path: Path) -> None:
    assert verdicts(tmp_path, {"pricing.md": NO_DESCRIPTION, "plans.md": NO_TITLE}, "pricing.md") == {
        ("meta-description", Severity.ERROR)
    }


@pytest.mark.parametrize(
    "files",
    [
        pytest.param(
            {"hugo.toml": b'[params]\nDescription = "Acme analytics"\n'}, id="parameter names ignore case, as Hugo does"
        ),
        pytest.param(
            {"config/_default/hugo.yaml": b"title: Acme\n", "config/_default/params.yaml": b"description: A\n"},
            id="params in the config folder",
        ),
    ],
)
def test_hugo_site_description_from_any_config_file(tmp_path: Path, files: dict[str, bytes]) -> None:
    head = b'<html><head>{{ with site.Params.description }}<meta name="description" content="{{ . }}">{{ end }}'
    site = {**files, "layouts/baseof.html": head, "content/a.md": NO_DESCRIPTION}
    assert verdicts(tmp_path, site, "content/a.md") == {("meta-description", Severity.WARNING)}


@pytest.mark.parametrize(
    ("config", "original", "translation"),
    [
        ("[languages.en]\n[languages.fr]\n", "content/about.md", "content/about.fr.md"),
        (
            '[languages.en]\ncontentDir = "content/en"\n[languages.fr]\ncontentDir = "content/fr"\n',
            "content/en/about.md",
            "content/fr/about.md",
        ),
    ],
    ids=["by file name", "by content folder"],
)
def test_a_translation_stub_may_take_the_original_title(
    tmp_path: Path, config: str, original: str, translation: str
) -> None:
    head = '<html><head><title>{{ .Title }}</title><meta name="description" content="{{ .Description }}">'
    files = {
        "hugo.toml": config.encode(),
        "layouts/baseof.html": head.encode(),
        original: b"---\ntitle: About\ndescription: Who we are and what we make for small teams.\n---\nText.\n",
        translation: b"---\n---\nTexte.\n",
    }
    assert verdicts(tmp_path, files, translation) == {
        ("meta-title", Severity.INFO),
        ("meta-description", Severity.INFO),
    }
    del files[original]
    (tmp_path / original).unlink()
    assert verdicts(tmp_path, files, translation) == {
        ("meta-title", Severity.ERROR),
        ("meta-description", Severity.ERROR),
    }
