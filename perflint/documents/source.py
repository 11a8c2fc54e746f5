"""A file to check, under the names each audience needs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class Unreadable(Exception):
    """The file cannot be checked; str(exc) says why in plain words."""


@dataclass(frozen=True)
class SourceFile:
    """A file found by discovery."""

    path: Path  # where to open it
    display: str  # how reports name it: relative to the working directory, with /
    relative: str  # relative to the project root, for config globs
    boundary: Path  # the repository (or checked folder) it belongs to: nothing outside is read
