"""`perflint check`: report the files that break the budget."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from perflint.config import CommandLine, build_settings
from perflint.engine import Report, run_check
from perflint.reporters import renderer
from perflint.shard import Shard


def default_format() -> str:
    """Return `github` inside GitHub Actions, `text` elsewhere."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def use_colour() -> bool:
    """Colour a terminal; never when NO_COLOR is set, always when FORCE_COLOR is (CI logs show colour)."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


class OutputError(Exception):
    """An --output file that cannot be written; the message names it."""


def write_outputs(report: Report, outputs: Sequence[tuple[str, Path]]) -> None:
    """Render the same report once more per `--output FORMAT=FILE`, so one run feeds every consumer."""
    for output_format, path in outputs:
        try:
            with open(path, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
                renderer(output_format)(report, stream, False, False)
        except OSError as error:
            raise OutputError(f"cannot write the {output_format} report to {path}: {error.strerror}") from None


def check(
    paths: tuple[str, ...],
    command_line: CommandLine,
    output_format: str,
    quiet: bool,
    use_cache: bool,
    changed_since: str | None = None,
    shard: Shard | None = None,
    jobs: int = 1,
    outputs: Sequence[tuple[str, Path]] = (),
    fail_on: str = "error",
) -> int:
    """Check `paths` (only what changed since `changed_since`, if given), print the report, write
    the extra outputs, and return 1 if a finding is at least as severe as `fail_on`."""
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    if changed_since is not None:
        from perflint.changed import changed_paths

        paths = changed_paths(paths, changed_since, settings)
    report = run_check(paths, settings, use_cache=use_cache, shard=shard, jobs=jobs)
    renderer(output_format)(report, sys.stdout, use_colour(), quiet)
    write_outputs(report, outputs)
    return report.exit_code(fail_on)
