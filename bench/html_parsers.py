"""Time perflint's HTML tokenizer against html.parser, selectolax and lxml on real pages, and check it.

Prints a Markdown table of the timings, then how many pages the tokenizer agrees on with html.parser
(the line of every img and meta tag) and with lexbor, a spec-compliant parser (their attributes).
Run from the repository root: python bench/html_parsers.py [--repeat N] [--show N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TypeGuard

import lxml.html  # type: ignore[import-untyped]
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # so that a checkout runs without installing

from perflint.html.syntax import MARKUP
from perflint.html.tokenizer import Tag, Token, tokenize

PER_FOLDER = 800
CORPORA = {
    "readability": (Path("/work/shared/corpus/html/readability"), "*.html"),
    "python-docs": (Path("/usr/share/doc/python3.11/html"), "**/*.html"),
    "postgres-docs": (Path("/usr/share/doc/postgresql-doc-15/html"), "*.html"),
}
COMPARED = ("img", "meta")  # the tags on which the tokenizer is compared with html.parser and lexbor

Summary = Counter[tuple[object, ...]]  # what one parser found on a page, compared with another's


@dataclass(frozen=True)
class Page:
    """One benchmark page, decoded once before any timing."""

    corpus: str
    path: Path
    text: str
    size: int  # bytes on disk


@dataclass(frozen=True)
class Contender:
    """A parser under test: how to run it on one page, and what positions it reports."""

    name: str
    parse: Callable[[str], object]
    lines: bool
    columns: bool


class _StartTags(HTMLParser):
    """Collect start tags with html.parser's positions, the way a linter built on it would."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, tuple[int, int]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, self.getpos()))


