from __future__ import annotations

import io

import pytest
from PIL import Image

from perflint.images.quality import jpeg_quality
from tests.imagefactory import photo


@pytest.mark.parametrize("quality", [30, 50, 75, 85, 90, 95, 98])
def test_reads_back_the_quality_libjpeg_saved_at(quality: int) -> None:
    out = io.BytesIO()
    photo(64, 48).save(out, "JPEG", quality=quality)
    assert jpeg_quality(out.getvalue()) == quality


@pytest.mark.parametrize("data", [b"", b"\xff\xd8\xff\xe0 not a jpeg", b"GIF89a"])
def test_no_quality_for_what_is_not_a_readable_jpeg(data: bytes) -> None:
    assert jpeg_quality(data) is None


def test_a_greyscale_jpeg_has_its_luminance_table() -> None:
    out = io.BytesIO()
    Image.new("L", (32, 32), 128).save(out, "JPEG", quality=92)
    assert jpeg_quality(out.getvalue()) == 92
