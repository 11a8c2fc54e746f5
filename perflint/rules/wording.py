"""Phrases that several rules' messages share, so every message reads the same way."""

from __future__ import annotations

from perflint.images.probe import ImageInfo


def budget(limit: str, what: str, scope: str | None) -> str:
    """Name a budget and where it applies: the config globs that set it, else `what`."""
    return f"the {limit} budget for {scope or what}"


def pixels(info: ImageInfo) -> str:
    """Return an image's size in pixels, e.g. "5000 x 3750 px"."""
    return f"{info.width} x {info.height} px"
