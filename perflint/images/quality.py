"""Estimate the quality a JPEG was saved at, from its header alone.

Encoders built on libjpeg scale one standard luminance table by the quality setting (50: the
table itself; 100: all ones), so the table's sum against the standard one gives the setting
back, to within a point or two. Other encoders' tables land near the setting they look like.
"""

from __future__ import annotations

from perflint.images.jpeg import segments

# The luminance quantisation table of the JPEG standard (Annex K), which libjpeg scales.
_STANDARD_LUMINANCE = (
    (16, 11, 10, 16, 24, 40, 51, 61),
    (12, 12, 14, 19, 26, 58, 60, 55),
    (14, 13, 16, 24, 40, 57, 69, 56),
    (14, 17, 22, 29, 51, 87, 80, 62),
    (18, 22, 37, 56, 68, 109, 103, 77),
    (24, 35, 55, 64, 81, 104, 113, 92),
    (49, 64, 78, 87, 103, 121, 120, 101),
    (72, 92, 95, 98, 112, 100, 103, 99),
)
_STANDARD_LUMINANCE_SUM = sum(map(sum, _STANDARD_LUMINANCE))
_DQT = 0xDB  # the marker of a segment of quantisation tables


def jpeg_quality(data: bytes) -> int | None:
    """Return the libjpeg quality (1-100) the JPEG's luminance table matches, or None when it has none."""
    luminance = _luminance_table(data)
    if luminance is None:
        return None
    scale = 100 * sum(luminance) / _STANDARD_LUMINANCE_SUM  # libjpeg's scale factor, in percent
    quality = (200 - scale) / 2 if scale <= 100 else 5000 / scale
    return int(max(1, min(100, round(quality))))


def _luminance_table(data: bytes) -> list[int] | None:
    """Read quantisation table 0 from the JPEG's DQT segments: read straight from the header, a check of a
    commit's photo needs no image library loaded (about 40 ms of a hook's run)."""
    try:
        for marker, start, end in segments(data):
            position = start + 4
            while marker == _DQT and position < end:
                wide, table = data[position] >> 4, data[position] & 0x0F
                size = 128 if wide else 64
                values = data[position + 1 : position + 1 + size]
                if len(values) < size or position + 1 + size > end:
                    return None
                if table == 0:
                    return (
                        list(values)
                        if not wide
                        else [int.from_bytes(values[i : i + 2], "big") for i in range(0, 128, 2)]
                    )
                position += 1 + size
    except ValueError:  # not a JPEG, or a broken header
        return None
    return None
