"""Write a deterministic website of any size, for timing perflint on more files than any real corpus holds.

For N pages the site holds N HTML pages, N/2 images (JPEG and PNG, 64-400 px), N/50 stylesheets and N/5 Markdown
pages with front matter, in the proportions of a marketing site with a blog. HTML pages load their stylesheet and
images by relative paths; Markdown pages name their cover image by a site-root path (`/img/...`, published from
`static/`, as Hugo does) and their inline images by relative paths. Most pages are clean, and some carry the usual
mistakes (no alt text, no width and height, a long title) so that the rules that report them have work to do.

Encoding thousands of images would take longer than checking them, so a few hundred images are encoded and each
file is one of them with its own comment (a JPEG COM segment or a PNG tEXt chunk): every file's content hash
differs, as on a real site, and the pixels are still a realistic mix. The same N always gives the same bytes.

    .venv/bin/python bench/generate_site.py N_PAGES [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

IMAGES_PER_PAGE = 0.5
STYLESHEETS_PER_PAGE = 0.02
MARKDOWN_PER_PAGE = 0.2
IMAGE_POOL = 300  # images actually encoded; the rest are tagged copies
SECTIONS = 100  # HTML pages are spread over this many folders, as a real site's sections are
SIZES = (64, 400)  # smallest and largest side of a generated image, in pixels
_VOCABULARY = (
    "budget page image photo team office launch plan price customer report chart market product design mobile "
    "screen search share visitor content release season spring summer autumn winter city garden kitchen travel "
    "music sport health school library museum river mountain coffee bakery studio workshop festival weekend "
    "review guide update notice partner service support account invoice delivery order return warranty"
)
WORDS = tuple(_VOCABULARY.split())


@dataclass(frozen=True)
class Counts:
    """How many files of each kind a site of a given size holds."""

    pages: int
    images: int
    stylesheets: int
    markdown: int

    @classmethod
    def for_pages(cls, pages: int) -> Counts:
        """Scale every kind with the page count, so that a bigger site is the same site, only more of it."""
        return cls(
            pages=pages,
            images=max(1, round(pages * IMAGES_PER_PAGE)),
            stylesheets=max(1, round(pages * STYLESHEETS_PER_PAGE)),
            markdown=max(1, round(pages * MARKDOWN_PER_PAGE)),
        )

    @property
    def files(self) -> int:
        return self.pages + self.images + self.stylesheets + self.markdown


# ---- images ------------------------------------------------------------------------------------------------------


def photo(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Return a photograph-like picture: blurred noise over a gradient, which JPEG compresses as it does a photo."""
    base = Image.linear_gradient("L").resize(size).convert("RGB")
    tint = Image.new("RGB", size, tuple(rng.randrange(40, 220) for _ in range(3)))
    noise = Image.merge("RGB", [Image.effect_noise(size, rng.uniform(20, 60)) for _ in range(3)])
    picture = Image.blend(Image.blend(base, tint, 0.6), noise, 0.35)
    return picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))


