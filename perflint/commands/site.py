"""`perflint site`: what perflint makes of each file, and why, so a user can see why it is treated as it is."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

from perflint.config import CommandLine, build_settings
from perflint.discovery import Skipped, discover
from perflint.site.model import Placement, SiteModel


def explain_site(paths: tuple[str, ...], command_line: CommandLine, stream: TextIO) -> int:
    """Print the sites found under `paths`, then each file's role and the convention that decides it."""
    paths = paths or (".",)
    settings = build_settings(Path(paths[0]), command_line)
    model = SiteModel(settings.generator)
    placed: list[tuple[str, Placement]] = []
    for item in discover(paths, settings):
        source = item.source if isinstance(item, Skipped) else item
        placed.append((source.display, model.place(source.path, source.boundary)))
    sites = dict.fromkeys((placement.root, placement.generator) for _, placement in placed)
    for root, generator in sites:
        stream.write(f"site {_shown(root)}: {generator}\n")
    width = max((len(placement.role.value) for _, placement in placed), default=0)
    for display, placement in placed:
        stream.write(f"{placement.role.value.ljust(width)}  {display}  ({placement.why})\n")
    return 0


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return "." if relative == "." else Path(relative).as_posix()
