from __future__ import annotations

from pathlib import Path

import pytest

from tests.expectations import FIXTURES, check_fixture, fixture_files
from tests.imagefactory import flat, png_bytes

ASSETS = {"img/share.png": png_bytes(flat(120, 63))}


@pytest.mark.parametrize("name", fixture_files("meta-title"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("meta-title", name, tmp_path, ASSETS)
    assert actual == expected


def test_the_page_title_is_not_one_inside_a_template_element(tmp_path: Path) -> None:
    import io

    from perflint.documents.html import load_html
    from perflint.documents.source import SourceFile

    page = tmp_path / "index.html"
    page.write_bytes((FIXTURES / "meta-title" / "title-after-template.html").read_bytes())
    source = SourceFile(page, "index.html", "index.html", tmp_path)
    doc = load_html(source, io.BytesIO(page.read_bytes()), page.stat().st_size)
    title = doc.title()
    assert title is not None and title.text == "Pricing for small teams | Acme"