def drawing(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Return a flat-colour graphic (icon, chart, logo), the kind of image that belongs in a PNG."""
    picture = Image.new("RGB", size, tuple(rng.randrange(200, 256) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(rng.randrange(3, 12)):
        x0, y0 = rng.randrange(size[0]), rng.randrange(size[1])
        box = (x0, y0, x0 + rng.randrange(4, size[0]), y0 + rng.randrange(4, size[1]))
        draw.rectangle(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    return picture


def encode_pool(count: int) -> list[tuple[str, bytes]]:
    """Encode the distinct images: mostly JPEG photos, PNG drawings, and a few photos saved as PNG by mistake."""
    pool = []
    for number in range(count):
        rng = random.Random(f"image-{number}")
        size = (rng.randrange(SIZES[0], SIZES[1] + 1), rng.randrange(SIZES[0], SIZES[1] + 1))
        buffer = io.BytesIO()
        roll = rng.random()
        if roll < 0.6:
            photo(rng, size).save(buffer, "JPEG", quality=rng.randrange(70, 95))
            pool.append(("jpg", buffer.getvalue()))
        else:
            picture = drawing(rng, size) if roll < 0.9 else photo(rng, size)
            picture.save(buffer, "PNG")
            pool.append(("png", buffer.getvalue()))
    return pool


def tag_jpeg(data: bytes, text: str) -> bytes:
    """Insert a COM segment right after the start-of-image marker; decoders ignore it."""
    comment = text.encode()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + data[2:]


def tag_png(data: bytes, text: str) -> bytes:
    """Insert a tEXt chunk right after IHDR (signature 8 bytes, IHDR chunk 25), with its CRC."""
    body = b"tEXt" + b"Comment\0" + text.encode("latin-1")
    chunk = struct.pack(">I", len(body) - 4) + body + struct.pack(">I", zlib.crc32(body))
    return data[:33] + chunk + data[33:]


def image_names(counts: Counts, pool: Sequence[tuple[str, bytes]]) -> list[str]:
    """Name each image file after its pool entry's format, in the styles people give files."""
    styles = ("photo-{n:05d}", "IMG_{n:05d}", "banner-{n:05d}", "team_{n:05d}", "chart-{n:05d}")
    return [f"{styles[n % len(styles)].format(n=n)}.{pool[n % len(pool)][0]}" for n in range(counts.images)]


def write_images(site: Path, names: Sequence[str], pool: Sequence[tuple[str, bytes]]) -> None:
    """Write every image file as a pool image carrying its own comment, so no two files have the same bytes."""
    folder = site / "static" / "img"
    folder.mkdir(parents=True, exist_ok=True)
    for number, name in enumerate(names):
        kind, data = pool[number % len(pool)]
        text = f"site image {number}: {name}"
        (folder / name).write_bytes(tag_jpeg(data, text) if kind == "jpg" else tag_png(data, text))


# ---- text --------------------------------------------------------------------------------------------------------


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randrange(6, 18)) for _ in range(rng.randrange(3, 7)))


def stylesheet(number: int) -> str:
    """Return a readable (unminified) stylesheet of a few KB; some import another or fix a width in pixels."""
    rng = random.Random(f"css-{number}")
    lines = ["/* Site styles */"]
    if number % 10 == 3:
        lines.insert(0, '@import url("style-000.css");')
    for block in range(rng.randrange(30, 90)):
        selector = rng.choice((".card", ".hero", ".nav a", "main p", "footer", ".price", "h2", ".team img"))
        lines += [
            f"{selector}-{block} {{",
            f"  margin: {rng.randrange(0, 40)}px {rng.randrange(0, 40)}px;",
            f"  color: #{rng.randrange(0x1000000):06x};",
            f"  font-size: {rng.choice(('1rem', '0.875rem', '1.25rem', '14px', '18px'))};",
            "}",
        ]
    if number % 7 == 5:
        lines += [".container {", "  width: 960px;", "}"]
    return "\n".join(lines) + "\n"


def image_tag(rng: random.Random, source: str, number: int) -> str:
    """Return an <img>, sometimes with the mistakes people make: no alt, a file name as alt, no size."""
    width, height = rng.randrange(SIZES[0], SIZES[1] + 1), rng.randrange(SIZES[0], SIZES[1] + 1)
    if number % 11 == 0:
        return f'<img src="{source}" width="{width}" height="{height}">'
    if number % 13 == 0:
        return f'<img src="{source}" alt="{Path(source).name}">'
    return f'<img src="{source}" alt="{sentence(rng, 5)[:-1]}" width="{width}" height="{height}" loading="lazy">'


def html_page(number: int, stylesheet_href: str, image_sources: Sequence[str]) -> str:
    """Return a page of about 5 KB: a full head with title, description and social tags, then text and images."""
    rng = random.Random(f"page-{number}")
    title = sentence(rng, 12 if number % 9 == 0 else 5)[:-1]
    description = sentence(rng, rng.randrange(10, 22))
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        '  <meta name="viewport" content="width=device-width, initial-scale=1">',
        f"  <title>{title} | Example</title>",
        f'  <meta name="description" content="{description}">',
        f'  <meta property="og:title" content="{title}">',
        f'  <meta property="og:description" content="{description}">',
        f'  <meta property="og:image" content="{image_sources[0]}">',
        f'  <link rel="stylesheet" href="{stylesheet_href}">',
        "</head>",
    ]
    body = [
        "<body>",
        '  <nav><a href="/">Home</a> <a href="/about/">About</a></nav>',
        "  <main>",
        f"  <h1>{title}</h1>",
    ]
    for index, source in enumerate(image_sources):
        body += [
            f"  <p>{paragraph(rng)}</p>",
            f"  <p>{paragraph(rng)}</p>",
            f"  {image_tag(rng, source, number + index)}",
        ]
    body += [f"  <p>{paragraph(rng)}</p>" for _ in range(rng.randrange(3, 7))]
    body += ["  </main>", "  <footer><p>&copy; Example Ltd</p></footer>", "</body>", "</html>"]
    return "\n".join(head + body) + "\n"


