"""Deterministic test images made with Pillow, so no binary fixtures live in the repository."""

from __future__ import annotations

import io
import random
import struct
import zlib
from collections.abc import Sequence

from PIL import Image, ImageCms, PngImagePlugin

Frames = Sequence[Image.Image]

_MAX_SEGMENT = 65533
_JPEG_MODES = ("RGB", "L", "CMYK")
_XMP_HEADER = b"http://ns.adobe.com/xap/1.0/\x00"
_GPS_POSITION = {1: "N", 2: (52.0, 22.0, 5.5), 3: "E", 4: (4.0, 53.0, 40.0)}
_EXIF_IFD, _GPS_IFD, _MAKER_NOTE, _ORIENTATION = 0x8769, 0x8825, 0x927C, 0x0112
# The XMP-in-GIF "magic trailer": whatever byte a sub-block walk lands on, it ends at the terminator.
_GIF_XMP_TRAILER = b"\x01" + bytes(range(255, -1, -1)) + b"\x00"
_GIF_XMP_OVERHEAD = 3 + 11 + len(_GIF_XMP_TRAILER)


def photo(width: int, height: int, seed: int = 0) -> Image.Image:
    """Make a photo-like RGB image: smooth light and colour blobs under a fine texture."""
    rng = random.Random(seed)

    def noise(w: int, h: int) -> Image.Image:
        return Image.frombytes("L", (w, h), rng.randbytes(w * h))

    def smooth(w: int, h: int) -> Image.Image:
        return noise(w, h).resize((width, height), Image.Resampling.BICUBIC)

    light = Image.blend(Image.linear_gradient("L").resize((width, height)), smooth(5, 4), 0.6)
    texture = Image.blend(smooth(max(2, width // 5), max(2, height // 5)), noise(width, height), 0.25)
    bands = [Image.blend(Image.blend(light, smooth(4, 3), 0.45), texture, 0.22) for _ in range(3)]
    return Image.merge("RGB", bands)


def gradient(width: int, height: int) -> Image.Image:
    """Make a banner background: a gentle blue gradient, exported in 8 bits with the export's own fine dither."""
    import numpy as np

    x, y = np.linspace(0, 1, width)[None, :], np.linspace(0, 1, height)[:, None]
    rgb = np.stack(np.broadcast_arrays(10 + 60 * x, 150 - 25 * x + 10 * y, 200 + 0 * y), axis=-1)
    rgb = np.floor(rgb + np.random.default_rng(1).random(rgb.shape))
    return Image.fromarray(rgb.astype(np.uint8))


def noise(width: int, height: int, seed: int = 0) -> Image.Image:
    """Make an RGB image of uniform random pixels, which no codec can compress."""
    return Image.frombytes("RGB", (width, height), random.Random(seed).randbytes(width * height * 3))


def noise_png(width: int, height: int, seed: int = 0) -> bytes:
    """Encode random pixels as PNG: about 3 bytes per pixel, a worst case for byte budgets."""
    return png_bytes(noise(width, height, seed))


def flat(width: int, height: int, colour: tuple[int, ...] = (200, 30, 30), mode: str = "RGB") -> Image.Image:
    """Make a flat-colour, screenshot-like image that compresses very well."""
    base = Image.new("RGBA" if len(colour) == 4 else "RGB", (width, height), colour)
    return base if base.mode == mode else base.convert(mode)


def srgb_icc() -> bytes:
    """Return a real sRGB ICC profile."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif_bytes(*, gps: bool = False, size: int = 0, orientation: int | None = None, thumbnail: bool = False) -> bytes:
    """Build an APP1-style EXIF block ("Exif\\0\\0" + TIFF), padded with a MakerNote to about `size`.

    A JPEG holds at most 65,533 bytes of EXIF; Pillow refuses to save more.
    """
    block = _exif(gps, orientation, pad=8 if size else 0)
    if size:
        block = _exif(gps, orientation, pad=max(8, 8 + size - len(block)))
    return _with_thumbnail(block) if thumbnail else block


def _exif(gps: bool, orientation: int | None, pad: int) -> bytes:
    """Serialise EXIF through Pillow, with a real GPS IFD where asked."""
    exif = Image.Exif()
    if orientation is not None:
        exif[_ORIENTATION] = orientation
    if gps:
        exif[_GPS_IFD] = dict(_GPS_POSITION)
    if pad:
        exif[_EXIF_IFD] = {_MAKER_NOTE: b"\x00" * pad}
    return exif.tobytes()


def _with_thumbnail(block: bytes) -> bytes:
    """Append an IFD1 holding a small JPEG thumbnail, which Pillow's EXIF writer cannot do."""
    tiff = bytearray(block[6:])
    order = "<" if tiff[:2] == b"II" else ">"
    (ifd0,) = struct.unpack_from(order + "I", tiff, 4)
    (count,) = struct.unpack_from(order + "H", tiff, ifd0)
    tiff += b"\x00" * (len(tiff) % 2)
    ifd1 = len(tiff)
    thumb = jpeg_bytes(flat(16, 12), quality=50)
    struct.pack_into(order + "I", tiff, ifd0 + 2 + 12 * count, ifd1)
    tiff += struct.pack(order + "H", 2)
    tiff += struct.pack(order + "HHII", 0x0201, 4, 1, ifd1 + 2 + 24 + 4)
    tiff += struct.pack(order + "HHII", 0x0202, 4, 1, len(thumb))
    tiff += struct.pack(order + "I", 0) + thumb
    return b"Exif\x00\x00" + bytes(tiff)


def jpeg_bytes(
    image: Image.Image,
    *,
    quality: int = 85,
    exif: bytes | None = None,
    gps: bool = False,
    exif_size: int = 0,
    icc: bytes | None = None,
    xmp_size: int = 0,
    comment: bytes | None = None,
    progressive: bool = False,
    orientation: int | None = None,
) -> bytes:
    """Encode a JPEG with the metadata asked for; `exif` raw bytes win over the EXIF flags."""
    if exif is None and (gps or exif_size or orientation is not None):
        exif = exif_bytes(gps=gps, size=exif_size, orientation=orientation)
    options: dict[str, object] = {"quality": quality, "progressive": progressive}
    if exif is not None:
        options["exif"] = exif if exif.startswith(b"Exif") else b"Exif\x00\x00" + exif
    if icc is not None:
        options["icc_profile"] = icc
    if comment is not None:
        options["comment"] = comment
    data = _save(image if image.mode in _JPEG_MODES else image.convert("RGB"), "JPEG", **options)
    return data[:2] + xmp_segment(xmp_size) + data[2:] if xmp_size else data


def jpeg_that_makes_mozjpeg_exit() -> bytes:
    """A flat grey JPEG whose DC table maps its commonest code to category 15.

    Browsers and Pillow show it; mozjpeg decodes coefficients its encoder then finds out of
    range, and the binding's encoder calls exit() on that.
    """
    data = bytearray(jpeg_bytes(flat(64, 64, (128, 128, 128), mode="L"), xmp_size=500))
    start = next(i for i in range(len(data) - 4) if data[i : i + 2] == b"\xff\xc4" and data[i + 4] == 0)
    data[start + 4 + 1 + 16] = 0x0F  # class/id byte, 16 code counts, then the first symbol
    return bytes(data)


def xmp_segment(size: int) -> bytes:
    """Build an APP1 XMP segment whose payload is `size` bytes."""
    if size > _MAX_SEGMENT:
        raise ValueError(f"a JPEG segment holds at most {_MAX_SEGMENT:,} bytes, not {size:,}")
    packet = _xmp_packet(size - len(_XMP_HEADER))
    return b"\xff\xe1" + struct.pack(">H", size + 2) + _XMP_HEADER + packet


def _xmp_packet(size: int) -> bytes:
    """Return an XMP-looking packet of exactly `size` bytes, padded with spaces as editors do."""
    head, tail = b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>", b"</x:xmpmeta>"
    if size < len(head) + len(tail):
        raise ValueError(f"an XMP packet needs at least {len(head) + len(tail)} bytes, not {size}")
    return head + b" " * (size - len(head) - len(tail)) + tail


def png_bytes(
    image: Image.Image,
    *,
    text: dict[str, str] | None = None,
    icc: bytes | None = None,
    optimize: bool = False,
    exif: bytes | None = None,
) -> bytes:
    """Encode a PNG; the text key "XML:com.adobe.xmp" becomes an iTXt XMP chunk."""
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        if key == "XML:com.adobe.xmp":
            info.add_itxt(key, value)
        else:
            info.add_text(key, value)
    options: dict[str, object] = {"pnginfo": info, "optimize": optimize}
    if icc is not None:
        options["icc_profile"] = icc
    if exif is not None:
        options["exif"] = exif
    return _save(image, "PNG", **options)


def apng_bytes(frames: Frames, duration: int = 100, loop: int = 0) -> bytes:
    """Encode an animated PNG; Pillow merges identical frames, so pass distinct ones."""
    return _save(frames[0], "PNG", save_all=True, append_images=list(frames[1:]), duration=duration, loop=loop)


def gif_bytes(
    frames: Frames,
    duration: int = 100,
    loop: int | None = 0,
    *,
    comment: bytes | None = None,
    transparency: int | None = None,
    xmp_size: int = 0,
) -> bytes:
    """Encode a GIF; `xmp_size` appends an XMP application extension of that many bytes."""
    options: dict[str, object] = {"save_all": True, "append_images": list(frames[1:]), "duration": duration}
    if loop is not None:
        options["loop"] = loop
    if comment is not None:
        options["comment"] = comment
    if transparency is not None:
        options["transparency"] = transparency
    data = _save(frames[0], "GIF", **options)
    if not xmp_size:
        return data
    packet = _xmp_packet(xmp_size - _GIF_XMP_OVERHEAD)
    return data[:-1] + b"\x21\xff\x0bXMP DataXMP" + packet + _GIF_XMP_TRAILER + b"\x3b"


def webp_bytes(
    image: Image.Image | Frames,
    lossless: bool = False,
    quality: int = 80,
    exif: bytes | None = None,
    *,
    icc: bytes | None = None,
    xmp: bytes | None = None,
    duration: int = 100,
) -> bytes:
    """Encode a still WebP from an image, or an animated one from a sequence of frames."""
    options: dict[str, object] = {"lossless": lossless, "quality": quality}
    for key, value in (("exif", exif), ("icc_profile", icc), ("xmp", xmp)):
        if value is not None:
            options[key] = value
    if isinstance(image, Image.Image):
        return _save(image, "WEBP", **options)
    return _save(image[0], "WEBP", save_all=True, append_images=list(image[1:]), duration=duration, **options)


def avif_bytes(image: Image.Image, quality: int = 60) -> bytes:
    """Encode an AVIF with Pillow's AVIF plugin."""
    return _save(image, "AVIF", quality=quality)


def heif_bytes(width: int, height: int, *, brand: bytes = b"heic", icc: bytes | None = None) -> bytes:
    """Build a minimal HEIF container by hand (Pillow cannot write HEIF): ftyp, meta with ispe, mdat."""
    properties = full_box(b"ispe", struct.pack(">II", width, height))
    if icc is not None:
        properties += box(b"colr", b"prof" + icc)
    handler = full_box(b"hdlr", b"\x00" * 4 + b"pict" + b"\x00" * 13)
    meta = full_box(b"meta", handler + box(b"iprp", box(b"ipco", properties)))
    ftyp = box(b"ftyp", brand + b"\x00\x00\x00\x00" + b"mif1" + brand)
    return ftyp + meta + box(b"mdat", b"\x00" * 64)


def box(kind: bytes, payload: bytes) -> bytes:
    """Serialise one ISOBMFF box."""
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def full_box(kind: bytes, payload: bytes) -> bytes:
    """Serialise one ISOBMFF FullBox, version 0 and no flags."""
    return box(kind, b"\x00\x00\x00\x00" + payload)


def ico_bytes(
    sizes: Sequence[tuple[int, int]] = ((16, 16), (32, 32), (48, 48)), image: Image.Image | None = None
) -> bytes:
    """Encode an ICO holding one entry per size, scaled from `image` (by default a photo)."""
    largest = max(max(size) for size in sizes)
    source = image if image is not None else photo(largest, largest)
    return _save(source, "ICO", sizes=list(sizes))


def bmp_bytes(image: Image.Image) -> bytes:
    """Encode an uncompressed BMP."""
    return _save(image, "BMP")


def tiff_bytes(image: Image.Image, *, icc: bytes | None = None, exif: bytes | None = None) -> bytes:
    """Encode a TIFF, optionally with an ICC profile and EXIF tags."""
    options: dict[str, object] = {}
    if icc is not None:
        options["icc_profile"] = icc
    if exif is not None:
        options["exif"] = exif
    return _save(image, "TIFF", **options)


def psd_bytes(width: int, height: int, channels: int = 3, colour_mode: int = 3) -> bytes:
    """Build a raw, uncompressed Photoshop file by hand (Pillow reads PSD but cannot write it)."""
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, channels, height, width, 8, colour_mode)
    sections = struct.pack(">III", 0, 0, 0)
    return header + sections + struct.pack(">H", 0) + b"\x00" * (channels * width * height)


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """Serialise one PNG chunk with a correct CRC."""
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_header_only(width: int, height: int, colour_type: int = 2, bit_depth: int = 8) -> bytes:
    """Build a valid-looking PNG declaring any size, without allocating its pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def truncate(data: bytes, keep: float | int) -> bytes:
    """Cut `data` to a fraction of its length (a float) or to a number of bytes (an int; negative drops)."""
    if isinstance(keep, float):
        return data[: int(len(data) * keep)]
    return data[:keep]


def _save(image: Image.Image, fmt: str, **options: object) -> bytes:
    """Encode `image` in memory."""
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()
