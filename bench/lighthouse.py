"""Compare perflint's verdicts with Lighthouse's on small pages, audit by audit, in one run.

Each case is a page (with the images, fonts and scripts it loads) written into a temporary
folder, served over HTTP and audited by Lighthouse 12 (pinned in bench/package.json) with its
default mobile emulation (412 px wide, 1.75 device pixels per CSS pixel), and checked by perflint
with built-in defaults. For each case the table shows, per Lighthouse audit, whether Lighthouse
fails it and whether the perflint rule that covers it reports it, and says where they differ.
image-compressible's lossless findings stand for no audit: Lighthouse measures no lossless saving.
A case marked `fixed` is audited and checked as `perflint fix --unsafe-fixes` leaves it.

Run from the repository root, with perflint installed in the venv, node on the PATH and Chromium
installed (Debian's `chromium`); Lighthouse is installed into bench/node_modules on first use:

    .venv/bin/python bench/lighthouse.py [--json OUT] [--only CASE ...]
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import io
import json
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image

BENCH = Path(__file__).resolve().parent
PERFLINT = Path(sys.executable).with_name("perflint")
LIGHTHOUSE = BENCH / "node_modules" / ".bin" / "lighthouse"
# Lighthouse audit: the perflint rule that covers it, and the words that mark that rule's finding for the audit
# (image-compressible also reports lossless savings, which no Lighthouse audit measures).
AUDITS = {
    "uses-responsive-images": ("image-responsive", ""),
    "uses-optimized-images": ("image-compressible", "saved at quality"),
    "image-aspect-ratio": ("image-aspect-ratio", ""),
    "font-display": ("font-display", ""),
    "render-blocking-resources": ("render-blocking-resources", ""),
    "offscreen-images": ("offscreen-images", ""),
    "lcp-lazy-loaded": ("lcp-lazy-loaded", 'loading="lazy"'),
    "unused-css-rules": ("unused-css-rules", ""),
}
VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def noisy_jpeg(width: int, height: int) -> bytes:
    """A photo-like JPEG: noise, so its bytes grow with its pixels as a photo's do."""
    pixels = np.random.default_rng(width * height).integers(0, 256, (height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=80)
    return out.getvalue()


def photo_jpeg(quality: int, width: int = 600, height: int = 400) -> bytes:
    """A photo-like JPEG: smooth light and colour with fine grain, saved at `quality`."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32) * (600 / width)
    grain = np.random.default_rng(7).normal(0, 6, (height, width, 3))
    channels = [128 + 90 * np.sin(x / 70 + phase) * np.cos(y / 50 - phase) for phase in (0.0, 1.0, 2.0)]
    pixels = np.clip(np.stack(channels, axis=-1) + grain, 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", quality=quality)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    """One page, what it loads, and what it is meant to show."""

    name: str
    head: str
    body: str
    files: dict[str, bytes] = field(default_factory=dict)
    fixed: bool = False  # audited and checked after `perflint fix --unsafe-fixes`


def framework_css(unused: bool) -> bytes:
    """A framework-sized stylesheet of 3,000 varied rules: for classes .c0 to .c19 only, or mostly for
    classes no page has (`unused`)."""
    rng = np.random.default_rng(3)
    rules = [
        f".{'u' if unused and i >= 20 else 'c'}{i if unused else i % 20}{{margin:{rng.integers(40)}px "
        f"{rng.integers(40)}px;color:#{rng.integers(1 << 24):06x};border:{rng.integers(5)}px solid "
        f"#{rng.integers(1 << 24):06x}}}"
        for i in range(3000)
    ]
    return "\n".join(rules).encode()


def cases() -> list[Case]:
    wide, small, square = noisy_jpeg(1600, 1000), noisy_jpeg(600, 400), noisy_jpeg(400, 300)
    large_photo = photo_jpeg(85, 1600, 1000)
    font = b"wOF2" + bytes(2000)  # downloaded as a font; that it does not decode changes nothing here
    script = b"var x = 1;\n" * 2000
    fluid = VIEWPORT + "<style>img{max-width:100%}</style>"
    keeping_shape = VIEWPORT + "<style>img{max-width:100%;height:auto}</style>"
    face = "@font-face{font-family:Brand;src:url(f.woff2) format('woff2')"
    sized_photo = '<img src="p.jpg" width="600" height="400" alt="">'
    hero = '<img src="h.jpg" width="1600" height="1000" alt=""{}><h1>Welcome</h1>'
    sentence = "Paragraph of an article, long enough to fill several screens of a phone. "
    article = "".join(f"<p>{sentence * 8}</p>" for _ in range(30))
    used_markup = "".join(f'<p class="c{i}">Text</p>' for i in range(20))
    busy = "<script>var t = Date.now(); while (Date.now() - t < 800) {}</script>"  # its audit needs a busy page
    return [
        Case("fluid-wide", fluid, '<img src="a.jpg" alt="">', {"a.jpg": wide}),
        Case("fluid-small", fluid, '<img src="a.jpg" alt="">', {"a.jpg": small}),
        Case("fluid-class", VIEWPORT + "<style>.img-fluid{max-width:100%;height:auto}</style>",
             '<img class="img-fluid" src="a.jpg" alt="">', {"a.jpg": wide}),
        Case("fixed-full-width", VIEWPORT + "<style>body{margin:0}.img-fluid{max-width:100%;height:auto}</style>",
             '<img class="img-fluid" src="a.jpg" alt="">', {"a.jpg": large_photo}, fixed=True),
        Case("fixed-in-margins", VIEWPORT + "<style>.img-fluid{max-width:100%;height:auto}</style>",
             '<img class="img-fluid" src="a.jpg" alt="">', {"a.jpg": large_photo}, fixed=True),
        Case("context-rule", VIEWPORT + "<style>.post img{max-width:100%}</style>",
             '<div class="post"><img src="a.jpg" alt=""></div>', {"a.jpg": wide}),
        Case("no-viewport", "<style>img{max-width:100%}</style>", '<img src="a.jpg" alt="">', {"a.jpg": wide}),
        Case("width-attribute", VIEWPORT, '<img src="a.jpg" width="300" alt="">', {"a.jpg": wide}),
        Case("squashed", VIEWPORT, '<img src="b.jpg" width="300" height="300" alt="">', {"b.jpg": square}),
        Case("squashed-on-phone", fluid, '<img src="a.jpg" width="1600" height="1000" alt="">', {"a.jpg": wide}),
        Case("cropped", VIEWPORT, '<img src="b.jpg" width="300" height="300" style="object-fit:cover" alt="">',
             {"b.jpg": square}),
        Case("font-no-display", f"{VIEWPORT}<style>{face}}}body{{font-family:Brand}}</style>", "<p>Text</p>",
             {"f.woff2": font}),
        Case("font-swap", f"{VIEWPORT}<style>{face};font-display:swap}}body{{font-family:Brand}}</style>",
             "<p>Text</p>", {"f.woff2": font}),
        Case("jpeg-quality-98", VIEWPORT, sized_photo, {"p.jpg": photo_jpeg(98)}),
        Case("jpeg-quality-80", VIEWPORT, sized_photo, {"p.jpg": photo_jpeg(80)}),
        Case("head-script", VIEWPORT + '<script src="s.js"></script>', "<p>Text</p>", {"s.js": script}),
        Case("deferred-script", VIEWPORT + '<script src="s.js" defer></script>', "<p>Text</p>", {"s.js": script}),
        Case("lcp-lazy", keeping_shape, hero.format(' loading="lazy"'), {"h.jpg": wide}),
        Case("lcp-eager", keeping_shape, hero.format(""), {"h.jpg": wide}),
        Case("offscreen-far", fluid, f'{article}<img src="a.jpg" alt="">{busy}', {"a.jpg": small}),
        Case("offscreen-lazy", fluid, f'{article}<img src="a.jpg" alt="" loading="lazy">{busy}', {"a.jpg": small}),
        Case("offscreen-near", fluid, f'<p>Intro</p><img src="a.jpg" alt="">{article}{busy}', {"a.jpg": small}),
        Case("css-mostly-unused", f'{VIEWPORT}<link rel="stylesheet" href="f.css">', used_markup,
             {"f.css": framework_css(unused=True)}),
        Case("css-used", f'{VIEWPORT}<link rel="stylesheet" href="f.css">', used_markup,
             {"f.css": framework_css(unused=False)}),
    ]  # fmt: skip


def write(case: Case, folder: Path) -> None:
    folder.mkdir(parents=True)
    page = f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{case.name}</title>{case.head}</head>"
    (folder / "index.html").write_text(f"{page}<body>{case.body}</body></html>")
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    if case.fixed:
        command = [str(PERFLINT), "fix", "--no-config", "--unsafe-fixes", "--quiet", "."]
        subprocess.run(command, cwd=folder, capture_output=True, check=False)


@contextlib.contextmanager
def served(root: Path) -> Iterator[int]:
    """Serve `root` over HTTP on a free port, quietly."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Say nothing: the table is the output."""


def lighthouse(url: str) -> dict[str, bool]:
    """Return, per audit, whether Lighthouse fails the page (a score under 0.9, as its report marks failures)."""
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-audits={','.join(AUDITS)}",
        "--output=json",
        "--quiet",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    report = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return {audit: _fails(report["audits"][audit]) for audit in AUDITS}


def _fails(audit: dict[str, object]) -> bool:
    """Tell whether an audit's result is a failure: an audit that does not apply to the page has no score."""
    score = audit["score"]
    return audit["scoreDisplayMode"] != "notApplicable" and (not isinstance(score, (int, float)) or score < 0.9)


def perflint(folder: Path) -> set[str]:
    """Return the Lighthouse audits that perflint's findings on the page and the files it loads stand for."""
    command = [str(PERFLINT), "check", "--no-config", "--format", "json", str(folder)]
    findings = json.loads(subprocess.run(command, capture_output=True, text=True, cwd=folder).stdout)["findings"]
    return {
        audit
        for audit, (rule, words) in AUDITS.items()
        if any(finding["rule"] == rule and words in finding["message"] for finding in findings)
    }


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        command = ["npm", "ci"] if (BENCH / "package-lock.json").exists() else ["npm", "install"]
        subprocess.run([*command, "--no-audit", "--no-fund"], cwd=BENCH, check=True, stdout=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the verdicts here")
    parser.add_argument("--only", nargs="+", metavar="CASE", help="run these cases only")
    arguments = parser.parse_args()
    ensure_lighthouse()
    rows = []
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        with served(root) as port:
            for case in (case for case in cases() if not arguments.only or case.name in arguments.only):
                write(case, root / case.name)
                failed = lighthouse(f"http://127.0.0.1:{port}/{case.name}/index.html")
                reported = perflint(root / case.name)
                for audit in AUDITS:
                    if failed[audit] or audit in reported:
                        rows.append((case.name, audit, failed[audit], audit in reported))
                print(f"{case.name}: done", file=sys.stderr)
    print("| page | Lighthouse audit | Lighthouse fails it | perflint reports it | agree |")
    print("|---|---|---|---|---|")
    for name, audit, fails, reports in rows:
        agree = "yes" if fails == reports else "**no**"
        print(f"| {name} | {audit} | {_yes(fails)} | {_yes(reports)} | {agree} |")
    agreeing = sum(1 for row in rows if row[2] == row[3])
    print(f"\n{agreeing} of {len(rows)} verdicts agree (audits neither fails nor reports are left out).")
    if arguments.json:
        keys = ("page", "audit", "lighthouse", "perflint")
        arguments.json.write_text(json.dumps([dict(zip(keys, row, strict=True)) for row in rows]))


def _yes(value: bool) -> str:
    return "yes" if value else "no"


if __name__ == "__main__":
    main()
