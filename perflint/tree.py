"""The files of a folder as git sees them: the files git tracks or would add.

Inside a git work tree that is what `git ls-files` lists (so .gitignore is honoured);
elsewhere the folder is walked, honouring the .gitignore files met on the way. `.git/` and
`node_modules/` are never entered. Discovery lists the files to check with it, and the site
model the files that may name an image.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.globs import GlobSet

if TYPE_CHECKING:
    import subprocess

    CompletedGit = subprocess.CompletedProcess[bytes]

# A checked folder may come from anyone: its own git config must not make git run a program.
SAFE_GIT = ("-c", "core.fsmonitor=false")
NEVER_ENTERED = frozenset({".git", "node_modules"})


def files_under(folder: Path, in_git: bool | None = None, unlisted: list[OSError] | None = None) -> Iterator[Path]:
    """Yield the files under `folder` that git tracks or would add (all of them, outside git).

    `in_git`: whether the folder is in a git work tree, where the caller asked already.
    `unlisted` collects the errors of folders that could not be listed, for the caller to report.
    """
    if in_git is None:
        in_git = tree_root(folder) is not None
    return _git_files(folder) if in_git else _walk(folder, unlisted)


def run_git(arguments: Sequence[str], cwd: Path | None = None, check: bool = False) -> CompletedGit:
    """Run git with SAFE_GIT, capturing its output; OSError when git cannot start.

    subprocess is imported here, not at the top: a commit's named files never need git.
    """
    import subprocess

    return subprocess.run(["git", *SAFE_GIT, *arguments], cwd=cwd, capture_output=True, check=check)


def tree_root(folder: Path) -> Path | None:
    """Return the top of the git work tree holding `folder`, or None outside git."""
    try:
        result = run_git(["-C", str(folder), "rev-parse", "--show-toplevel"])
    except OSError:
        return None
    return Path(os.fsdecode(result.stdout.strip())).resolve() if result.returncode == 0 else None


def _git_files(folder: Path) -> Iterator[Path]:
    """Yield the files under `folder` that git tracks or would add."""
    arguments = ["-C", str(folder), "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."]
    listing = run_git(arguments, check=True).stdout
    for name in set(listing.split(b"\0")) - {b""}:
        yield folder / os.fsdecode(name)


def _walk(folder: Path, unlisted: list[OSError] | None) -> Iterator[Path]:
    """Yield the files under `folder`, honouring the .gitignore files on the way."""
    ignores: list[tuple[Path, GlobSet]] = []
    for directory, subdirs, files in os.walk(folder, onerror=None if unlisted is None else unlisted.append):
        here = Path(directory)
        ignores = [(base, spec) for base, spec in ignores if base == here or base in here.parents]
        gitignore = here / ".gitignore"
        if gitignore.is_file():
            ignores.append((here, GlobSet(gitignore.read_text(errors="replace").splitlines())))
        subdirs[:] = [d for d in subdirs if d not in NEVER_ENTERED and not _ignored(here / d, True, ignores)]
        yield from (here / f for f in files if not _ignored(here / f, False, ignores))


def _ignored(path: Path, is_dir: bool, ignores: list[tuple[Path, GlobSet]]) -> bool:
    """Tell whether any .gitignore above `path` ignores it."""
    return any(spec.match(path.relative_to(base).as_posix(), is_dir) for base, spec in ignores)


def read_start(path: Path, limit: int) -> bytes | None:
    """Return up to `limit` bytes of a regular file; None for anything else or an unreadable file.

    Opened without blocking, so that a named pipe or device in a checked folder cannot stall the run.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as stream:
        try:
            return stream.read(limit) if stat.S_ISREG(os.fstat(descriptor).st_mode) else None
        except OSError:
            return None
