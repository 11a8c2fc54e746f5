from __future__ import annotations

from pathlib import Path

import pytest

from perflint.commands.init import default_config
from perflint.config import CommandLine, ConfigError, build_settings, find_config
from perflint.findings import Severity
from perflint.rules import RULES


def settings_from(tmp_path: Path, text: str, name: str = "perflint.toml", **command_line: object):  # type: ignore[no-untyped-def]
    (tmp_path / name).write_text(text)
    return build_settings(tmp_path, CommandLine(**command_line))  # type: ignore[arg-type]


def test_defaults_without_config(tmp_path: Path) -> None:
    settings = build_settings(tmp_path, CommandLine())
    assert settings.source is None
    assert set(settings.rules) == set(RULES)
    assert settings.rules["image-bytes"].options.max_raster == 300 * 1024


def test_config_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "perflint.toml").write_text("")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == tmp_path / "perflint.toml"


def test_pyproject_without_tool_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "perflint.toml").write_text("")
    inner = tmp_path / "site"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    assert find_config(inner) == tmp_path / "perflint.toml"


def test_pyproject_tool_table(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, '[tool.perflint.rules.image-bytes]\nmax-raster = "1 MiB"\n', "pyproject.toml")
    assert settings.rules["image-bytes"].options.max_raster == 1024 * 1024


def test_rule_options_and_severity(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, '[rules.image-dimensions]\nmax-side = 2000\nseverity = "warning"\n')
    rule = settings.rules["image-dimensions"]
    assert rule.options.max_side == 2000
    assert rule.severity is Severity.WARNING


def test_override_by_glob(tmp_path: Path) -> None:
    settings = settings_from(
        tmp_path,
        """
[[overrides]]
files = ["static/hero/**"]
ignore = ["image-dimensions"]
[overrides.rules.image-bytes]
max-raster = "500 KiB"
""",
    )
    hero = settings.rules_for("static/hero/banner.jpg")
    assert hero["image-bytes"].options.max_raster == 500 * 1024
    assert hero["image-bytes"].scope == "static/hero/**"
    assert "image-dimensions" not in hero
    other = settings.rules_for("static/img/team.jpg")
    assert other["image-bytes"].options.max_raster == 300 * 1024
    assert other["image-bytes"].scope is None
    assert "image-dimensions" in other


def test_select_and_ignore_from_config_and_command_line(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, 'select = ["IMG"]\nignore = ["IMG105"]\n', ignore=("image-format",))
    assert set(settings.rules) == {"image-bytes", "image-dimensions", "image-metadata"}
    settings = settings_from(tmp_path, 'select = ["IMG"]\n', select=("FILE",))
    assert set(settings.rules) == {"unreadable-file", "lfs-pointer"}


def test_exclude(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, 'exclude = ["vendor/**", "*.min.css"]\n')
    assert settings.is_excluded("vendor/lib/x.png")
    assert settings.is_excluded("a/b.min.css")
    assert not settings.is_excluded("static/x.png")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour = 1\n", "top level: unknown key 'colour'"),
        ("[rules.image-bites]\n", "[rules]: unknown key 'image-bites'"),
        ("[rules.image-bytes]\nmax-rastr = 5\n", "[rules.image-bytes]: unknown option 'max-rastr' (allowed: max-"),
        ("[rules.image-bytes]\nmax-raster = true\n", "max-raster: expected a size"),
        ('[rules.image-bytes]\nmax-raster = "lots"\n', "max-raster: expected a size"),
        ('[rules.image-dimensions]\nmax-side = "big"\n', "max-side: expected a whole number, got 'big'"),
        ('[rules.image-dimensions]\nseverity = "fatal"\n', "severity: expected one of error, warning, info"),
        ('select = ["XYZ"]\n', "select: XYZ names no rule"),
        ('exclude = "vendor"\n', "exclude: expected a list of strings"),
        ('[[overrides]]\nignore = ["IMG"]\n', "[[overrides]] #1: needs files"),
        ('[[overrides]]\nfiles = ["a/**"]\nbudget = 3\n', "[[overrides]] #1: unknown key 'budget'"),
        ('[[overrides]]\nfiles = ["a/**"]\n[overrides.rules.image-bytes]\nmax-svg = []\n', "image-bytes: max-svg"),
        ("this is not toml\n", "cannot read it"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        settings_from(tmp_path, text)
    assert message in str(error.value)
    assert "perflint.toml" in str(error.value)
    assert "\n" not in str(error.value)


def test_init_config_holds_the_defaults(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, default_config())
    defaults = build_settings(tmp_path, CommandLine(no_config=True))
    assert settings.rules == defaults.rules
    for rule in RULES.values():
        assert f"[rules.{rule.name}]" in default_config()
