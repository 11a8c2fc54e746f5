"""Decide what kind of file a path is: by its content first, its name second."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from perflint.images.sniff import is_lfs_pointer, sniff, svg_doctype_warning

IMAGE = "image"
HTML = "html"
MARKDOWN = "markdown"
CSS = "css"
LFS_POINTER = "lfs-pointer"

# Image formats each extension may hold; the first is the one the name promises.
IMAGE_EXTENSIONS: dict[str, tuple[str, ...]] = {
    ".jpg": ("jpeg",),
    ".jpeg": ("jpeg",),
    ".jpe": ("jpeg",),
    ".jfif": ("jpeg",),
    ".png": ("png",),
    ".apng": ("png",),
    ".gif": ("gif",),
    ".webp": ("webp",),
    ".avif": ("avif",),
    ".heic": ("heif",),
    ".heif": ("heif", "avif"),
    ".svg": ("svg",),
    ".ico": ("ico", "png"),
    ".bmp": ("bmp",),
    ".tif": ("tiff",),
    ".tiff": ("tiff",),
    ".psd": ("psd",),
}
TEXT_EXTENSIONS: dict[str, str] = {
    ".html": HTML,
    ".htm": HTML,
    ".md": MARKDOWN,
    ".markdown": MARKDOWN,
    ".mdown": MARKDOWN,
    ".mkd": MARKDOWN,
    ".css": CSS,
}
HEAD_BYTES = 512


@dataclass(frozen=True)
class FileKind:
    """The kind of a file and, for images, the format its bytes hold."""

    kind: str
    image_format: str | None = None
    warning: str | None = None  # what to warn about the file as a whole: a misnamed image, an SVG's DOCTYPE


class KindMismatch(Exception):
    """The file's content is not what its name says; str(exc) tells the user what to do."""


# Browsers tell these formats apart by their first bytes, whatever the name or the server's
# content type says, so a PNG named .jpg still shows. SVG is not sniffed: it shows only when
# served as SVG, which servers decide by the name, so an SVG misnamed either way is broken.
_SNIFFED_BY_BROWSERS = frozenset({"jpeg", "png", "gif", "webp", "avif", "bmp", "ico"})
_BINARY_CONTROLS = bytes(set(range(32)) - set(b"\t\n\r\f\x1b"))
_WIDE_TEXT_MARKS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")  # UTF-16 and UTF-32 byte order marks
_SUFFIXES = {"jpeg": "jpg", "heif": "heic", "tiff": "tif"}  # the usual extension, where it is not the format's name


def named_as_image(path: PurePath) -> bool:
    """Tell from the name alone, without reading the file, whether it is meant to be an image."""
    return path.suffix.lower() in IMAGE_EXTENSIONS


def is_candidate(path: PurePath) -> bool:
    """Tell whether a file found in a folder is worth opening."""
    suffix = path.suffix.lower()
    return suffix in IMAGE_EXTENSIONS or suffix in TEXT_EXTENSIONS


def classify(name: str, head: bytes) -> FileKind | None:
    """Return the kind of a file from its first bytes and name; None for other files."""
    suffix = PurePath(name).suffix.lower()
    image_format = sniff(head)
    if image_format is not None:
        expected = IMAGE_EXTENSIONS.get(suffix)
        if expected is None or image_format in expected:
            return FileKind(IMAGE, image_format, svg_doctype_warning(head) if image_format == "svg" else None)
        if "svg" in (image_format, expected[0]):
            raise KindMismatch(
                f"the name ends in {suffix} but the file holds {image_format.upper()} data; "
                f"rename it so browsers and servers treat it right"
            )
        return FileKind(IMAGE, image_format, _misnamed(suffix, expected[0], image_format))
    if is_lfs_pointer(head):
        return FileKind(LFS_POINTER)
    if suffix in IMAGE_EXTENSIONS:
        what = "empty" if not head else "not an image (it looks like text or another format)"
        raise KindMismatch(f"the name ends in {suffix} but the file is {what}")
    kind = TEXT_EXTENSIONS.get(suffix)
    if kind and _looks_binary(head):
        raise KindMismatch(
            f"the name ends in {suffix} but the file holds binary data, not text, which browsers show as garbage; "
            "put the real file back, or rename it for what it holds"
        )
    return FileKind(kind) if kind else None


def _looks_binary(head: bytes) -> bool:
    """Tell binary data from text, even text with a stray NUL: one byte in twenty or more is a control
    character that text does not use (about one in eight of random data is)."""
    if head.startswith(_WIDE_TEXT_MARKS):
        return False  # UTF-16 and UTF-32 text is full of NULs
    controls = len(head) - len(head.translate(None, _BINARY_CONTROLS))
    return controls * 20 >= len(head) > 0


def _misnamed(suffix: str, named: str, held: str) -> str:
    """Say what an image named as another raster format risks, and what to do."""
    shown = " browsers show it anyway, since they go by the content, but" if held in _SNIFFED_BY_BROWSERS else ""
    return (
        f"the name ends in {suffix} but the file holds {held.upper()} data:{shown} image tools, the site's build "
        f"and link previews may go by the name and fail on it; rename it to .{_SUFFIXES.get(held, held)} and "
        f"update the links to it, or re-export it as {named.upper()}"
    )
