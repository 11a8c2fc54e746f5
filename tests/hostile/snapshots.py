"""Record a folder's files and links, without following links, to tell exactly what a run changed."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

PERFLINT_STATE = (".perflint_cache", ".perflint-lossy")  # what perflint itself may write in the repository
State = tuple[str, str, int]  # kind ("file", "link", "special"), digest or link target or type, mode
Snapshot = dict[str, State]


def snapshot(folder: Path) -> Snapshot:
    """Record every file and link under `folder` without following links, skipping perflint's own state."""
    states: Snapshot = {}
    for directory, subdirs, files in os.walk(folder):
        subdirs[:] = [name for name in subdirs if name not in PERFLINT_STATE]
        for name in files + [d for d in subdirs if os.path.islink(os.path.join(directory, d))]:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            if relative not in PERFLINT_STATE:
                states[relative] = _state(path)
    return states


def _state(path: str) -> State:
    status = os.lstat(path)
    if stat.S_ISLNK(status.st_mode):
        return "link", os.readlink(path), 0
    if not stat.S_ISREG(status.st_mode):  # a named pipe: reading it would block
        return "special", str(stat.S_IFMT(status.st_mode)), stat.S_IMODE(status.st_mode)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return "file", digest, stat.S_IMODE(status.st_mode)
