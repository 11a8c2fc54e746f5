from __future__ import annotations

from pathlib import Path

from perflint.findings import Severity
from tests.checking import check_tree
from tests.imagefactory import flat, png_bytes

FILES = {"img/hero.png": png_bytes(flat(1600, 900)), "img/logo.png": png_bytes(flat(160, 40))}


def findings(tmp_path: Path, body: str) -> list[tuple[Severity, str]]:
    page = f"<!doctype html><html lang=en><head><title>t</title></head><body>{body}</body></html>"
    report = check_tree(tmp_path, {**FILES, "index.html": page.encode()}, select="lcp-lazy-loaded")
    return [(finding.severity, finding.message) for finding in report.findings]


# The cases of Lighthouse's own audit tests (core/test/audits/lcp-lazy-loaded-test.js), as a page shows them.
def test_a_lazy_lcp_image_fails_as_lighthouse_fails_it(tmp_path: Path) -> None:
    [(severity, message)] = findings(tmp_path, '<img src="img/logo.png"><img src="img/hero.png" loading="lazy">')
    assert severity is Severity.WARNING
    assert message.startswith('<img src="img/hero.png"> is likely the largest thing on a phone\'s first screen')
    assert 'remove loading="lazy" and add fetchpriority="high"' in message


def test_an_eager_lcp_image_passes_lighthouse_and_only_gets_the_priority_advice(tmp_path: Path) -> None:
    [(severity, message)] = findings(tmp_path, '<img src="img/hero.png">')
    assert severity is Severity.INFO
    assert 'add fetchpriority="high"' in message
    assert findings(tmp_path, '<img src="img/hero.png" fetchpriority="high">') == []


def test_no_image_lcp_is_not_applicable(tmp_path: Path) -> None:
    assert findings(tmp_path, '<h1>Welcome</h1><img src="img/logo.png" loading="lazy">') == []


def test_an_image_below_the_viewport_is_not_applicable(tmp_path: Path) -> None:
    text = "<p>" + "word " * 400 + "</p>"
    assert findings(tmp_path, f'{text}<img src="img/hero.png" loading="lazy">') == []


def test_an_image_sized_small_by_its_attributes_is_not_the_lcp(tmp_path: Path) -> None:
    assert findings(tmp_path, '<img src="img/hero.png" width="160" height="90" loading="lazy">') == []
