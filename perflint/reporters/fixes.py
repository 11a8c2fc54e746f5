"""What `perflint fix` changed: one line per file, the total saved, and how to restage."""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from typing import Any, TextIO

from perflint.fix.engine import FileFix
from perflint.printable import printable
from perflint.sizes import format_size


def fix_line(fix: FileFix, dry_run: bool) -> str:
    """Return e.g. `img/a.jpg: 1.7 MiB -> 1.5 MiB (-12 %): removed metadata; re-encoded losslessly`."""
    if fix.problem:
        return printable(f"{fix.path}: not fixed: {fix.problem}")
    sizes = ""
    if fix.after < fix.before:
        percent = 100 * (fix.before - fix.after) / fix.before if fix.before else 0
        sizes = f" {format_size(fix.before)} -> {format_size(fix.after)} (-{percent:.0f} %)"
    verb = "would apply: " if dry_run else ""
    target = f" -> {fix.target}" if fix.target else ""
    return printable(f"{fix.path}{target}:{sizes} {verb}{'; '.join(fix.changes)}")


def render_text(fixes: Sequence[FileFix], stream: TextIO, dry_run: bool, show_diff: bool) -> None:
    """Print every fix, the total saving and the command that restages the fixed files."""
    for fix in fixes:
        stream.write(fix_line(fix, dry_run) + "\n")
        if show_diff and fix.diff:
            stream.write(fix.diff)
    changed = [f for f in fixes if not f.problem]
    if not changed:
        stream.write("Nothing to fix.\n")
        return
    smaller = [f for f in changed if f.after < f.before]  # a minified or converted copy saves what pages load
    saved = sum(f.before - f.after for f in smaller)
    total = sum(f.before for f in smaller)
    percent = f" ({100 * saved / total:.0f} %)" if total else ""
    count = len(dict.fromkeys(f.target or f.path for f in changed))  # a page can be fixed, then repointed
    files = f"{count} file{'s' if count != 1 else ''}"
    verb = "Would fix" if dry_run else "Fixed"
    stream.write(f"{verb} {files}, saving {format_size(saved)}{percent}.\n")
    written = list(dict.fromkeys(f.target or f.path for f in changed if f.written))
    if written:
        restage = " ".join(shlex.quote(printable(path)) for path in written)
        stream.write(f"Restage the fixed files: git add -- {restage}\n")


def render_markdown(fixes: Sequence[FileFix], stream: TextIO, dry_run: bool) -> None:
    """Write a before/after table of the fixes, as a pull-request comment or job summary shows it."""
    from perflint.reporters.markdown import cell

    changed = [f for f in fixes if not f.problem]
    smaller = [f for f in changed if f.after < f.before]
    saved, total = sum(f.before - f.after for f in smaller), sum(f.before for f in smaller)
    percent = f" ({100 * saved / total:.0f} %)" if total else ""
    verb = "would save" if dry_run else "saved"
    stream.write(f"## perflint fix {verb} {format_size(saved)}{percent} in {len(changed)} files\n\n")
    if not fixes:
        return
    stream.write("| File | Before | After | Saved | What changed |\n| --- | ---: | ---: | ---: | --- |\n")
    for fix in fixes:
        name = f"`{cell(fix.path)}`" + (f" -> `{cell(fix.target)}`" if fix.target else "")
        if fix.problem:
            stream.write(f"| {name} | {format_size(fix.before)} | | | not fixed: {cell(fix.problem)} |\n")
            continue
        gain = f"{100 * (fix.before - fix.after) / fix.before:.0f} %" if fix.before and fix.after < fix.before else ""
        what = cell("; ".join(fix.changes))
        stream.write(f"| {name} | {format_size(fix.before)} | {format_size(fix.after)} | {gain} | {what} |\n")


def fix_records(fixes: Sequence[FileFix]) -> list[dict[str, Any]]:
    """Return the `fixes` array of the JSON output."""
    return [
        {
            "path": fix.path,
            "target": fix.target,
            "before": fix.before,
            "after": fix.after,
            "changes": list(fix.changes),
            "written": fix.written,
            "problem": fix.problem,
        }
        for fix in fixes
    ]
