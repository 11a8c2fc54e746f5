"""The generated site the property tests' pages refer to, written once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.properties.strategies import build_site


@pytest.fixture(scope="session")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of images and stylesheets; tests read it and may add pages, never change what is there."""
    return build_site(tmp_path_factory.mktemp("site"))
