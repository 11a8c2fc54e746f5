"""Match paths against .gitignore-style patterns (`*`, `**`, `?`, `[...]`, `!`, trailing `/`).

Written here rather than taken from a library because the pattern libraries on PyPI cost
more start-up time than a whole pre-commit run of perflint may take.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class _Pattern:
    regex: re.Pattern[str]
    negated: bool
    directories_only: bool


def _translate(glob: str) -> str:
    """Return the regular expression for one glob, `/` never matched by `*` or `?`."""
    out, i = [], 0
    while i < len(glob):
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        char = glob[i]
        end = glob.find("]", i + 2) if char == "[" else -1
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif end != -1:
            body = glob[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end
        elif char == "\\" and i + 1 < len(glob):
            i += 1
            out.append(re.escape(glob[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _compile(line: str) -> _Pattern | None:
    """Compile one .gitignore line; None for blanks and comments."""
    line = line.rstrip("\n\r").rstrip(" ")
    if not line or line.startswith("#"):
        return None
    negated = line.startswith("!")
    glob = line[1:] if negated else line
    directories_only = glob.endswith("/")
    glob = glob.rstrip("/")
    anchored = "/" in glob
    body = _translate(glob.lstrip("/"))
    regex = re.compile(body if anchored else "(?:.*/)?" + body, re.DOTALL)
    return _Pattern(regex, negated, directories_only)


class GlobSet:
    """A list of patterns with .gitignore meaning: the last matching pattern decides."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.patterns = tuple(p for p in map(_compile, lines) if p is not None)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def match(self, path: str, is_dir: bool = False) -> bool:
        """Tell whether `path` (relative, `/`-separated) or a folder above it matches."""
        parts = path.split("/")
        return any(
            self._decides("/".join(parts[:depth]), is_dir=is_dir or depth < len(parts))
            for depth in range(1, len(parts) + 1)
        )

    def _decides(self, path: str, is_dir: bool) -> bool:
        matched = False
        for pattern in self.patterns:
            if (is_dir or not pattern.directories_only) and pattern.regex.fullmatch(path):
                matched = not pattern.negated
        return matched


@functools.lru_cache(maxsize=64)
def glob_set(patterns: tuple[str, ...]) -> GlobSet:
    """Return the compiled GlobSet for `patterns`, compiled once per run."""
    return GlobSet(patterns)
