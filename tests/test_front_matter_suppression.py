"""`perflint: {ignore: [...]}` in a Markdown page's front matter turns rules off for the whole page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from perflint.suppression import Suppressions, front_matter_ignores
from tests.checking import check_tree

BODY = "\nSome text.\n\n![](/img/chart.png)\n\nMore text.\n\n![](/img/team.png)\n"
YAML = "---\ntitle: Our spring launch, with charts\n{perflint}---\n" + BODY
TOML = '+++\ntitle = "Our spring launch, with charts"\n{perflint}+++\n' + BODY


def codes(tmp_path: Path, page: str) -> list[str]:
    """Return the codes of the META103 and HTML101 findings on one page."""
    report = check_tree(tmp_path, {"content/post.md": page.encode()})
    return sorted(f.code for f in report.findings if f.code in ("META103", "HTML101"))


README = Path(__file__).parent.parent / "README.md"


@pytest.mark.parametrize("fence", ["yaml", "toml"])
def test_readme_examples_silence_what_they_say(tmp_path: Path, fence: str) -> None:
    section = README.read_text(encoding="utf-8").split("### Turning a finding off in the file\n")[1].split("\n### ")[0]
    [example] = re.findall(rf"^```{fence}\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert codes(tmp_path, example + BODY) == []
    assert codes(tmp_path, example.replace("perflint", "other-tool") + BODY) == ["HTML101", "HTML101", "META103"]


def test_without_the_key_the_page_has_both_findings(tmp_path: Path) -> None:
    assert codes(tmp_path, YAML.format(perflint="")) == ["HTML101", "HTML101", "META103"]


@pytest.mark.parametrize(
    ("template", "perflint"),
    [
        (YAML, "perflint: {ignore: [meta-description, HTML101]}\n"),
        (YAML, "perflint:\n  ignore:\n    - META103\n    - img-alt\n"),
        (TOML, '[perflint]\nignore = ["meta-description", "html101"]\n'),
        (TOML, 'perflint = { ignore = ["META103", "IMG-ALT"] }\n'),
    ],
)
def test_names_and_codes_turn_rules_off_everywhere_in_the_page(tmp_path: Path, template: str, perflint: str) -> None:
    assert codes(tmp_path, template.format(perflint=perflint)) == []


def test_json_front_matter(tmp_path: Path) -> None:
    page = '{"title": "Our spring launch, with charts", "perflint": {"ignore": ["img-alt"]}}\n' + BODY
    assert codes(tmp_path, page) == ["META103"]


def test_only_the_named_rules_are_off(tmp_path: Path) -> None:
    assert codes(tmp_path, YAML.format(perflint="perflint: {ignore: [img-alt]}\n")) == ["META103"]


def test_unknown_names_are_ignored(tmp_path: Path) -> None:
    page = YAML.format(perflint="perflint: {ignore: [no-such-rule, XYZ999, img-alt]}\n")
    assert codes(tmp_path, page) == ["META103"]


def test_another_page_keeps_its_findings(tmp_path: Path) -> None:
    quiet = YAML.format(perflint="perflint: {ignore: [img-alt, meta-description]}\n").encode()
    report = check_tree(tmp_path, {"content/quiet.md": quiet, "content/loud.md": YAML.format(perflint="").encode()})
    assert {f.path.rsplit("/", 1)[1] for f in report.findings if f.code in ("META103", "HTML101")} == {"loud.md"}


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, frozenset()),
        ({"perflint": {"ignore": ["Img-Alt", "META103"]}}, {"img-alt", "meta103"}),
        ({"perflint": {"ignore": "img-alt, img-size"}}, {"img-alt", "img-size"}),
        ({"perflint": {"ignore": ["img-alt", 3, None, ["x"]]}}, {"img-alt"}),
        ({"perflint": {"ignore": ["*"]}}, frozenset()),  # every rule at once is exclude's job
        ({"perflint": ["img-alt"]}, frozenset()),
        ({"perflint": {"ignore": {"img-alt": True}}}, frozenset()),
        ({"perflint": None}, frozenset()),
    ],
)
def test_front_matter_ignores(data: dict[str, object], expected: frozenset[str]) -> None:
    assert front_matter_ignores(data) == expected


def test_everywhere_covers_every_line_and_the_whole_file() -> None:
    suppressions = Suppressions(everywhere=frozenset({"img-alt"}))
    assert all(suppressions.covers(("img-alt", "HTML101"), line) for line in (None, 1, 500))
    assert not suppressions.covers(("img-size", "HTML103"), 1)
