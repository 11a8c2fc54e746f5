"""Code samples that a template language shows as text: their markup is never part of the page.

Hugo's `{{< highlight html >}} ... {{< /highlight >}}` shortcode, and the paired `highlight` tag
of Liquid (Jekyll) and Nunjucks (Eleventy's syntax-highlight plugin), print what they hold as
escaped, coloured code: an `<img>` in a sample of HTML is not an image of the page.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from typing import TypeVar

from perflint.html.tokenizer import Token

T = TypeVar("T", bound=Token)

_SAMPLE = re.compile(
    r"\{\{[<%]-?\s*highlight\b[^{}]*?-?[>%]\}\}.*?\{\{[<%]-?\s*/highlight\s*-?[>%]\}\}"
    r"|\{%-?\s*highlight\b[^{}]*?-?%\}.*?\{%-?\s*endhighlight\s*-?%\}",
    re.DOTALL,
)


def code_samples(text: str) -> Iterator[tuple[int, int]]:
    """Yield the span of offsets that each code sample of `text` covers."""
    if "highlight" not in text:
        return
    for match in _SAMPLE.finditer(text):
        yield match.span()


def outside_samples(tokens: Sequence[T], text: str) -> list[T]:
    """Return the tokens of `text` (offsets into it) that stand outside its code samples."""
    spans = list(code_samples(text))
    if not spans:
        return list(tokens)
    starts = [start for start, _ in spans]

    def inside(offset: int) -> bool:
        index = bisect.bisect_right(starts, offset) - 1
        return index >= 0 and offset < spans[index][1]

    return [token for token in tokens if not inside(token.offset)]
