"""Make a JPEG or PNG smaller with the same pixels: strip metadata, then re-encode losslessly.

What stays is what changes how the image looks: the ICC colour profile (unless the policy
drops it), PNG's other colour chunks, and the EXIF orientation, written into a new minimal EXIF
block so a sideways camera photo still displays upright. Baking the orientation into the
pixels would need a lossy JPEG re-encode; the lossy fix will do that. Unless the policy drops
them, the credits stay too: EXIF Artist and Copyright, and the XMP and IPTC rights statements
in a small XMP packet (`perflint.transforms.rights`). GPS positions, camera data, the rest of
the XMP, comments and text never survive. Each result is decoded and compared with the
original before it is returned.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from perflint.images.info import ImageInfo
from perflint.images.probe import probe
from perflint.sizes import format_size
from perflint.transforms import jpeg, png
from perflint.transforms.pixels import same_pixels
from perflint.transforms.rights import read_rights

_ORIENTATION, _ARTIST, _COPYRIGHT = 0x0112, 0x013B, 0x8298
_KEPT_NAMES = {_ORIENTATION: "orientation", _ARTIST: "artist", _COPYRIGHT: "copyright"}
_LABELS = {"xmp": "XMP", "comment": "comments", "text": "text notes", "iptc": "IPTC captions"}
_LABELS |= {"thumbnail": "a JFIF thumbnail", "other-app": "editor data"}
_UNNAMED = 1024  # bytes of removed chunks no probe kind names, from which they are called editor data


@dataclass(frozen=True)
class MetadataPolicy:
    """What a fix keeps besides the image data and the EXIF orientation.

    `keep_icc=False` drops the ICC colour profile: browsers then show the pixels as sRGB, which
    is right for sRGB images but duller or shifted for wide-gamut ones (Display P3 screenshots,
    Adobe RGB photos) and wrong for CMYK JPEGs.
    """

    keep_icc: bool = True
    keep_copyright: bool = True  # EXIF Copyright and Artist, XMP/IPTC rights statements: small, often contractual


@dataclass(frozen=True)
class Optimized:
    """A smaller file with the same pixels, and what was done, in plain English."""

    data: bytes
    changes: tuple[str, ...]


def optimize_image(data: bytes, image_format: str, policy: MetadataPolicy = MetadataPolicy()) -> Optimized | None:
    """Return a smaller file with the same pixels and the same rendering, or None.

    Only JPEG and PNG are handled. None also for an APNG (oxipng would have to keep every
    frame chunk), a multi-picture JPEG (mozjpeg keeps only the first picture, dropping an HDR
    gain map), a file that does not decode, and one that would not get smaller.
    """
    if image_format not in ("jpeg", "png"):
        return None
    try:
        return _optimize(data, image_format, policy)
    except Exception:  # hostile input makes Pillow, oxipng and mozjpeg raise all sorts
        return None


def _optimize(data: bytes, fmt: str, policy: MetadataPolicy) -> Optimized | None:
    """Do optimize_image's work; may raise on damaged input."""
    before = probe(io.BytesIO(data), len(data), fmt)
    codec = jpeg if fmt == "jpeg" else png
    if before.frames > 1 or (png.is_animated(data) if fmt == "png" else jpeg.is_multi_picture(data)):
        return None
    kept = kept_exif(parse_exif(codec.find_exif(data)), policy)
    payload = kept.tobytes() if len(kept) else None
    rights = read_rights(data, fmt) if policy.keep_copyright else None
    for out, reencoded in _candidates(data, fmt, policy.keep_icc, payload, rights):
        if _verified(data, out, fmt, policy):
            after = probe(io.BytesIO(out), len(out), fmt)
            saved = len(data) - len(out)
            changes = _changes(before, after, saved, kept, rights is not None, policy.keep_icc, reencoded)
            return Optimized(out, changes)
    return None


def _candidates(
    data: bytes, fmt: str, keep_icc: bool, exif: bytes | None, xmp: bytes | None
) -> list[tuple[bytes, bool]]:
    """Return the possible results, smallest first, each with whether its image data was re-encoded.

    The re-encoding keeps every metadata segment, as image-compressible measures it; the policy's
    metadata is picked from it afterwards (for a PNG, by a quick second pass of oxipng).
    """
    from perflint.transforms.lossless import optimize_losslessly

    reencoded = optimize_losslessly(data, fmt)
    if fmt == "png":
        return [] if reencoded is None else [(png.recompress(reencoded, keep_icc, exif, xmp, level=0), True)]
    # An already well-coded JPEG can come out of mozjpeg larger: then only strip its metadata.
    pairs = [(jpeg.strip(data, keep_icc, exif, xmp), False)]
    if reencoded is not None:
        pairs.append((jpeg.strip(reencoded, keep_icc, exif, xmp), True))
    return sorted(pairs, key=lambda pair: len(pair[0]))


def _verified(before: bytes, after: bytes, fmt: str, policy: MetadataPolicy) -> bool:
    """Accept `after` only if it is smaller, looks the same and decodes to the same pixels."""
    return len(after) < len(before) and _same_look(before, after, fmt, policy) and same_pixels(before, after)


