"""The project's addresses, read from the installed package's metadata, so they are written only in pyproject.toml.

Imported only when an address is shown: importlib.metadata costs tens of milliseconds of start-up.
"""

from __future__ import annotations

import functools
import importlib.metadata

from perflint import DISTRIBUTION


@functools.cache
def project_urls() -> dict[str, str]:
    """Return the Project-URL entries by lower-case label; empty when perflint runs without being installed."""
    try:
        entries = importlib.metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return {}
    pairs = (entry.partition(",") for entry in entries)
    return {label.strip().lower(): url.strip() for label, _, url in pairs if url.strip()}


def project_url(label: str) -> str | None:
    """Return one address (`homepage`, `documentation`, `issues`), or None when the metadata lacks it."""
    return project_urls().get(label)


def rule_docs_url(name: str) -> str | None:
    """Return the address of a rule's page in the documentation, or None when it is not known."""
    docs = project_url("documentation")
    return f"{docs.rstrip('/')}/{name}.md" if docs else None


def report_bugs_to() -> str:
    """Return where to report a bug in perflint, in words that read well after "report it"."""
    issues = project_url("issues")
    return f"at {issues}" if issues else "to the perflint project"
