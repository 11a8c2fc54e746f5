"""The site model: small sites of each generator, and what perflint makes of each file."""

from __future__ import annotations

from pathlib import Path

import pytest

from perflint.config import ConfigError
from perflint.site.generators import Role
from perflint.site.model import SiteModel
from tests.checking import check_tree
from tests.imagefactory import noise_png

P, T, B, U = Role.PAGE, Role.TEMPLATE, Role.BUILD_INPUT, Role.UNPUBLISHED
PAGE = b"---\ntitle: A page\n---\nText.\n"

SITES: dict[str, tuple[dict[str, str], dict[str, Role]]] = {
    "hugo": (
        {"hugo.toml": 'baseURL = "https://example.org/"\n'},
        {
            "content/blog/post.md": P,
            "content/blog/photo.png": P,
            "layouts/_default/baseof.html": T,
            "themes/ananke/layouts/partials/head.html": T,
            "archetypes/default.md": T,
            "assets/css/main.css": B,
            "static/img/logo.png": P,
            "data/authors.md": U,
            ".github/ISSUE_TEMPLATE/bug.md": U,
            "README.md": U,
        },
    ),
    "hugo-before-0.110": (
        {"config.toml": 'baseURL = "https://example.org/"\n', "content/.keep": "", "layouts/.keep": ""},
        {"content/post.md": P, "layouts/index.html": T, "README.md": U},
    ),
    "jekyll": (
        {
            "_config.yml": "collections:\n  docs:\n    output: true\n  staff: {}\nexclude:\n  - scripts/\n",
        },
        {
            "index.md": P,
            "_posts/2024-01-01-hello.md": P,
            "_docs/install.md": P,
            "_staff/ann.md": U,
            "_layouts/default.html": T,
            "_includes/top.html": T,
            "_sass/main.scss": B,
            "_drafts/idea.md": U,
            "scripts/notes.md": U,
            "vendor/bundle/gem/README.md": U,
            "CONTRIBUTING.md": U,
        },
    ),
    "eleventy": (
        {
            "eleventy.config.js": 'export default function () { return { dir: { input: "src", output: "dist" } }; }\n',
            ".eleventyignore": "src/drafts/\n",
        },
        {
            "src/index.md": P,
            "src/_includes/base.njk.html": T,
            "src/_data/site.md": U,
            "src/drafts/soon.md": U,
            "dist/index.html": U,
            "docs/internal.md": U,
            "README.md": U,
        },
    ),
    "astro": (
        {"astro.config.mjs": "export default {};\n"},
        {
            "src/pages/index.md": P,
            "src/pages/_hidden.md": U,
            "src/pages/blog/_drafts/x.md": U,
            "src/content/blog/post.md": P,
            "src/layouts/Base.html": T,
            "src/components/Card.html": T,
            "src/assets/hero.png": B,
            "public/og.png": P,
            "notes.md": U,
        },
    ),
    "mkdocs": (
        {"mkdocs.yml": "site_name: Docs\ndocs_dir: documentation\ntheme:\n  name: material\n  custom_dir: overrides\n"},
        {"documentation/index.md": P, "documentation/img/a.png": P, "overrides/main.html": T, "docs/old.md": U},
    ),
    "docusaurus": (
        {"docusaurus.config.js": "module.exports = {};\n"},
        {
            "docs/intro.md": P,
            "docs/_shared.md": T,
            "blog/2024-01-01-hello.md": P,
            "src/pages/about.md": P,
            "src/theme/Footer.html": T,
            "src/css/custom.css": B,
            "static/img/logo.png": P,
            "README.md": U,
        },
    ),
    "hugo-config-folder": (
        {"config/_default/hugo.yaml": "title: Acme\n"},
        {"content/post.md": P, "archetypes/default.md": T, "public/index.html": U, "README.md": U},
    ),
    "plain": ({}, {"index.html": P, "img/a.png": P, "blog/post.md": P, "README.md": U, ".github/x.md": U}),
}


def build(root: Path, files: dict[str, str], roles: dict[str, Role]) -> None:
    for name, text in {**files, **dict.fromkeys(roles, "")}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


