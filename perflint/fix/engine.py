"""Run the fixes over the discovered files, verify each result, and hand it to the writer."""

from __future__ import annotations

import contextlib
import difflib
import functools
import io
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from perflint.config import Settings
from perflint.discovery import Skipped, discover
from perflint.documents.html import load_html
from perflint.documents.source import SourceFile, Unreadable
from perflint.fix.options import FixOptions
from perflint.fix.pages import apply_edits, html_edits, same_structure
from perflint.fix.proposal import Proposal, encode, round_trips
from perflint.kinds import CSS, HEAD_BYTES, HTML, IMAGE, KindMismatch, classify
from perflint.site import Site
from perflint.writer import WriteRefused, replace_file, write_generated

MAX_PASSES = 3


@dataclass(frozen=True)
class FileFix:
    """What fixing one file did, or would do with --dry-run."""

    path: str
    before: int
    after: int
    changes: tuple[str, ...]
    written: bool
    problem: str | None = None  # why the fix was not written
    diff: str = ""
    target: str | None = None  # a generated sibling file, when the fix went there


def fix_files(
    paths: Iterable[str], settings: Settings, options: FixOptions, dry_run: bool, jobs: int = 1
) -> Iterator[FileFix]:
    """Fix every file under `paths` that a machine can fix; yield what changed.

    Proposals (the costly part: image re-encoding) run in `jobs` processes; every write
    happens here, in one process, through the writer.
    """
    sources = [item for item in discover(paths, settings) if not isinstance(item, Skipped)]
    work = functools.partial(_propose_file, settings=settings, options=options)
    with contextlib.ExitStack() as stack:
        mapper: Callable[..., Iterator[tuple[bytes, Proposal] | None]] = map
        if jobs > 1 and len(sources) > 1:
            # Not fork: the image encoders run thread pools, and a forked child can inherit a held lock.
            method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
            pool = ProcessPoolExecutor(min(jobs, len(sources)), multiprocessing.get_context(method))
            mapper = stack.enter_context(pool).map
        for source, outcome in zip(sources, mapper(work, sources), strict=True):
            if outcome is not None:
                yield _write(source, outcome[0], outcome[1], dry_run)


def _propose_file(source: SourceFile, settings: Settings, options: FixOptions) -> tuple[bytes, Proposal] | None:
    """Read one file and propose its fix (runs in a worker process)."""
    try:
        original = source.path.read_bytes()
    except OSError:
        return None
    proposal = propose_until_stable(source, original, settings, options, Site(settings.static_dirs))
    return None if proposal is None else (original, proposal)


def propose_until_stable(
    source: SourceFile, original: bytes, settings: Settings, options: FixOptions, site: Site
) -> Proposal | None:
    """Apply the fixes again to their own output until nothing changes (at most a few passes)."""
    proposal = propose(source, original, settings, options, site)
    for _ in range(MAX_PASSES - 1):
        if proposal is None or proposal.sibling is not None:
            break
        again = propose(source, proposal.data, settings, options, site)
        if again is None or again.data == proposal.data:
            break
        before = proposal.text[0] if proposal.text and again.text else None
        text = (before, again.text[1]) if before is not None and again.text else again.text
        proposal = Proposal(again.data, tuple(dict.fromkeys(proposal.changes + again.changes)), text)
    return proposal


def propose(
    source: SourceFile, original: bytes, settings: Settings, options: FixOptions, site: Site
) -> Proposal | None:
    """Return the verified fix for one file, or None when there is nothing worth changing."""
    try:
        kind = classify(source.path.name, original[:HEAD_BYTES])
    except KindMismatch:
        return None
    rules = settings.rules_for(source.relative)
    if kind is None:
        return None
    if kind.kind == IMAGE and kind.image_format:
        from perflint.fix.images import propose_image

        return propose_image(original, kind.image_format, rules, options)
    if kind.kind == CSS and "css-unminified" in rules and options.css != "off":
        from perflint.fix.stylesheets import propose_css

        return propose_css(source, original, rules["css-unminified"].options, options)
    if kind.kind == HTML:
        return _propose_html(source, original, options, site)
    return None


def _propose_html(source: SourceFile, original: bytes, options: FixOptions, site: Site) -> Proposal | None:
    try:
        doc = load_html(source, io.BytesIO(original), len(original))
    except Unreadable:
        return None
    if not round_trips(doc.decoded, original):
        return None
    edits = html_edits(doc, site, options)
    if not edits:
        return None
    fixed = apply_edits(doc.decoded.text, edits)
    if not same_structure(doc.decoded.text, fixed, sum(edit.text.count("<") for edit in edits)):
        return None
    changes = tuple(dict.fromkeys(edit.change for edit in edits))
    return Proposal(encode(doc.decoded, fixed), changes, (doc.decoded.text, fixed))


def _write(source: SourceFile, original: bytes, proposal: Proposal, dry_run: bool) -> FileFix:
    diff = ""
    if proposal.text:
        name = source.display
        lines = [line.splitlines(keepends=True) for line in proposal.text]
        diff = "".join(difflib.unified_diff(lines[0], lines[1], f"a/{name}", f"b/{name}"))
    target = None
    if proposal.sibling is not None:
        target = Path(os.path.relpath(proposal.sibling)).as_posix()
    fix = FileFix(source.display, len(original), len(proposal.data), proposal.changes, False, None, diff, target)
    if dry_run:
        return fix
    try:
        if proposal.sibling is not None:
            write_generated(proposal.sibling, proposal.data, source.boundary, source.path.stat().st_mode & 0o7777)
        else:
            replace_file(source.path, original, proposal.data, source.boundary)
    except (WriteRefused, OSError) as error:
        return FileFix(fix.path, fix.before, fix.before, (), False, str(error), "", target)
    return FileFix(fix.path, fix.before, fix.after, fix.changes, True, None, diff, target)
