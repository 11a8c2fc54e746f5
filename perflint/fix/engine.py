"""Run the fixes over the discovered files, in worker processes, and write what they propose: in one process."""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from perflint.cache import Cache
from perflint.config import Settings
from perflint.discovery import Skipped, as_source, discover
from perflint.documents.source import SourceFile
from perflint.fix.originals import Originals
from perflint.fix.proposal import Declined, Proposal
from perflint.fix.propose import (
    Outcome,
    classify_file,
    convert_file,
    propose_file,
    propose_page,
    quiet_pillow,
    read_file,
    unpublished,
)
from perflint.fix_options import FixOptions
from perflint.kinds import CSS, HTML, IMAGE, MARKDOWN, named_as_image
from perflint.lossy_manifest import NAME, LossyManifest
from perflint.pool import mapper
from perflint.rules.image_compressible import record_optimized
from perflint.site import Site, image_info
from perflint.site.mentions import names_index
from perflint.site.model import SiteModel
from perflint.writer import WriteRefused, replace_file, write_generated


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
    paths: Iterable[str],
    settings: Settings,
    options: FixOptions,
    dry_run: bool,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[FileFix]:
    """Fix every file under `paths` that a machine can fix; yield what changed.

    Proposals (the costly part: image re-encoding) run in `jobs` processes; every write
    happens here, in one process, through the writer. `progress` hears (files done, files
    in all) before the first file and after each.
    """
    quiet_pillow()
    sources = [item for item in discover(paths, settings) if not isinstance(item, Skipped)]
    originals = Originals(settings.cache_dir, settings.root)
    manifest = LossyManifest(settings.root, originals.scratch)
    cache = Cache(settings.cache_dir)
    work = functools.partial(propose_file, settings=settings, options=options, lossy_before=manifest.hashes)
    planned: dict[Path, Path] = {}  # generated siblings this run writes (or would, in a dry run)
    work_of = [_work(source) for source in sources] if progress else []
    total, done_work = sum(work_of), 0
    if progress:
        progress(0, total)
    # Only image fixes are worth a worker process; starting the pool costs more than fixing text.
    images = sum(1 for source in sources if named_as_image(source.path))
    with mapper(jobs if images > 1 else 1, sources) as run:
        outcomes: Iterator[Outcome] = run(work, sources)
        for index, (source, outcome) in enumerate(zip(sources, outcomes, strict=True)):
            if progress:
                done_work += work_of[index]
                progress(done_work, total)
            if isinstance(outcome, Declined):
                yield _left_alone(source, outcome)
            elif outcome is not None:
                fix = _write(source, outcome[0], outcome[1], dry_run, originals, manifest)
                if fix.written and outcome[1].optimized:
                    record_optimized(cache, outcome[1].data)
                if outcome[1].sibling is not None and (fix.written or (dry_run and not fix.problem)):
                    planned[source.path.resolve()] = outcome[1].sibling.resolve()
                yield fix
    if options.css == "sibling":
        site = Site(settings.static_dirs)
        siblings = _minified_siblings(sources, planned)
        yield from _repoint(siblings, _loading(siblings, sources, settings, site), site, dry_run, originals)
    later = _Later(settings, options, manifest, dry_run, originals, jobs)
    if options.convert != "off" and options.unsafe_fixes:
        yield from _convert(sources, later)
    if options.unsafe_fixes and options.lossy != "never":
        yield from _srcsets(sources, later)
    names_index.cache_clear()  # the pages just written name other files: the check after the fix reads them afresh
    if not dry_run:
        yield from _manifest_changes(manifest)


@dataclass(frozen=True)
class _Later:
    """What the fixes after the first pass (conversion, copies for phones) write with, and how."""

    settings: Settings
    options: FixOptions
    manifest: LossyManifest
    dry_run: bool
    originals: Originals
    jobs: int


def _left_alone(source: SourceFile, declined: Declined) -> FileFix:
    """Report a file a fix leaves alone on purpose, and why."""
    size = source.path.stat().st_size
    return FileFix(source.display, size, size, (), False, f"left alone: {declined.reason}")


