"""Fuzz the parsers `perflint check` runs on a file, with atheris, or replay files through them without it.

The first byte of an input picks the parser; the rest is the file's content:

    0  every parser below, one after another
    1  file kind: classify() under each name perflint checks, sniff(), the LFS pointer test
    2  image header probe: the sniffed format and one picked by the second byte
    3  HTML: the page document (decoding, tokenizer, suppressions) and every HTML rule
    4  CSS: the stylesheet document and every CSS rule
    5  Markdown: front matter and body, and every Markdown rule
    6  SVG: sniffing and probing as an SVG

Only unexpected exceptions are crashes: a file perflint reports as unreadable raises one of
EXPECTED (a damaged image, front matter that does not parse, a name that lies about the content).

    pip install atheris
    python tests/fuzz/fuzz_parsers.py --seeds fuzz-corpus         # write the seed corpus
    python tests/fuzz/fuzz_parsers.py fuzz-corpus -max_total_time=120
    python tests/fuzz/fuzz_parsers.py crash-1234 fuzz-corpus/*    # replay files (atheris or not)
    python tests/fuzz/fuzz_parsers.py --replay FILE...            # replay without atheris

Without atheris installed, any call replays its file arguments.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script: make perflint and tests.imagefactory importable
    sys.path.insert(0, str(ROOT))

from perflint.documents.css import load_css  # noqa: E402
from perflint.documents.html import load_html  # noqa: E402
from perflint.documents.markdown import load_markdown  # noqa: E402
from perflint.documents.source import SourceFile, Unreadable  # noqa: E402
from perflint.images.probe import UnreadableImage, probe  # noqa: E402
from perflint.images.sniff import is_lfs_pointer, sniff  # noqa: E402
from perflint.kinds import CSS, HEAD_BYTES, HTML, MARKDOWN, KindMismatch, classify  # noqa: E402
from perflint.rules import RULES  # noqa: E402
from perflint.rules.base import Context  # noqa: E402
from perflint.site import Site  # noqa: E402

EXPECTED = (Unreadable, UnreadableImage, KindMismatch)
FORMATS = ("jpeg", "png", "gif", "webp", "avif", "heif", "svg", "ico", "bmp", "tiff", "psd")
NAMES = ("x.png", "x.jpg", "x.gif", "x.webp", "x.svg", "x.ico", "x.heic", "x.html", "x.md", "x.css", "x.txt")
# The folder a fuzzed file pretends to live in; never created, so every reference a page makes is missing.
_SITE = Path(tempfile.gettempdir()) / "perflint-fuzz-site"


def one_input(data: bytes) -> None:
    """Run the parser the first byte picks on the rest; raise only on a crash (not one of EXPECTED)."""
    if not data:
        return
    selector, content = data[0] % len(PARSERS), data[1:]
    chosen = PARSERS if selector == 0 else [PARSERS[selector]]
    for parser in chosen:
        if parser is not None:
            with contextlib.suppress(*EXPECTED):
                parser(content)


def parse_kind(content: bytes) -> None:
    head = content[:HEAD_BYTES]
    sniff(head)
    is_lfs_pointer(head)
    for name in NAMES:
        with contextlib.suppress(KindMismatch):  # one name's mismatch must not skip the others
            classify(name, head)


def parse_image(content: bytes) -> None:
    picked = FORMATS[content[0] % len(FORMATS)] if content else "png"
    for image_format in {sniff(content[:HEAD_BYTES]), picked} - {None}:
        try:
            info = probe(io.BytesIO(content), len(content), str(image_format))
        except UnreadableImage:
            continue
        assert info.format, info


def parse_html(content: bytes) -> None:
    doc = load_html(_source("page.html"), io.BytesIO(content), len(content))
    _check(doc, HTML)


def parse_css(content: bytes) -> None:
    doc = load_css(_source("style.css"), io.BytesIO(content), len(content))
    _check(doc, CSS)


def parse_markdown(content: bytes) -> None:
    doc = load_markdown(_source("post.md"), io.BytesIO(content), len(content))
    _check(doc, MARKDOWN)


def parse_svg(content: bytes) -> None:
    if sniff(content[:HEAD_BYTES]) == "svg":
        classify("x.svg", content[:HEAD_BYTES])
    probe(io.BytesIO(content), len(content), "svg")


PARSERS: list[Callable[[bytes], None] | None] = [
    None,
    parse_kind,
    parse_image,
    parse_html,
    parse_css,
    parse_markdown,
    parse_svg,
]


def _source(name: str) -> SourceFile:
    return SourceFile(_SITE / name, name, name, _SITE)


def _check(doc: Any, kind: str) -> None:
    """Run every rule of `kind` with its default options, as a check does; its findings must point somewhere."""
    for rule in RULES.values():
        if rule.check is not None and kind in rule.kinds:
            for violation in rule.check(doc, Context(rule.options(), None, None, Site())):
                assert violation.message and (violation.line is None or violation.line >= 1), violation


def seeds() -> dict[str, bytes]:
    """Return a small seed corpus, each input already prefixed with its parser's byte."""
    from tests import imagefactory as f

    picture = f.photo(24, 16)
    images = {
        "png": f.png_bytes(picture, text={"Comment": "seed"}),
        "jpeg": f.jpeg_bytes(picture, exif_size=200, comment=b"seed"),
        "gif": f.gif_bytes([f.flat(8, 8, mode="P"), f.flat(8, 8, (0, 0, 255), mode="P")]),
        "webp": f.webp_bytes(picture),
        "avif": f.avif_bytes(picture),
        "heif": f.heif_bytes(24, 16),
        "ico": f.ico_bytes(((16, 16),)),
        "bmp": f.bmp_bytes(f.flat(4, 4)),
        "tiff": f.tiff_bytes(f.flat(4, 4)),
        "psd": f.psd_bytes(4, 4),
    }
    svg = b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"></svg>'
    page = (
        b'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Seed</title>\n'
        b'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        b"<style>body { width: 960px } @import url(x.css);</style>\n</head>\n<body>\n"
        b'<!-- perflint-disable-next-line img-alt -->\n<img src="a.png" srcset="a.png 2x" width="10">\n'
        b"</body>\n</html>\n"
    )
    css = b"/*! licence */\n@import url(more.css);\n.container {\n  width: 960px;\n  background: url(a.png);\n}\n"
    markdown = b'---\ntitle: Seed\ndescription: "A page"\nimages: [a.png]\n---\n# Title\n\n![alt](a.png)\n'
    markdown += b"> <img src=b.png>\n"
    found = {f"image-{name}": bytes([2]) + data for name, data in images.items()}
    found |= {f"kind-{name}": bytes([1]) + data[:HEAD_BYTES] for name, data in images.items()}
    found |= {"kind-lfs": b"\x01version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 1\n"}
    found |= {"html": b"\x03" + page, "css": b"\x04" + css, "markdown": b"\x05" + markdown, "svg": b"\x06" + svg}
    found |= {"all-html": b"\x00" + page, "all-png": b"\x00" + images["png"]}
    return found


def files(paths: list[str]) -> Iterator[Path]:
    """Yield the files named, and the files inside the folders named."""
    for name in paths:
        path = Path(name)
        yield from sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]


def replay(paths: list[str]) -> int:
    """Run each file through one_input; an unexpected exception propagates with the file's name."""
    count = 0
    for path in files(paths):
        try:
            one_input(path.read_bytes())
        except Exception as error:
            error.add_note(f"while replaying {path}")
            raise
        count += 1
    print(f"replayed {count} file(s): no crash")
    return 0


def main(argv: list[str]) -> int:
    if argv[1:2] == ["--seeds"]:
        folder = Path(argv[2])
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in seeds().items():
            (folder / name).write_bytes(data)
        print(f"wrote {len(seeds())} seeds to {folder}")
        return 0
    if importlib.util.find_spec("atheris") is None or argv[1:2] == ["--replay"]:
        return replay([arg for arg in argv[1:] if not arg.startswith("-")])
    atheris = importlib.import_module("atheris")

    for data in seeds().values():  # load the modules perflint imports on first use, so they are instrumented
        one_input(data)
    atheris.instrument_all()
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
