"""Read TOML with the standard library's parser (tomli before Python 3.11), imported only when needed.

Importing it costs a few milliseconds that a commit without a config file or TOML front
matter should not pay.
"""

from __future__ import annotations

import sys
from typing import Any


def loads(text: str) -> dict[str, Any]:
    """Parse TOML text; errors are ValueErrors."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib.loads(text)
