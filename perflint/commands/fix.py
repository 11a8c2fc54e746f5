"""`perflint fix`: fix what a machine can, report the rest."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from perflint.commands.check import use_colour
from perflint.config import CommandLine, build_settings
from perflint.engine import run_check
from perflint.fix.engine import fix_files
from perflint.progress import TerminalProgress
from perflint.reporters import renderer
from perflint.reporters.fixes import fix_records, render_markdown, render_text
from perflint.reporters.json import report_document


def fix(
    paths: tuple[str, ...],
    command_line: CommandLine,
    output_format: str,
    dry_run: bool,
    show_diff: bool,
    quiet: bool,
    jobs: int,
    changed_since: str | None = None,
    fail_on: str = "error",
) -> int:
    """Fix `paths`, then check them again; return 1 if a finding at least as severe as `fail_on` remains."""
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    if changed_since is not None:
        from perflint.changed import changed_paths

        paths = changed_paths(paths, changed_since, settings)
    with TerminalProgress("Fixing") as progress:
        fixes = list(fix_files(paths, settings, settings.fix, dry_run, jobs, progress))
    report = run_check(paths, settings, jobs=jobs)
    if output_format == "json":
        document = report_document(report)
        document["fixes"] = fix_records(fixes)
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif output_format == "markdown":
        render_markdown(fixes, sys.stdout, dry_run)
        if report.findings and not quiet:
            sys.stdout.write("\n")
            renderer("markdown")(report, sys.stdout, False, quiet)
    else:
        render_text(fixes, sys.stdout, dry_run, show_diff)
        if not dry_run and any(fix.written and not fix.target for fix in fixes):  # a file was replaced
            sys.stdout.write("To put the originals back: perflint fix --undo\n")
        if report.findings and not quiet:
            sys.stdout.write("\nStill to do by hand:\n")
            renderer("text")(report, sys.stdout, use_colour(), quiet)
    return report.exit_code(fail_on)


def undo_last_fix(paths: tuple[str, ...], command_line: CommandLine) -> int:
    """Put back what the last `perflint fix` replaced; return 1 if a file could not be restored."""
    from perflint.fix.originals import undo

    settings = build_settings(Path((paths or (".",))[0]), command_line)
    lines = list(undo(settings.cache_dir, settings.root))
    sys.stdout.write("".join(f"{line}\n" for line in lines))
    return 1 if any(": not restored" in line for line in lines) else 0
