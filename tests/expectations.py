"""Fixture files mark the findings they expect inline, markdownlint style.

A comment holding `expect: RULE` (several: `expect: RULE, RULE`) on a line says that `RULE`
reports a finding on that line: `<!-- expect: img-alt -->` in HTML and Markdown,
`/* expect: css-import */` in CSS, `# expect: meta-title` in YAML front matter. Where a line
cannot hold a comment (a front-matter fence, JSON), `expect@N: RULE` elsewhere marks line N.
Every other line must stay silent.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from perflint.config import CommandLine, build_settings
from perflint.engine import run_check

FIXTURES = Path(__file__).resolve().parent / "fixtures"
_EXPECT = re.compile(r"expect(?:@(\d+))?:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)")
PAGE_SUFFIXES = (".html", ".htm", ".md", ".markdown", ".css")


def expected(path: Path) -> set[tuple[int, str]]:
    """Return the (line, rule) pairs a fixture file marks."""
    marks = set()
    for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
        for match in _EXPECT.finditer(line):
            at = int(match.group(1)) if match.group(1) else number
            marks.update((at, rule.strip()) for rule in match.group(2).split(","))
    return marks


def fixture_files(rule: str) -> list[str]:
    """Return the fixture pages of a rule, relative to its fixture folder."""
    folder = FIXTURES / rule
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.suffix in PAGE_SUFFIXES)


def check_fixture(
    rule: str, name: str, tmp_path: Path, assets: dict[str, bytes] | None = None
) -> tuple[set[tuple[int, str]], set[tuple[int, str]]]:
    """Check one fixture page with `rule` alone; return (expected, actual) (line, rule) pairs.

    The rule's fixture folder is copied whole, so pages find the stylesheets beside them, and
    its perflint.toml (if any) applies. `assets` (e.g. images made with tests.imagefactory) are
    written into the copy first: no binary fixtures are committed.
    """
    site = tmp_path / rule
    shutil.copytree(FIXTURES / rule, site)
    for asset, data in (assets or {}).items():
        (site / asset).parent.mkdir(parents=True, exist_ok=True)
        (site / asset).write_bytes(data)
    if not (site / "perflint.toml").exists():
        (site / "perflint.toml").write_text("")
    report = run_check([str(site / name)], build_settings(site, CommandLine(select=(rule,))))
    marks = {(line, marked) for line, marked in expected(site / name) if marked == rule}
    return marks, {(finding.line or 0, finding.rule) for finding in report.findings}
