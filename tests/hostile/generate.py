"""Write the hostile corpus: files that anyone can put in a pull request to hurt a linter.

`build_hostile_tree(root)` writes a repository at `root/repo` and, beside it, a folder the
repository must never reach (`root/outside`) and a fake Ghostscript (`root/bin/gs`). Its
`corpus` maps each file's name relative to the repository to what it tests. Everything is
generated at test time; the few large files are large on purpose, and the bombs are small files
that declare or inflate to huge sizes.
"""

from __future__ import annotations

import os
import random
import stat
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.hostile import bombs
from tests.hostile.pages import (
    ENCODED_PAGES,
    IMAGE_HEIGHT,
    IMAGE_WIDTH,
    deep_inputs,
    hostile_names,
    regex_inputs,
    superlinear_inputs,
    traversal_inputs,
)
from tests.imagefactory import flat, jpeg_bytes, photo, png_bytes

REPO, OUTSIDE = "repo", "outside"
CODE_RAN = "code-ran"  # what a hostile file that manages to run a command creates
GS_RAN = "gs-ran"  # what the fake Ghostscript writes when anything calls it
CONFIG = "perflint.toml"
BIG_PAGE, BIG_STYLESHEET, MANY_RULES = "big/page-20mb.html", "big/one-line-1mb.css", "big/rules-24mb.css"
BIG_NAMES = (BIG_PAGE, BIG_STYLESHEET, MANY_RULES)
Corpus = dict[str, str]


@dataclass(frozen=True)
class HostileTree:
    """A written corpus: the repository, the folder beside it that it must never reach, and the files."""

    root: Path
    corpus: Corpus  # relative name in the repository -> what it tests

    @property
    def repo(self) -> Path:
        return self.root / REPO

    @property
    def outside(self) -> Path:
        return self.root / OUTSIDE

    @property
    def fake_bin(self) -> Path:
        return self.root / "bin"

    def code_ran(self) -> list[Path]:
        """Return every marker a command run from a hostile file (or a call to Ghostscript) left."""
        return sorted(path for path in self.root.rglob("*") if path.name in (CODE_RAN, GS_RAN))


def build_hostile_tree(root: Path, *, big: bool = True) -> HostileTree:
    """Write the whole corpus under `root`; `big=False` leaves out the multi-megabyte files."""
    return build_repository(root, *CORPUS_GROUPS, *((big_files,) if big else ()))


def build_repository(root: Path, *groups: Callable[[Path], Corpus]) -> HostileTree:
    """Write a repository holding the given groups (the whole corpus, or a few for a tree of their own)."""
    (root / REPO).mkdir(parents=True)
    (root / OUTSIDE).mkdir()
    # The config file makes `repo` the project root whatever folder a run starts in.
    (root / REPO / CONFIG).write_text("# the project root of the hostile corpus\n")
    corpus: Corpus = {}
    for group in groups:
        corpus.update(group(root / REPO))
    write_fake_ghostscript(root / "bin", root / GS_RAN)
    return HostileTree(root, corpus)


def write(repo: Path, name: str | bytes, data: bytes) -> str:
    """Write one file (its name may be bytes that are not UTF-8) and return its relative name."""
    path = Path(os.fsdecode(os.path.join(os.fsencode(repo), os.fsencode(name))))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return os.fsdecode(name)


def write_all(repo: Path, files: dict[str, tuple[Callable[[], bytes], str]]) -> Corpus:
    """Write files given as {name: (builder, what it tests)}."""
    return {write(repo, name, builder()): what for name, (builder, what) in files.items()}


