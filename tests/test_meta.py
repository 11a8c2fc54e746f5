"""Keep the registry, the generated docs, the README and the hook manifest in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from docs.generate import expected_docs
from perflint.kinds import IMAGE_EXTENSIONS, TEXT_EXTENSIONS
from perflint.rules import RULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
HOOKS = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


def test_rule_docs_are_generated_from_the_rules() -> None:
    for path, text in expected_docs().items():
        assert path.exists(), f"{path.name} is missing: run python docs/generate.py"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run python docs/generate.py"
    generated = {path.name for path in expected_docs()}
    assert {p.name for p in (ROOT / "docs" / "rules").glob("*.md")} == generated


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.name)
def test_readme_rules_table_lists_every_rule(rule) -> None:  # type: ignore[no-untyped-def]
    assert f"| `{rule.code}` | [`{rule.name}`](docs/rules/{rule.name}.md) |" in README


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda rule: rule.name)
def test_rule_docs_have_the_three_parts(rule) -> None:  # type: ignore[no-untyped-def]
    for heading in ("## What it does", "## Why is this bad?", "## Example"):
        assert heading in rule.docs


def test_codes_and_names_are_unique_and_well_formed() -> None:
    codes = [rule.code for rule in RULES.values()]
    assert len(set(codes)) == len(codes)
    for rule in RULES.values():
        assert re.fullmatch(r"[A-Z]+[0-9]{3}", rule.code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


def test_hook_files_pattern_covers_every_checked_extension() -> None:
    patterns = re.findall(r"^\s*files: (.+)$", HOOKS, re.MULTILINE)
    assert len(patterns) == 2
    for pattern in patterns:
        for extension in [*IMAGE_EXTENSIONS, *TEXT_EXTENSIONS]:
            assert re.search(pattern, f"static/x{extension.upper()}"), extension
        assert not re.search(pattern, "script.js")


def test_readme_shows_every_hook() -> None:
    for hook_id in re.findall(r"^- id: (\S+)$", HOOKS, re.MULTILINE):
        assert f"- id: {hook_id}" in README


def test_readme_config_example_is_valid(tmp_path: Path) -> None:
    from perflint.config import CommandLine, build_settings

    [example] = re.findall(r"```toml\n(# perflint.toml.*?)```", README, re.DOTALL)
    (tmp_path / "perflint.toml").write_text(example)
    settings = build_settings(tmp_path, CommandLine())
    assert settings.rules_for("static/hero/a.jpg")["image-bytes"].options.max_raster == 500 * 1024


def test_readme_lists_every_fix_option() -> None:
    import dataclasses

    from perflint.fix_options import FixOptions
    from perflint.options import kebab

    for field in dataclasses.fields(FixOptions):
        assert f"| `{kebab(field.name)}` |" in README, field.name
