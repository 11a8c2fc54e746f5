"""Point references at converted images: only the extension of each reference to a converted file changes.

Pages are drawn as a sequence of segments whose rewritten form is known: references to the
converted images (in attributes, srcset, url(), Markdown, front matter, with queries and
fragments), look-alikes that must stay (other files, remote URLs, longer names, another case),
and filler text that cannot name a file (it holds no "."). The expected output is the
segments' rewritten forms, encoded as the page was.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from perflint.fix.convert import converted_name, rewrite_references
from perflint.fix.proposal import Proposal
from perflint.site import Site
from tests.imagefactory import flat, jpeg_bytes, png_bytes
from tests.properties.strategies import ENCODINGS, source_in

Segment = tuple[str, str]  # as written, and as it must read after the rewrite
ConvertedSite = tuple[Path, dict[Path, Path]]  # the site's root, and each converted image's new file

# {up} is the way from the page's folder to the site root ("" or "../"); (old, new) are rewritten.
REFERENCES = [
    ' src="{up}img/(a.png|a.webp)"',
    " src='./{up}img/(a.png|a.webp)?v=2'",
    " url({up}img/(a.png|a.webp))",
    ' url("/img/(a.png|a.webp)#top")',
    "![Team]({up}img/(photo.jpg|photo.avif))",
    ' srcset="{up}img/(a.png|a.webp) 1x, /img/(photo.jpg|photo.avif) 2x"',
    "\nimage: /img/(a.png|a.webp)\n",
    ' "/static-only/(c.png|c.webp)"',
]
UNQUOTED = [" href={up}img/(photo.jpg|photo.avif)>", "<img src={up}img/(a.png|a.webp) alt=x>"]
LOOK_ALIKES = [
    ' src="{up}img/b.png"',
    " {up}img/a.png.bak ",
    " {up}img/a.pngx ",
    ' "https://example.com/img/a.png"',
    " url(//cdn.example.com/img/a.png)",
    ' "{up}other/a.png"',
    ' "{up}img/A.PNG"',
    ' "{up}img/xa.png"',
    ' "{up}photo.jpg"',
    " a.png ",  # names a file that is not beside the page
]
_CHOICE = re.compile(r"\(([^|()]+)\|([^|()]+)\)")
FILLER = st.text(st.characters(codec="utf-8", exclude_characters="."), max_size=8)


def written(template: str, up: str) -> Segment:
    """Expand a segment template: (old|new) reads old as written and new after the rewrite."""
    before, after = (_CHOICE.sub(choice, template).format(up=up) for choice in (r"\1", r"\2"))
    return before, after


@pytest.fixture(scope="module")
def converted_site(tmp_path_factory: pytest.TempPathFactory) -> ConvertedSite:
    root = tmp_path_factory.mktemp("converted")
    (root / "img").mkdir()
    (root / "static" / "static-only").mkdir(parents=True)
    (root / "img" / "a.png").write_bytes(png_bytes(flat(4, 4)))
    (root / "img" / "b.png").write_bytes(png_bytes(flat(4, 4)))
    (root / "img" / "photo.jpg").write_bytes(jpeg_bytes(flat(4, 4)))
    (root / "static" / "static-only" / "c.png").write_bytes(png_bytes(flat(4, 4)))
    originals = [root / "img" / "a.png", root / "img" / "photo.jpg", root / "static" / "static-only" / "c.png"]
    converted = {path: converted_name(path, "avif" if path.suffix == ".jpg" else "webp") for path in originals}
    return root, {old.resolve(): new.resolve() for old, new in converted.items()}


@st.composite
def pages(draw: st.DrawFn, up: str, references: list[str]) -> list[Segment]:
    segments: list[Segment] = []
    for _ in range(draw(st.integers(0, 12))):
        filler = draw(FILLER)
        segments.append((filler, filler))
        kind = draw(st.sampled_from(["reference", "look-alike", "newline"]))
        if kind == "newline":
            newline = draw(st.sampled_from(["\n", "\r\n"]))
            segments.append((newline, newline))
        else:
            template = draw(st.sampled_from(references if kind == "reference" else LOOK_ALIKES))
            segments.append(written(template, up))
    return segments


def check_rewrite(converted_site: ConvertedSite, where: str, segments: list[Segment], encoding: str) -> None:
    root, converted = converted_site
    before = "".join(old for old, _ in segments).encode(encoding, errors="replace")
    after = "".join(new for _, new in segments).encode(encoding, errors="replace")
    proposal = rewrite_references(source_in(root, where), before, converted, Site())
    if before == after:
        assert proposal is None
        return
    assert isinstance(proposal, Proposal)
    assert proposal.data == after
    assert proposal.sibling is None and not proposal.lossy
    # A page whose references all point at the converted files has nothing left to rewrite.
    assert rewrite_references(source_in(root, where), proposal.data, converted, Site()) is None


PLACES = st.sampled_from(["index.html", "post.md", "css/site.css", "blog/page.html"])


@settings(max_examples=150, deadline=None)
@given(where=PLACES, data=st.data(), encoding=ENCODINGS)
def test_only_extensions_of_converted_references_change(
    converted_site: ConvertedSite, where: str, data: st.DataObject, encoding: str
) -> None:
    segments = data.draw(pages("../" if "/" in where else "", REFERENCES))
    check_rewrite(converted_site, where, segments, encoding)


@settings(max_examples=50, deadline=None)
@example(where="index.html", data=None, encoding="utf-8")
@given(where=PLACES, data=st.data(), encoding=ENCODINGS)
def test_unquoted_attributes_are_rewritten(
    converted_site: ConvertedSite, where: str, data: st.DataObject | None, encoding: str
) -> None:
    up = "../" if "/" in where else ""
    segments = [written(UNQUOTED[1], up)] if data is None else data.draw(pages(up, REFERENCES + UNQUOTED))
    check_rewrite(converted_site, where, segments, encoding)
