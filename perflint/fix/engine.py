"""Run the fixes over the discovered files, verify each result, and hand it to the writer."""

from __future__ import annotations

import difflib
import functools
import io
import os
import warnings
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from perflint.bugs import bug
from perflint.cache import Cache
from perflint.config import Settings
from perflint.deadline import FIX_SECONDS, TooSlow, time_limit
from perflint.discovery import Skipped, discover
from perflint.documents.html import load_html
from perflint.documents.source import SourceFile, Unreadable
from perflint.fix.originals import Originals
from perflint.fix.pages import apply_edits, html_edits, same_structure
from perflint.fix.proposal import Declined, Proposal, encode, round_trips
from perflint.fix_options import FixOptions
from perflint.kinds import CSS, HEAD_BYTES, HTML, IMAGE, MARKDOWN, FileKind, KindMismatch, classify, named_as_image
from perflint.lossy_manifest import LossyManifest, content_hash
from perflint.pool import mapper
from perflint.rules.image_compressible import record_optimized
from perflint.site import Site, image_info
from perflint.site.model import SiteModel
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
    _quiet_pillow()
    sources = [item for item in discover(paths, settings) if not isinstance(item, Skipped)]
    manifest = LossyManifest(settings.root)
    originals = Originals(settings.cache_dir, settings.root)
    cache = Cache(settings.cache_dir)
    work = functools.partial(_propose_file, settings=settings, options=options, lossy_before=manifest.hashes)
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
                size = source.path.stat().st_size
                yield FileFix(source.display, size, size, (), False, f"left alone: {outcome.reason}")
            elif outcome is not None:
                fix = _write(source, outcome[0], outcome[1], dry_run, originals)
                if fix.written and outcome[1].lossy:
                    manifest.add(outcome[1].data)
                    record_optimized(cache, outcome[1].data)
                if outcome[1].sibling is not None and (fix.written or (dry_run and not fix.problem)):
                    planned[source.path.resolve()] = outcome[1].sibling.resolve()
                yield fix
    if options.css == "sibling":
        yield from _repoint(_minified_siblings(sources, planned), sources, settings, dry_run, originals)
    if options.convert != "off" and options.unsafe_fixes:
        yield from _convert(sources, settings, options, manifest, dry_run, originals, jobs)
    if not dry_run:
        problem = originals.save()
        if problem:
            yield FileFix(str(settings.cache_dir / "originals"), 0, 0, (), False, problem)
        yield from _save_manifest(manifest)


Outcome = tuple[bytes, Proposal] | Declined | None
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


def _convert(
    sources: list[SourceFile],
    settings: Settings,
    options: FixOptions,
    manifest: LossyManifest,
    dry_run: bool,
    originals: Originals,
    jobs: int,
) -> Iterator[FileFix]:
    """Convert the JPEG and PNG images to the modern format, then rewrite the references to them."""
    from perflint.fix.convert import CONVERTIBLE, converted_name

    converted: dict[Path, Path] = {}
    todo = []
    for source in sources:
        original = _read(source)
        kind = _classify(source, original)
        if original is None or kind is None or kind.kind != IMAGE or kind.image_format not in CONVERTIBLE:
            continue
        target = converted_name(source.path, options.convert)
        if target.is_file() and not target.is_symlink():  # converted by an earlier run: point the pages at it
            converted[source.path.resolve()] = target.resolve()
        else:
            todo.append(source)
    work = functools.partial(_convert_file, options=options)
    with mapper(jobs if len(todo) > 1 else 1, todo) as run:  # encoding is the slow part: in worker processes
        for source, result in zip(todo, run(work, todo), strict=True):
            if isinstance(result, Declined):
                size = source.path.stat().st_size
                yield FileFix(source.display, size, size, (), False, f"left alone: {result.reason}")
            if not isinstance(result, tuple):
                continue
            original, outcome = result
            fix = _write(source, original, outcome, dry_run, originals)
            yield fix
            if fix.written or (dry_run and not fix.problem):
                converted[source.path.resolve()] = (outcome.sibling or source.path).resolve()
            if fix.written and outcome.lossy:
                manifest.add(outcome.data)
    yield from _repoint(converted, sources, settings, dry_run, originals)


