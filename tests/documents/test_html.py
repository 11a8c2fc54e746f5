from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

import pytest

from perflint.documents.html import IGNORE_ATTRIBUTE, VOID_ELEMENTS, ignored_elements
from perflint.html.tokenizer import EndTag, Tag, Token, tokenize

LAST_LINE = 99


def spans(html: str) -> list[tuple[int, int]]:
    return list(ignored_elements(tokenize(html), LAST_LINE))


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<div data-perflint-ignore>\n<p>\n</div>", [(1, 3)]),
        ("<div data-perflint-ignore>\n<div>\n</div>\n</div>", [(1, 4)]),  # a nested one of the same name
        ("<div data-perflint-ignore>\n<div data-perflint-ignore>\n</div>\n</div>", [(1, 4), (2, 3)]),
        ("<div data-perflint-ignore>\n<div/>\n</div>", [(1, 3)]),  # a self-closing one opens nothing
        ("<section data-perflint-ignore>\n<div>\n</section>", [(1, 3)]),  # other names do not count
        ("<div data-perflint-ignore>\n<div>\n</div>", [(1, LAST_LINE)]),  # never closed
        ("<img data-perflint-ignore>\n<img>\n</img>", [(1, 1)]),  # a void element spans its tag
        ("<svg data-perflint-ignore/>\n</svg>", [(1, 1)]),
        ("</div>\n<div data-perflint-ignore>\n</div>", [(2, 3)]),  # an end tag before it closes nothing of it
        ("<div>\n<div data-perflint-ignore>\n</div>\n</div>", [(2, 3)]),
        ("<p data-perflint-ignore>\n<br data-perflint-ignore>\n</p>", [(1, 3), (2, 2)]),  # in start-tag order
    ],
)
def test_ignored_elements(html: str, expected: list[tuple[int, int]]) -> None:
    assert spans(html) == expected


def rescanned_spans(tokens: Sequence[Token], last_line: int) -> Iterator[tuple[int, int]]:
    """The spans by definition: for each ignored element, scan the tokens after it for its end tag."""
    for index, token in enumerate(tokens):
        if not isinstance(token, Tag) or IGNORE_ATTRIBUTE not in token.attrs:
            continue
        if token.self_closing or token.name in VOID_ELEMENTS:
            yield token.line, token.line
            continue
        depth, end_line = 0, last_line
        for later in tokens[index + 1 :]:
            if isinstance(later, Tag) and later.name == token.name and not later.self_closing:
                depth += 1
            elif isinstance(later, EndTag) and later.name == token.name:
                if depth == 0:
                    end_line = later.line
                    break
                depth -= 1
        yield token.line, end_line


def random_page(rng: random.Random) -> str:
    """Return tags of a few names, ignored or not, self-closing or not, in any order, unbalanced."""
    pieces = []
    for _ in range(rng.randrange(40)):
        name = rng.choice(["div", "p", "img", "span"])
        ignore = " data-perflint-ignore" if rng.random() < 0.4 else ""
        pieces.append(rng.choice([f"<{name}{ignore}>", f"<{name}{ignore}/>", f"</{name}>", f"</{name}>", "\n", "text"]))
    return "".join(pieces)


def test_ignored_elements_agree_with_rescanning() -> None:
    rng = random.Random(0)
    for _ in range(2000):
        tokens = tokenize(random_page(rng))
        assert list(ignored_elements(tokens, LAST_LINE)) == list(rescanned_spans(tokens, LAST_LINE))


def test_many_nested_ignored_elements() -> None:
    depth = 40_000
    html = "<div data-perflint-ignore>\n" * depth + "</div>\n" * (depth // 2)
    result = spans(html)
    assert result[0] == (1, LAST_LINE)
    assert result[-1] == (depth, depth + 1)
    assert len(result) == depth
