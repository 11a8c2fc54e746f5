"""Time the two phases of `perflint fix` on the corpus's raster images: the fix, then the check after it.

`perflint fix` fixes what it can, then checks the files again to say what is left; `bench/images.py`
times the whole command. This splits it, to show where the time goes: each mode gets a fresh copy
of the images and runs `fix_files`, then `run_check`, as the command does, with the same worker
count, in this process. Run from the repository root:

    .venv/bin/python bench/fix_phases.py [--lossy never --lossy always] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import tempfile
import time
from pathlib import Path

from images import CORPUS, JOBS, copy_sources, find_sources  # bench/images.py, beside this script

from perflint.config import CommandLine, build_settings
from perflint.engine import run_check
from perflint.fix.engine import fix_files


def time_phases(corpus: Path, lossy: str) -> tuple[float, float, int, int]:
    """Return the fix's seconds, the check's seconds after it, the files written and the bytes after."""
    with tempfile.TemporaryDirectory(prefix="perflint-phases-") as folder:
        sources = find_sources(corpus, None)
        copy_sources(corpus, sources, Path(folder))
        os.chdir(folder)  # as the command runs: its settings and cache belong to the folder it is run in
        settings = build_settings(Path("."), CommandLine(no_config=True))
        options = dataclasses.replace(settings.fix, lossy=lossy)
        started = time.perf_counter()
        written = sum(fix.written for fix in fix_files((".",), settings, options, False, JOBS))
        fixed = time.perf_counter()
        run_check((".",), settings, jobs=JOBS)
        checked = time.perf_counter()
        after = sum(Path(source.name).stat().st_size for source in sources)
        os.chdir(Path(__file__).resolve().parent)
    return fixed - started, checked - fixed, written, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lossy", action="append", choices=("never", "auto", "always"))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    arguments = parser.parse_args()
    print("| mode | fix s | check after s | files written | raster bytes after |")
    print("|---|---:|---:|---:|---:|")
    for lossy in arguments.lossy or ["never", "always"]:
        fix, check, written, after = time_phases(arguments.corpus, lossy)
        print(f"| {lossy} | {fix:.1f} | {check:.1f} | {written} | {after:,} |", flush=True)


if __name__ == "__main__":
    main()
