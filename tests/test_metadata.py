"""Addresses come from the installed package's metadata; without it, reports simply carry no links."""

from __future__ import annotations

import importlib.metadata
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from perflint import DISTRIBUTION, metadata
from perflint.engine import Report
from perflint.findings import Finding, Severity
from perflint.reporters import markdown, sarif

REPORT = Report((Finding("IMG101", "image-bytes", Severity.ERROR, "a.png", None, None, "too big", True),), 1)


@pytest.fixture
def not_installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """perflint run from a copy of its source that was never installed: no metadata to read."""

    def missing(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    metadata.project_urls.cache_clear()
    monkeypatch.setattr(importlib.metadata, "metadata", missing)
    yield
    metadata.project_urls.cache_clear()


def test_urls_come_from_the_distribution_metadata() -> None:
    entries = importlib.metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    assert entries, f"{DISTRIBUTION} is installed without Project-URLs"
    label, _, url = entries[0].partition(",")
    assert metadata.project_url(label.strip().lower()) == url.strip()
    assert metadata.rule_docs_url("image-bytes") == f"{metadata.project_url('documentation')}/image-bytes.md"


@pytest.mark.usefixtures("not_installed")
def test_reports_without_metadata_have_no_links() -> None:
    document = sarif.sarif_log(REPORT, Path.cwd())
    driver = document["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver and "helpUri" not in driver["rules"][0]
    json.dumps(document)
    stream = io.StringIO()
    markdown.render(REPORT, stream)
    assert "### :x: IMG101 image-bytes:" in stream.getvalue()
    assert metadata.report_bugs_to() == "to the perflint project"
