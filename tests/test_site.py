from __future__ import annotations

from pathlib import Path

import pytest

from perflint.site import Site, has_template


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in ["static/img/hero.png", "content/blog/post/cover.jpg", "site/img/a.png", "public/fonts/a.woff2"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * 10)
    (tmp_path.parent / "secret.png").write_bytes(b"s")
    return tmp_path


@pytest.mark.parametrize(
    ("reference", "page", "kind", "found"),
    [
        ("/img/hero.png", "content/blog/post/index.md", "file", "static/img/hero.png"),  # Hugo static/
        ("cover.jpg", "content/blog/post/index.md", "file", "content/blog/post/cover.jpg"),  # page bundle
        ("/img/a.png", "site/index.html", "file", "site/img/a.png"),  # plain site in a subfolder
        ("img/a.png?v=3#top", "site/index.html", "file", "site/img/a.png"),
        ("/fonts/a.woff2", "index.html", "file", "public/fonts/a.woff2"),  # Astro public/
        ("img/gone.png", "site/index.html", "missing", None),
        ("../../secret.png", "site/index.html", "outside", None),
        ("/../../secret.png", "site/index.html", "outside", None),
        ("https://cdn.example.com/x.png", "index.html", "remote", None),
        ("//cdn.example.com/x.png", "index.html", "remote", None),
        ("file:///etc/passwd", "index.html", "remote", None),
        ("{{ .Params.image }}", "index.html", "template", None),
        ("  ", "index.html", "empty", None),
    ],
)
def test_resolve(repo: Path, reference: str, page: str, kind: str, found: str | None) -> None:
    resolved = Site().resolve(reference, repo / page, repo)
    assert resolved.kind == kind
    assert resolved.path == ((repo / found).resolve() if found else None)


def test_data_uri_is_measured_in_place(repo: Path) -> None:
    resolved = Site().resolve("data:image/png;base64,iVBORw0KGgo=", repo / "index.html", repo)
    assert (resolved.kind, resolved.size) == ("data", 8)
    assert Site().resolve("data:text/plain,hello%20you", repo / "index.html", repo).size == 9


def test_configured_static_folder(repo: Path) -> None:
    (repo / "themes" / "x" / "static").mkdir(parents=True)
    (repo / "themes" / "x" / "static" / "logo.svg").write_text("<svg/>")
    site = Site((repo / "themes" / "x" / "static",))
    assert site.resolve("/logo.svg", repo / "index.html", repo).kind == "file"
    assert Site().resolve("/logo.svg", repo / "index.html", repo).kind == "missing"


@pytest.mark.parametrize("value", ["{{ .x }}", "{% t %}", "<%= x %>", "${x}"])
def test_template_syntax(value: str) -> None:
    assert has_template(value)
    assert not has_template("img/a.png")