def _minified_siblings(sources: list[SourceFile], planned: dict[Path, Path]) -> dict[Path, Path]:
    """Return each readable stylesheet with its minified copy beside it (on disk, or `planned` by this run),
    and that copy: the pages are to load the copy."""
    from perflint.css.files import MINIFIED_SUFFIX, minified_sibling

    found = {}
    for source in sources:
        name = source.path.name.lower()
        if name.endswith(".css") and not name.endswith(MINIFIED_SUFFIX):
            sibling = minified_sibling(source.path)
            if sibling.is_file() and not sibling.is_symlink():
                found[source.path.resolve()] = sibling.resolve()
    return {**found, **{path: sibling for path, sibling in planned.items() if path.suffix.lower() == ".css"}}


def _repoint(
    moved: dict[Path, Path], sources: list[SourceFile], settings: Settings, dry_run: bool, originals: Originals
) -> Iterator[FileFix]:
    """Point every page and stylesheet of the checked trees that names a file in `moved` at its new file."""
    from perflint.fix.convert import rewrite_references

    if not moved:
        return
    site = Site(settings.static_dirs)
    boundaries = sorted({str(source.boundary) for source in sources})
    for page in discover(boundaries, settings):
        original = None if isinstance(page, Skipped) else _read(page)
        kind = None if isinstance(page, Skipped) else _classify(page, original)
        if isinstance(page, Skipped) or original is None or kind is None or kind.kind not in (HTML, MARKDOWN, CSS):
            continue
        proposal = rewrite_references(page, original, moved, site)
        if proposal is not None:
            yield _write(page, original, proposal, dry_run, originals)


def _quiet_pillow() -> None:
    """Silence Pillow's warnings about damaged metadata it skips: the fix's own line says what happened."""
    warnings.filterwarnings("ignore", module="PIL")


def _read(source: SourceFile) -> bytes | None:
    try:
        return source.path.read_bytes()
    except OSError:
        return None


def _classify(source: SourceFile, data: bytes | None) -> FileKind | None:
    if data is None:
        return None
    try:
        return classify(source.path.name, data[:HEAD_BYTES])
    except KindMismatch:
        return None


def _save_manifest(manifest: LossyManifest) -> Iterator[FileFix]:
    """Record this run's lossy outputs; report the manifest as a changed file to restage."""
    before = manifest.path.stat().st_size if manifest.path.exists() else 0
    try:
        saved = manifest.save()
    except OSError as error:
        yield FileFix(_shown(manifest.path), before, before, (), False, f"could not record the lossy images: {error}")
        return
    if saved:
        recorded = f"recorded {len(manifest.added)} lossily compressed image(s), never to be compressed lossily again"
        yield FileFix(_shown(manifest.path), before, manifest.path.stat().st_size, (recorded,), True)


def _shown(path: Path) -> str:
    return Path(os.path.relpath(path)).as_posix()


def _convert_file(source: SourceFile, options: FixOptions) -> Outcome:
    """Read one image and encode its converted copy (runs in a worker process)."""
    from perflint.fix.convert import convert_image

    _quiet_pillow()
    original = _read(source)
    kind = _classify(source, original)
    if original is None or kind is None or kind.image_format is None:
        return None
    try:
        with time_limit(FIX_SECONDS):
            outcome = convert_image(source, original, kind.image_format, options)
    except TooSlow as slow:
        return Declined(f"converting it took too long: perflint {slow} so that the other files get converted")
    except Exception as error:  # a bug on one file: report it there, convert the others
        return Declined(bug("perflint could not convert this file", error))
    return (original, outcome) if outcome is not None and outcome.sibling is not None else None


def _propose_file(source: SourceFile, settings: Settings, options: FixOptions, lossy_before: frozenset[str]) -> Outcome:
    """Read one file and propose its fix (runs in a worker process)."""
    _quiet_pillow()
    original = _read(source)
    if original is None:
        return None
    site = Site(settings.static_dirs)
    try:
        with time_limit(FIX_SECONDS):
            proposal = propose_until_stable(source, original, settings, options, site, lossy_before)
    except TooSlow as slow:
        return Declined(f"fixing it took too long: perflint {slow} so that the other files get fixed")
    except Exception as error:  # a bug on one file: report it there, fix the others
        return Declined(bug("perflint could not fix this file", error))
    return proposal if not isinstance(proposal, Proposal) else (original, proposal)


