"""What every run over hostile input must show, and how to read its JSON report."""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path
from typing import Any

from tests.hostile.generate import HostileTree
from tests.hostile.runner import AuditEvent, Run

UNREADABLE = "FILE101"
BUG = "this is a bug in perflint"


def assert_clean_exit(run: Run) -> None:
    """Exit 0 or 1, in time, with no traceback, no internal-error line and no library warning."""
    stderr = run.stderr.decode("utf-8", "replace")
    assert not run.timed_out, run.describe()
    assert run.returncode in (0, 1), run.describe()
    assert "Traceback" not in stderr, run.describe()
    assert "internal error" not in stderr, run.describe()
    assert "Warning:" not in stderr, run.describe()  # such as Pillow's "UserWarning: Corrupt EXIF data"


def findings_by_path(run: Run) -> dict[str, list[dict[str, Any]]]:
    """Group the findings of a `--format json` run by path."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for finding in run.json()["findings"]:
        grouped.setdefault(finding["path"], []).append(finding)
    return grouped


SECRETS = (Path("/etc/passwd"), Path("/etc/shadow"))
PROGRAMS = {"git", os.path.basename(sys.executable)}
SOCKET_EVENTS = ("socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request")


def escapes(events: list[AuditEvent], tree: HostileTree) -> list[str]:
    """Return the opens and listings of anything beside the repository or a system secret."""
    repo = Path(os.path.realpath(tree.repo))
    root = Path(os.path.realpath(tree.root))
    found = []
    for event in events:
        path = event.path()
        if path is None:
            continue
        real = Path(os.path.realpath(path))
        beside = real.is_relative_to(root) and not real.is_relative_to(repo)
        if beside or real in SECRETS:
            found.append(f"{event.event} {path} -> {real}")
    return found


def network(events: list[AuditEvent]) -> list[AuditEvent]:
    """Return the socket events that could reach a network: local (AF_UNIX) sockets between workers are not."""
    return [e for e in events if e.event in SOCKET_EVENTS and not (e.args and "family=1," in e.args[0])]


def programs(events: list[AuditEvent]) -> set[str]:
    """Return the base name of every program a run started."""
    started = set()
    for event in events:
        if event.event != "subprocess.Popen":
            continue
        executable = event.args[0]
        if executable == "None":
            executable = ast.literal_eval(event.args[1])[0]
        started.add(os.path.basename(os.fsdecode(executable)))
    return started
