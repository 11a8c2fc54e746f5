from __future__ import annotations

from pathlib import Path

import pytest

from perflint.html.tokenizer import Tag
from perflint.rules.image_responsive import shown_width, sizes_width
from perflint.sizes import format_size
from tests.checking import check_tree
from tests.expectations import check_fixture, fixture_files
from tests.imagefactory import flat, jpeg_bytes, photo, png_bytes

WIDE = jpeg_bytes(photo(1600, 1000))
ASSETS = {
    "img/wide.jpg": WIDE,
    "img/w800.jpg": jpeg_bytes(photo(800, 500)),
    "img/flat.png": png_bytes(flat(1200, 300), optimize=True),
    "img/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="1000"></svg>',
}


@pytest.mark.parametrize("name", fixture_files("image-responsive"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("image-responsive", name, tmp_path, ASSETS)
    assert actual == expected


def test_message_gives_the_widths_the_estimated_saving_and_the_fix(tmp_path: Path) -> None:
    files = {**ASSETS, "index.html": b'<img src="img/wide.jpg" width="600" alt="Team">'}
    [finding] = check_tree(tmp_path, files, select="image-responsive").findings
    assert finding.code == "PAGE102"
    assert finding.severity.value == "warning"
    saving = round(len(WIDE) * (1 - (1200 / 1600) ** 2))
    assert finding.message == (
        f'<img src="img/wide.jpg"> loads img/wide.jpg, which is 1600 px wide, but the page shows it 600 px wide: '
        f"about {format_size(saving)} of its {format_size(len(WIDE))} could be saved; "
        f"export it at 1200 px wide, or add a srcset with smaller versions"
    )


def test_width_descriptor_mismatch_names_the_descriptor(tmp_path: Path) -> None:
    files = {**ASSETS, "index.html": b'<img srcset="img/wide.jpg 600w, img/w800.jpg 800w" sizes="100vw" alt="">'}
    [finding] = check_tree(tmp_path, files, select="image-responsive").findings
    assert "loads img/wide.jpg, which is 1600 px wide, but its srcset calls it 600w" in finding.message
    assert finding.message.endswith("export it at 600 px wide to match, or correct the descriptor to 1600w")


def test_options_set_the_density_and_the_smallest_saving(tmp_path: Path) -> None:
    files = {**ASSETS, "index.html": b'<img src="img/wide.jpg" width="600" alt="">'}
    assert (
        check_tree(tmp_path, files, "[rules.image-responsive]\nmax-density = 3.0\n", "image-responsive").findings == ()
    )
    config = '[rules.image-responsive]\nmin-saving = "1 MiB"\n'
    assert check_tree(tmp_path, files, config, "image-responsive").findings == ()
    [finding] = check_tree(
        tmp_path, files, "[rules.image-responsive]\nmax-density = 1.0\n", "image-responsive"
    ).findings
    assert "export it at 600 px wide" in finding.message


def test_one_finding_per_file_per_tag(tmp_path: Path) -> None:
    html = b'<img src="img/wide.jpg" srcset="img/wide.jpg 1x, img/wide.jpg 1.5x" width="300" alt="">'
    assert len(check_tree(tmp_path, {**ASSETS, "index.html": html}, select="image-responsive").findings) == 1


def test_many_images_stay_fast(tmp_path: Path) -> None:
    tags = "".join(f'<img src="img/wide.jpg" srcset="img/w{i}.jpg 2x" width="{i % 900 + 1}">\n' for i in range(10_000))
    report = check_tree(tmp_path, {**ASSETS, "index.html": tags.encode()}, select="image-responsive")
    shown = [i % 900 + 1 for i in range(10_000)]
    assert len(report.findings) == sum(1 for w in shown if len(WIDE) * (1 - (2 * w / 1600) ** 2) >= 4096)


def tag(**attrs: str) -> Tag:
    return Tag("img", attrs, 1, 1, 0, 0, False)


@pytest.mark.parametrize(
    ("attrs", "width"),
    [
        ({"width": "600"}, 600.0),
        ({"width": " 600px "}, 600.0),
        ({"width": "0"}, None),
        ({"width": "50%"}, None),
        ({"width": "auto"}, None),
        ({"width": "600", "style": "width: 100%"}, None),
        ({"width": "600", "style": "max-width: 100%"}, 600.0),
        ({"style": "width:320px !important"}, 320.0),
        ({"style": "width: 20em"}, None),
        ({"sizes": "(max-width: 600px) 100vw, 800px"}, 800.0),
        ({"sizes": "(max-width: 600px) 50vw, (max-width: 1000px) 400px, 500px"}, 500.0),
        ({"sizes": "(min-width: 1200px) 1100px, 90vw"}, None),
        ({"sizes": "(min-width: 1200px) 1100px, (max-width: 1199px) 90vw"}, 1100.0),
        ({"sizes": "(min-width: 800px) 700px, 300PX"}, 700.0),
        ({"width": "50VW"}, None),
        ({"sizes": "calc(100vw - 2rem)"}, None),
        ({"sizes": "auto"}, None),
    ],
)
def test_shown_width(attrs: dict[str, str], width: float | None) -> None:
    assert shown_width(tag(**attrs)) == width


def test_sizes_width_of_empty_sizes() -> None:
    assert sizes_width("") is None
    assert sizes_width(" , ") is None


def test_markdown_and_front_matter_images_are_not_checked(tmp_path: Path) -> None:
    # The layout decides how wide they show: up to the whole window, so no width is too wide for sure.
    post = b"---\ntitle: Post\ncover:\n  image: img/huge.jpg\n---\n![Wide](img/huge.jpg)\n"
    files = {"img/huge.jpg": jpeg_bytes(photo(3200, 400)), "post.md": post}
    assert check_tree(tmp_path, files, select="image-responsive").findings == ()
    files["post.md"] = post + b'<img src="img/huge.jpg" width="800" alt="Wide">\n'
    [finding] = check_tree(tmp_path, files, select="image-responsive").findings
    assert finding.line == 7


def phone_page(body: str, style: str = "", viewport: str = "width=device-width, initial-scale=1") -> bytes:
    meta = f'<meta name="viewport" content="{viewport}">' if viewport else ""
    head = f"<title>t</title>{meta}<style>{style}</style>"
    return f"<!doctype html><html lang=en><head>{head}</head><body>{body}</body></html>".encode()


def phone_findings(tmp_path: Path, page: bytes) -> list[str]:
    report = check_tree(tmp_path, {**ASSETS, "index.html": page}, select="image-responsive")
    return [finding.message for finding in report.findings]


def test_a_phone_shows_a_fluid_image_at_most_as_wide_as_itself(tmp_path: Path) -> None:
    """Lighthouse's phone is 412 CSS px wide at 1.75 device pixels: a 1600 px file needs only 721 of them."""
    [message] = phone_findings(tmp_path, phone_page('<img src="img/wide.jpg" alt="">', "img { max-width: 100% }"))
    waste = round(len(WIDE) * (1 - (721 / 1600) ** 2))
    assert message == (
        '<img src="img/wide.jpg"> loads a file 1600 px wide, but a phone shows it at most 412 px wide '
        f"(max-width: 100% in its CSS), which takes 721 px on its screen: a phone downloads about "
        f"{format_size(waste)} of its {format_size(len(WIDE))} for nothing; add a srcset that offers a version "
        "721 px wide (with sizes saying how wide the page shows it), so phones download that one; "
        "`perflint fix --unsafe-fixes` writes one where it comes out smaller"
    )


@pytest.mark.parametrize(
    ("body", "style", "limit"),
    [
        ('<img src="img/wide.jpg" class="img-fluid">', ".img-fluid { max-width: 100%; height: auto }", "100%"),
        ('<img src="img/wide.jpg" style="width: 50vw">', "", "50vw"),
        ('<img src="img/wide.jpg" width="1200">', "img { max-width: 100% }", "100%"),  # the attribute is wider
        ('<img src="img/wide.jpg">', "@media print { img { max-width: none } } img { max-width: 100% }", "100%"),
        ('<img src="img/wide.jpg">', "@media (max-width: 767px) { img { max-width: 90vw } }", "90vw"),
        (
            '<img src="img/wide.jpg">',
            "img { max-width: 100% } @media (min-width: 768px) { img { max-width: none } }",
            "100%",
        ),
    ],
)
def test_limits_that_surely_apply(tmp_path: Path, body: str, style: str, limit: str) -> None:
    [message] = phone_findings(tmp_path, phone_page(body, style))
    assert f"{limit} in its CSS" in message


@pytest.mark.parametrize(
    ("body", "style", "viewport"),
    [
        ('<img src="img/wide.jpg">', "", "width=device-width"),  # nothing limits it: it shows 1600 px wide
        ('<main><img src="img/wide.jpg"></main>', "main img { max-width: 100% }", "width=device-width"),  # may not
        (
            '<img src="img/wide.jpg" class="hero">',
            "img { max-width: 100% } .hero { max-width: none }",
            "width=device-width",
        ),
        ('<img src="img/wide.jpg">', "img { max-width: 100%; min-width: 900px }", "width=device-width"),
        ('<img src="img/wide.jpg">', "img { max-width: 100% }", ""),  # laid out 980 px wide
        (
            '<img src="img/wide.jpg" srcset="img/w800.jpg 800w, img/wide.jpg 1600w">',
            "img { max-width: 100% }",
            "width=device-width",
        ),
        ('<img src="img/flat.png">', "img { max-width: 100% }", "width=device-width"),  # tiny in bytes
        (
            '<picture><source srcset="img/w800.jpg"><img src="img/wide.jpg"></picture>',
            "img{max-width:100%}",
            "width=device-width",
        ),
    ],
)
def test_no_phone_finding_without_a_sure_limit_or_a_real_saving(
    tmp_path: Path, body: str, style: str, viewport: str
) -> None:
    assert phone_findings(tmp_path, phone_page(body, style, viewport)) == []


def test_a_width_the_page_gives_everywhere_is_judged_once(tmp_path: Path) -> None:
    """width="300": the page shows it 300 px wide on every screen, which the 2x check judges; the phone adds nothing."""
    [message] = phone_findings(tmp_path, phone_page('<img src="img/wide.jpg" width="300">', "img { max-width: 100% }"))
    assert "the page shows it 300 px wide" in message


@pytest.mark.parametrize(
    ("config_file", "maker"),
    [
        ("hugo.toml", "; Hugo makes them with its image processing (`.Resize` in an image render hook)"),
        ("astro.config.mjs", "; Astro makes them with its <Image> and <Picture> components"),
        ("mkdocs.yml", ""),
    ],
)
def test_a_markdown_page_is_told_what_its_generator_offers(tmp_path: Path, config_file: str, maker: str) -> None:
    """`perflint fix` edits no Markdown: the generator's own way of making smaller versions is the advice."""
    folder = {"hugo.toml": "content", "astro.config.mjs": "src/content", "mkdocs.yml": "docs"}[config_file]
    files = {
        config_file: b"",
        f"{folder}/img/wide.jpg": WIDE,
        f"{folder}/post.md": b'---\ntitle: Post\n---\n<img src="img/wide.jpg" width="600" alt="Team">\n',
    }
    [finding] = check_tree(tmp_path, files, select="image-responsive").findings
    assert finding.message.endswith(f"export it at 1200 px wide, or add a srcset with smaller versions{maker}")
