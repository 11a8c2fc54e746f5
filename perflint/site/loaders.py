"""Which files of a site load a stylesheet, and whether `perflint fix` can point them at another file.

A readable stylesheet is best served minified as a copy beside it (`site.min.css`), with every
file that loads it pointed at the copy; the fix does that, and the check stops reporting the
source once nothing loads it any more. Both ask here, so that they agree. Pages, Markdown and
stylesheets are read the way the fix rewrites them: a reference counts as one the fix can
point elsewhere when it resolves to the stylesheet itself. A template, script, data or config
file that names it otherwise (in its own syntax, a name the build puts together) may load it
too, and only a person can change that. Prose and programs that mention it (Markdown text, a
CSS comment, a Python script) do not load it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from perflint.documents.source import SourceFile
from perflint.documents.text import decode
from perflint.kinds import CSS, HTML, MARKDOWN, TEXT_EXTENSIONS
from perflint.references import mentions
from perflint.site import Site
from perflint.site.generators import Role
from perflint.site.mentions import MAX_TEXT_BYTES, files_naming
from perflint.site.model import SiteModel
from perflint.tree import read_start

REWRITTEN = frozenset({HTML, MARKDOWN, CSS})  # the kinds of file the fix points at a new file
# Files whose mention of a stylesheet is prose or a program's, never how a page loads it: notes,
# tables, scripts in languages no site build writes its pages in.
_NEVER_LOADS = frozenset({".txt", ".rst", ".adoc", ".asciidoc", ".org", ".csv", ".tsv", ".py", ".rb", ".go", ".rs"})


@dataclass(frozen=True)
class Loaders:
    """The files that name a stylesheet, so may load it."""

    rewritable: tuple[Path, ...]  # pages and stylesheets whose references resolve to it: the fix repoints them
    others: tuple[Path, ...]  # files that name it in a way perflint does not rewrite
    boundary: Path

    def __bool__(self) -> bool:
        return bool(self.rewritable or self.others)

    def shown(self, path: Path) -> str:
        """Name a loader as reports do: from the repository's top."""
        return Path(os.path.relpath(path, self.boundary)).as_posix()

    def not_repointable(self) -> str | None:
        """Say which file the fix cannot point at a minified copy; None when it can point them all."""
        if not self.others:
            return None
        return f"{self.shown(self.others[0])} names it in a way perflint does not rewrite"


def loaders(stylesheet: Path, boundary: Path, site: Site, model: SiteModel) -> Loaders:
    """Return the files inside `boundary` that load `stylesheet`, or may."""
    target = stylesheet.resolve()
    rewritable, others = [], []
    for path in files_naming(target, Path(os.path.abspath(boundary))):
        role = model.place(path, boundary).role
        if path.resolve() == target or role is Role.UNPUBLISHED:
            continue  # a comment in the stylesheet itself; a file that never reaches the site
        kind = TEXT_EXTENSIONS.get(path.suffix.lower())
        if kind in REWRITTEN and _refers(path, target, boundary, site):
            rewritable.append(path)
        elif role is Role.TEMPLATE or (kind is None and path.suffix.lower() not in _NEVER_LOADS):
            others.append(path)  # a layout's own syntax may build the address; a script, data or config file
        # else a page's link to another file of that name, Markdown prose, a comment, notes, a program
    return Loaders(tuple(rewritable), tuple(others), boundary)


def _refers(path: Path, target: Path, boundary: Path, site: Site) -> bool:
    """Tell whether a page or stylesheet holds a reference that resolves to `target`, as the fix finds them."""
    text = decode(read_start(path, MAX_TEXT_BYTES) or b"", html=True).text
    source = SourceFile(path, path.name, path.name, boundary)
    return next(mentions(text, {target}, source, site), None) is not None