def parse_exif(payload: bytes | None) -> Image.Exif:
    """Parse an EXIF payload; empty when there is none."""
    exif = Image.Exif()
    if payload is not None:
        exif.load(payload)
    return exif


def kept_exif(exif: Image.Exif, policy: MetadataPolicy, orientation: bool = True) -> Image.Exif:
    """Return the tags a fixed image keeps: a real orientation, and copyright and artist if asked.

    `orientation=False` when the orientation has been baked into the pixels.
    """
    kept = Image.Exif()
    if orientation and _orientation(exif) != 1:
        kept[_ORIENTATION] = _orientation(exif)
    for tag in (_ARTIST, _COPYRIGHT) if policy.keep_copyright else ():
        if exif.get(tag):
            kept[tag] = exif[tag]
    return kept


def _orientation(exif: Image.Exif) -> int:
    """Return the EXIF orientation that browsers apply: 1 unless a valid 2 to 8 is set."""
    value = exif.get(_ORIENTATION)
    return value if isinstance(value, int) and 2 <= value <= 8 else 1


def _same_look(before: bytes, after: bytes, fmt: str, policy: MetadataPolicy) -> bool:
    """Check what a browser applies on top of the pixels: orientation, and the ICC profile if kept."""
    codec = jpeg if fmt == "jpeg" else png
    if _orientation(parse_exif(codec.find_exif(before))) != _orientation(parse_exif(codec.find_exif(after))):
        return False
    if not policy.keep_icc:
        return True
    (icc_before, _), (icc_after, srgb_after) = _colour(before, fmt), _colour(after, fmt)
    # oxipng may replace a standard sRGB profile with the 13-byte sRGB chunk, which says the same.
    return icc_before == icc_after or (icc_before is not None and icc_after is None and srgb_after)


def _colour(data: bytes, fmt: str) -> tuple[bytes | None, bool]:
    """Return the ICC profile and whether an sRGB chunk is present, read from the header only."""
    with Image.open(io.BytesIO(data), formats=[fmt.upper()]) as image:
        return image.info.get("icc_profile") or None, "srgb" in image.info


def _changes(
    before: ImageInfo, after: ImageInfo, saved: int, kept: Image.Exif, rights: bool, keep_icc: bool, reencoded: bool
) -> tuple[str, ...]:
    """Describe the fix for a marketer: metadata removed, tags and rights statements kept, re-encoding."""
    encoding = before.pixel_bytes - after.pixel_bytes
    changes = []
    if saved - encoding > 0:
        removed = _removed(before, after, saved - encoding, keep_icc)
        detail = f" ({', '.join(removed)})" if removed else ""
        changes.append(f"removed {format_size(saved - encoding)} of metadata{detail}")
    if len(kept):
        names = _join([name for tag, name in _KEPT_NAMES.items() if tag in kept])
        upright = ", so the image still displays upright" if _ORIENTATION in kept else ""
        changes.append(f"kept only the EXIF {names}{upright}")
    if rights:
        changes.append("kept the creator, copyright and licence statements of its XMP and IPTC, as a small XMP")
    if reencoded:
        smaller = f", {format_size(encoding)} smaller" if encoding > 0 else ""
        changes.append(f"re-encoded losslessly (every pixel unchanged){smaller}")
    return tuple(changes)


def removed_metadata(before: ImageInfo, after: ImageInfo, keep_icc: bool) -> str | None:
    """Describe the metadata a re-encoded image no longer carries, or None when it lost none."""
    total = sum(before.metadata.values()) + before.icc_bytes - sum(after.metadata.values()) - after.icc_bytes
    if total <= 0:
        return None
    removed = _removed(before, after, total, keep_icc)
    return f"removed {format_size(total)} of metadata" + (f" ({', '.join(removed)})" if removed else "")


def _removed(before: ImageInfo, after: ImageInfo, total: int, keep_icc: bool) -> list[str]:
    """Name the kinds of metadata that shrank or went, out of `total` bytes outside the image data."""
    names = []
    named = sum(before.metadata.values()) - sum(after.metadata.values()) + before.icc_bytes - after.icc_bytes
    for kind, size in before.metadata.items():
        if after.metadata.get(kind, 0) < size:
            names.append(_exif_label(before, after) if kind == "exif" else _LABELS.get(kind, kind))
    if before.icc_bytes and not after.icc_bytes:
        names.append("the standard sRGB profile, now a short sRGB tag" if keep_icc else "the colour profile")
    if total - named >= _UNNAMED and _LABELS["other-app"] not in names:
        names.append(_LABELS["other-app"])  # e.g. Fireworks' and Photoshop's private PNG chunks
    return names


def _exif_label(before: ImageInfo, after: ImageInfo) -> str:
    """Name the EXIF removed, with the private parts a marketer would care about."""
    parts = []
    if before.gps and not after.gps:
        parts.append("the GPS position")
    if before.exif_thumbnail and not after.exif_thumbnail:
        parts.append("a thumbnail")
    return f"EXIF with {' and '.join(parts)}" if parts else "EXIF"


def _join(names: list[str]) -> str:
    """Join names as prose: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
