"""Time perflint's HTML tokenizer against html.parser, selectolax and lxml on real pages.

Run from the repository root: python bench/html_parsers.py [--repeat N] [--show N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import lxml.html  # type: ignore[import-untyped]
from lxml import etree
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # so that a checkout runs without installing

from perflint.html.tokenizer import Tag, tokenize

PER_FOLDER = 800
CORPORA = {
    "readability": (Path("/work/shared/corpus/html/readability"), "*.html"),
    "python-docs": (Path("/usr/share/doc/python3.11/html"), "**/*.html"),
    "postgres-docs": (Path("/usr/share/doc/postgresql-doc-15/html"), "*.html"),
}
COMPARED = ("img", "meta")  # the tags whose positions html.parser and the tokenizer must agree on

Positions = set[tuple[int, str]]


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


CONTENDERS = (
    Contender("html.parser (stdlib)", parse_stdlib, lines=True, columns=True),
    Contender("selectolax LexborHTMLParser + css()", parse_selectolax, lines=False, columns=False),
    Contender("lxml.html.document_fromstring + iter()", parse_lxml, lines=True, columns=False),
    Contender("perflint.html.tokenizer.tokenize", tokenize, lines=True, columns=True),
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


def best_time(contender: Contender, pages: list[Page], repeat: int) -> float:
    """Return the best of ``repeat`` timed runs over all pages, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for page in pages:
            contender.parse(page.text)
        best = min(best, time.perf_counter() - started)
    return best


def timing_table(pages: list[Page], repeat: int) -> str:
    """Time every contender and render the results as a Markdown table."""
    megabytes = sum(page.size for page in pages) / 1e6
    rows = ["| parser | total s | ms/page | MB/s | vs html.parser | lines | columns |", "|---|--:|--:|--:|--:|---|---|"]
    baseline = None
    for contender in CONTENDERS:
        seconds = best_time(contender, pages, repeat)
        baseline = baseline or seconds
        rows.append(
            f"| {contender.name} | {seconds:.2f} | {1000 * seconds / len(pages):.2f} | {megabytes / seconds:.1f}"
            f" | {baseline / seconds:.1f}x | {_yes(contender.lines)} | {_yes(contender.columns)} |"
        )
    return "\n".join(rows)


def _yes(flag: bool) -> str:
    """Spell a capability for the table."""
    return "yes" if flag else "no"


def stdlib_positions(text: str) -> Positions:
    """Return html.parser's (line, name) pairs for the compared tags."""
    return {(line, name) for name, (line, _) in parse_stdlib(text) if name in COMPARED}


def tokenizer_positions(text: str) -> Positions:
    """Return the tokenizer's (line, name) pairs for the compared tags."""
    return {(token.line, token.name) for token in tokenize(text) if isinstance(token, Tag) and token.name in COMPARED}


def agreement(pages: list[Page], show: int) -> Iterable[str]:
    """Yield, per corpus, how many pages agree, then the differences on up to ``show`` pages."""
    disagreeing: list[tuple[Page, Positions, Positions]] = []
    for corpus in dict.fromkeys(page.corpus for page in pages):
        members = [page for page in pages if page.corpus == corpus]
        before = len(disagreeing)
        for page in members:
            stdlib, ours = stdlib_positions(page.text), tokenizer_positions(page.text)
            if stdlib != ours:
                disagreeing.append((page, stdlib - ours, ours - stdlib))
        agreeing = len(members) - (len(disagreeing) - before)
        yield f"- {corpus}: {agreeing} of {len(members)} pages agree on (line, tag) for {'/'.join(COMPARED)}"
    for page, stdlib, ours in disagreeing[:show]:
        yield f"  - {page.path.name}: html.parser only {sorted(stdlib)[:6]}, tokenizer only {sorted(ours)[:6]}"


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
    counts = ", ".join(f"{c}: {sum(p.corpus == c for p in pages)}" for c in dict.fromkeys(p.corpus for p in pages))
    print(f"{len(pages)} pages ({counts}), {sum(p.size for p in pages) / 1e6:.1f} MB, best of {args.repeat}\n")
    print(timing_table(pages, args.repeat))
    print()
    for line in agreement(pages, args.show):
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
