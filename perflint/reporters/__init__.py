"""Reporters render a finished report; each module has one `render` function."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from perflint.engine import Report

Render = Callable[["Report", TextIO, bool, bool], None]  # report, stream, colour, quiet

FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")
"""The output formats, one module each in this package."""


def renderer(output_format: str) -> Render:
    """Return the render function of one format, importing only its module: the others cost start-up time."""
    if output_format not in FORMATS:
        raise ValueError(f"unknown output format {output_format!r}")
    render: Render = importlib.import_module(f"perflint.reporters.{output_format}").render
    return render
