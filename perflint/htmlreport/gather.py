"""Gather what the HTML report shows: findings, the images they concern, page weights, what `fix` would save."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from perflint.config import RuleConfig, Settings
from perflint.discovery import Skipped, discover
from perflint.documents.html import HtmlDoc, load_html
from perflint.documents.source import SourceFile, Unreadable
from perflint.engine import run_check
from perflint.findings import Finding, Severity
from perflint.fix.engine import fix_files
from perflint.htmlreport.thumbnails import thumbnail
from perflint.kinds import HEAD_BYTES, HTML, IMAGE, FileKind, KindMismatch, classify
from perflint.rules import image_bytes, page_weight
from perflint.rules.base import Context
from perflint.site import Site, image_info

HEAVIEST = 3  # files named under each page's bar


@dataclass(frozen=True)
class Saving:
    """What `perflint fix` would make of one file."""

    before: int
    after: int
    changes: tuple[str, ...]

    @property
    def saved(self) -> int:
        """Return the bytes the fix takes off."""
        return self.before - self.after


@dataclass(frozen=True)
class ImageEntry:
    """An image with findings or a saving: its facts, its byte budget and a preview."""

    path: str
    size: int
    width: int | None
    height: int | None
    format: str
    budget: int | None  # bytes; None when image-bytes is off for it
    thumbnail: str | None  # a data: URI; None when it cannot be decoded


@dataclass(frozen=True)
class PageEntry:
    """What a page weighs with the local files it loads, against its budgets."""

    path: str
    totals: Mapping[str, int]  # bytes by resource type, and page_weight.TOTAL
    budgets: Mapping[str, int]  # bytes by resource type or TOTAL; empty when it has none
    heaviest: tuple[tuple[str, int], ...]  # the files it loads, heaviest first, named for people
    problem: str | None = None  # why its Lighthouse budget file cannot be used

    @property
    def over(self) -> bool:
        """Tell whether the page breaks one of its budgets."""
        return any(self.totals[kind] > size for kind, size in self.budgets.items())


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows."""

    findings: tuple[Finding, ...]
    files: int
    images: tuple[ImageEntry, ...]
    pages: tuple[PageEntry, ...]
    savings: Mapping[str, Saving] | None  # by path; None when not measured

    def count(self, severity: Severity) -> int:
        """Return how many findings have `severity`."""
        return sum(1 for finding in self.findings if finding.severity is severity)

    @property
    def saved(self) -> int | None:
        """Return the bytes `perflint fix` would save in all; None when not measured."""
        return None if self.savings is None else sum(saving.saved for saving in self.savings.values())


def gather(
    paths: Sequence[str],
    settings: Settings,
    use_cache: bool,
    jobs: int | None,
    skip: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ReportData:
    """Check `paths` and collect the report's data; `jobs` None leaves the savings unmeasured.

    `skip` is a file left out of the images and pages: the report itself, when it is written
    among the files it reports on.
    """
    report = run_check(paths, settings, use_cache)
    savings = measure_savings(paths, settings, jobs, progress) if jobs else None
    wanted = {finding.path for finding in report.findings} | set(savings or {})
    site = Site(settings.static_dirs)
    skipped = skip.resolve() if skip else None
    files = [(source, kind) for source, kind in _classified(paths, settings) if source.path.resolve() != skipped]
    images = tuple(
        image_entry(source, kind.image_format or "", settings.rules_for(source.relative))
        for source, kind in files
        if kind.kind == IMAGE and source.display in wanted
    )
    pages = [
        page_entry(source, settings.rules_for(source.relative), site) for source, kind in files if kind.kind == HTML
    ]
    return ReportData(report.findings, report.files, images, tuple(page for page in pages if page), savings)


def measure_savings(
    paths: Sequence[str], settings: Settings, jobs: int, progress: Callable[[int, int], None] | None = None
) -> dict[str, Saving]:
    """Return what `perflint fix` would save on each file it would shrink; nothing is written."""
    savings: dict[str, Saving] = {}
    for fix in fix_files(paths, settings, settings.fix, dry_run=True, jobs=jobs, progress=progress):
        saving = Saving(fix.before, fix.after, fix.changes)
        known = savings.get(fix.path)
        # A converted image is reported twice (re-compressed, converted): count the larger saving.
        if fix.problem is None and saving.saved > 0 and (known is None or saving.saved > known.saved):
            savings[fix.path] = saving
    return savings


def image_entry(source: SourceFile, image_format: str, rules: Mapping[str, RuleConfig]) -> ImageEntry:
    """Return an image's facts and preview; a damaged image gets no pixel size and no preview."""
    info = image_info(source.path.resolve())
    config = rules.get(image_bytes.RULE.name)
    budget = image_bytes.byte_budget(image_format, source.relative, config.options)[0] if config else None
    size = source.path.stat().st_size
    if info is None:
        return ImageEntry(source.display, size, None, None, image_format, budget, None)
    preview = thumbnail(source.path, image_format)
    return ImageEntry(source.display, size, info.width, info.height, image_format, budget, preview)


def page_entry(source: SourceFile, rules: Mapping[str, RuleConfig], site: Site) -> PageEntry | None:
    """Return a full page's weight and budgets; None for a layout fragment or an unreadable page."""
    doc = _load_page(source)
    if doc is None or not doc.is_document:
        return None
    config = rules.get(page_weight.RULE.name)
    limits = page_weight.budgets(doc, Context(config.options, config.scope, None, site)) if config else {}
    weight = page_weight.weigh(doc, site)
    files = sorted(weight.resources[1:], key=lambda resource: -resource.size)[:HEAVIEST]
    heaviest = tuple((_shown(resource.path) if resource.path else resource.name, resource.size) for resource in files)
    if isinstance(limits, str):
        return PageEntry(source.display, weight.totals, {}, heaviest, limits)
    return PageEntry(source.display, weight.totals, {kind: limit.size for kind, limit in limits.items()}, heaviest)


def _classified(paths: Sequence[str], settings: Settings) -> Iterator[tuple[SourceFile, FileKind]]:
    """Yield each readable file with its kind."""
    for source in discover(paths, settings):
        if isinstance(source, Skipped):
            continue
        try:
            with source.path.open("rb") as stream:
                kind = classify(source.path.name, stream.read(HEAD_BYTES))
        except (OSError, KindMismatch):
            continue
        if kind is not None:
            yield source, kind


def _load_page(source: SourceFile) -> HtmlDoc | None:
    try:
        with source.path.open("rb") as stream:
            return load_html(source, stream, os.fstat(stream.fileno()).st_size)
    except (OSError, Unreadable):
        return None


def _shown(path: Path) -> str:
    """Name a file as the other reports do: relative to the working directory, with /."""
    return Path(os.path.relpath(path)).as_posix()
