"""The facts a header probe reports, and the one error it raises."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Pillow's DecompressionBombError threshold, written out so probing never imports Pillow.
MAX_PIXELS = 2 * 89_478_485


class UnreadableImage(Exception):
    """The file cannot be read as the image it claims to be.

    str(exc) is a plain-English reason for a non-engineer.
    """


@dataclass(frozen=True)
class ImageInfo:
    """Header facts of one image file, read without decoding pixels.

    `width` and `height` are None where the header cannot say (SVG). `frames` is 1 for a still
    image. `mode` is Pillow's colour mode where the header tells it. `has_alpha` covers an alpha
    channel and declared transparency. `bit_depth` is bits per sample where the header says
    (PNG). `metadata` maps a kind ("exif", "xmp", "comment", "text", "iptc", "other-app",
    "thumbnail") to the bytes it takes; kinds with none are absent. `pixel_bytes` is the
    compressed image data: exact for PNG, the file less metadata and ICC elsewhere.
    """

    format: str
    width: int | None
    height: int | None
    frames: int
    mode: str | None
    has_alpha: bool
    bit_depth: int | None
    metadata: Mapping[str, int]
    icc_bytes: int
    gps: bool
    exif_thumbnail: bool
    pixel_bytes: int


def cut_off(end: str) -> UnreadableImage:
    """Build the error for a file that stops before `end`, e.g. "the PNG end marker"."""
    return UnreadableImage(f"the file is cut off: it ends before {end} — re-export or re-download it")


def damaged(detail: str) -> UnreadableImage:
    """Build the error for a file whose structure contradicts itself."""
    return UnreadableImage(f"the file is damaged: {detail}")


def check_size(width: int, height: int) -> None:
    """Refuse impossible dimensions and decompression bombs before anyone decodes them."""
    if width <= 0 or height <= 0:
        raise damaged(f"it declares {width} x {height} pixels")
    pixels = width * height
    if pixels > MAX_PIXELS:
        raise UnreadableImage(
            f"it declares {width:,} x {height:,} pixels ({pixels / 1e6:,.0f} megapixels); "
            f"perflint refuses images over {MAX_PIXELS / 1e6:,.0f} megapixels, "
            "which is a decompression bomb or a mistake"
        )


@dataclass
class Facts:
    """Mutable tally a format walker fills in, then freezes into an ImageInfo."""

    format: str
    width: int | None = None
    height: int | None = None
    frames: int = 1
    mode: str | None = None
    has_alpha: bool = False
    bit_depth: int | None = None
    metadata: dict[str, int] = field(default_factory=dict)
    icc_bytes: int = 0
    gps: bool = False
    exif_thumbnail: bool = False
    pixel_bytes: int | None = None

    def set_size(self, width: int, height: int) -> None:
        """Record the dimensions, refusing bombs as early as they are known."""
        check_size(width, height)
        self.width, self.height = width, height

    def add(self, kind: str, length: int) -> None:
        """Count `length` bytes of metadata of one kind."""
        if length > 0:
            self.metadata[kind] = self.metadata.get(kind, 0) + length

    def freeze(self, file_size: int) -> ImageInfo:
        """Return the immutable result; pixel bytes default to what metadata leaves."""
        pixel_bytes = self.pixel_bytes
        if pixel_bytes is None:
            spent = sum(self.metadata.values()) + self.icc_bytes
            pixel_bytes = max(0, file_size - spent)
        return ImageInfo(
            format=self.format,
            width=self.width,
            height=self.height,
            frames=self.frames,
            mode=self.mode,
            has_alpha=self.has_alpha,
            bit_depth=self.bit_depth,
            metadata=MappingProxyType(dict(self.metadata)),
            icc_bytes=self.icc_bytes,
            gps=self.gps,
            exif_thumbnail=self.exif_thumbnail,
            pixel_bytes=pixel_bytes,
        )