def parse_stdlib(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Run html.parser over the page."""
    parser = _StartTags()
    parser.feed(text)
    parser.close()
    return parser.tags


def parse_selectolax(text: str) -> list[object]:
    """Parse with lexbor and select what perflint's rules look at."""
    return list(LexborHTMLParser(text).css("img, meta, link, title, style"))


def parse_lxml(text: str) -> list[tuple[object, int | None]]:
    """Parse with libxml2 and read each element's line."""
    try:
        root = lxml.html.document_fromstring(text)
    except ValueError:  # a str with an XML encoding declaration: hand lxml the bytes instead
        root = lxml.html.document_fromstring(text.encode(), parser=lxml.html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:  # an empty document
        return []
    return [(element.tag, element.sourceline) for element in root.iter()]


def scan_only(text: str) -> None:
    """Run the tokenizer's regular expression alone: the floor under any tokenizer built on it."""
    for _ in MARKUP.finditer(text):
        pass


CONTENDERS = (
    Contender("html.parser (stdlib)", parse_stdlib, lines=True, columns=True),
    Contender("selectolax LexborHTMLParser + css()", parse_selectolax, lines=False, columns=False),
    Contender("lxml.html.document_fromstring + iter()", parse_lxml, lines=True, columns=False),
    Contender("perflint.html.tokenizer.tokenize", tokenize, lines=True, columns=True),
    Contender("(floor: the tokenizer's regex scan alone, no tokens)", scan_only, lines=False, columns=False),
)


def load_pages() -> list[Page]:
    """Read every corpus that exists, noting the ones that do not."""
    pages = []
    for corpus, (folder, pattern) in CORPORA.items():
        if not folder.is_dir():
            print(f"note: {folder} is missing, {corpus} skipped")
            continue
        for path in sorted(folder.glob(pattern))[:PER_FOLDER]:
            data = path.read_bytes()
            pages.append(Page(corpus, path, data.decode("utf-8", errors="replace"), len(data)))
    return pages


def measure(pages: list[Page], repeat: int) -> dict[str, dict[str, float]]:
    """Return each contender's best seconds per corpus, interleaving runs so a busy moment hurts all alike."""
    corpora = {corpus: [page.text for page in pages if page.corpus == corpus] for corpus in _corpora(pages)}
    best = {contender.name: dict.fromkeys(corpora, float("inf")) for contender in CONTENDERS}
    for _ in range(repeat):
        for contender in CONTENDERS:
            for corpus, texts in corpora.items():
                started = time.perf_counter()
                for text in texts:
                    contender.parse(text)
                best[contender.name][corpus] = min(best[contender.name][corpus], time.perf_counter() - started)
    return best


def timing_table(pages: list[Page], repeat: int) -> str:
    """Time every contender and render the results as a Markdown table."""
    megabytes = sum(page.size for page in pages) / 1e6
    corpora = _corpora(pages)
    rows = [
        "| parser | total s | ms/page | MB/s | vs html.parser | "
        + " | ".join(f"{c} s" for c in corpora)
        + " | lines | columns |",
        "|---|" + "--:|" * (4 + len(corpora)) + "---|---|",
    ]
    seconds = measure(pages, repeat)
    baseline = sum(seconds[CONTENDERS[0].name].values())
    for contender in CONTENDERS:
        total = sum(seconds[contender.name].values())
        per_corpus = " | ".join(f"{seconds[contender.name][corpus]:.2f}" for corpus in corpora)
        rows.append(
            f"| {contender.name} | {total:.2f} | {1000 * total / len(pages):.2f} | {megabytes / total:.1f}"
            f" | {baseline / total:.1f}x | {per_corpus} | {_yes(contender.lines)} | {_yes(contender.columns)} |"
        )
    return "\n".join(rows)


def _corpora(pages: list[Page]) -> list[str]:
    """Name the corpora present, in reading order."""
    return list(dict.fromkeys(page.corpus for page in pages))


def _yes(flag: bool) -> str:
    """Spell a capability for the table."""
    return "yes" if flag else "no"


def stdlib_positions(text: str) -> Summary:
    """Return html.parser's set of (line, name) pairs for the compared tags."""
    return Counter({(line, name) for name, (line, _) in parse_stdlib(text) if name in COMPARED})


def tokenizer_positions(text: str) -> Summary:
    """Return the tokenizer's set of (line, name) pairs for the compared tags."""
    return Counter({(token.line, token.name) for token in tokenize(text) if _compared(token)})


def lexbor_elements(text: str) -> Summary:
    """Return lexbor's compared elements with all their attributes, as a spec-compliant tree builder sees them."""
    nodes = LexborHTMLParser(text).css(", ".join(COMPARED))
    return Counter((node.tag, *sorted((key, value or "") for key, value in node.attributes.items())) for node in nodes)


def tokenizer_elements(text: str) -> Summary:
    """Return the tokenizer's compared start tags with all their attributes."""
    return Counter((token.name, *sorted(token.attrs.items())) for token in tokenize(text) if _compared(token))


def _compared(token: Token) -> TypeGuard[Tag]:
    """Tell whether a token is one of the compared start tags."""
    return isinstance(token, Tag) and token.name in COMPARED


COMPARISONS = (
    ("html.parser", "the set of (line, tag) pairs of img and meta tags", stdlib_positions, tokenizer_positions),
    ("lexbor", "img and meta elements with their decoded attributes", lexbor_elements, tokenizer_elements),
)


def agreement(pages: list[Page], show: int) -> Iterable[str]:
    """Yield, per reference and corpus, how many pages agree, then the differences on up to ``show`` pages."""
    for reference, what, theirs, ours in COMPARISONS:
        yield f"\nTokenizer vs {reference}, on {what}:"
        disagreeing: list[tuple[Page, Summary, Summary]] = []
        for corpus in _corpora(pages):
            members = [page for page in pages if page.corpus == corpus]
            found = [(page, theirs(page.text), ours(page.text)) for page in members]
            differences = [(page, expected - got, got - expected) for page, expected, got in found if expected != got]
            yield f"- {corpus}: {len(members) - len(differences)} of {len(members)} pages agree"
            disagreeing += differences
        for page, theirs_only, ours_only in disagreeing[:show]:
            yield f"  - {page.path.name}: {reference} only {sorted(theirs_only)[:4]}, ours only {sorted(ours_only)[:4]}"


def main(argv: list[str] | None = None) -> int:
    """Load the pages, print the timing table and the agreement figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per parser; the best counts")
    parser.add_argument("--show", type=int, default=20, help="disagreeing pages to list")
    args = parser.parse_args(argv)
    pages = load_pages()
    if not pages:
        print("no pages found")
        return 1
    counts = ", ".join(f"{corpus}: {sum(page.corpus == corpus for page in pages)}" for corpus in _corpora(pages))
    print(f"{len(pages)} pages ({counts}), {sum(p.size for p in pages) / 1e6:.1f} MB, best of {args.repeat}\n")
    print(timing_table(pages, args.repeat))
    for line in agreement(pages, args.show):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
