"""Run perflint's command line as a separate process, the way users and hooks do, and measure the run.

Each run gets a deadline (the process group is killed when it passes), its wall time, and the
peak resident memory of the process and every child it waited for (from wait4, so runs in
parallel threads measure only themselves). An audited run also logs, through a Python audit
hook that every Python process of the run installs at start-up (sitecustomize), every file it
opens, folder it lists, program it starts and socket it uses.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

MIB = 1 << 20
TIMEOUT = 60.0  # seconds, for a run over a whole tree
MEMORY_LIMIT = 1024 * MIB
Arg = str | bytes

# Written as sitecustomize.py in a folder put first on PYTHONPATH: every Python process of the run
# (perflint, its worker processes, its helper processes) installs the hook before anything else runs.
_AUDIT_HOOK = """
import json, os, sys
if os.environ.get("PERFLINT_HOSTILE_AUDIT"):
    _fd = os.open(os.environ["PERFLINT_HOSTILE_AUDIT"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    _EVENTS = frozenset({
        "open", "os.listdir", "os.scandir", "subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn",
        "os.system", "os.fork", "socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request",
    })
    def _hook(event, args, _write=os.write, _dumps=json.dumps, _fsdecode=os.fsdecode, _getcwd=os.getcwd):
        if event in _EVENTS:
            values = [_fsdecode(a) if isinstance(a, (str, bytes)) else repr(a) for a in args]
            _write(_fd, (_dumps([event, _getcwd(), values]) + "\\n").encode())
    sys.addaudithook(_hook)
"""


@dataclass(frozen=True)
class Run:
    """One finished (or killed) perflint process."""

    args: tuple[str, ...]
    returncode: int | None  # None when it was killed at its deadline
    stdout: bytes
    stderr: bytes
    seconds: float
    peak_bytes: int
    # The kernel carries a process's memory high-water mark over fork and exec, so `peak_bytes` is at
    # least this test process's own mark at the start of the run: exact above it, an upper bound below.
    baseline_bytes: int

    @property
    def timed_out(self) -> bool:
        return self.returncode is None

    def text(self) -> str:
        """Return stdout as text; file names that are not UTF-8 come back as surrogate escapes."""
        return self.stdout.decode("utf-8", "surrogateescape")

    def json(self) -> Any:
        """Parse stdout as the JSON document of `--format json` (once: many tests read the same run)."""
        return self._document

    @functools.cached_property
    def _document(self) -> Any:
        return json.loads(self.text())

    def describe(self) -> str:
        """Summarise the run for an assertion message."""
        code = "killed at the deadline" if self.timed_out else f"exit {self.returncode}"
        tail = self.stderr.decode("utf-8", "replace")[-1500:]
        memory = f"{self.peak_bytes / MIB:.0f} MiB (test process {self.baseline_bytes / MIB:.0f} MiB)"
        usage = f"{self.seconds:.1f} s, {memory}"
        return f"perflint {' '.join(self.args)[:300]}: {code}, {usage}\n{tail}"


def base_environment(fake_bin: Path | None = None) -> dict[str, str]:
    """Return a plain environment: UTF-8 locale, no CI variables, and `fake_bin` first on PATH."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("GITHUB_", "PERFLINT_"))}
    env.update(LC_ALL="C.UTF-8", NO_COLOR="1")
    env.pop("PYTHONIOENCODING", None)
    if fake_bin is not None:
        env["PATH"] = f"{fake_bin}{os.pathsep}{env.get('PATH', '')}"
    return env


def run_perflint(
    args: Sequence[Arg],
    cwd: Path,
    *,
    timeout: float = TIMEOUT,
    env: dict[str, str] | None = None,
    audit_log: Path | None = None,
    file_size_limit: int | None = None,
    obey_permissions: bool = False,
) -> Run:
    """Run `python -m perflint ARGS` in `cwd` and wait for it, at most `timeout` seconds.

    `obey_permissions`: run as any user is, whom a file's permission bits stop, even when the tests run as root.
    """
    env = dict(env if env is not None else base_environment())
    if audit_log is not None:
        env.update(_audit_environment(audit_log, env))
    process = subprocess.Popen(
        [*(_unprivileged() if obey_permissions else []), sys.executable, "-m", "perflint", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # one process group: a deadline kills perflint's workers too
        preexec_fn=_limit_file_size(file_size_limit) if file_size_limit is not None else None,
    )
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started = time.monotonic()
    outputs = [_drain(process.stdout), _drain(process.stderr)]
    returncode, peak = _wait(process, started + timeout)
    seconds = time.monotonic() - started
    stdout, stderr = (reader() for reader in outputs)
    shown = tuple(os.fsdecode(arg) for arg in args)
    return Run(shown, returncode, stdout, stderr, seconds, peak, baseline)


def _unprivileged() -> list[str]:
    """Return the command prefix that takes from root the power to read and search whatever it likes."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("the tests run as root and setpriv (util-linux) is missing: file permissions cannot stop root")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search", "--"]


def _audit_environment(log: Path, env: dict[str, str]) -> dict[str, str]:
    """Return the variables that make every Python process of a run log its events to `log`."""
    hook_folder = log.parent / f"{log.stem}-hook"
    hook_folder.mkdir(parents=True, exist_ok=True)
    (hook_folder / "sitecustomize.py").write_text(_AUDIT_HOOK)
    path = os.pathsep.join(filter(None, (str(hook_folder), env.get("PYTHONPATH"))))
    return {"PERFLINT_HOSTILE_AUDIT": str(log), "PYTHONPATH": path}


def _limit_file_size(limit: int) -> Callable[[], None]:
    """Make writes past `limit` bytes fail with EFBIG, as on a full disk (Python ignores SIGXFSZ)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _drain(stream: Any) -> Callable[[], bytes]:
    """Read a pipe in a thread so that a chatty process never blocks; return a joiner."""
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(lambda: stream.read(65536), b"")), daemon=True)
    reader.start()

    def result() -> bytes:
        reader.join()
        stream.close()
        return b"".join(chunks)

    return result


def _wait(process: subprocess.Popen[bytes], deadline: float) -> tuple[int | None, int]:
    """Reap the process with wait4 (for its own peak memory), killing its group at the deadline."""
    killed = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            killed = True
            break
        time.sleep(0.02)
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
    # Workers left behind in the group (none should be) must not outlive the run.
    _kill_group_leftovers(process.pid)
    return (None if killed else process.returncode), usage.ru_maxrss * 1024


def _kill_group_leftovers(group: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


@dataclass(frozen=True)
class AuditEvent:
    """One logged event of an audited run."""

    event: str
    cwd: str
    args: tuple[str, ...]

    def path(self) -> Path | None:
        """Return the absolute path an open or listing names, None for other events or fds."""
        if self.event not in ("open", "os.listdir", "os.scandir") or not self.args:
            return None
        first = self.args[0]
        if first.isdigit() or first in ("None", "-1"):
            return None
        return Path(os.path.normpath(os.path.join(self.cwd, first or ".")))


def read_audit(log: Path) -> list[AuditEvent]:
    """Return the events an audited run logged."""
    if not log.exists():
        return []
    events = []
    for line in log.read_text(encoding="utf-8", errors="surrogateescape").splitlines():
        event, cwd, args = json.loads(line)
        events.append(AuditEvent(event, cwd, tuple(args)))
    return events
