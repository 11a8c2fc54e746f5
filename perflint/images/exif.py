"""The TIFF-structured EXIF facts perflint cares about: a GPS position and a thumbnail.

One parser serves JPEG APP1, PNG eXIf, WebP EXIF and TIFF files. EXIF is advisory, so a
damaged block yields "no GPS, no thumbnail" rather than an error: browsers show such images.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from perflint.images.info import Facts

GPS_IFD = 0x8825
_GPS_LATITUDE = 2
_GPS_LONGITUDE = 4
_THUMBNAIL_OFFSET = 0x0201
_THUMBNAIL_LENGTH = 0x0202
_SHORT = 3
# EXIF beyond this is MakerNote bulk; the GPS and IFD1 pointers sit near the start.
MAX_EXIF_READ = 1 << 20
_ORDERS = {b"II*\x00": "<", b"MM\x00*": ">"}
_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4}


@dataclass(frozen=True)
class Entry:
    """One IFD entry: its type, count and inline value (or offset to the value)."""

    type: int
    count: int
    value: int

    @property
    def nbytes(self) -> int:
        """Return the size of the entry's data, for tags whose size is the fact we need."""
        return self.count * _TYPE_SIZES.get(self.type, 1)


def byte_order(head: bytes) -> str | None:
    """Return the struct byte-order prefix for a TIFF header, or None if it is not one."""
    return _ORDERS.get(head[:4])


def ifd_entries(data: bytes, offset: int, order: str) -> tuple[dict[int, Entry], int]:
    """Parse the IFD at `offset`, clipped to `data`; return its entries and the next IFD offset."""
    if offset < 0 or offset + 2 > len(data):
        return {}, 0
    (count,) = struct.unpack_from(order + "H", data, offset)
    count = min(count, (len(data) - offset - 2) // 12)
    entries: dict[int, Entry] = {}
    for pos in range(offset + 2, offset + 2 + 12 * count, 12):
        tag, kind, n = struct.unpack_from(order + "HHI", data, pos)
        (value,) = struct.unpack_from(order + ("H" if kind == _SHORT else "I"), data, pos + 8)
        entries.setdefault(tag, Entry(kind, n, value))
    end = offset + 2 + 12 * count
    (next_ifd,) = struct.unpack_from(order + "I", data, end) if end + 4 <= len(data) else (0,)
    return entries, next_ifd


def _directory(tiff: bytes, offset: int, order: str) -> tuple[dict[int, Entry], int]:
    """Parse an IFD of an in-memory TIFF block; offsets inside its 8-byte header mean none."""
    return ifd_entries(tiff, offset, order) if offset >= 8 else ({}, 0)


def has_gps(entries: dict[int, Entry], gps_entries: dict[int, Entry]) -> bool:
    """Tell whether a GPS IFD holds a position, not merely a timestamp or a version."""
    return GPS_IFD in entries and bool({_GPS_LATITUDE, _GPS_LONGITUDE} & gps_entries.keys())


def exif_facts(payload: bytes) -> tuple[bool, bool]:
    """Return (holds a GPS position, holds a thumbnail) for an EXIF block."""
    tiff = payload[6:] if payload.startswith(b"Exif") else payload
    order = byte_order(tiff)
    if order is None or len(tiff) < 8:
        return False, False
    (first,) = struct.unpack_from(order + "I", tiff, 4)
    entries, second = _directory(tiff, first, order)
    gps_at = entries[GPS_IFD].value if GPS_IFD in entries else 0
    gps = has_gps(entries, _directory(tiff, gps_at, order)[0])
    # IFD1 pointing back at IFD0 is a loop, not a thumbnail directory.
    thumbnail = {} if second == first else _directory(tiff, second, order)[0]
    length = thumbnail.get(_THUMBNAIL_LENGTH)
    has_thumbnail = _THUMBNAIL_OFFSET in thumbnail and length is not None and length.value > 0
    return gps, has_thumbnail


def tally_exif(facts: Facts, payload: bytes, length: int) -> None:
    """Count an EXIF block of `length` bytes and note what its (possibly partial) payload holds."""
    facts.add("exif", length)
    gps, thumbnail = exif_facts(payload)
    facts.gps = facts.gps or gps
    facts.exif_thumbnail = facts.exif_thumbnail or thumbnail
