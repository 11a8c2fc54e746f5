from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import findings


def messages(tmp_path: Path, name: str, text: str) -> list[str]:
    return [finding.message for finding in findings(tmp_path, name, text.encode(), "font-display")]


# From Lighthouse's tests of its font-display audit (core/test/audits/font-display-test.js).
LIGHTHOUSE_FAILS = """
@font-face {
  /* try with " */
  src: url("./font-a.woff");
}
@font-face {
  font-display: 'optional'; /* invalid quotes, should still fail for being invalid rule */
  src: url('../font-b.woff');
}
"""
LIGHTHOUSE_PASSES = """
@font-face {
  src: url(font-0.woff);
  font-display: swap
}
@font-face {src: url(font-1.woff);font-display   : fallback
}
@font-face {
  src: url(font-2.woff);
  font-display:optional}
@font-face {
  src: url(font-3.woff);
  font-display    :  swap  ;  }
@font-face {src: url(font-4.woff);font-display:swap;}
@font-face {src: url(font-5.woff);font-display:block;}
"""


def test_faces_lighthouse_fails_are_reported(tmp_path: Path) -> None:
    found = messages(tmp_path, "fonts.css", LIGHTHOUSE_FAILS)
    assert len(found) == 2
    assert found[0].startswith("this web font has no font-display, so text set in it stays invisible until it arrives")
    assert found[0].endswith("add font-display: swap to its @font-face")


def test_faces_lighthouse_passes_are_not(tmp_path: Path) -> None:
    assert messages(tmp_path, "fonts.css", LIGHTHOUSE_PASSES) == []


def test_message_names_the_family_and_a_display_that_hides_text(tmp_path: Path) -> None:
    text = '@media screen { @font-face { font-family: "Brand Sans"; src: url(b.woff2); font-display: auto } }'
    [message] = messages(tmp_path, "site.css", text)
    assert message.startswith('the web font "Brand Sans" has font-display: auto, so text set in it stays invisible')


@pytest.mark.parametrize(
    "face",
    [
        "@font-face { font-family: Local; src: local(Arial) }",  # an installed font: nothing downloaded
        "@font-face { font-family: Old; src: url(old.eot) }",  # a format no current browser reads
        "@font-face { font-family: None }",
    ],
)
def test_faces_that_download_nothing_are_left_alone(tmp_path: Path, face: str) -> None:
    assert messages(tmp_path, "site.css", face) == []


def test_style_blocks_and_their_positions(tmp_path: Path) -> None:
    page = "<!doctype html><html><head><style>\n  @font-face { src: url(a.woff2) }\n</style></head></html>"
    [finding] = findings(tmp_path, "index.html", page.encode(), "font-display")
    assert (finding.line, finding.column) == (2, 3)


@pytest.mark.parametrize(
    ("href", "reported"),
    [
        ("https://fonts.googleapis.com/css2?family=Roboto:wght@400;700", True),
        ("https://fonts.googleapis.com/css?family=Open+Sans&display=auto", True),
        ("https://fonts.googleapis.com/css2?family=Roboto&display=swap", False),
        ("//fonts.googleapis.com/css?family=Lato&display=fallback", False),
        ("https://example.com/css?family=Roboto", False),
    ],
)
def test_google_fonts_without_a_display_parameter(tmp_path: Path, href: str, reported: bool) -> None:
    page = f'<!doctype html><html><head><link rel="stylesheet" href="{href}"></head></html>'
    css = f'@import url("{href}");'
    for name, text in (("index.html", page), ("site.css", css)):
        found = messages(tmp_path, name, text)
        assert len(found) == reported
        assert all("does not ask for display=swap" in message and "add &display=swap" in message for message in found)
