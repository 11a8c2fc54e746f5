"""The registry: every rule perflint has, listed by hand, keyed by name."""

from __future__ import annotations

from typing import Any

from perflint.rules import (
    image_bytes,
    image_compressible,
    image_dimensions,
    image_format,
    image_metadata,
    lfs_pointer,
    unreadable_file,
)
from perflint.rules.base import Rule

RULES: dict[str, Rule[Any, Any]] = {
    rule.name: rule
    for rule in (
        unreadable_file.RULE,
        lfs_pointer.RULE,
        image_bytes.RULE,
        image_dimensions.RULE,
        image_metadata.RULE,
        image_format.RULE,
        image_compressible.RULE,
    )
}
