"""Find, read and validate the configuration; build the frozen settings a run uses.

Precedence: built-in defaults < config file < command line.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from perflint import toml
from perflint.cache import holds_other_files
from perflint.findings import Severity
from perflint.fix_options import FixOptions
from perflint.globs import GlobSet
from perflint.options import OptionError, parse_options
from perflint.rules import RULES
from perflint.rules.base import Rule
from perflint.selection import ALL, UnknownSelector, is_selected, validate

CONFIG_FILES = ("perflint.toml", ".perflint.toml", "pyproject.toml")
TOP_KEYS = (
    "select",
    "ignore",
    "exclude",
    "static-dirs",
    "cache-dir",
    "generator",
    "baseline",
    "rules",
    "overrides",
    "fix",
)
OVERRIDE_KEYS = ("files", "ignore", "rules")
SEVERITIES = tuple(s.value for s in Severity)


_MAX_CONFIG_BYTES = 1024**2


class ConfigError(Exception):
    """A configuration problem; str(exc) is one line naming the file and the key."""


@dataclass(frozen=True)
class RuleConfig:
    """A rule's effective settings for one file."""

    options: Any
    severity: Severity | None  # set in config; None: the rule's own, finding by finding
    scope: str | None  # the override globs that changed them; None: project-wide


@dataclass(frozen=True)
class Override:
    """Settings for the files matching some globs: their budgets and ignored rules."""

    label: str
    files: GlobSet
    ignore: tuple[str, ...]
    changes: Mapping[str, Mapping[str, Any]]  # rule name -> option field -> value
    severities: Mapping[str, Severity]


@dataclass(frozen=True)
class CommandLine:
    """The settings given on the command line, which beat the config file."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    config: Path | None = None
    no_config: bool = False
    fix: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # FixOptions fields given as options


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, built once."""

    root: Path
    source: Path | None
    rules: Mapping[str, RuleConfig]  # enabled rules, project-wide
    exclude: GlobSet
    overrides: tuple[Override, ...]
    cache_dir: Path
    static_dirs: tuple[Path, ...] = ()  # folders published at the site root, besides the usual ones
    generator: str | None = None  # the static-site generator named in config; None: found from its config file
    fix: FixOptions = dataclasses.field(default_factory=FixOptions)
    baseline: Path | None = None  # the known findings `perflint check` leaves out; None: report them all

    def is_excluded(self, relative: str) -> bool:
        """Tell whether a root-relative path is excluded by config."""
        return bool(self.exclude) and self.exclude.match(relative)

    def rules_for(self, relative: str) -> dict[str, RuleConfig]:
        """Return the enabled rules and their settings for a root-relative path."""
        rules = dict(self.rules)
        for override in self.overrides:
            if not override.files.match(relative):
                continue
            for name in list(rules):
                if any(is_selected(RULES[name], [s], []) for s in override.ignore):
                    del rules[name]
            for name, config in rules.items():
                changes = override.changes.get(name, {})
                severity = override.severities.get(name)
                if changes or severity:
                    rules[name] = RuleConfig(
                        dataclasses.replace(config.options, **changes),
                        severity or config.severity,
                        override.label,
                    )
        return rules


def find_config(start: Path) -> Path | None:
    """Return the nearest config file at or above `start` (the folder of a named file)."""
    folder = start if start.is_dir() else start.parent
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop (RuntimeError before Python 3.13)
        folder = Path(os.path.normpath(folder.absolute()))
    for candidate_dir in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate_dir / name
            if path.is_file() and (name != "pyproject.toml" or _has_tool_table(path)):
                return _inside_its_folder(path)
    return None


def _inside_its_folder(path: Path) -> Path:
    """Refuse a found config file that links to a file outside its project: whoever committed the link
    would have perflint read, and quote in its errors, any file of the machine running it."""
    if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
        raise ConfigError(f"{path}: it is a symbolic link to a file outside the project; perflint does not follow it")
    return path


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return "perflint" in _read_toml(pyproject).get("tool", {})
    except ConfigError:
        return False


def _read_toml(path: Path) -> dict[str, Any]:
    """Parse a config file of at most `_MAX_CONFIG_BYTES` (`--config /dev/zero` must not read forever)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(_MAX_CONFIG_BYTES + 1)
        if len(data) > _MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: it is over {_MAX_CONFIG_BYTES // 1024**2} MiB; a config file is a few lines")
        return toml.loads(data.decode())
    except (OSError, ValueError, RecursionError) as error:  # ValueError: TOML errors, absurdly long numbers
        raise ConfigError(f"{path}: cannot read it: {type(error).__name__}: {error}") from None


def load_table(path: Path) -> dict[str, Any]:
    """Return perflint's table of a config file."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("perflint", {})
        return table if isinstance(table, dict) else {}
    return data


def build_settings(start: Path, command_line: CommandLine) -> Settings:
    """Return the settings for a run that checks paths at or below `start`."""
    source = None
    if not command_line.no_config:
        source = command_line.config or find_config(start)
    table = load_table(source) if source else {}
    root = source.parent.resolve() if source else Path.cwd()
    return _Builder(source, table).build(root, command_line)