def propose_until_stable(
    source: SourceFile,
    original: bytes,
    settings: Settings,
    options: FixOptions,
    site: Site,
    lossy_before: frozenset[str] = frozenset(),
) -> Proposal | Declined | None:
    """Apply the fixes again to their own output until nothing changes (at most a few passes).

    The output of an image compressed lossily, in this run or an earlier one, is marked lossy
    so that neither the next pass nor the next run compresses it lossily again. A lossy
    result needs no next pass: its last step was the lossless one (`perflint.transforms.lossy`).
    """
    from_lossy = content_hash(original) in lossy_before
    proposal = propose(source, original, settings, options, site, lossy_before)
    for _ in range(MAX_PASSES - 1):
        if not isinstance(proposal, Proposal) or proposal.sibling is not None or proposal.lossy:
            break
        if from_lossy:
            lossy_before |= {content_hash(proposal.data)}
        again = propose(source, proposal.data, settings, options, site, lossy_before)
        if not isinstance(again, Proposal) or again.data == proposal.data:
            break
        before = proposal.text[0] if proposal.text and again.text else None
        text = (before, again.text[1]) if before is not None and again.text else again.text
        changes = tuple(dict.fromkeys(proposal.changes + again.changes))
        proposal = Proposal(again.data, changes, text, lossy=again.lossy)
    if from_lossy and isinstance(proposal, Proposal):
        proposal = replace(proposal, lossy=True)
    return proposal


def propose(
    source: SourceFile,
    original: bytes,
    settings: Settings,
    options: FixOptions,
    site: Site,
    lossy_before: frozenset[str] = frozenset(),
) -> Proposal | Declined | None:
    """Return the verified fix for one file, a reason to leave it, or None when there is nothing worth changing."""
    kind = _classify(source, original)
    rules = settings.rules_for(source.relative)
    if kind is None:
        return None
    if kind.kind == IMAGE and kind.image_format:
        from perflint.fix.images import ImageTask, propose_image

        return propose_image(ImageTask(original, kind.image_format, source.relative, rules, options, lossy_before))
    if kind.kind == CSS and "css-unminified" in rules and options.css != "off" and not _build_input(source, settings):
        from perflint.fix.stylesheets import propose_css

        return propose_css(source, original, rules["css-unminified"].options, options)
    if kind.kind == HTML:
        return _propose_html(source, original, options, site, rules)
    return None


def _build_input(source: SourceFile, settings: Settings) -> bool:
    """Tell whether the site's build serves the file only as it processes it (Sass, Tailwind, Hugo `assets/`):
    its source stays as its author wrote it, since minifying it saves no visitor a byte."""
    return _site_model(settings.generator).is_build_input(source.path, source.boundary)


@functools.lru_cache(maxsize=4)
def _site_model(generator: str | None) -> SiteModel:
    return SiteModel(generator)


def _propose_html(
    source: SourceFile, original: bytes, options: FixOptions, site: Site, rules: Collection[str]
) -> Proposal | None:
    try:
        doc = load_html(source, io.BytesIO(original), len(original))
    except Unreadable:
        return None
    if not round_trips(doc.decoded, original):
        return None
    edits = html_edits(doc, site, options, rules)
    if not edits:
        return None
    fixed = apply_edits(doc.decoded.text, edits)
    if not same_structure(doc.decoded.text, fixed, sum(edit.text.count("<") for edit in edits)):
        return None
    data = encode(doc.decoded, fixed)
    if _read_encoding(source, data) != doc.decoded.encoding:
        return None  # the edits pushed <meta charset> past where browsers look for it: they would garble the page
    changes = tuple(dict.fromkeys(edit.change for edit in edits))
    return Proposal(data, changes, (doc.decoded.text, fixed))


def _read_encoding(source: SourceFile, data: bytes) -> str | None:
    """Return the character set a browser would read `data` in."""
    try:
        return load_html(source, io.BytesIO(data), len(data)).decoded.encoding
    except Unreadable:
        return None


def _write(source: SourceFile, original: bytes, proposal: Proposal, dry_run: bool, originals: Originals) -> FileFix:
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
            try:
                originals.keep(source.path, original, proposal.data)
            except OSError as error:
                detail = error.strerror or error
                raise WriteRefused(f"could not be written: its original could not be kept first ({detail})") from None
            replace_file(source.path, original, proposal.data, source.boundary)
    except (WriteRefused, OSError) as error:
        return FileFix(fix.path, fix.before, fix.before, (), False, str(error), "", target)
    return FileFix(fix.path, fix.before, fix.after, fix.changes, True, None, diff, target)
