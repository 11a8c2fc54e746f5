"""Match paths against .gitignore-style patterns (`*`, `**`, `?`, `[...]`, `!`, trailing `/`).

Written here rather than taken from a library because the pattern libraries on PyPI cost
more start-up time than a whole pre-commit run of perflint may take. Nor is a glob turned into a
regular expression: `re` backtracks, and a line such as `*a*a*a*a*a*a*a*b` takes it exponential
time on a long name. A glob runs as a small automaton in all its states at once instead, so a
path costs at most its length times the glob's, and one pass answers for every folder on it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class _Step:
    """One state of a glob's automaton: the characters it takes, and the states it may skip to."""

    accepts: Callable[[str], bool]
    repeats: bool = False  # stays in this state after taking a character
    skips: tuple[int, ...] = ()  # how many states on it may go without taking a character


def _anything(char: str) -> bool:
    return True


def _not_slash(char: str) -> bool:
    return char != "/"


def _nothing(char: str) -> bool:
    return False


_STAR = _Step(_not_slash, repeats=True, skips=(1,))
_DOUBLE_STAR = _Step(_anything, repeats=True, skips=(1,))
_FOLDERS = (_Step(_nothing, skips=(1, 3)), _DOUBLE_STAR, _Step("/".__eq__))  # `**/`: nothing, or up to a `/`


def _steps(glob: str) -> list[_Step]:
    """Return the states of one glob, `/` never taken by `*` or `?`."""
    steps: list[_Step] = []
    i = 0
    while i < len(glob):
        if glob.startswith("**/", i):
            steps.extend(_FOLDERS)
            i += 3
            continue
        if glob.startswith("**", i):
            steps.append(_DOUBLE_STAR)
            i += 2
            continue
        char = glob[i]
        end = _set_end(glob, i) if char == "[" else -1
        if char == "*":
            steps.append(_STAR)
        elif char == "?":
            steps.append(_Step(_not_slash))
        elif end != -1:
            steps.append(_Step(_char_set(glob[i + 1 : end])))
            i = end
        elif char == "\\" and i + 1 < len(glob):
            i += 1
            steps.append(_Step(glob[i].__eq__))
        else:
            steps.append(_Step(char.__eq__))
        i += 1
    return steps


def _set_end(glob: str, start: int) -> int:
    """Return where the `[...]` opened at `start` ends, or -1.

    As in `re`, a `]` first in the set (after any `!` or `^`) is one of its characters, and so is `\\]`.
    """
    i = first = start + 2 if glob.startswith(("!", "^"), start + 1) else start + 1
    while i < len(glob) and (glob[i] != "]" or i == first):
        i += 2 if glob[i] == "\\" else 1
    return i if i < len(glob) else -1


def _char_set(body: str) -> Callable[[str], bool]:
    """Return the test of one character against `[body]`: `!` negates, the rest reads as in `re`."""
    try:
        char_set = re.compile("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
    except re.error:  # such as [z-a]: an unreadable set takes no character rather than stopping the run
        return _nothing
    return functools.partial(_in_set, char_set)


def _in_set(char_set: re.Pattern[str], char: str) -> bool:
    return char_set.match(char) is not None


def _bits(flags: Iterable[bool]) -> int:
    return sum(1 << i for i, flag in enumerate(flags) if flag)


class _Automaton:
    """A glob's states as the bits of an int: bit i for state i, the bit past the last for a match."""

    KEPT_MOVES = 4096  # moves remembered: enough for any real glob, bounded for a hostile one

    def __init__(self, steps: Iterable[_Step]) -> None:
        self.steps = tuple(steps)
        offsets = sorted({offset for step in self.steps for offset in step.skips})
        self.skips = tuple((offset, _bits(offset in step.skips for step in self.steps)) for offset in offsets)
        self.start = self._closure(1)
        self.matched = 1 << len(self.steps)
        self.moves: dict[tuple[int, str], int] = {}  # (states, character) -> the states after it

    def prefixes(self, path: str) -> list[bool]:
        """Tell, for each folder on `path` and then for `path` itself, whether the glob takes all of it."""
        taken: list[bool] = []
        states, matched, moves = self.start, self.matched, self.moves
        for char in path:
            if char == "/":
                taken.append(bool(states & matched))
            following = moves.get((states, char))
            states = self._move(states, char) if following is None else following
        taken.append(bool(states & matched))
        return taken

    def _move(self, states: int, char: str) -> int:
        """Return the states after `char`, and remember them."""
        onwards = staying = 0
        for i, step in enumerate(self.steps):
            if states >> i & 1 and step.accepts(char):
                if step.repeats:
                    staying |= 1 << i
                else:
                    onwards |= 1 << i
        following = self._closure(onwards << 1 | staying)
        if len(self.moves) >= self.KEPT_MOVES:
            self.moves.clear()
        self.moves[states, char] = following
        return following

    def _closure(self, states: int) -> int:
        """Add the states reached without taking a character."""
        while True:
            grown = states
            for offset, mask in self.skips:
                grown |= (grown & mask) << offset
            if grown == states:
                return states
            states = grown


@dataclass(frozen=True)
class _Pattern:
    automaton: _Automaton
    negated: bool
    directories_only: bool


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
    steps = _steps(glob.lstrip("/"))
    return _Pattern(_Automaton(steps if anchored else [*_FOLDERS, *steps]), negated, directories_only)


class GlobSet:
    """A list of patterns with .gitignore meaning: the last matching pattern decides."""

    def __init__(self, lines: Iterable[str]) -> None:
        self.patterns = tuple(p for p in map(_compile, lines) if p is not None)

    def __bool__(self) -> bool:
        return bool(self.patterns)

    def match(self, path: str, is_dir: bool = False) -> bool:
        """Tell whether `path` (relative, `/`-separated) or a folder above it matches."""
        decided = [False] * (path.count("/") + 1)
        for pattern in self.patterns:
            for depth, taken in enumerate(pattern.automaton.prefixes(path)):
                folder = is_dir or depth < len(decided) - 1
                if taken and (folder or not pattern.directories_only):
                    decided[depth] = not pattern.negated
        return any(decided)


@functools.lru_cache(maxsize=64)
def glob_set(patterns: tuple[str, ...]) -> GlobSet:
    """Return the compiled GlobSet for `patterns`, compiled once per run."""
    return GlobSet(patterns)
