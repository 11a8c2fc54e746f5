from __future__ import annotations

from pathlib import Path

from perflint.html.fold import SCREENFUL
from tests.checking import check_tree
from tests.imagefactory import flat, noise_png, png_bytes

TEXT = "<p>" + "word " * (SCREENFUL // 5 + 1) + "</p>"
FILES = {"img/team.png": noise_png(64, 64), "img/dot.png": png_bytes(flat(4, 4))}


def findings(tmp_path: Path, body: str, head: str = "", name: str = "index.html") -> list[str]:
    page = f"<!doctype html><html lang=en><head><title>t</title>{head}</head><body>{body}</body></html>"
    report = check_tree(tmp_path, {**FILES, name: page.encode()}, select="offscreen-images")
    return [f"{finding.line}: {finding.message}" for finding in report.findings]


def test_an_image_after_a_screenful_of_text_is_reported_with_its_bytes(tmp_path: Path) -> None:
    [message] = findings(tmp_path, f'{TEXT}\n<img src="img/team.png" alt="Team">')
    assert message.startswith('2: <img src="img/team.png"> comes after more text than fills a phone\'s first screen')
    assert "phones download it (12.1 KiB) as the page loads" in message
    assert 'add loading="lazy"' in message


def test_an_image_near_the_top_is_not(tmp_path: Path) -> None:
    assert findings(tmp_path, f'<img src="img/team.png" alt="Team">{TEXT}') == []


def test_a_loading_choice_a_script_loader_and_a_tiny_file_are_left_alone(tmp_path: Path) -> None:
    body = TEXT + "".join(
        [
            '<img src="img/team.png" loading="lazy">',
            '<img src="img/team.png" loading="eager">',
            '<img src="img/team.png" data-src="img/big.png">',
            '<img src="img/team.png" class="lazyload">',
            '<img src="img/dot.png">',
            '<img src="https://example.com/remote.png">',
        ]
    )
    assert findings(tmp_path, body) == []


def test_text_hidden_by_the_stylesheet_does_not_push_it_down(tmp_path: Path) -> None:
    head = "<style>.tabs .pane { display: none }</style>"
    assert findings(tmp_path, f'<div class="pane">{TEXT}</div><img src="img/team.png">', head) == []


def test_a_page_with_templating_is_not_judged(tmp_path: Path) -> None:
    assert findings(tmp_path, f'{TEXT}<img src="img/team.png">{{{{ footer }}}}') == []
