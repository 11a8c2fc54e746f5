"""Which images and stylesheets the repository names, and in which files: read from every text file, by file name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from perflint.site.mentions import files_naming, is_named, names_index
from tests.checking import check_tree
from tests.imagefactory import noise_png

REFERENCES = {
    "content/post.md": b'![Team](../static/img/Team%20Photo.JPG)\n{{< figure src="hero.webp" >}}\n',
    "layouts/partials/head.html": b'<meta property="og:image" content="{{ .Site.BaseURL }}/img/share.png">',
    "assets/css/site.css": b"body { background: url('/img/bg.svg?v=2') }",
    "data/people.yaml": b"- name: Ana\n  photo: people/ana.jpeg\n",
    "src/_data/mascots.js": b'export default [{ image: "/img/mascots/possum.avif" }]',
    "layouts/_default/baseof.html": b'<link rel="stylesheet" href="/css/Site.CSS?v=3"><img src="share.png">',
}


def test_a_name_counts_in_any_text_file_and_any_form(tmp_path: Path) -> None:
    for name, data in REFERENCES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    assert set(names_index(tmp_path.resolve())) == {
        "team photo.jpg",
        "hero.webp",
        "share.png",
        "bg.svg",
        "ana.jpeg",
        "possum.avif",
        "site.css",
    }
    assert is_named(tmp_path / "anywhere" / "HERO.webp", tmp_path.resolve())
    assert not is_named(tmp_path / "static" / "unused.png", tmp_path.resolve())
    naming = files_naming(tmp_path / "static" / "img" / "share.png", tmp_path.resolve())
    assert sorted(path.relative_to(tmp_path.resolve()).as_posix() for path in naming) == [
        "layouts/_default/baseof.html",
        "layouts/partials/head.html",
    ]
    [layout] = files_naming(tmp_path / "static" / "css" / "site.css", tmp_path.resolve())
    assert layout.name == "baseof.html"


def test_a_long_word_and_a_named_pipe_do_not_stall_the_index(tmp_path: Path) -> None:
    (tmp_path / "one-word.txt").write_bytes(b"a" * 3_000_000 + b".png" + b" x.png " * 100_000)
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.md")  # opening it for reading would wait for a writer
    assert set(names_index(tmp_path.resolve())) == {"x.png"}


@pytest.mark.parametrize(("page", "noted"), [("![Hero](img/hero.png)\n", False), ("No picture here.\n", True)])
def test_an_image_error_says_when_no_file_names_the_image(tmp_path: Path, page: str, noted: bool) -> None:
    files = {"index.md": f"---\ntitle: Home\n---\n{page}".encode(), "img/hero.png": noise_png(380, 380)}
    report = check_tree(tmp_path, files, select="image-bytes")
    [finding] = report.findings
    assert finding.severity.value == "error"  # the image is published either way: the budget still holds
    assert ("no file of the site names this image: if nothing uses it, delete it instead" in finding.message) is noted
