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

# Formats a program reads: a note added to their output would break it, so it goes to standard error.
_MACHINE_FORMATS = ("json", "sarif", "junit")


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
    baseline_file: Path | None = None,
    use_baseline: bool = True,
) -> int:
    """Check `paths` (only what changed since `changed_since`, if given), print the report, write
    the extra outputs, and return 1 if a finding is at least as severe as `fail_on`.

    With a baseline (`baseline_file`, else the config's unless `use_baseline` is false) the
    findings it knows are left out of the report and the exit status, and counted in a note.
    """
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    if changed_since is not None:
        from perflint.changed import changed_paths

        paths = changed_paths(paths, changed_since, settings)
    report = run_check(paths, settings, use_cache=use_cache, shard=shard, jobs=jobs)
    baseline_file = baseline_file or (settings.baseline if use_baseline else None)
    known = 0
    if baseline_file is not None:
        report, known = without_known(report, baseline_file)
    renderer(output_format)(report, sys.stdout, use_colour(), quiet)
    if baseline_file is not None and known and not quiet:
        note = known_note(known, baseline_file)
        if output_format in _MACHINE_FORMATS:
            print(note, file=sys.stderr)
        else:  # in Markdown a line right after a table would become one of its rows
            print(("\n" if output_format == "markdown" else "") + note)
    write_outputs(report, outputs)
    return report.exit_code(fail_on)


def without_known(report: Report, baseline_file: Path) -> tuple[Report, int]:
    """Return the report without the findings the baseline knows, and how many those were."""
    from perflint.baseline import read

    new, known = read(baseline_file).split(report.findings)
    return Report(new, report.files), known


def known_note(known: int, baseline_file: Path) -> str:
    """Return the line under the summary that says how many findings the baseline left out."""
    from perflint.commands.baseline import shown
    from perflint.reporters.text import plural

    return f"{plural(known, 'known finding')} in the baseline not shown ({shown(baseline_file)})."
