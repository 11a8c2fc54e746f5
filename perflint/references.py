"""Find, as text, where a page or stylesheet refers to given files.

Any URL-like token in the text (an HTML attribute, a srcset candidate, a CSS url(), a Markdown
link, a front matter value) that ends in one of the files' names and resolves, the way the
built site resolves it, to that very file. Working on the text rather than on a parse covers
every syntax at once, and gives exact offsets for edits that keep every other byte.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from perflint.documents.source import SourceFile
from perflint.site import Site

_SEPARATORS = "\"'()\t\n\r\f\v ,<>[]\\"  # what a URL-like token never holds
_TOKEN_END = r"(?=[?#\"'()\s,<>\]\\]|$)"


@dataclass(frozen=True)
class Mention:
    """One reference to a target file: where its text ends, and the file (resolved) it names."""

    end: int
    target: Path


def mentions(text: str, targets: Collection[Path], source: SourceFile, site: Site) -> Iterator[Mention]:
    """Yield each reference in `text` (the content of `source`) to one of `targets` (resolved paths)."""
    for name in {target.name for target in targets}:
        # The name first, then the token it ends, read back to the nearest separator: linear in
        # the text even where a long run without separators (a data: URI) comes before the name.
        for match in re.finditer(re.escape(name) + _TOKEN_END, text, flags=re.IGNORECASE):
            begin = max(text.rfind(separator, 0, match.start()) for separator in _SEPARATORS) + 1
            token = text[begin : match.end()]
            # An unquoted attribute (`src=img/a.png`) comes as one token: try what follows each `=` too.
            for start in (0, *(i + 1 for i, char in enumerate(token) if char == "=")):
                reference = site.resolve(token[start:], source.path, source.boundary)
                if reference.kind == "file" and reference.path is not None and reference.path.resolve() in targets:
                    yield Mention(match.end(), reference.path.resolve())
                    break