PIXELS_PER_UNIT = 2_000  # an image fix takes about as long per this many pixels as a page or stylesheet (1 ms)


def _work(source: SourceFile) -> int:
    """Weigh a file's fix for the progress bar: one unit for a page or stylesheet, an image by its pixels.

    Re-encoding time grows with the pixels, and a page takes milliseconds: a bar by file count
    would guess wrong by minutes.
    """
    if not named_as_image(source.path):
        return 1
    info = image_info(source.path)
    return max(1, ((info.width or 0) * (info.height or 0)) // PIXELS_PER_UNIT) if info else 1


def _convert(sources: list[SourceFile], later: _Later) -> Iterator[FileFix]:
    """Convert the JPEG and PNG images to the modern format, then rewrite the references to them."""
    from perflint.fix.convert import CONVERTIBLE, converted_name

    settings, options = later.settings, later.options

    converted: dict[Path, Path] = {}
    todo = []
    for source in sources:
        original = read_file(source)
        kind = classify_file(source, original)
        if original is None or kind is None or kind.kind != IMAGE or kind.image_format not in CONVERTIBLE:
            continue
        if unpublished(source, settings):
            continue
        target = converted_name(source.path, options.convert)
        if target.is_file() and not target.is_symlink():  # converted by an earlier run: point the pages at it
            converted[source.path.resolve()] = target.resolve()
        else:
            todo.append(source)
    work = functools.partial(convert_file, options=options, lossy_before=later.manifest.hashes | later.manifest.added)
    with mapper(later.jobs if len(todo) > 1 else 1, todo) as run:  # encoding is the slow part: in worker processes
        for source, result in zip(todo, run(work, todo), strict=True):
            if isinstance(result, Declined):
                yield _left_alone(source, result)
            if not isinstance(result, tuple):
                continue
            original, outcome = result
            fix = _write(source, original, outcome, later.dry_run, later.originals, later.manifest)
            yield fix
            if fix.written or (later.dry_run and not fix.problem):
                converted[source.path.resolve()] = (outcome.sibling or source.path).resolve()
    if converted:
        pages = discover(sorted({str(source.boundary) for source in sources}), settings)
        yield from _repoint(converted, pages, Site(settings.static_dirs), later.dry_run, later.originals)


def _srcsets(sources: list[SourceFile], later: _Later) -> Iterator[FileFix]:
    """Write phone-sized copies of the images pages make phones download too wide, then offer them with srcset."""
    from perflint.fix.srcset import copies_wanted, make_copy, pages_to_edit, srcset_edits, usable

    settings, dry_run = later.settings, later.dry_run
    site = Site(settings.static_dirs)
    wanted, pages = copies_wanted(pages_to_edit(sources, settings), settings, site)
    found = {copy: usable(copy) for copy in wanted}
    available = {copy.path for copy, state in found.items() if state}
    todo = [copy for copy, state in found.items() if state is None]
    work = functools.partial(make_copy, options=later.options)
    with mapper(later.jobs if len(todo) > 1 else 1, todo) as run:
        for copy, outcome in zip(todo, run(work, todo), strict=True):
            image = as_source(copy.image, settings, copy.boundary)
            if isinstance(outcome, Declined):
                yield _left_alone(image, outcome)
            elif outcome is not None:
                # A new file: it saves nothing in the repository; the page's line says what phones save.
                fix = replace(_write(image, outcome[0], outcome[1], dry_run, later.originals, later.manifest), before=0)
                if fix.written or (dry_run and not fix.problem):
                    available.add(copy.path)
                yield fix
    for source, original in pages:
        proposal = propose_page(source, original, lambda doc: srcset_edits(doc, site, settings, available))
        if proposal is not None:
            yield _write(source, original, proposal, dry_run, later.originals)


def _minified_siblings(sources: list[SourceFile], planned: dict[Path, Path]) -> dict[Path, Path]:
    """Return each readable stylesheet with its minified copy beside it (on disk, or `planned` by this run),
    and that copy: the pages are to load the copy."""
    from perflint.css.files import existing_copy

    found = {}
    for source in sources:
        copy = existing_copy(source.path)
        if copy is not None:
            found[source.path.resolve()] = copy.resolve()
    return {**found, **{path: sibling for path, sibling in planned.items() if path.suffix.lower() == ".css"}}


def _loading(siblings: dict[Path, Path], sources: list[SourceFile], settings: Settings, site: Site) -> list[SourceFile]:
    """Return the pages and stylesheets that load a stylesheet with a minified copy: those the check
    asks about (perflint.site.loaders), so that what it reports, the fix repoints."""
    from perflint.site.loaders import loaders

    boundaries, model = {source.path.resolve(): source.boundary for source in sources}, SiteModel(settings.generator)
    found: dict[Path, SourceFile] = {}
    for stylesheet in (stylesheet for stylesheet in siblings if stylesheet in boundaries):
        boundary = boundaries[stylesheet]
        for path in loaders(stylesheet, boundary, site, model).rewritable:
            found.setdefault(path.resolve(), as_source(path, settings, boundary))
    return list(found.values())


def _repoint(
    moved: dict[Path, Path], pages: Iterable[SourceFile | Skipped], site: Site, dry_run: bool, originals: Originals
) -> Iterator[FileFix]:
    """Point every one of `pages` (pages and stylesheets) that names a file in `moved` at its new file."""
    from perflint.fix.convert import rewrite_references

    if not moved:
        return
    for page in pages:
        original = None if isinstance(page, Skipped) else read_file(page)
        kind = None if isinstance(page, Skipped) else classify_file(page, original)
        if isinstance(page, Skipped) or original is None or kind is None or kind.kind not in (HTML, MARKDOWN, CSS):
            continue
        proposal = rewrite_references(page, original, moved, site)
        if proposal is not None:
            yield _write(page, original, proposal, dry_run, originals)


def _manifest_changes(manifest: LossyManifest) -> Iterator[FileFix]:
    """Report the manifest, which recorded each lossy output as it was written, as a changed file to restage."""
    new = manifest.added - manifest.hashes
    if new:
        recorded = f"recorded {len(new)} lossily compressed image(s), never to be compressed lossily again"
        after = manifest.path.stat().st_size if manifest.path.exists() else 0
        yield FileFix(_shown(manifest.path), manifest.size_before, after, (recorded,), True)


def _shown(path: Path) -> str:
    return Path(os.path.relpath(path)).as_posix()


def _write(
    source: SourceFile,
    original: bytes,
    proposal: Proposal,
    dry_run: bool,
    originals: Originals,
    manifest: LossyManifest | None = None,
) -> FileFix:
    """Write one proposal; say what was done or why not.

    A replaced file's original is kept first, and a lossy output is recorded in `manifest`
    first: an interrupted run has kept or recorded everything it wrote.
    """
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

    def first() -> None:
        """Once every check allows the write: keep the original it replaces, and record a lossy output."""
        if proposal.sibling is None:
            try:
                originals.keep(source.path, original, proposal.data)
            except OSError as error:
                detail = error.strerror or error
                raise WriteRefused(f"could not be written: its original could not be kept first ({detail})") from None
        if proposal.lossy and manifest is not None:
            try:
                manifest.record(proposal.data)
            except OSError as error:
                raise WriteRefused(f"could not be written: {NAME} could not record it first ({error})") from None

    try:
        if proposal.sibling is not None:
            mode = source.path.stat().st_mode & 0o7777
            write_generated(proposal.sibling, proposal.data, source.boundary, mode, originals.scratch, first)
        else:
            replace_file(source.path, original, proposal.data, source.boundary, originals.scratch, first)
    except (WriteRefused, OSError) as error:
        return FileFix(fix.path, fix.before, fix.before, (), False, str(error), "", target)
    return FileFix(fix.path, fix.before, fix.after, fix.changes, True, None, diff, target)
