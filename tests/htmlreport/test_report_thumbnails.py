from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest
from PIL import Image

from perflint.htmlreport.thumbnails import MAX_SIDE, thumbnail
from tests.imagefactory import flat, gif_bytes, jpeg_bytes, photo, png_bytes, png_chunk, png_header_only

WEBP = "data:image/webp;base64,"
# A well-formed PNG (the header probe accepts it) whose pixel data is not zlib data.
BAD_PIXELS_PNG = png_header_only(64, 64)[:33] + png_chunk(b"IDAT", b"not zlib data") + png_chunk(b"IEND", b"")


def preview(tmp_path: Path, name: str, data: bytes, image_format: str) -> Image.Image | None:
    """Write an image and return its decoded thumbnail, or None when it has none."""
    path = tmp_path / name
    path.write_bytes(data)
    uri = thumbnail(path, image_format)
    if uri is None:
        return None
    assert uri.startswith(WEBP)
    image = Image.open(io.BytesIO(base64.b64decode(uri.removeprefix(WEBP))))
    image.load()
    return image


@pytest.mark.parametrize(
    ("image_format", "data", "size"),
    [
        ("jpeg", jpeg_bytes(photo(1600, 900)), (MAX_SIDE, 90)),
        ("png", png_bytes(flat(100, 400)), (40, MAX_SIDE)),
        ("png", png_bytes(flat(40, 30)), (40, 30)),  # never enlarged
        ("gif", gif_bytes([flat(64, 64), flat(64, 64, (0, 0, 200))]), (64, 64)),
    ],
)
def test_previews_fit_the_box(tmp_path: Path, image_format: str, data: bytes, size: tuple[int, int]) -> None:
    image = preview(tmp_path, "image", data, image_format)
    assert image is not None and image.size == size


def test_previews_are_turned_upright(tmp_path: Path) -> None:
    image = preview(tmp_path, "rotated.jpg", jpeg_bytes(photo(320, 200), orientation=6), "jpeg")
    assert image is not None and image.size == (100, MAX_SIDE)


def test_transparency_is_kept(tmp_path: Path) -> None:
    image = preview(tmp_path, "clear.png", png_bytes(flat(50, 50, (0, 0, 0, 0), mode="RGBA")), "png")
    assert image is not None and image.mode == "RGBA"
    assert image.getchannel("A").getextrema() == (0, 0)


@pytest.mark.parametrize(
    ("name", "data", "image_format"),
    [
        ("damaged.png", BAD_PIXELS_PNG, "png"),
        ("bomb.png", png_header_only(20_000, 20_000), "png"),  # Pillow refuses it before decoding
        ("named.png", jpeg_bytes(photo(40, 30)), "png"),  # opened only as what it was sniffed as
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "svg"),
        ("photo.heic", b"\x00" * 64, "heif"),
    ],
)
def test_images_that_cannot_be_shown_get_none(tmp_path: Path, name: str, data: bytes, image_format: str) -> None:
    assert preview(tmp_path, name, data, image_format) is None
