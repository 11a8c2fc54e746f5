"""Work out one file's fix without writing anything: the part of a fix that runs in worker processes.

Each proposal is verified before it is returned (see perflint.fix.proposal); the engine
(perflint.fix.engine) decides what to write.
"""

from __future__ import annotations

import functools
import io
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from perflint.bugs import bug
from perflint.cache import Cache
from perflint.config import Settings
from perflint.deadline import FIX_SECONDS, TooSlow, time_limit
from perflint.documents.html import HtmlDoc, load_html
from perflint.documents.source import SourceFile, Unreadable
from perflint.fix.pages import DROPPABLE, Edit, apply_edits, html_edits, same_structure
from perflint.fix.proposal import Declined, Proposal, encode, round_trips
from perflint.fix_options import FixOptions
from perflint.kinds import CSS, HEAD_BYTES, HTML, IMAGE, FileKind, KindMismatch, classify
from perflint.lossy_manifest import content_hash
from perflint.site import Site
from perflint.site.generators import Role
from perflint.site.model import SiteModel

MAX_PASSES = 3
Outcome = tuple[bytes, Proposal] | Declined | None  # what a worker hands back for one file


def quiet_pillow() -> None:
    """Silence Pillow's warnings about damaged metadata it skips: the fix's own line says what happened."""
    warnings.filterwarnings("ignore", module="PIL")


def read_file(source: SourceFile) -> bytes | None:
    """Return the file's bytes, or None when it cannot be read (the run goes on)."""
    try:
        return source.path.read_bytes()
    except OSError:
        return None


def classify_file(source: SourceFile, data: bytes | None) -> FileKind | None:
    """Return what the file holds, or None when it is unreadable or not what its name says."""
    if data is None:
        return None
    try:
        return classify(source.path.name, data[:HEAD_BYTES])
    except KindMismatch:
        return None


def convert_file(source: SourceFile, options: FixOptions, lossy_before: frozenset[str]) -> Outcome:
    """Read one image and encode its converted copy (runs in a worker process)."""
    from perflint.fix.convert import convert_image

    quiet_pillow()
    original = read_file(source)
    kind = classify_file(source, original)
    if original is None or kind is None or kind.image_format is None:
        return None
    try:
        with time_limit(FIX_SECONDS):
            lossy = content_hash(original) in lossy_before
            outcome = convert_image(source, original, kind.image_format, options, lossy)
    except TooSlow as slow:
        return Declined(f"converting it took too long: perflint {slow} so that the other files get converted")
    except Exception as error:  # a bug on one file: report it there, convert the others
        return Declined(bug("perflint could not convert this file", error))
    return (original, outcome) if outcome is not None and outcome.sibling is not None else None


def propose_file(source: SourceFile, settings: Settings, options: FixOptions, lossy_before: frozenset[str]) -> Outcome:
    """Read one file and propose its fix (runs in a worker process)."""
    quiet_pillow()
    original = read_file(source)
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
    """Return the verified fix for one file, a reason to leave it, or None when there is nothing worth changing.

    A file the site never publishes (a theme's example site, a folder the generator excludes)
    is left as it is, as the check leaves it unchecked: fixing it saves no visitor a byte.
    """
    kind = classify_file(source, original)
    rules = settings.rules_for(source.relative)
    if kind is None or unpublished(source, settings):
        return None
    if kind.kind == IMAGE and kind.image_format:
        from perflint.fix.images import ImageTask, propose_image

        task = ImageTask(
            original, kind.image_format, source.relative, rules, options, lossy_before, _cache(settings.cache_dir)
        )
        return propose_image(task)
    if kind.kind == CSS and "css-unminified" in rules and options.css != "off" and _served_as_is(source, settings):
        from perflint.fix.stylesheets import propose_css

        return propose_css(
            source, original, rules["css-unminified"].options, options, site, _site_model(settings.generator)
        )
    if kind.kind == HTML:
        return propose_page(source, original, lambda doc: html_edits(doc, site, options, rules))
    return None


def unpublished(source: SourceFile, settings: Settings) -> bool:
    """Tell whether the site never publishes the file: the check leaves it unchecked, the fix leaves it alone."""
    return _site_model(settings.generator).place(source.path, source.boundary).role is Role.UNPUBLISHED


def _served_as_is(source: SourceFile, settings: Settings) -> bool:
    """Tell whether the site serves the file as it is, as the check judges it. A build input (Sass, Tailwind,
    Hugo `assets/`) is served only as the build makes it: its source stays as its author wrote it, since
    minifying it saves no visitor a byte."""
    return _site_model(settings.generator).place(source.path, source.boundary).role is Role.PAGE


@functools.lru_cache(maxsize=4)
def _site_model(generator: str | None) -> SiteModel:
    return SiteModel(generator)


@functools.lru_cache(maxsize=4)
def _cache(cache_dir: Path) -> Cache:
    """The check's cache, where an image fix records what it measured for the check after it (one per process)."""
    return Cache(cache_dir)


def propose_page(source: SourceFile, original: bytes, edits_of: Callable[[HtmlDoc], list[Edit]]) -> Proposal | None:
    """Return the page with the edits `edits_of` finds in it, verified: every other byte, tag and attribute kept."""
    try:
        doc = load_html(source, io.BytesIO(original), len(original))
    except Unreadable:
        return None
    if not round_trips(doc.decoded, original):
        return None
    edits = edits_of(doc)
    if not edits:
        return None
    fixed = apply_edits(doc.decoded.text, edits)
    dropped = DROPPABLE if any(edit.removed for edit in edits) else ()
    if not same_structure(doc.decoded.text, fixed, sum(edit.text.count("<") for edit in edits), dropped):
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