class _Builder:
    """Validate one config table, turning each mistake into a ConfigError."""

    def __init__(self, source: Path | None, table: Mapping[str, Any]) -> None:
        self.source = source
        self.table = table

    def fail(self, where: str, problem: str) -> ConfigError:
        return ConfigError(f"{self.source or 'command line'}: {where}: {problem}")

    def build(self, root: Path, command_line: CommandLine) -> Settings:
        self.check_keys(self.table, TOP_KEYS, "top level")
        select = command_line.select or self.selectors("select", self.table, (ALL,))
        ignore = self.selectors("ignore", self.table, ()) + command_line.ignore
        self.validate_selectors(select + ignore, "--select/--ignore")
        rule_tables = self.mapping("rules", self.table)
        rules = {
            name: self.rule_config(rule, rule_tables.get(name, {}), f"[rules.{name}]")
            for name, rule in RULES.items()
            if is_selected(rule, select, ignore)
        }
        self.check_keys(rule_tables, tuple(RULES), "[rules]")
        cache_dir = self.table.get("cache-dir", ".perflint_cache")
        if not isinstance(cache_dir, str):
            raise self.fail("cache-dir", f"expected a folder path, got {cache_dir!r}")
        if not Path(os.path.normpath(root / cache_dir)).is_relative_to(root):
            raise self.fail("cache-dir", f"{cache_dir!r} is outside the project; perflint writes only inside it")
        if holds_other_files(root / cache_dir):
            raise self.fail("cache-dir", f"{cache_dir!r} holds files that are not perflint's; name a folder of its own")
        return Settings(
            root=root,
            source=self.source,
            rules=rules,
            exclude=GlobSet(self.strings("exclude", self.table)),
            overrides=tuple(self.override(o, i) for i, o in enumerate(self.overrides())),
            cache_dir=root / cache_dir,
            static_dirs=tuple(root / folder for folder in self.strings("static-dirs", self.table)),
            generator=self.generator(),
            fix=self.fix_options(command_line.fix),
            baseline=self.baseline(root),
        )

    def baseline(self, root: Path) -> Path | None:
        """Return the baseline file the config names, relative to its folder; None when it names none."""
        value = self.table.get("baseline")
        if value is not None and (not isinstance(value, str) or not value):
            raise self.fail("baseline", f"expected a file path, got {value!r}")
        return root / value if value else None

    def generator(self) -> str | None:
        """Return the generator the config names, or None for `auto` (found from each site's config file)."""
        from perflint.site.generators import GENERATORS

        value = self.table.get("generator", "auto")
        if value != "auto" and value not in GENERATORS:
            raise self.fail("generator", f"expected auto or one of {', '.join(GENERATORS)}, got {value!r}")
        return None if value == "auto" else str(value)

    def fix_options(self, from_command_line: Mapping[str, Any]) -> FixOptions:
        """Return the [fix] table's options, with the command line's on top."""
        try:
            values = parse_options(FixOptions, self.mapping("fix", self.table))
        except OptionError as error:
            raise self.fail("[fix]", str(error)) from None
        return dataclasses.replace(FixOptions(), **{**values, **from_command_line})

    def check_keys(self, table: Mapping[str, Any], allowed: Iterable[str], where: str) -> None:
        allowed = tuple(allowed)
        for key in table:
            if key not in allowed:
                raise self.fail(where, f"unknown key {key!r} (allowed: {', '.join(allowed)})")

    def mapping(self, key: str, table: Mapping[str, Any]) -> Mapping[str, Any]:
        value = table.get(key, {})
        if not isinstance(value, dict):
            raise self.fail(key, f"expected a table, got {value!r}")
        return value

    def strings(self, key: str, table: Mapping[str, Any]) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"expected a list of strings, got {value!r}")
        return tuple(value)

    def selectors(self, key: str, table: Mapping[str, Any], default: tuple[str, ...]) -> tuple[str, ...]:
        selectors = self.strings(key, table) if key in table else default
        self.validate_selectors(selectors, key)
        return selectors

    def validate_selectors(self, selectors: tuple[str, ...], where: str) -> None:
        try:
            validate(selectors, RULES)
        except UnknownSelector as error:
            raise self.fail(where, f"{error} names no rule (see `perflint rules`)") from None

    def rule_config(self, rule: Rule[Any, Any], table: Mapping[str, Any], where: str) -> RuleConfig:
        severity, changes = self.rule_table(rule, table, where)
        options = dataclasses.replace(rule.options(), **changes)
        return RuleConfig(options, severity, None)

    def rule_table(self, rule: Rule[Any, Any], table: Any, where: str) -> tuple[Severity | None, dict[str, Any]]:
        """Return the severity and the option changes a rule table asks for."""
        if not isinstance(table, dict):
            raise self.fail(where, f"expected a table, got {table!r}")
        options = dict(table)
        severity = options.pop("severity", None)
        if severity is not None and severity not in SEVERITIES:
            raise self.fail(f"{where} severity", f"expected one of {', '.join(SEVERITIES)}, got {severity!r}")
        try:
            changes = parse_options(rule.options, options)
        except OptionError as error:
            raise self.fail(where, str(error)) from None
        return (Severity(severity) if severity else None), changes

    def overrides(self) -> list[Any]:
        overrides = self.table.get("overrides", [])
        if not isinstance(overrides, list):
            raise self.fail("overrides", "expected [[overrides]] tables")
        return overrides

    def override(self, table: Any, index: int) -> Override:
        where = f"[[overrides]] #{index + 1}"
        if not isinstance(table, dict):
            raise self.fail(where, f"expected a table, got {table!r}")
        self.check_keys(table, OVERRIDE_KEYS, where)
        files = self.strings("files", table)
        if not files:
            raise self.fail(where, "needs files = [...] globs saying which files it is for")
        rule_tables = self.mapping("rules", table)
        self.check_keys(rule_tables, tuple(RULES), f"{where} rules")
        changes, severities = {}, {}
        for name, rule_table in rule_tables.items():
            severity, changes[name] = self.rule_table(RULES[name], rule_table, f"{where} rules.{name}")
            if severity:
                severities[name] = severity
        return Override(", ".join(files), GlobSet(files), self.selectors("ignore", table, ()), changes, severities)