def markdown_page(number: int, cover: str, inline_sources: Sequence[str]) -> str:
    """Return a blog post with front matter (title, description, cover image), text and inline images."""
    rng = random.Random(f"post-{number}")
    title = sentence(rng, 6)[:-1]
    front = ["---", f'title: "{title}"', f"date: 2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}"]
    if number % 6 != 0:
        front.append(f'description: "{sentence(rng, rng.randrange(10, 20))}"')
    front += ["cover:", f'  image: "{cover}"', f'  alt: "{sentence(rng, 4)[:-1]}"', "---", ""]
    body = [f"# {title}", ""]
    for index, source in enumerate(inline_sources):
        alt = "" if (number + index) % 9 == 0 else sentence(rng, 4)[:-1]
        body += [paragraph(rng), "", f"![{alt}]({source})", ""]
    body += [paragraph(rng), ""]
    return "\n".join(front + body)


# ---- the site ----------------------------------------------------------------------------------------------------


def relative(target: str, page: str) -> str:
    """Return the path from a page's folder to a site file, as written in a relative link."""
    return os.path.relpath(target, os.path.dirname(page)).replace(os.sep, "/")


def write_text(site: Path, name: str, text: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(site: Path, counts: Counts, names: Sequence[str]) -> None:
    """Write the HTML pages, each loading one stylesheet and two to four images by relative paths."""
    for number in range(counts.pages):
        rng = random.Random(f"links-{number}")
        page = f"pages/section-{number % SECTIONS:02d}/page-{number:05d}.html"
        css = relative(f"static/css/style-{number % counts.stylesheets:03d}.css", page)
        images = [relative(f"static/img/{rng.choice(names)}", page) for _ in range(rng.randrange(2, 5))]
        write_text(site, page, html_page(number, css, images))


def write_posts(site: Path, counts: Counts, names: Sequence[str]) -> None:
    """Write the Markdown posts: a site-root cover image in front matter, relative images in the text."""
    for number in range(counts.markdown):
        rng = random.Random(f"post-links-{number}")
        post = f"content/posts/{2020 + number % 5}/post-{number:05d}.md"
        inline = [relative(f"static/img/{rng.choice(names)}", post) for _ in range(rng.randrange(1, 3))]
        write_text(site, post, markdown_page(number, f"/img/{rng.choice(names)}", inline))


def generate(pages: int, site: Path) -> Counts:
    """Write the site for `pages` HTML pages into `site` (created if needed) and return what it holds."""
    counts = Counts.for_pages(pages)
    pool = encode_pool(min(IMAGE_POOL, counts.images))
    names = image_names(counts, pool)
    write_images(site, names, pool)
    for number in range(counts.stylesheets):
        write_text(site, f"static/css/style-{number:03d}.css", stylesheet(number))
    write_pages(site, counts, names)
    write_posts(site, counts, names)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=int, metavar="N_PAGES", help="number of HTML pages; the rest scales with it")
    parser.add_argument("--out", type=Path, help="folder to write the site into (default: site-N_PAGES)")
    args = parser.parse_args(argv)
    if args.pages < 1:
        parser.error("N_PAGES must be at least 1")
    out = args.out or Path(f"site-{args.pages}")
    counts = generate(args.pages, out)
    print(
        f"{out}: {counts.pages} HTML pages, {counts.images} images, {counts.stylesheets} stylesheets, "
        f"{counts.markdown} Markdown pages ({counts.files} files)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
