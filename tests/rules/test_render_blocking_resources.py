from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings


def reported(tmp_path: Path, page: str, name: str = "index.html") -> list[str]:
    return [finding.message for finding in findings(tmp_path, name, page.encode(), "render-blocking-resources")]


def page(head: str, body: str = "<p>Hi</p>") -> str:
    return f"<!doctype html><html lang=en><head><title>t</title>{head}</head><body>{body}</body></html>"


def test_a_plain_script_in_the_head_is_reported(tmp_path: Path) -> None:
    [message] = reported(tmp_path, page('<script src="/js/jquery.min.js"></script>'))
    assert message.startswith('<script src="/js/jquery.min.js"> in the <head> holds back the whole page')
    assert "add defer to it (and to the scripts that use it), or async if nothing depends on it" in message


@pytest.mark.parametrize(
    "script",
    [
        '<script src="a.js" defer></script>',
        '<script src="a.js" async></script>',
        '<script src="a.js" type="module"></script>',
        '<script src="a.js" nomodule></script>',  # current browsers skip it
        '<script src="a.js" type="text/x-template"></script>',  # not run
        "<script>window.dataLayer = [];</script>",  # inline: nothing to download
    ],
)
def test_scripts_that_do_not_hold_back_the_page(tmp_path: Path, script: str) -> None:
    assert reported(tmp_path, page(script)) == []


@pytest.mark.parametrize("script_type", ["text/javascript", "application/javascript", " TEXT/JAVASCRIPT "])
def test_javascript_types_block(tmp_path: Path, script_type: str) -> None:
    assert len(reported(tmp_path, page(f'<script src="a.js" type="{script_type}"></script>'))) == 1


def test_scripts_in_the_body_are_left_alone(tmp_path: Path) -> None:
    assert reported(tmp_path, page("", '<p>Hi</p><script src="a.js"></script>')) == []


def test_the_head_ends_where_browsers_end_it_without_a_body_tag(tmp_path: Path) -> None:
    text = '<!doctype html><html><title>t</title><script src="head.js"></script><p>Hi</p><script src="b.js"></script>'
    assert ["head.js" in message for message in reported(tmp_path, text)] == [True]


def test_a_layout_fragment_is_not_checked(tmp_path: Path) -> None:
    assert reported(tmp_path, '<script src="a.js"></script>\n<nav>menu</nav>', "_includes/nav.html") == []
