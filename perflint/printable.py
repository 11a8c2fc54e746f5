"""Show text taken from files (names, alt text, titles) in output for people without letting it act.

A file name or an attribute may hold control characters: an escape sequence that retitles the
terminal, recolours or hides lines; a newline that starts a line of its own, such as a GitHub
Actions workflow command (`::error ...`) that a workflow running perflint would obey; or the
bidirectional overrides that show text in another order than it is. Every format for people
writes them as visible escapes instead; JSON and SARIF escape them by their own rules.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, and the bidirectional embeddings,
# overrides and isolates.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Return `text` with each control character written as its escape: "\\x1b", "\\n", "\\u202e"."""
    return _UNSAFE.sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    return ascii(match.group())[1:-1]
