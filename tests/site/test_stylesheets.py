"""The stylesheets every layout of a site links, weighed with its Markdown pages."""

from __future__ import annotations

from pathlib import Path

from perflint.site.detect import detect
from perflint.site.stylesheets import layout_stylesheets
from tests.checking import check_tree

HEAD = '<html><head><link rel="stylesheet" href="{href}"><link rel="stylesheet" href="{extra}"></head></html>'


def sheets(root: Path, layouts: dict[str, str]) -> tuple[str, ...]:
    for name, text in {"_config.yml": "title: T\n", **layouts}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return layout_stylesheets(detect(root, root))


def test_written_out_addresses_that_every_layout_links(tmp_path: Path) -> None:
    layouts = {
        "_layouts/default.html": HEAD.format(href='{{ "/css/site.css" | relative_url }}', extra="/css/home.css"),
        "_layouts/post.html": HEAD.format(href="{{ site.baseurl }}/css/site.css", extra="/css/post.css?v=2"),
        "_includes/footer.html": '<link rel="stylesheet" href="/css/footer.css">',  # no <head>: not every page
    }
    assert sheets(tmp_path, layouts) == ("/css/site.css",)


def test_a_stylesheet_the_build_makes_is_not_counted(tmp_path: Path) -> None:
    built = '{{ (resources.Get "css/main.css" | minify).RelPermalink }}'
    assert sheets(tmp_path, {"_layouts/default.html": HEAD.format(href=built, extra="")}) == ()


def test_a_markdown_page_weighs_its_layout_stylesheets(tmp_path: Path) -> None:
    files = {
        "_config.yml": b"title: T\n",
        "_layouts/default.html": b'<html><head><link rel="stylesheet" href="/css/site.css"></head>',
        "css/site.css": b"body{color:red}" + b"/*" + b"x" * 1_800_000 + b"*/",
        "about.md": b"---\ntitle: About\nlayout: default\n---\nText.\n",
    }
    [finding] = check_tree(tmp_path, files, select="page-weight").findings
    assert "and its layout's stylesheets (page 6 B, stylesheets 1.7 MiB" in finding.message
