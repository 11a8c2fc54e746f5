"""Run the enabled rules over the discovered files: read and parse each file once."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from perflint.bugs import bug
from perflint.cache import Cache
from perflint.config import RuleConfig, Settings
from perflint.deadline import CHECK_SECONDS, TooSlow, time_limit
from perflint.discovery import Skipped, discover
from perflint.documents.css import load_css
from perflint.documents.html import load_html
from perflint.documents.image import load_image
from perflint.documents.markdown import load_markdown
from perflint.documents.source import SourceFile, Unreadable
from perflint.findings import Finding, Severity, Violation
from perflint.fix_options import DEFAULTS, FixOptions
from perflint.kinds import (
    CSS,
    HEAD_BYTES,
    HTML,
    IMAGE,
    LFS_POINTER,
    MARKDOWN,
    FileKind,
    KindMismatch,
    classify,
    named_as_image,
)
from perflint.lossy_manifest import LossyManifest
from perflint.pool import mapper
from perflint.rules import RULES, lfs_pointer, unreadable_file
from perflint.rules.base import Context, Rule
from perflint.shard import Shard, share
from perflint.site import Site
from perflint.site.generators import Role
from perflint.site.model import SiteModel
from perflint.suppression import Suppressions

Loader = Callable[[SourceFile, BinaryIO, int, FileKind], Any]
LOADERS: dict[str, Loader] = {
    IMAGE: lambda source, stream, size, kind: load_image(source, stream, size, kind.image_format or ""),
    CSS: lambda source, stream, size, kind: load_css(source, stream, size),
    HTML: lambda source, stream, size, kind: load_html(source, stream, size),
    MARKDOWN: lambda source, stream, size, kind: load_markdown(source, stream, size),
}


@dataclass(frozen=True)
class Report:
    """The outcome of a check run."""

    findings: tuple[Finding, ...]
    files: int

    def count(self, severity: Severity) -> int:
        """Return how many findings have `severity`."""
        return sum(1 for finding in self.findings if finding.severity is severity)

    def exit_code(self, fail_on: str = "error") -> int:
        """Return 1 when a finding is at least as severe as `fail_on` (error, warning, or never), else 0."""
        if fail_on == "never":
            return 0
        threshold = Severity(fail_on).rank
        return 1 if any(finding.severity.rank <= threshold for finding in self.findings) else 0


PARALLEL_MIN_FILES = 200  # below this, starting worker processes costs more than it saves...
PARALLEL_MIN_IMAGES = 16  # ...unless this many images may need measuring: a tenth of a second or more each
_CHUNK = 32  # files handed to a worker at a time


def run_check(
    paths: Iterable[str], settings: Settings, use_cache: bool = True, shard: Shard | None = None, jobs: int = 1
) -> Report:
    """Check every file under `paths` (this shard's share of them, if given) and return all findings, sorted.

    With `jobs` > 1 a large run is spread over that many processes; a commit's few files are
    checked in this one.
    """
    items: list[SourceFile | Skipped] = list(discover(paths, settings))
    if shard is not None:
        items = share(items, shard, Site(settings.static_dirs))
    check = functools.partial(_check_item, settings=settings, use_cache=use_cache)
    findings: list[Finding] = []
    files = 0
    with mapper(jobs if _worth_workers(items) else 1, items, _CHUNK) as run:
        results: Iterable[tuple[bool, list[Finding]]] = run(check, items)
        for counted, found in results:
            files += counted
            findings.extend(found)
    return Report(tuple(sorted(findings, key=Finding.sort_key)), files)


def _worth_workers(items: list[SourceFile | Skipped]) -> bool:
    """Tell whether a run is large enough to spread over processes."""
    if len(items) >= PARALLEL_MIN_FILES:
        return True
    images = sum(1 for item in items if isinstance(item, SourceFile) and named_as_image(item.path))
    return images >= PARALLEL_MIN_IMAGES


def _check_item(item: SourceFile | Skipped, settings: Settings, use_cache: bool) -> tuple[bool, list[Finding]]:
    """Check one discovered file; return whether it counts as checked, and its findings.

    A file the site never publishes is not checked: `perflint site` shows why.
    """
    cache, site, model = _tools(settings.cache_dir if use_cache else None, settings.static_dirs, settings.generator)
    source = item.source if isinstance(item, Skipped) else item
    try:
        role = model.place(source.path, source.boundary).role
    except OSError as error:  # a folder on its way that cannot be read: say so on this file, check the others
        reason = f"cannot be checked: {error.strerror or error} reading {error.filename or 'a folder above it'}"
        return True, _file_findings(unreadable_file.RULE, settings.rules_for(source.relative), source, reason)
    if role is Role.UNPUBLISHED:
        return False, []
    if isinstance(item, Skipped):
        rules = settings.rules_for(item.source.relative)
        return True, _file_findings(unreadable_file.RULE, rules, item.source, item.reason)
    rules = settings.rules_for(item.relative)
    try:
        with time_limit(CHECK_SECONDS):
            compressed = _compressed_before(settings.root)
            checked = check_file(item, rules, cache, site, role, model, compressed, settings.fix)
    except TooSlow as slow:
        from perflint.metadata import report_bugs_to

        message = (
            f"took too long to check: perflint {slow} so that the other files get checked "
            f"(for an ordinary file, that is a bug in perflint: please report it {report_bugs_to()})"
        )
        return True, _file_findings(unreadable_file.RULE, rules, item, message)
    return checked is not None, checked or []


@functools.lru_cache(maxsize=4)
def _tools(
    cache_dir: Path | None, static_dirs: tuple[Path, ...], generator: str | None
) -> tuple[Cache | None, Site, SiteModel]:
    """Return the cache, the reference resolver and the site model of a run, made once per process."""
    return (Cache(cache_dir) if cache_dir else None), Site(static_dirs), SiteModel(generator)


@functools.lru_cache(maxsize=4)
def _compressed_before(root: Path) -> frozenset[str]:
    """Return the content hashes of the images `perflint fix` compressed lossily (the manifest beside the config)."""
    return LossyManifest(root).hashes


def check_file(
    source: SourceFile,
    rules: dict[str, RuleConfig],
    cache: Cache | None,
    site: Site,
    role: Role = Role.PAGE,
    model: SiteModel | None = None,
    compressed_before: frozenset[str] = frozenset(),
    fix: FixOptions = DEFAULTS,
) -> list[Finding] | None:
    """Return the findings for one file; None when the file is not one perflint checks.

    `role` says what the build does with the file: a Markdown template (a Hugo archetype) is
    not checked, and a build input gets no rule that judges files as browsers download them.
    """
    try:
        with open(source.path, "rb") as stream:
            kind = classify(source.path.name, stream.read(HEAD_BYTES))
            if kind is None or (kind.kind == MARKDOWN and role is Role.TEMPLATE):
                return None
            if kind.kind == LFS_POINTER:
                message = "is a Git LFS pointer; its content is not checked"
                return _file_findings(lfs_pointer.RULE, rules, source, message)
            applicable = [
                (RULES[name], config)
                for name, config in rules.items()
                if RULES[name].check is not None
                and kind.kind in RULES[name].kinds
                and not (RULES[name].served and role is Role.BUILD_INPUT)
            ]
            # A misnamed image is checked as what it holds, with a warning about its name (an SVG, about its DOCTYPE).
            misnamed = _file_findings(unreadable_file.RULE, rules, source, kind.warning, Severity.WARNING)
            loader = LOADERS.get(kind.kind)
            if loader is None or not (applicable or unreadable_file.RULE.name in rules):
                return misnamed  # nothing would look at the parsed document
            document = loader(source, stream, os.fstat(stream.fileno()).st_size, kind)
    except (KindMismatch, Unreadable) as error:
        return _file_findings(unreadable_file.RULE, rules, source, f"cannot be read: {error}")
    except OSError as error:
        return _file_findings(unreadable_file.RULE, rules, source, f"cannot be opened: {error.strerror}")
    except Exception as error:  # a bug while parsing: report it on the file and go on with the others
        return _file_findings(unreadable_file.RULE, rules, source, bug("perflint could not read this file", error))
    suppressions: Suppressions = document.suppressions
    findings = misnamed
    for rule, config in applicable:
        try:
            context = Context(config.options, config.scope, cache, site, role, model, compressed_before, fix)
            violations = list(rule.check(document, context))  # type: ignore[misc]
        except Exception as error:  # a bug in one rule must not hide the other rules' findings
            message = bug(f"the {rule.name} rule could not check this file", error)
            findings.extend(_file_findings(unreadable_file.RULE, rules, source, message))
            continue
        findings += [
            _finding(rule, config, source, violation)
            for violation in violations
            if not suppressions.covers((rule.name, rule.code), violation.line)
        ]
    if kind.kind == IMAGE and model is not None and any(f.severity is Severity.ERROR for f in findings):
        return _as_the_site_uses_it(findings, rules, source, model)
    return findings


UNNAMED = "; no file of the site names this image: if nothing uses it, delete it instead"


def _as_the_site_uses_it(
    findings: list[Finding], rules: dict[str, RuleConfig], source: SourceFile, model: SiteModel
) -> list[Finding]:
    """Weigh an image's errors by how the site uses it (asked only of an image with errors: it reads the site).

    Where the build serves pages resized copies of it (a Hugo render hook), its weight costs
    visitors nothing: those errors become warnings that say so, unless config set their
    severity. Where no page, layout, stylesheet or data file names it, the errors stand (it is
    published, and a later page may show it) and say that deleting it may be the fix.
    """
    resized = model.served_resized(source.path, source.boundary)
    if resized:
        return [
            dataclasses.replace(f, severity=Severity.WARNING, message=f"{f.message}; {resized}")
            if f.severity is Severity.ERROR and RULES[f.rule].weighs and rules[f.rule].severity is None
            else f
            for f in findings
        ]
    if model.is_named(source.path, source.boundary):
        return findings
    return [
        dataclasses.replace(f, message=f.message + UNNAMED) if f.severity is Severity.ERROR else f for f in findings
    ]


def _file_findings(
    rule: Rule[Any, Any],
    rules: dict[str, RuleConfig],
    source: SourceFile,
    message: str | None,
    severity: Severity | None = None,
) -> list[Finding]:
    """Return the finding a file-level rule reports (none without a message), if that rule is enabled for the file."""
    config = rules.get(rule.name)
    return [_finding(rule, config, source, Violation(message, severity=severity))] if config and message else []


def _finding(rule: Rule[Any, Any], config: RuleConfig, source: SourceFile, violation: Violation) -> Finding:
    return Finding(
        code=rule.code,
        rule=rule.name,
        severity=config.severity or violation.severity or rule.severity,
        path=source.display,
        line=violation.line,
        column=violation.column,
        message=violation.message,
        fixable=rule.fixable if violation.fixable is None else violation.fixable,
    )
