from __future__ import annotations

from pathlib import Path

import pytest

from tests.checking import check_tree
from tests.expectations import check_fixture, fixture_files
from tests.imagefactory import flat, png_bytes

TEAM = {"img/team.png": png_bytes(flat(120, 80))}


@pytest.mark.parametrize("name", fixture_files("img-size"))
def test_fixtures(name: str, tmp_path: Path) -> None:
    expected, actual = check_fixture("img-size", name, tmp_path, TEAM)
    assert actual == expected


def test_message_gives_the_intrinsic_size(tmp_path: Path) -> None:
    files = {
        **TEAM,
        "index.html": b'<img src="img/team.png" alt="Team">',
        "blog/post.html": b'<img src="/img/team.png">',
    }
    report = check_tree(tmp_path, files, select="img-size")
    assert [f.path.split("/")[-1] for f in report.findings] == ["post.html", "index.html"]
    for finding in report.findings:
        assert 'add width="120" height="80" (the image\'s own size)' in finding.message


def test_unknown_image_gets_generic_advice(tmp_path: Path) -> None:
    [finding] = check_tree(tmp_path, {"index.html": b'<img src="missing.png">'}, select="img-size").findings
    assert finding.message.endswith("add its width and height in pixels")


def only_message(tmp_path: Path, page: bytes, name: str = "index.html") -> str:
    [finding] = check_tree(tmp_path, {**TEAM, name: page}, select="img-size").findings
    return finding.message


@pytest.mark.parametrize(
    ("tag", "says"),
    [
        (b'<img src="img/team.png" alt="" width="60">', "has a width but no height: the page jumps when it loads"),
        (b'<img src="img/team.png" alt="" width="60">', 'add height="40" (to match width="60" and the image'),
        (b'<img src="img/team.png" alt="" height="40">', "has a height but no width: "),
        (b'<img src="img/team.png" alt="" height="40">', 'add width="60" (to match height="40" and the image'),
        (b'<img src="img/team.png" alt="" class="w-32">', "has a width but no height"),
        (b'<img src="img/team.png" alt="" class="w-32">', "add aspect-ratio: 3 / 2 to its style"),
        (b'<img src="img/team.png" alt="" class="aspect-3/2">', "has an aspect ratio but no width or height"),
        (b'<img src="img/team.png" alt="" class="aspect-3/2">', 'add width="120" (the image\'s own width)'),
        (b'<img src="missing.png" alt="" width="60">', "add its height in pixels"),
        (b'<img src="img/team.png" alt="" style="width: 100; height: auto">', "has no width and height (in its style,"),
        (
            b'<img src="img/team.png" alt="" style="width: 100; height: auto">',
            "`width: 100` needs a unit, such as 100px",
        ),
        (b'<img src="img/team.png" alt="" style="width: 100; height: auto">', "`height: auto` reserves no room)"),
        (b'<img src="img/team.png" alt="" style="width: 12rem; height: inherit">', "has a width but no height (in"),
    ],
)
def test_message_says_what_is_missing(tmp_path: Path, tag: bytes, says: str) -> None:
    assert says in only_message(tmp_path, b"<!doctype html>" + tag)


@pytest.mark.parametrize(
    ("name", "page", "fixable"),
    [
        ("index.html", b'<!doctype html><html><head></head><img src="img/team.png" alt="">', True),
        ("index.html", b'<img src="img/team.png" alt="">', False),  # a fragment: its layout's CSS may scale it
        ("index.html", b'<img src="https://cdn.example.com/team.png" alt="">', False),
        ("index.html", b'<img src="{{ .Params.image }}" alt="">', False),
        ("index.html", b'<img src="missing.png" alt="">', False),
        ("index.html", b'<img src="img/logo.svg" alt="">', False),
        ("index.html", b'<img src="img/team.png" alt="" width="60">', False),
        ("post.md", b'Text.\n\n<img src="img/team.png" alt="">\n', False),
    ],
)
def test_only_what_perflint_fix_adds_is_fixable(tmp_path: Path, name: str, page: bytes, fixable: bool) -> None:
    logo = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 10"></svg>'
    [finding] = check_tree(tmp_path, {**TEAM, "img/logo.svg": logo, name: page}, select="img-size").findings
    assert finding.fixable is fixable
    assert ("`perflint fix` adds them" in finding.message) is fixable


def test_fixable_finding_is_fixed(tmp_path: Path) -> None:
    from perflint.config import CommandLine, build_settings
    from perflint.fix.engine import fix_files

    check_tree(tmp_path, {**TEAM, "index.html": b'<!doctype html><html><head></head><img src="img/team.png" alt="">'})
    settings = build_settings(tmp_path, CommandLine())
    list(fix_files([str(tmp_path)], settings, settings.fix, dry_run=False))
    assert check_tree(tmp_path, {}, select="img-size").findings == ()
