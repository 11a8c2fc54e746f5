from __future__ import annotations

from pathlib import Path

import pytest

from perflint.findings import Finding
from tests.checking import check_tree, findings
from tests.expectations import check_fixture, fixture_files


@pytest.mark.parametrize("name", fixture_files("img-alt"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("img-alt", name, tmp_path)
    assert actual == expected


def test_message_says_what_to_do(tmp_path: Path) -> None:
    [finding] = findings(tmp_path, "index.html", b'<img src="team.jpg">', "img-alt")
    assert finding.code == "HTML101"
    assert (finding.line, finding.column) == (1, 1)
    assert finding.message.startswith('<img src="team.jpg"> has no alt attribute: screen readers')
    assert 'alt=""' in finding.message


HUGO = b'baseURL = "https://example.com/"\ntitle = "Example"\n'


def figure_findings(
    tmp_path: Path, page: bytes, config: bytes = HUGO, extra: dict[str, bytes] | None = None
) -> list[Finding]:
    files = {"hugo.toml": config, "content/post.md": b"---\ntitle: Post\n---\n\n" + page, **(extra or {})}
    return list(check_tree(tmp_path, files, select="img-alt").findings)


def test_hugo_figure_without_alt_is_an_error(tmp_path: Path) -> None:
    [finding] = figure_findings(tmp_path, b'Text.\n\n{{< figure src="/img/team.jpg" >}}\n')
    assert finding.severity.value == "error"
    assert (finding.line, finding.column) == (7, 1)
    assert finding.message == (
        '{{< figure src="/img/team.jpg" >}} has no alt or caption: Hugo publishes its image without an alt '
        'attribute, so screen readers cannot tell what it shows; add alt="what the image shows" to the shortcode'
    )


def test_hugo_figure_with_an_empty_alt(tmp_path: Path) -> None:
    [finding] = figure_findings(tmp_path, b'{{% figure src="/img/rule.svg" alt="" %}}\n')
    assert finding.message.startswith('{{% figure src="/img/rule.svg" %}} has an empty alt: Hugo publishes')


def test_figure_drawn_by_a_theme_is_a_warning(tmp_path: Path) -> None:
    theme = {"themes/paper/layouts/shortcodes/figure.html": b'<img src="{{ .Get "src" }}" alt="{{ .Get "alt" }}">'}
    [finding] = figure_findings(tmp_path, b'{{< figure src="/img/team.jpg" >}}\n', HUGO + b'theme = "paper"\n', theme)
    assert finding.severity.value == "warning"
    assert "the theme's figure shortcode (which perflint does not read)" in finding.message


@pytest.mark.parametrize(
    "config",
    [
        HUGO + b'theme = "missing"\n',  # a git submodule not checked out
        HUGO + b'[module]\n[[module.imports]]\npath = "github.com/example/theme"\n',
    ],
)
def test_figure_of_a_theme_not_in_the_repository_is_a_warning(tmp_path: Path, config: bytes) -> None:
    [finding] = figure_findings(tmp_path, b'{{< figure src="/img/team.jpg" >}}\n', config)
    assert finding.severity.value == "warning"


def test_site_figure_shortcode_is_the_sites_own(tmp_path: Path) -> None:
    own = {"layouts/_shortcodes/figure.html": b'<img src="{{ .Get "src" }}" alt="{{ .Get "alt" }}">'}
    [finding] = figure_findings(tmp_path, b'{{< figure src="/img/team.jpg" >}}\n', extra=own)
    assert finding.severity.value == "warning"


def test_figure_outside_a_hugo_site_is_not_an_image(tmp_path: Path) -> None:
    page = b'---\ntitle: Post\n---\n\n{{< figure src="/img/team.jpg" >}}\n'
    assert check_tree(tmp_path, {"post.md": page}, select="img-alt").findings == ()


def test_figure_scan_takes_linear_time() -> None:
    import time

    from perflint.rules.img_alt import hugo_figures

    for hostile in ("`" * 200_000, "```\n" * 50_000, "{{< figure " * 50_000, "<!--" * 50_000, "` `` " * 50_000):
        started = time.perf_counter()
        list(hugo_figures(hostile))
        assert time.perf_counter() - started < 2, hostile[:10]


def test_params_theme_is_not_a_hugo_theme(tmp_path: Path) -> None:
    config = HUGO + b'\n[params]\n  theme = "dark"\n'
    extra = {"config/_default/params.toml": b'theme = "light"\n'}
    [finding] = figure_findings(tmp_path, b'{{< figure src="/img/team.jpg" >}}\n', config, extra)
    assert finding.severity.value == "error"


def test_generator_named_in_config_counts(tmp_path: Path) -> None:
    files = {"content/post.md": b'---\ntitle: Post\n---\n\n{{< figure src="/img/team.jpg" >}}\n'}
    [finding] = check_tree(tmp_path, files, config='generator = "hugo"\n', select="img-alt").findings
    assert finding.severity.value == "error"