BOMBS: dict[str, tuple[Callable[[], bytes], str]] = {
    "bombs/png-huge-dimensions.png": (bombs.png_huge_dimensions, "PNG declaring 100,000 x 100,000 px"),
    "bombs/png-ztxt-bomb.png": (bombs.png_ztxt_bomb, "PNG zTXt chunk inflating to 256 MiB"),
    "bombs/png-itxt-bomb.png": (bombs.png_itxt_bomb, "PNG compressed iTXt (XMP) inflating to 256 MiB"),
    "bombs/png-iccp-bomb.png": (bombs.png_iccp_bomb, "PNG iCCP profile inflating to 256 MiB"),
    "bombs/jpeg-huge-dimensions.jpg": (bombs.jpeg_huge_dimensions, "JPEG declaring 65,500 x 65,500 px"),
    "bombs/gif-huge-dimensions.gif": (bombs.gif_huge_dimensions, "GIF screen of 65,535 x 65,535 px"),
    "bombs/gif-many-frames.gif": (bombs.gif_many_frames, "GIF of 5,000 frames on a 1000 x 1000 screen"),
    "bombs/webp-huge-canvas.webp": (bombs.webp_huge_canvas, "WebP VP8X canvas of 16,384 x 16,384 px"),
    "bombs/webp-lossless-huge.webp": (bombs.webp_lossless_huge, "WebP VP8L header of 16,384 x 16,384 px"),
    "bombs/tiff-huge-dimensions.tif": (bombs.tiff_huge_dimensions, "TIFF declaring 100,000 x 100,000 px"),
    "bombs/bmp-huge-dimensions.bmp": (bombs.bmp_huge_dimensions, "BMP declaring 100,000 x 100,000 px"),
    "bombs/psd-huge-dimensions.psd": (bombs.psd_huge_dimensions, "PSD declaring 30,000 x 30,000 px"),
    "bombs/heif-huge-dimensions.heic": (bombs.heif_huge_dimensions, "HEIF ispe of 100,000 x 100,000 px"),
    "bombs/avif-huge-dimensions.avif": (lambda: bombs.heif_huge_dimensions(b"avif"), "AVIF ispe of 100,000 px"),
    "bombs/ico-png-bomb.ico": (bombs.ico_with_png_bomb, "icon embedding a PNG of 100,000 x 100,000 px"),
    "bombs/svgz-gzip-bomb.svgz": (bombs.svgz_gzip_bomb, ".svgz inflating to 256 MiB"),
    "bombs/gzip-named-svg.svg": (bombs.svgz_gzip_bomb, "gzip bomb named .svg"),
    "bombs/svg-billion-laughs.svg": (bombs.svg_billion_laughs, "SVG entity expansion to 10**10 words"),
    "bombs/svg-quadratic-blowup.svg": (bombs.svg_quadratic_blowup, "SVG repeating a 100 KB entity 10,000 times"),
    "bombs/svg-deep-nesting.svg": (bombs.svg_deep_nesting, "SVG of 10,000 nested groups"),
}


def image_bombs(repo: Path) -> Corpus:
    """Decompression bombs: huge declared dimensions, inflating chunks, thousands of frames."""
    return write_all(repo, BOMBS)


def mutated_images(repo: Path, per_format: int = 12) -> Corpus:
    """Valid images with random bytes overwritten: the header walkers meet lengths and offsets that lie."""
    rng = random.Random(20_240_601)  # a fixed seed: the same corpus on every run
    corpus = {}
    for extension, data in bombs.mutation_seeds().items():
        for number in range(per_format):
            name = write(repo, f"mutated/{number}.{extension}", bombs.mutated(data, rng))
            corpus[name] = f"{extension} with random bytes overwritten"
    return corpus


def text_bombs(repo: Path) -> Corpus:
    """Deep nesting and inputs that make naive regular expressions backtrack."""
    files = {**deep_inputs(), **regex_inputs()}
    return {write(repo, name, data): what for name, (data, what) in files.items()}


