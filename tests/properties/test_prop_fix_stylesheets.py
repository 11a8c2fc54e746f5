"""Minify any stylesheet: never bigger, a fixed point, and the same rules and declarations when re-parsed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tinycss2
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perflint.css.minify import minify, source_map_comments
from perflint.documents.source import SourceFile
from perflint.documents.text import decode
from perflint.fix.proposal import Proposal
from perflint.fix.stylesheets import propose_css
from perflint.fix_options import FixOptions
from perflint.rules import css_unminified
from perflint.site import Site
from perflint.site.model import SiteModel
from perflint.sizes import ByteSize
from tests.properties.strategies import ENCODINGS, css_soup, large_stylesheets, source_in, stylesheets

Options = css_unminified.RULE.options
FIX_OPTIONS = st.builds(FixOptions, css=st.sampled_from(["in-place", "sibling"]))


def shape(css: str) -> list[Any]:
    """Describe a stylesheet's rules as tinycss2 parses them: kinds, at-keywords, preludes, declarations.

    Whitespace and comments are left out, and numbers compared by value, so a minified copy has the same shape.
    """
    rules = [_rule_shape(rule) for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    while rules and rules[-1] == ("error", "invalid"):  # a stray `;` at the very end, which nothing follows
        rules.pop()
    return rules


def _rule_shape(rule: Any) -> Any:
    if rule.type == "error":
        return ("error", rule.kind)
    if rule.type == "declaration":
        return ("declaration", rule.lower_name, list(_tokens(rule.value)), rule.important)
    at = rule.lower_at_keyword if rule.type == "at-rule" else None
    content = None
    if rule.content is not None:
        nested = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
        content = [_rule_shape(item) for item in nested]
    return (rule.type, at, list(_tokens(rule.prelude)), content)


def _tokens(nodes: list[Any]) -> Iterator[Any]:
    for node in nodes:
        if node.type in ("whitespace", "comment"):
            continue
        if node.type in ("number", "percentage", "dimension"):
            yield (node.type, float(node.value), getattr(node, "lower_unit", None))
        elif node.type == "function":
            yield ("function", node.lower_name, list(_tokens(node.arguments)))
        elif node.type.endswith("block"):
            yield (node.type, list(_tokens(node.content)))
        else:
            yield (node.type, getattr(node, "value", None))


@settings(max_examples=200, deadline=None)
@example(css="@import url(more.css); ")
@given(css=stylesheets())
def test_minify_is_a_fixed_point(css: str) -> None:
    once = minify(css)
    assert minify(once) == once


@settings(max_examples=150, deadline=None)
@given(css=st.one_of(stylesheets(), large_stylesheets))
def test_minified_stylesheet_has_the_same_rules(css: str) -> None:
    minified = minify(css)
    assert len(minified) <= len(css) + sum(len(comment) + 1 for comment in source_map_comments(css))
    assert shape(minified) == shape(css)


def check_fix(source: SourceFile, original: bytes, thresholds: Any, options: FixOptions) -> None:
    """Fix a stylesheet a page loads, check the result, and check that fixing it again changes nothing."""
    source.path.write_bytes(original)
    proposal = propose_css(source, original, thresholds, options, Site(), SiteModel(None))
    if proposal is None:
        return
    assert isinstance(proposal, Proposal)
    saving = len(original) - len(proposal.data)
    assert saving > 0 and saving >= thresholds.min_saving
    before = decode(original)
    bom = original[: len(original) - len(before.text.encode(before.encoding))]
    assert proposal.data == bom + minify(before.text).encode(before.encoding)  # same encoding, same BOM
    assert shape(decode(proposal.data).text) == shape(before.text)
    if options.css == "sibling":
        assert proposal.sibling == source.path.with_name("site.min.css") and proposal.text is None
    else:
        assert proposal.sibling is None and proposal.text == (before.text, minify(before.text))
    assert propose_css(source, proposal.data, thresholds, options, Site(), SiteModel(None)) is None


@pytest.fixture(scope="module")
def styled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site whose page loads `site.css`: the stylesheet the tests fix, in place or as a copy the page loads."""
    site = tmp_path_factory.mktemp("styled")
    (site / "index.html").write_text('<link rel="stylesheet" href="site.css">\n')
    return site


@settings(max_examples=100, deadline=None)
@given(css=st.one_of(css_soup, large_stylesheets), encoding=ENCODINGS, options=FIX_OPTIONS)
def test_stylesheet_fix(styled_site: Path, css: str, encoding: str, options: FixOptions) -> None:
    check_fix(source_in(styled_site, "site.css"), css.encode(encoding, errors="replace"), Options(), options)


@settings(max_examples=100, deadline=None)
@example(css="", encoding="utf-8", options=FixOptions())
@example(css="/*! licence */", encoding="utf-8", options=FixOptions())
@given(css=st.one_of(css_soup, stylesheets()), encoding=ENCODINGS, options=FIX_OPTIONS)
def test_stylesheet_fix_without_thresholds(styled_site: Path, css: str, encoding: str, options: FixOptions) -> None:
    original = css.encode(encoding, errors="replace")
    check_fix(source_in(styled_site, "site.css"), original, Options(min_saving=ByteSize(0), min_percent=0.0), options)
