"""The records that flow from rules to reporters."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(str, enum.Enum):
    """How much a finding matters: only errors fail a run."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Return 0 for an error, 1 for a warning, 2 for an info: the order people read them in."""
        return list(Severity).index(self)


@dataclass(frozen=True)
class Violation:
    """What a rule's check yields: the problem, without the rule's identity."""

    message: str
    line: int | None = None
    column: int | None = None
    severity: Severity | None = None  # None: the rule's severity
    fixable: bool | None = None  # None: as the rule says; False where `perflint fix` cannot fix this one


@dataclass(frozen=True)
class Finding:
    """One problem in one file, as every reporter receives it."""

    code: str
    rule: str
    severity: Severity
    path: str
    line: int | None
    column: int | None
    message: str
    fixable: bool

    def sort_key(self) -> tuple[int, str, int, int, str]:
        """Order findings errors first, then warnings, then infos; each by file, position and code."""
        return (self.severity.rank, self.path, self.line or 0, self.column or 0, self.code)
