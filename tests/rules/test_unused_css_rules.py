from __future__ import annotations

import random
from pathlib import Path

from tests.checking import check_tree


def stylesheet(used: int, unused: int) -> bytes:
    """Varied rules (so they do not compress to nothing): `used` for classes .u0..., `unused` for .x0..."""
    pick = random.Random(1)

    def rule(name: str) -> str:
        colour, border = pick.randrange(1 << 24), pick.randrange(1 << 24)
        return f".{name}{{margin:{pick.randrange(40)}px;color:#{colour:06x};border:1px solid #{border:06x}}}"

    return "\n".join([rule(f"u{i}") for i in range(used)] + [rule(f"x{i}") for i in range(unused)]).encode()


def page(body: str, head: str = '<link rel="stylesheet" href="css/site.css">') -> bytes:
    return f"<!doctype html><html lang=en><head><title>t</title>{head}</head><body>{body}</body></html>".encode()


def findings(tmp_path: Path, files: dict[str, bytes]) -> list[str]:
    report = check_tree(tmp_path, files, select="unused-css-rules")
    return [f"{finding.path}: {finding.message}" for finding in report.findings]


def test_a_stylesheet_whose_rules_mostly_name_nothing_on_its_pages_is_reported(tmp_path: Path) -> None:
    files = {
        "css/site.css": stylesheet(used=3, unused=2000),
        "index.html": page('<p class="u0">Hi</p>'),
        "about.html": page('<p class="u1 u2">About</p>'),
    }
    [message] = findings(tmp_path, files)
    assert "css/site.css: 2,000 of its 2,003 rules (99 % of their bytes, about " in message
    assert "style nothing on the 2 pages that load it (about.html, ...)" in message
    assert "PurgeCSS" in message and "another site" not in message


def test_names_in_the_pages_and_their_scripts_count_as_used(tmp_path: Path) -> None:
    markup = "".join(f'<p class="x{i}">t</p>' for i in range(1000))
    script = "".join(f"el.classList.add('x{i}');" for i in range(1000, 2000))
    files = {
        "css/site.css": stylesheet(used=0, unused=2000),
        "index.html": page(markup + '<script src="js/app.js"></script>'),
        "js/app.js": script.encode(),
    }
    assert findings(tmp_path, files) == []


def test_a_remote_script_is_named_in_the_finding(tmp_path: Path) -> None:
    files = {
        "css/site.css": stylesheet(used=10, unused=2000),
        "index.html": page('<p class="u0">Hi</p><script src="https://cdn.example.com/app.js"></script>'),
    }
    [message] = findings(tmp_path, files)
    assert "a script from another site that they load may add some of those names" in message


def test_not_judged_where_a_template_or_no_page_loads_it(tmp_path: Path) -> None:
    css = stylesheet(used=10, unused=2000)
    assert findings(tmp_path / "a", {"css/site.css": css, "index.html": page("{{ content }}")}) == []
    assert findings(tmp_path / "b", {"css/site.css": css}) == []
    layout = {"css/site.css": css, "index.html": page("<p>Hi</p>"), "_layouts/default.liquid": b"css/site.css"}
    assert findings(tmp_path / "c", layout) == []


def test_a_small_or_mostly_used_stylesheet_is_not(tmp_path: Path) -> None:
    markup = "".join(f'<p class="u{i}">t</p>' for i in range(2000))
    assert findings(tmp_path / "a", {"css/site.css": stylesheet(2000, 200), "index.html": page(markup)}) == []
    assert findings(tmp_path / "b", {"css/site.css": stylesheet(5, 100), "index.html": page("<p>Hi</p>")}) == []
