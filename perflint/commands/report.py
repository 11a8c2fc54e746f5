"""`perflint report`: write one self-contained HTML page that shows the findings to people outside engineering."""

from __future__ import annotations

import sys
from pathlib import Path

from perflint.config import CommandLine, build_settings
from perflint.findings import Severity
from perflint.htmlreport.gather import gather
from perflint.htmlreport.render import render
from perflint.progress import TerminalProgress
from perflint.reporters.text import plural
from perflint.sizes import format_size


def report(
    paths: tuple[str, ...], command_line: CommandLine, output: Path, savings: bool, use_cache: bool, jobs: int
) -> int:
    """Check `paths`, write the report to `output`, and return 1 if any finding is an error."""
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    with TerminalProgress("Measuring what fix would save") as progress:
        data = gather(paths, settings, use_cache, jobs if savings else None, output, progress)
    try:
        output.write_text(render(data), encoding="utf-8")
    except OSError as error:
        sys.stderr.write(f"perflint: error: cannot write {output}: {error.strerror}\n")
        return 2
    counts = f"{plural(data.count(Severity.ERROR), 'error')}, {plural(data.count(Severity.WARNING), 'warning')}"
    saved = "" if data.saved is None else f"; perflint fix would save {format_size(data.saved)}"
    sys.stdout.write(f"Wrote {output}: {plural(data.files, 'file')}, {counts}{saved}.\n")
    return 1 if data.count(Severity.ERROR) else 0
