"""The error the front-matter readers raise, apart so that the block and YAML readers need not import each other."""

from __future__ import annotations


class FrontMatterError(ValueError):
    """A block that cannot be read safely; str(exc) is the whole reason, for the user."""
