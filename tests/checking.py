"""Run perflint's checks on files a test writes, the way the command line does."""

from __future__ import annotations

import tempfile
from pathlib import Path

from perflint.config import CommandLine, build_settings
from perflint.engine import Report, run_check
from perflint.findings import Finding


def check_tree(root: Path, files: dict[str, bytes], config: str = "", select: str | None = None) -> Report:
    """Write `files` (and `config` as perflint.toml) under `root` and check the folder."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (root / "perflint.toml").write_text(config)
    command_line = CommandLine(select=(select,) if select else None)
    return run_check([str(root)], build_settings(root, command_line))


def findings(root: Path, name: str, data: bytes, rule: str, config: str = "") -> list[Finding]:
    """Return the findings of `rule` alone for one file, written in a fresh folder under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root))
    return list(check_tree(folder, {name: data}, config, select=rule).findings)
