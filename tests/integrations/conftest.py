"""Fixtures for the GitHub Action tests: a pull request's clone and a stub of GitHub's API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.imagefactory import flat, noise_png, png_bytes
from tests.integrations.actionrun import ABOUT, HOME, Clone, make_clone
from tests.integrations.stubapi import StubGitHub

BUDGET = b'[rules.image-bytes]\nmax-raster = "8 KiB"\n'  # small images, quick to measure and fix
SITE = {
    "perflint.toml": BUDGET,
    "index.html": HOME.encode(),
    "about.html": ABOUT.encode(),
    "img/hero.png": png_bytes(flat(40, 20)),
}
HEAVY_HERO = noise_png(64, 48)  # 9 KiB of noise: over the budget, and no fix gets it under


@pytest.fixture
def pull_request(tmp_path: Path) -> Clone:
    """A clone on the head of a pull request `spring` -> `main` whose branch swapped the hero image."""
    return make_clone(tmp_path, SITE, {"img/hero.png": HEAVY_HERO})


@pytest.fixture
def main_branch(tmp_path: Path) -> Clone:
    """A clone of `main` alone, as a push to it checks out."""
    return make_clone(tmp_path, {**SITE, "img/hero.png": HEAVY_HERO}, None)


@pytest.fixture
def github() -> Iterator[StubGitHub]:
    stub = StubGitHub()
    stub.start()
    yield stub
    stub.stop()
