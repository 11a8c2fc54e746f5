"""`perflint baseline`: record today's findings, so that `perflint check` fails on new ones only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from perflint import baseline
from perflint.config import CommandLine, Settings, build_settings
from perflint.engine import run_check
from perflint.reporters.text import plural


def default_path(settings: Settings) -> Path:
    """Return where the baseline goes: the file the config names, else one beside the config (or here)."""
    return settings.baseline or settings.root / baseline.DEFAULT_NAME


def shown(path: Path) -> str:
    """Return a path as people typed it: relative to the working directory when it is below it."""
    relative = os.path.relpath(path.absolute()) if path.is_absolute() else str(path)
    return str(path) if relative.startswith("..") else relative


def write_baseline(
    paths: tuple[str, ...],
    command_line: CommandLine,
    output: Path | None,
    use_cache: bool,
    jobs: int,
    stream: TextIO,
) -> int:
    """Check `paths`, write every finding to the baseline file, say where, and return 0."""
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    report = run_check(paths, settings, use_cache=use_cache, jobs=jobs)
    path = output or default_path(settings)
    baseline.write(report.findings, path)
    files = len({finding.path for finding in report.findings})
    stream.write(f"Wrote {shown(path)}: {plural(len(report.findings), 'known finding')} in {plural(files, 'file')}.\n")
    if settings.baseline is None or path.absolute() != settings.baseline.absolute():
        from_root = Path(os.path.relpath(path.absolute(), settings.root)).as_posix()
        stream.write(
            f"`perflint check --baseline {shown(path)}` now reports only new findings; to make every check do so, "
            f'set baseline = "{from_root}" in {settings.source or "perflint.toml"}.\n'
        )
    return 0
