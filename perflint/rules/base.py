"""What every rule module provides, and what its check receives."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from perflint.findings import Severity, Violation
from perflint.fix_options import DEFAULTS, FixOptions
from perflint.site.generators import Role

if TYPE_CHECKING:
    from perflint.cache import Cache
    from perflint.documents.source import SourceFile
    from perflint.site import Site
    from perflint.site.model import SiteModel
    from perflint.site.supplies import HeadSupply

DocT = TypeVar("DocT")
OptionsT = TypeVar("OptionsT")


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none."""


@dataclass(frozen=True)
class Context(Generic[OptionsT]):
    """What a check may use besides the document: its options and shared services."""

    options: OptionsT
    scope: str | None  # the override glob the options came from; None: the project-wide ones
    cache: Cache | None
    site: Site
    role: Role = Role.PAGE  # what the build does with the file (perflint.site.model)
    model: SiteModel | None = None  # the run's site model, for what a rule asks of the site beyond the file's role
    compressed_before: frozenset[str] = frozenset()  # hashes of images `perflint fix` compressed lossily: never again
    fix: FixOptions = DEFAULTS  # what `perflint fix` would do: for advice that names it, figures measured as it works

    def head_supply(self, source: SourceFile) -> HeadSupply:
        """Return what the site writes for a Markdown page whose front matter has no title or description."""
        from perflint.site.supplies import SUPPLIES_NOTHING

        return self.model.head_supply(source.path, source.boundary) if self.model else SUPPLIES_NOTHING

    def compressed_lossily(self, content: bytes) -> bool:
        """Tell whether `perflint fix` wrote this image with a lossy encode: another would lose more detail
        (generation loss), so no advice may lead to one."""
        from perflint.lossy_manifest import content_hash

        return bool(self.compressed_before) and content_hash(content) in self.compressed_before

    @property
    def is_page(self) -> bool:
        """Tell whether the file is published as a page, so that what it lacks, the published page lacks.

        A template is only a piece of pages: what it lacks, another piece may supply.
        """
        return self.role is Role.PAGE


@dataclass(frozen=True)
class Rule(Generic[DocT, OptionsT]):
    """A rule: identity, defaults, docs and a pure check over one parsed document.

    `check` is None for rules reported while a file is read (an unreadable file), not by
    looking at its parsed document.
    """

    code: str
    name: str
    kinds: frozenset[str]
    severity: Severity
    fixable: bool
    options: type[OptionsT]
    check: Callable[[DocT, Context[OptionsT]], Iterator[Violation]] | None
    docs: str
    served: bool = False  # judges the file as browsers download it: not for build inputs, which they never do
    weighs: bool = False  # judges an image's bytes or pixels, which a build serving resized copies takes care of

    @property
    def summary(self) -> str:
        """Return the first line of the docs."""
        return self.docs.strip().splitlines()[0]

    @property
    def docs_url(self) -> str | None:
        """Return the address of the rule's page (docs/rules/NAME.md), from the package's metadata."""
        from perflint.metadata import rule_docs_url

        return rule_docs_url(self.name)