@pytest.mark.parametrize("name", list(SITES))
def test_each_file_gets_its_role(tmp_path: Path, name: str) -> None:
    files, roles = SITES[name]
    build(tmp_path, files, roles)
    model = SiteModel()
    placed = {path: model.place(tmp_path / path, tmp_path) for path in roles}
    assert {path: placement.role for path, placement in placed.items()} == roles
    assert {placement.generator for placement in placed.values()} == {name.partition("-")[0]}
    assert all(placement.why for placement in placed.values())


def test_a_site_in_a_subfolder_is_found_from_its_files(tmp_path: Path) -> None:
    build(tmp_path / "website", {"hugo.toml": ""}, {"content/a.md": P})
    (tmp_path / "README.md").write_text("")
    model = SiteModel()
    placement = model.place(tmp_path / "website" / "content" / "a.md", tmp_path)
    assert (placement.generator, placement.root, placement.role) == ("hugo", tmp_path / "website", P)
    assert model.place(tmp_path / "README.md", tmp_path).role is U  # the repository's own README


def test_generator_named_in_config_wins(tmp_path: Path) -> None:
    build(tmp_path, {}, {"layouts/page.html": P})
    assert SiteModel("hugo").place(tmp_path / "layouts" / "page.html", tmp_path).role is T


def test_unknown_generator_in_config_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="generator: expected auto or one of hugo"):
        check_tree(tmp_path, {}, 'generator = "wordpress"\n')


def rules_found(root: Path, files: dict[str, bytes]) -> set[tuple[str, str]]:
    report = check_tree(root, files)
    return {(Path(finding.path).resolve().relative_to(root).as_posix(), finding.rule) for finding in report.findings}


def test_hugo_site_is_judged_as_it_publishes(tmp_path: Path) -> None:
    found = rules_found(
        tmp_path,
        {
            "hugo.toml": b"",
            "archetypes/default.md": b'---\ntitle: "{{ replace .File.ContentBaseName "-" " " | title }}"\n---\n',
            ".github/ISSUE_TEMPLATE/bug.md": b"---\nname: Bug\n---\n",
            "layouts/baseof.html": b'<!doctype html><html lang="en"><head>{{ partial "head.html" . }}</head></html>',
            "layouts/partials/card.html": b'<img src="/img/x.png"><meta name="viewport" content="width=1024">',
            "assets/css/main.css": b'@import "tailwindcss";\n' + b".a { color: red; }\n" * 3000,
            "assets/img/big.png": noise_png(400, 300),
            "static/img/big.png": noise_png(400, 300),
        },
    )
    assert found == {
        ("layouts/partials/card.html", "img-alt"),  # what a template holds is still checked
        ("layouts/partials/card.html", "img-size"),
        ("layouts/partials/card.html", "viewport-width"),
        ("static/img/big.png", "image-bytes"),  # served as it is
        ("static/img/big.png", "image-format"),
    }


def test_jekyll_include_with_the_seo_tag_is_not_a_page_missing_its_head(tmp_path: Path) -> None:
    top = b'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n{% seo %}\n</head>\n'
    found = rules_found(tmp_path, {"_config.yml": b"", "_includes/top.html": top, "about.html": top})
    assert not {rule for _, rule in found} & {"meta-title", "meta-description", "meta-social"}, found


