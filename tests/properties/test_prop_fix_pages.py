"""Fix any page: only the known insertions (and the lazy LCP image's removal) are made, every other byte stays,
and fixing again changes nothing."""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perflint.config import CommandLine, Settings, build_settings
from perflint.documents.html import load_html
from perflint.fix.pages import Edit, html_edits
from perflint.fix.proposal import Proposal
from perflint.fix.propose import propose, propose_until_stable
from perflint.fix_options import FixOptions
from perflint.html.head import VIEWPORT
from perflint.html.tokenizer import Tag, tokenize
from perflint.site import Site
from tests.properties.strategies import ENCODINGS, html_pages, html_soup, source_in

# What a page fix may insert: an image's size, lazy loading, a high fetch priority, the viewport tag after
# a tag, on a line ended the way the page ends its lines (CRLF, LF, or a lone CR as old Mac files do).
INSERTION = re.compile(
    r' width="\d+" height="\d+"| loading="lazy" decoding="async"| loading="lazy"| decoding="async"'
    r'| fetchpriority="high"|(?:\r\n|\r|\n)' + re.escape(VIEWPORT)
)
REMOVAL = re.compile(r"""\s+loading\s*=\s*(?:"\s*lazy\s*"|'\s*lazy\s*'|lazy)""", re.IGNORECASE)  # a lazy LCP image's
OPTIONS = st.builds(FixOptions, lazy_loading=st.booleans(), unsafe_fixes=st.booleans())
PAGES = st.tuples(st.one_of(html_pages(), html_soup), ENCODINGS).map(lambda p: p[0].encode(p[1], errors="replace"))


@pytest.fixture(scope="module")
def run_settings() -> Settings:
    return build_settings(Path.cwd(), CommandLine(no_config=True))


def start_tags(text: str) -> list[Tag]:
    return [token for token in tokenize(text) if isinstance(token, Tag)]


@settings(max_examples=150, deadline=None)
@given(original=PAGES, options=OPTIONS)
def test_page_fix_only_inserts(site_root: Path, run_settings: Settings, original: bytes, options: FixOptions) -> None:
    source = source_in(site_root, "page.html")
    proposal = propose(source, original, run_settings, options, Site())
    if proposal is None:
        return
    assert isinstance(proposal, Proposal) and proposal.text is not None
    doc = load_html(source, io.BytesIO(original), len(original))
    edits = sorted(html_edits(doc, Site(), options, run_settings.rules_for("page.html")), key=lambda e: e.offset)
    assert_inserted(original, proposal.data, doc.decoded.text, doc.decoded.encoding, edits)
    fixed = load_html(source, io.BytesIO(proposal.data), len(proposal.data))
    assert fixed.decoded.encoding == doc.decoded.encoding and fixed.decoded.text == proposal.text[1]
    assert_tags_kept(doc.decoded.text, fixed.decoded.text, edits)


def assert_inserted(original: bytes, output: bytes, text: str, encoding: str, edits: list[Edit]) -> None:
    """Check that `output` is `original` with each edit's text, in the file's encoding, at its offset, and
    each removal (of a lazy LCP image's `loading`) inside a tag."""
    bom = original[: len(original) - len(text.encode(encoding))]
    assert bom + text.encode(encoding) == original and output.startswith(bom)
    at, position = 0, len(bom)
    for edit in (edit for edit in edits if edit.removed):
        assert not edit.text and REMOVAL.fullmatch(text[edit.offset : edit.offset + edit.removed])
    for offset, group in itertools.groupby(edits, key=lambda edit: edit.offset):
        group_edits = list(group)
        texts = [edit.text for edit in group_edits if not edit.removed]
        removed = sum(edit.removed for edit in group_edits)
        assert all(INSERTION.fullmatch(inserted) for inserted in texts), texts
        if not removed:
            assert text[offset : offset + 1] in (">", "/") or text[offset - 1 : offset] == ">", (offset, texts)
        kept = text[at:offset].encode(encoding)
        assert output[position : position + len(kept)] == kept
        position += len(kept)
        block = output[position : position + len("".join(texts).encode(encoding))]
        assert block in {"".join(order).encode(encoding) for order in itertools.permutations(texts)}
        position, at = position + len(block), offset + removed
    assert output[position:] == text[at:].encode(encoding)


def assert_tags_kept(before: str, after: str, edits: list[Edit]) -> None:
    """Check that every tag is where the edits before it moved it, with at least its old attributes
    (but a removed `loading`)."""
    old, new = start_tags(before), {tag.offset: tag for tag in start_tags(after)}
    assert len(new) == len(old) + sum(edit.text.count("<") for edit in edits)
    for tag in old:
        moved = new[tag.offset + sum(len(edit.text) - edit.removed for edit in edits if edit.offset <= tag.offset)]
        dropped = {"loading"} if any(tag.offset < edit.offset < tag.end and edit.removed for edit in edits) else set()
        kept = {name: value for name, value in tag.attrs.items() if name not in dropped}
        assert moved.name == tag.name and kept.items() <= dict(moved.attrs).items()


@settings(max_examples=100, deadline=None)
@given(original=PAGES, options=OPTIONS)
def test_page_fix_is_idempotent(site_root: Path, run_settings: Settings, original: bytes, options: FixOptions) -> None:
    source = source_in(site_root, "page.html")
    once = propose_until_stable(source, original, run_settings, options, Site())
    if once is None:
        return
    assert isinstance(once, Proposal)
    assert propose(source, once.data, run_settings, options, Site()) is None


CRLF_PAGES = PAGES.filter(lambda data: b"\0" not in data).map(lambda data: re.sub(rb"\r?\n", b"\r\n", data))


@settings(max_examples=100, deadline=None)
@example(original=b"<html>\r\n<head>\r\n<title>x</title>\r\n</head>\r\n</html>\r\n")
@given(original=CRLF_PAGES.filter(lambda data: b"\r\n" in data))
def test_page_fix_keeps_crlf_line_endings(site_root: Path, run_settings: Settings, original: bytes) -> None:
    options = FixOptions(lazy_loading=True, unsafe_fixes=True)
    proposal = propose(source_in(site_root, "page.html"), original, run_settings, options, Site())
    if proposal is None:
        return
    assert isinstance(proposal, Proposal) and proposal.text is not None
    before, after = proposal.text
    lone = re.compile(r"(?<!\r)\n")
    assert len(lone.findall(after)) == len(lone.findall(before))
