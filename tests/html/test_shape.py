"""Whether width and height attributes keep an image's rendered shape, from the CSS that applies to it."""

from __future__ import annotations

import pytest

from perflint.html import sizing
from perflint.html.shape import attributes_keep_shape
from perflint.html.sizing import PageStyles
from tests.html.test_sizing import img

NAMES = frozenset({"img", "div", ".gallery", ".hero", ".thumb", "#logo"})


def keeps(css: str, tag: str = '<img src="a.jpg" class="hero">', complete: bool = True) -> bool:
    styles = PageStyles(sizing.index(sizing.size_rules(css)), complete)
    return attributes_keep_shape(img(tag), styles, NAMES)


@pytest.mark.parametrize(
    ("css", "kept"),
    [
        pytest.param("", True, id="no CSS: it renders at its own size"),
        pytest.param("img { border: 1px solid }", True, id="no size in the CSS"),
        pytest.param("img { max-width: 100% }", False, id="width scaled, no height"),
        pytest.param(".gallery img { width: 100% }", False, id="width scaled in a context"),
        pytest.param("@media (max-width: 600px) { .hero { max-width: 100% } }", False, id="scaled on phones only"),
        pytest.param("img { max-width: 100%; height: auto }", True, id="height auto in the same rule"),
        pytest.param(".gallery img { width: 100%; height: auto }", True, id="same rule in a context"),
        pytest.param(".gallery img { width: 100% } img { height: auto }", True, id="a sure height elsewhere"),
        pytest.param(".gallery img { width: 100% } .gallery img { height: auto }", False, id="height only maybe"),
        pytest.param(".thumb { height: 120px; width: 100% }", True, id="no .thumb class: does not apply"),
        pytest.param("img { max-width: none; width: auto }", True, id="auto and none scale nothing"),
        pytest.param(".hero { width: 320px; height: 200px; object-fit: cover }", True, id="both set by CSS"),
    ],
)
def test_css_decides(css: str, kept: bool) -> None:
    assert keeps(css) is kept


def test_the_style_attribute_counts() -> None:
    assert not keeps("", '<img src="a.jpg" style="max-width: 100%">')
    assert keeps("img { max-width: 100% }", '<img src="a.jpg" style="height: auto">')


def test_styles_perflint_cannot_read_may_scale_anything() -> None:
    assert not keeps("", complete=False)
