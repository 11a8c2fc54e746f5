"""`perflint check`: report the files that break the budget."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from perflint.config import CommandLine, build_settings
from perflint.engine import run_check
from perflint.findings import Severity
from perflint.reporters import renderer
from perflint.shard import Shard


def default_format() -> str:
    """Return `github` inside GitHub Actions, `text` elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_colour() -> bool:
    """Colour only a terminal, and never when NO_COLOR is set."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def check(
    paths: tuple[str, ...],
    command_line: CommandLine,
    output_format: str,
    quiet: bool,
    use_cache: bool,
    changed_since: str | None = None,
    shard: Shard | None = None,
    jobs: int = 1,
) -> int:
    """Check `paths` (only what changed since `changed_since`, if given), print the report, and
    return 1 if any finding is an error."""
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    if changed_since is not None:
        from perflint.changed import changed_paths

        paths = changed_paths(paths, changed_since, settings)
    report = run_check(paths, settings, use_cache=use_cache, shard=shard, jobs=jobs)
    renderer(output_format)(report, sys.stdout, use_colour(), quiet)
    return 1 if report.count(Severity.ERROR) else 0
