"""Read a Lighthouse budget file (budget.json) and find the budget that applies to a page.

The format is Lighthouse's (https://github.com/GoogleChrome/budget.json): a list of budgets,
each `{"path": "/blog/*", "resourceSizes": [{"resourceType": "image", "budget": 300}]}`.
Sizes are in KiB: Lighthouse compares bytes against `budget * 1024`, and so does perflint.
A page's budget is the LAST one whose `path` matches its URL path; a budget without `path`
matches every page. Paths follow Lighthouse's robots.txt-style rules, as its code applies them:
a path starts with `/` and holds at most one `*` and at most one `$`, the `$` only at the end;
without `*` or `$` it matches URL paths that start with it (`/blog` matches `/blog/` and
`/blogging.html`); `$` alone asks for the exact path; `*` matches any run of characters.
"""

from __future__ import annotations

import functools
import json
import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from perflint.documents.source import SourceFile

RESOURCE_TYPES = ("total", "document", "script", "stylesheet", "image", "media", "font", "other", "third-party")
MAX_FILE_BYTES = 1024 * 1024  # a budget file is a few hundred bytes; refuse to parse a huge one
_BUDGET_KEYS = frozenset({"path", "options", "resourceSizes", "resourceCounts", "timings"})
_MAX_KIB = 2**40  # larger budgets are typing mistakes (and overflow once in bytes)
_URL_SAFE = "/!$&'()*+,-.:;=@[]^_|~"  # characters a browser leaves as they are in a URL path


class BudgetError(ValueError):
    """A budget file that cannot be used; str(exc) says what is wrong, in one line."""


@dataclass(frozen=True)
class Budget:
    """One entry of a budget file: the pages it is for, and its size budgets in bytes by type."""

    path: str | None  # None: every page
    sizes: Mapping[str, int]


@dataclass(frozen=True)
class BudgetFile:
    """A budget file as read: its budgets, or why it cannot be used."""

    budgets: tuple[Budget, ...]
    error: str | None = None

    def matching(self, url_path: str) -> tuple[int, Budget] | None:
        """Return the last budget (and its 1-based position) whose path matches `url_path`."""
        for index in range(len(self.budgets), 0, -1):
            if path_matches(self.budgets[index - 1].path, url_path):
                return index, self.budgets[index - 1]
        return None


def page_url_path(relative: str) -> str:
    """Return the URL path a page is served at: its site-relative path without `index.html`."""
    path = PurePosixPath("/", relative)
    url = f"{path.parent}/".replace("//", "/") if path.name == "index.html" else str(path)
    return urllib.parse.quote(url, safe=_URL_SAFE)


def site_path(source: SourceFile) -> tuple[Path, str]:
    """Return the project root (the config file's folder) and the page's path from it.

    The root is the page's path less its root-relative part; a page outside the project (its
    relative path climbs with `..`) is placed in its repository instead.
    """
    parts = PurePosixPath(source.relative).parts
    if parts and ".." not in parts:
        return source.path.parents[len(parts) - 1], source.relative
    return source.boundary, Path(os.path.relpath(source.path.resolve(), source.boundary)).as_posix()


def path_matches(pattern: str | None, url_path: str) -> bool:
    """Tell whether a budget's robots.txt-style `pattern` matches `url_path`, as Lighthouse does."""
    pattern = "/" if pattern is None else pattern
    if pattern.endswith("$"):
        before, star, after = pattern[:-1].partition("*")
        if not star:
            return url_path == before
        return url_path.startswith(before) and url_path[len(before) :].endswith(after)
    before, star, after = pattern.partition("*")
    return url_path.startswith(before) and (not star or after in url_path[len(before) :])


def parse_budgets(text: str) -> tuple[Budget, ...]:
    """Return the budgets a budget file's text declares; raise BudgetError naming the first mistake."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BudgetError(f"it is not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})") from None
    except RecursionError:
        raise BudgetError("it is not valid JSON (nested too deeply)") from None
    if not isinstance(data, list) or not all(isinstance(entry, dict) for entry in data):
        raise BudgetError('it must be a list of budgets: [{"path": "/*", "resourceSizes": [...]}]')
    return tuple(_budget(entry, f"budget #{number}") for number, entry in enumerate(data, start=1))


def _budget(entry: dict[str, Any], where: str) -> Budget:
    unknown = sorted(set(entry) - _BUDGET_KEYS)
    if unknown:
        raise BudgetError(f"{where} has unknown keys {', '.join(map(repr, unknown))}")
    path = entry.get("path")
    if path is not None:
        _check_path(path, where)
    sizes = entry.get("resourceSizes", [])
    if not isinstance(sizes, list) or not all(isinstance(item, dict) for item in sizes):
        raise BudgetError(f'{where}: resourceSizes must be a list of {{"resourceType": ..., "budget": ...}}')
    found: dict[str, int] = {}
    for item in sizes:
        kind, budget = item.get("resourceType"), item.get("budget")
        if set(item) != {"resourceType", "budget"}:
            raise BudgetError(
                f'{where}: a resourceSizes item holds "resourceType" and "budget" only, got {_show(item)}'
            )
        if kind not in RESOURCE_TYPES:
            raise BudgetError(f"{where}: resourceType {_show(kind)} is not one of {', '.join(RESOURCE_TYPES)}")
        if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not 0 <= budget <= _MAX_KIB:
            raise BudgetError(f'{where}: the budget for "{kind}" must be a number of KiB, got {_show(budget)}')
        if kind in found:
            raise BudgetError(f'{where}: resourceSizes lists "{kind}" twice')
        found[kind] = round(budget * 1024)
    return Budget(path, found)


def _show(value: Any) -> str:
    """Quote a value from the file as JSON, cut short."""
    text = json.dumps(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_path(path: Any, where: str) -> None:
    """Refuse the paths Lighthouse refuses."""
    if not isinstance(path, str) or not path.startswith("/"):
        problem = "must start with /"
    elif path.count("*") > 1 or path.count("$") > 1:
        problem = "may hold at most one * and one $"
    elif "$" in path and not path.endswith("$"):
        problem = "may hold $ only at its end"
    else:
        return
    raise BudgetError(f'{where}: path {json.dumps(path)} {problem} (robots.txt style, e.g. "/blog/*")')


def read_budget_file(root: Path, name: str) -> BudgetFile:
    """Return the budget file `name` (relative to the project `root`), read once while it is unchanged."""
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        return BudgetFile((), "it is outside the project; perflint reads budget files inside it only")
    try:
        stat = path.stat()
    except OSError as error:
        return BudgetFile((), f"it cannot be read: {error.strerror}")
    return _read(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _read(path: Path, mtime_ns: int, size: int) -> BudgetFile:
    """Read and parse a budget file; cached by path, modification time and size."""
    if size > MAX_FILE_BYTES:
        return BudgetFile((), f"it is {size:,} bytes, too large for a budget file")
    try:
        return BudgetFile(parse_budgets(path.read_bytes().decode("utf-8-sig")))
    except OSError as error:
        return BudgetFile((), f"it cannot be read: {error.strerror}")
    except UnicodeDecodeError:
        return BudgetFile((), "it is not UTF-8 text")
    except BudgetError as error:
        return BudgetFile((), str(error))