def big_files(repo: Path) -> Corpus:
    """A 20 MB page, a 1 MB one-line stylesheet and a 24 MB stylesheet of many rules."""
    paragraph = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 3 + "</p>\n"
    block = paragraph * 999 + '<img src="../encodings/pic.png">\n'
    repeats = 20 * bombs.MIB // len(block) + 1
    page = "<!DOCTYPE html>\n<html lang='en'><head><title>Big</title></head><body>\n" + block * repeats
    rule = ".c{color:#123456;margin:0 auto;background:url(a.png)} "
    css = rule * (bombs.MIB // len(rule) + 1)
    many = "".join(f".rule-{number} {{ color: #123456; margin: 0 auto }}\n" for number in range(500_000))
    return {
        write(repo, BIG_PAGE, (page + "</body></html>\n").encode()): "20 MB HTML page",
        write(repo, BIG_STYLESHEET, css.encode()): "1 MB stylesheet on one line",
        write(repo, MANY_RULES, many.encode()): "24 MB stylesheet of 500,000 rules",
    }


def fixable_files(repo: Path) -> Corpus:
    """Files that `perflint fix` rewrites, so the fix tests see real writes next to the hostile files."""
    loose = png_bytes(photo(320, 240), text={"Comment": "x" * 40_000})
    files = {
        write(repo, "fixable/loose.png", loose): "PNG with 40 KB of text metadata, fixable",
        write(repo, "fixable/gps.jpg", jpeg_bytes(photo(320, 240), gps=True)): "JPEG with a GPS position",
        write(repo, "fixable/unminified.css", _unminified_css()): "stylesheet worth minifying",
        write(repo, "fixable/readonly.png", loose): "fixable PNG that is read-only",
    }
    (repo / "fixable/readonly.png").chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    return files


def _unminified_css() -> bytes:
    rules = "".join(f".block-{n} {{\n    margin: 0 auto;\n    padding: 4px 8px;\n}}\n\n" for n in range(400))
    return ("/* a stylesheet with room to minify */\n" + rules).encode()


def encoded_pages(repo: Path) -> Corpus:
    """Pages in other encodings and line endings, whose findings' lines are known."""
    write(repo, "encodings/pic.png", png_bytes(flat(IMAGE_WIDTH, IMAGE_HEIGHT)))
    return {write(repo, f"encodings/{page.name}", page.original()): page.what for page in ENCODED_PAGES}


def named_files(repo: Path) -> Corpus:
    """Files whose names look like options, break lines, quote, or are not UTF-8."""
    return {write(repo, name, data): what for name, (data, what) in hostile_names().items()}


def escapes(repo: Path) -> Corpus:
    """Symbolic links, hard links and references that lead out of the repository."""
    outside = repo.parent / OUTSIDE
    secret = png_bytes(flat(64, 48), text={"Comment": "outside " * 5000})
    (outside / "secret.png").write_bytes(secret)
    (outside / "secret.css").write_text("body { width: 1200px; }\n")
    (outside / "secret.txt").write_text("outside the repository\n")
    (outside / "folder").mkdir()
    (outside / "folder" / "page.html").write_text('<img src="../secret.png">\n')
    (outside / "folder" / "image.png").write_bytes(secret)
    (outside / "hard-target.png").write_bytes(secret)
    links = repo / "links"
    links.mkdir()
    corpus = {
        _link(links, "outside-file.png", outside / "secret.png"): "symlink to a file outside",
        _link(links, "outside-relative.css", Path("../../outside/secret.css")): "relative symlink leaving the tree",
        _link(links, "outside-folder", outside / "folder"): "symlink to a folder outside",
        _link(links, "dangling.png", Path("nowhere.png")): "dangling symlink",
        _link(links, "inside.png", Path("../encodings/pic.png")): "symlink to a file inside",
        _link(links, "fixable-inside.png", Path("../fixable/loose.png")): "symlink to a fixable file inside",
        _link(links, "etc-passwd.html", Path("/etc/passwd")): "symlink to /etc/passwd",
    }
    os.link(outside / "hard-target.png", links / "hardlink.png")
    corpus["links/hardlink.png"] = "hard link to a fixable file outside"
    corpus.update(_traversals(repo, outside))
    return corpus


def special_files(repo: Path) -> Corpus:
    """Named pipes with page and image names (an archive can hold them; reading one blocks), and a page using one."""
    special = repo / "special"
    special.mkdir()
    corpus = {}
    for name in ("pipe.html", "pipe.png"):
        os.mkfifo(special / name)
        corpus[f"special/{name}"] = "named pipe"
    corpus[write(repo, "special/page.html", b'<img src="pipe.png" alt="a pipe">\n')] = "page whose image is a pipe"
    return corpus


def _link(folder: Path, name: str, target: Path) -> str:
    (folder / name).symlink_to(target)
    return f"{folder.name}/{name}"


def _traversals(repo: Path, outside: Path) -> Corpus:
    files = traversal_inputs(str(outside / "secret.png"), str(outside / "secret.txt"))
    return {write(repo, name, data): what for name, (data, what) in files.items()}


def symlink_loops(repo: Path) -> Corpus:
    """Symbolic links that resolve to themselves, and a page that points at one.

    Kept out of `build_hostile_tree`: today they stop the whole run (see test_hostile_escape).
    """
    loops = repo / "loops"
    loops.mkdir(parents=True)
    corpus = {
        _link(loops, "self.png", Path("self.png")): "symlink to itself",
        _link(loops, "a.html", Path("b.html")): "symlink loop of two",
        _link(loops, "b.html", Path("a.html")): "symlink loop of two",
    }
    page = b'<!DOCTYPE html>\n<html lang="en"><head><title>Loop</title></head>\n<body><img src="../loops/self.png">\n'
    corpus[write(repo, "loop-page/page.html", page)] = "page whose image is a symlink loop"
    return corpus


def known_slow(repo: Path) -> Corpus:
    """Inputs that take perflint minutes or gigabytes today; kept out of the whole-tree runs."""
    files = superlinear_inputs()
    files["heavy/png-pixel-flood.png"] = (bombs.png_pixel_flood(), "real 10,000 x 10,000 RGBA PNG, 400 MB decoded")
    return {write(repo, name, data): what for name, (data, what) in files.items()}


def code_execution(repo: Path) -> Corpus:
    """Files that try to run a command that creates a marker beside the repository."""
    marker = repo.parent / CODE_RAN
    touch = f"touch {marker}"
    tags = [
        f'!!python/object/apply:os.system ["{touch}"]',
        f'!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
        f'!!python/object/new:subprocess.Popen [["touch", "{marker}"]]',
        "!!python/name:os.system",
        f'!!python/object/apply:builtins.exec ["open(\\"{marker}\\", \\"w\\")"]',
    ]
    corpus = {}
    for number, tag in enumerate(tags):
        page = f"---\ntitle: {tag}\ndescription: a page whose front matter tries to run a command\n---\n\nText\n"
        corpus[write(repo, f"exec/yaml-tag-{number}.md", page.encode())] = f"YAML tag {tag.split()[0]}"
    eps = _eps(touch)
    for name in ("eps-named.jpg", "eps-named.png", "eps-named.gif", "eps-named.webp", "eps-named.svg"):
        corpus[write(repo, f"exec/{name}", eps)] = "PostScript that runs a command, named as an image"
    binary_eps = b"\xc5\xd0\xd3\xc6" + bytes(26) + eps
    corpus[write(repo, "exec/eps-binary-named.jpg", binary_eps)] = "DOS EPS binary header named .jpg"
    corpus[write(repo, "exec/$(touch code-ran).png", b"not an image")] = "shell substitution in a file name"
    return corpus


def _eps(command: str) -> bytes:
    """A PostScript file that asks Ghostscript to run a command through a pipe."""
    return (
        f"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n(%pipe%{command}) (w) file closefile\nshowpage\n%%EOF\n"
    ).encode()


def git_fsmonitor(repo: Path) -> Corpus:
    """A checked-out site whose own .git/config runs a command whenever git scans the work tree.

    Archives of someone else's site can carry their .git folder; git runs core.fsmonitor for
    any command that looks for changed or untracked files.
    """
    site = repo / "archive"
    page = write(repo, "archive/index.html", b'<img src="x.png">\n')
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    command = f"touch {repo.parent / CODE_RAN}; true"
    subprocess.run(["git", "-C", str(site), "config", "core.fsmonitor", command], check=True)
    return {page: "page in a folder whose .git/config sets core.fsmonitor to a command"}


CORPUS_GROUPS: tuple[Callable[[Path], Corpus], ...] = (
    image_bombs,
    mutated_images,
    text_bombs,
    fixable_files,
    encoded_pages,
    named_files,
    escapes,
    special_files,
    code_execution,
)


def write_fake_ghostscript(folder: Path, marker: Path) -> Path:
    """Write a `gs` that only records that it ran; put `folder` first on PATH to catch any call."""
    folder.mkdir(parents=True, exist_ok=True)
    gs = folder / "gs"
    gs.write_text(f'#!/bin/sh\necho "$@" >> "{marker}"\nexit 1\n')
    gs.chmod(0o755)
    return gs
