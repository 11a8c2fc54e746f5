"""Reporters render a finished report; each module has one `render` function."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from perflint.engine import Report
from perflint.reporters import github, json, junit, markdown, sarif, text

Render = Callable[[Report, TextIO, bool, bool], None]  # report, stream, colour, quiet

REPORTERS: dict[str, Render] = {
    "text": text.render,
    "json": json.render,
    "github": github.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "markdown": markdown.render,
}
