"""Headless Chromium, for tests that look at pages as a browser renders them (fixture `browser`, in conftest)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
)
Browser = Callable[..., str]


class Dom(HTMLParser):
    """The start tags of a dumped DOM, with their attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def named(self, name: str, css_class: str = "") -> list[dict[str, str]]:
        return [a for tag, a in self.tags if tag == name and (not css_class or css_class in a.get("class", "").split())]


def chromium(tmp_path: Path) -> Browser:
    """Return a function that runs headless Chromium, with a fresh profile, and returns its output."""
    program = shutil.which("chromium") or shutil.which("chromium-browser")
    if program is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    profile = tmp_path / "chromium-profile"

    def run(*args: str) -> str:
        command = [program, *FLAGS, f"--user-data-dir={profile}", *args]
        return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True).stdout

    return run
