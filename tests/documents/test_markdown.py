from __future__ import annotations

import io
from pathlib import Path

import pytest

from perflint.documents.markdown import load_markdown
from perflint.documents.source import SourceFile, Unreadable

PAGE = """---
title: "Post"
---
Intro with ![first](a.png) and ![second](b.png)
on two lines ![third](c.png).

<div>
  <img src="d.png">
</div>

Inline <img src="e.png"> html.
"""


def load(text: str, tmp_path: Path, name: str = "post.md"):  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    source = SourceFile(path, name, name, tmp_path)
    return load_markdown(source, io.BytesIO(text.encode()), len(text))


def test_images_and_html_have_file_positions(tmp_path: Path) -> None:
    doc = load(PAGE, tmp_path)
    assert [(i.alt, i.src, i.line, i.column) for i in doc.images] == [
        ("first", "a.png", 4, 12),
        ("second", "b.png", 4, 32),
        ("third", "c.png", 5, 14),
    ]
    assert [(t.attrs["src"], t.line, t.column) for t in doc.tags if t.name == "img"] == [
        ("d.png", 8, 3),
        ("e.png", 11, 8),
    ]
    assert doc.is_page


def test_no_front_matter_is_not_a_page(tmp_path: Path) -> None:
    doc = load("# README\n\n![](x.png)\n", tmp_path)
    assert not doc.is_page
    assert doc.images[0].line == 3


def test_broken_front_matter_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(Unreadable, match="front matter cannot be read"):
        load('---\ntitle: "unclosed\nlist: [\n---\nbody\n', tmp_path)


def test_json_looking_text_in_a_non_hugo_page_is_body(tmp_path: Path) -> None:
    doc = load('{"limit": oops}\n\n![](x.png)\n', tmp_path)
    assert doc.front.syntax is None
    assert len(doc.images) == 1


def test_hugo_cascade_hides_a_section(tmp_path: Path) -> None:
    section = tmp_path / "content" / "_common"
    section.mkdir(parents=True)
    (section / "_index.md").write_text("---\ncascade:\n  build:\n    render: never\n---\n")
    doc = load("---\n_comment: snippet\n---\nText\n", section, "snippet.md")
    assert doc.hidden_by_section
    assert not doc.is_page


def test_html_inside_a_template_block_is_not_page_content(tmp_path: Path) -> None:
    text = (
        "---\ntitle: RSS\n---\n{% set code %}\nclosingSingleTag: 'default', // no <img/>-style tags\n{% endset %}\n"
        '{% raw %}\n<img src="sample.png">\n{% endraw %}\n{% set width = 3 %}\n<img src="real.png">\n'
    )
    doc = load(text, tmp_path)
    assert [(tag.attrs.get("src"), tag.line) for tag in doc.tags if tag.name == "img"] == [("real.png", 11)]
