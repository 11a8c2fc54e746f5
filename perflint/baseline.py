"""The baseline: today's findings, recorded so that `perflint check` reports only new ones.

A team adopting perflint on an existing site cannot fix years of debt before its next commit.
The baseline file lists the findings it accepts for now; a check leaves those out and fails on
the rest. A finding is known by its file, its rule code and its message with line and column
references taken out, never by its line: text added above a finding moves it, and it must stay
known. Findings are counted, not just listed: a file that had three identical findings and now
has four has one new one. A message that changes (an image that got heavier) is a new finding.

The file is JSON, one finding a line, sorted, so that it diffs and merges like the text it is.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from perflint.findings import Finding

VERSION = 1
DEFAULT_NAME = ".perflint-baseline.json"

# "line 12", "lines 3-5", "line 4, column 9", "column 2": where in the file, not what is wrong.
_POSITION = re.compile(r"\b(lines?|columns?)\s+\d+(?:\s*(?:-|\u2013|to|and)\s*\d+)?", re.IGNORECASE)


class BaselineError(Exception):
    """A baseline file that cannot be read or written; the message names it."""


Key = tuple[str, str, str]  # path from the baseline's folder, rule code, message without positions


def without_positions(message: str) -> str:
    """Return a message with its line and column numbers replaced, so a moved finding reads the same."""
    return _POSITION.sub(lambda match: f"{match.group(1)} N", message)


def _path_from(folder: Path, path: str) -> str:
    """Return a finding's path (relative to the working directory) relative to the baseline's folder.

    Relative to the baseline, not to where perflint runs, so a check from a subfolder still matches.
    """
    try:
        return Path(os.path.relpath(os.path.abspath(path), folder)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        return Path(os.path.abspath(path)).as_posix()


@dataclass(frozen=True)
class Entry:
    """One known finding, as the baseline file records it."""

    path: str
    code: str
    rule: str
    message: str

    @property
    def key(self) -> Key:
        return (self.path, self.code, self.message)


def entry(finding: Finding, folder: Path) -> Entry:
    """Return the baseline entry of a finding, for a baseline file in `folder`."""
    return Entry(_path_from(folder, finding.path), finding.code, finding.rule, without_positions(finding.message))


def render(findings: Iterable[Finding], folder: Path) -> str:
    """Return the text of a baseline file holding `findings`: the same findings always give the same text."""
    entries = sorted((entry(finding, folder) for finding in findings), key=lambda e: (*e.key, e.rule))
    lines = [_line(e) for e in entries]
    body = ",\n".join(f"    {line}" for line in lines)
    return f'{{\n  "version": {VERSION},\n  "findings": [\n{body}{chr(10) if lines else ""}  ]\n}}\n'


def _line(e: Entry) -> str:
    """Return one entry as one line of JSON, readable where the file name and message allow it."""
    fields = {"path": e.path, "code": e.code, "rule": e.rule, "message": e.message}
    text = json.dumps(fields, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a file name that is not valid UTF-8: keep it, escaped
        text = json.dumps(fields)
    return text


def write(findings: Sequence[Finding], path: Path) -> None:
    """Write the baseline file atomically, so a reader never sees half of it."""
    from perflint.atomic import write_atomic

    try:
        write_atomic(path, render(findings, path.absolute().parent).encode("utf-8"))
    except OSError as error:
        raise BaselineError(f"cannot write the baseline {path}: {error.strerror or error}") from None


@dataclass(frozen=True)
class Baseline:
    """The known findings of one baseline file, counted."""

    folder: Path  # the baseline file's folder: entry paths are relative to it
    counts: Counter[Key]

    def split(self, findings: Sequence[Finding]) -> tuple[tuple[Finding, ...], int]:
        """Return the findings the baseline does not know, in their order, and how many it knew.

        Each entry stands for one finding: when there are more alike than the baseline holds,
        the later ones in the file are the new ones.
        """
        left = Counter(self.counts)
        new: list[Finding] = []
        for finding in findings:
            key = entry(finding, self.folder).key
            if left[key] > 0:
                left[key] -= 1
            else:
                new.append(finding)
        return tuple(new), len(findings) - len(new)


def read(path: Path) -> Baseline:
    """Read a baseline file, or say in one line why it cannot be used."""
    try:
        data = json.loads(path.read_text(encoding="utf-8", errors="surrogateescape"))
    except OSError as error:
        raise BaselineError(f"cannot read the baseline {path}: {error.strerror or error}") from None
    except (ValueError, RecursionError) as error:
        raise BaselineError(f"{path}: not a perflint baseline: it is not valid JSON ({error})") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        problem = f"not a perflint baseline of version {VERSION}; write it again with `perflint baseline`"
        raise BaselineError(f"{path}: {problem}")
    counts: Counter[Key] = Counter()
    for number, item in enumerate(data["findings"], 1):
        fields = [item.get(name) if isinstance(item, dict) else None for name in ("path", "code", "message")]
        strings = [field for field in fields if isinstance(field, str)]
        if len(strings) != len(fields):
            raise BaselineError(f"{path}: finding {number} needs a path, a code and a message, as strings")
        file, code, message = strings
        counts[(file, code, without_positions(message))] += 1
    return Baseline(path.absolute().parent, counts)