def test_site_command_says_what_each_file_is_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from perflint.cli import main

    build(tmp_path, {"hugo.toml": ""}, {"content/a.md": P, "layouts/baseof.html": T, "README.md": U})
    monkeypatch.chdir(tmp_path)
    assert main(["site"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "site .: hugo"
    assert "page           content/a.md  (Hugo publishes the content folder)" in lines
    assert "template       layouts/baseof.html  (Hugo layouts are templates)" in lines
    assert "not published  README.md  (the repository's README is not a page of the site)" in lines


def test_docs_folder_that_a_docusaurus_site_takes_from_outside_its_folder(tmp_path: Path) -> None:
    config = "module.exports = { presets: [['classic', { docs: { path: '../docs' } }]] };\n"
    build(tmp_path, {"website/docusaurus.config.js": config}, {"docs/intro.md": P, "docs/_shared.md": T})
    model = SiteModel()
    intro = model.place(tmp_path / "docs" / "intro.md", tmp_path)
    assert (intro.generator, intro.role, intro.why) == (
        "docusaurus",
        P,
        "docusaurus.config.js publishes it as its ../docs docs folder",
    )
    assert model.place(tmp_path / "docs" / "_shared.md", tmp_path).role is T


def test_eleventy_publishes_only_the_files_its_config_copies(tmp_path: Path) -> None:
    config = (
        'export default function (c) {\n  c.addPassthroughCopy("src/img");\n  c.addPassthroughCopy("src/blog/*.png");\n'
        '  c.addPassthroughCopy({ "src/static": "/" });\n  return { dir: { input: "src" } };\n}\n'
    )
    roles = {
        "src/img/logo.svg": P,
        "src/blog/chart.png": P,
        "src/static/site.css": P,
        "src/blog/photo.jpg": U,  # an image-pipeline input: only its resized copies are published
        "src/blog/post.md": P,
    }
    build(tmp_path, {"eleventy.config.js": config}, roles)
    model = SiteModel()
    assert {path: model.place(tmp_path / path, tmp_path).role for path in roles} == roles


DRAFT = "---\ntitle: Soon\ndraft: true\n---\nText.\n"


@pytest.mark.parametrize(
    ("config", "files", "expected"),
    [
        pytest.param(
            {"hugo.toml": ""},
            {
                "content/soon.md": DRAFT,
                "content/bundle/index.md": DRAFT,
                "content/bundle/img/a.png": "",
                "content/a.md": "",
            },
            {"content/soon.md": U, "content/bundle/index.md": U, "content/bundle/img/a.png": U, "content/a.md": P},
            id="hugo",
        ),
        pytest.param(
            {"hugo.toml": "buildDrafts = true\n"},
            {"content/soon.md": DRAFT},
            {"content/soon.md": P},
            id="hugo-builds-drafts",
        ),
        pytest.param(
            {"config.toml": "", "content/.keep": "", "layouts/.keep": ""},
            {"content/soon.md": "+++\ntitle = 'Soon'\ndraft = true\n+++\n", "content/body.md": "Text: draft: true\n"},
            {"content/soon.md": U, "content/body.md": P},
            id="hugo-toml-front-matter",
        ),
        pytest.param(
            {"_config.yml": ""},
            {"_posts/2024-01-01-x.md": "---\npublished: false\n---\n", "about.md": "---\ntitle: A\n---\n"},
            {"_posts/2024-01-01-x.md": U, "about.md": P},
            id="jekyll",
        ),
    ],
)
def test_drafts_are_not_published(
    tmp_path: Path, config: dict[str, str], files: dict[str, str], expected: dict[str, Role]
) -> None:
    build(tmp_path, {**config, **files}, {})
    model = SiteModel()
    placed = {path: model.place(tmp_path / path, tmp_path) for path in expected}
    assert {path: placement.role for path, placement in placed.items()} == expected
    assert all("draft" in p.why or "published: false" in p.why for p in placed.values() if p.role is U)


@pytest.mark.parametrize(
    "config",
    [
        {
            "hugo.toml": 'disableLanguages = ["fr"]\n[languages.en]\ncontentDir = "content/en"\n'
            '[languages.fr]\ncontentDir = "content/fr"\n'
        },
        {
            "config/_default/hugo.yaml": "title: T\n",
            "config/_default/languages.yaml": "en:\n  contentDir: content/en\nFR:\n  contentDir: content/fr\n"
            "  disabled: true\n",
        },
    ],
    ids=["disableLanguages", "disabled-in-languages-file"],
)
def test_content_in_a_language_hugo_does_not_build_is_not_published(tmp_path: Path, config: dict[str, str]) -> None:
    pages = {"content/en/a.md": P, "content/fr/a.md": U, "content/en/b.fr.md": U, "content/en/c.de.md": P}
    build(tmp_path, config, pages)
    model = SiteModel()
    assert {path: model.place(tmp_path / path, tmp_path).role for path in pages} == pages
