"""Write a file so that readers see the old content or the new, never a mix."""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path


def write_atomic(path: Path, data: bytes, mode: int | None = None, scratch: Path | None = None) -> None:
    """Replace `path` with `data` via a synced temporary file, renamed over it in one step.

    The temporary file goes in `scratch` (a folder git ignores, on the same file system) when
    given, so that a run killed mid-write leaves nothing in the site for `git add` to pick up;
    else beside `path`. Its name never depends on `path`'s, which may be as long as names get.
    """
    import tempfile  # here, not at the top: most checks write nothing

    handle, temp_name = tempfile.mkstemp(dir=scratch or path.parent, prefix=".perflint-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as temp:
            temp.write(data)
            temp.flush()
            os.fsync(temp.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        if scratch is not None and isinstance(error, OSError) and error.errno == errno.EXDEV:
            write_atomic(path, data, mode)  # the file lies on another file system than the scratch folder
            return
        raise
