from __future__ import annotations

import io
import struct
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from perflint.images.probe import probe
from perflint.transforms import jpeg, png
from perflint.transforms.images import MetadataPolicy, Optimized, optimize_image
from perflint.transforms.pixels import same_pixels
from tests import imagefactory as f

Make = Callable[[], bytes]
ORIENTATION, ARTIST, COPYRIGHT, GPS_IFD = 0x0112, 0x013B, 0x8298, 0x8825
COM, APP1, APP2, APP14 = 0xFE, 0xE1, 0xE2, 0xEE


DEFAULT = MetadataPolicy()


def optimized(data: bytes, fmt: str, policy: MetadataPolicy = DEFAULT) -> Optimized:
    """Optimize `data`, insisting on a result that is smaller with the same pixels."""
    result = optimize_image(data, fmt, policy)
    assert result is not None
    assert len(result.data) < len(data)
    assert same_pixels(data, result.data)
    return result


def markers(data: bytes) -> list[tuple[int, bytes]]:
    """List a JPEG's header segments as (marker, first payload bytes)."""
    return [(marker, data[start + 4 : start + 16]) for marker, start, _ in jpeg.segments(data)]


def chunk_types(data: bytes) -> list[bytes]:
    return [kind for kind, _ in png.chunks(data)]


def exif_of(data: bytes, fmt: str) -> dict[int, object] | None:
    """Return the tags of the EXIF block browsers would read, or None without one."""
    payload = (jpeg if fmt == "jpeg" else png).find_exif(data)
    if payload is None:
        return None
    exif = Image.Exif()
    exif.load(payload)
    return dict(exif)


def icc_of(data: bytes) -> bytes | None:
    with Image.open(io.BytesIO(data)) as image:
        icc = image.info.get("icc_profile")
        return icc if isinstance(icc, bytes) else None


def credited_exif(*, gps: bool = True, orientation: int | None = None) -> bytes:
    """EXIF with Artist and Copyright, a GPS position and camera data."""
    exif = Image.Exif()
    exif[ARTIST], exif[COPYRIGHT] = "Jo Bloggs", "(c) 2024 ACME Ltd"
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 5.5), 3: "E", 4: (4.0, 53.0, 40.0)}
    exif[0x010F] = "Camera maker"
    return exif.tobytes()


PHOTO = f.photo(320, 240)
ICC = f.srgb_icc()


def metadata_heavy_jpeg() -> bytes:
    return f.jpeg_bytes(PHOTO, gps=True, exif_size=30_000, icc=ICC, xmp_size=5_000, comment=b"shot by Jo")


def test_jpeg_metadata_goes_and_icc_stays() -> None:
    data = metadata_heavy_jpeg()
    result = optimized(data, "jpeg")
    info = probe(io.BytesIO(result.data), len(result.data), "jpeg")
    assert dict(info.metadata) == {}
    assert not info.gps
    assert info.icc_bytes > 0
    assert icc_of(result.data) == ICC
    assert exif_of(result.data, "jpeg") is None
    assert [marker for marker, _ in markers(result.data) if marker in (APP1, COM)] == []
    assert result.changes[0].startswith("removed ")
    assert "KiB of metadata (" in result.changes[0]
    for name in ("EXIF with the GPS position", "XMP", "comments"):
        assert name in result.changes[0]
    assert result.changes[-1].startswith("re-encoded losslessly (every pixel unchanged)")


def test_jpeg_exif_thumbnail_is_named() -> None:
    result = optimized(f.jpeg_bytes(PHOTO, exif=f.exif_bytes(gps=True, thumbnail=True)), "jpeg")
    assert "(EXIF with the GPS position and a thumbnail)" in result.changes[0]


def test_jpeg_orientation_is_kept_alone_in_a_minimal_exif() -> None:
    data = f.jpeg_bytes(PHOTO, gps=True, exif_size=20_000, orientation=6, icc=ICC, xmp_size=2_000)
    result = optimized(data, "jpeg")
    assert exif_of(result.data, "jpeg") == {ORIENTATION: 6}
    assert icc_of(result.data) == ICC
    assert not probe(io.BytesIO(result.data), len(result.data), "jpeg").gps
    assert "kept only the EXIF orientation, so the image still displays upright" in result.changes
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.getexif()[ORIENTATION] == 6


def test_jpeg_orientation_follows_jfif_which_must_come_first() -> None:
    result = optimized(f.jpeg_bytes(PHOTO, orientation=3, exif_size=4_000), "jpeg")
    found = markers(result.data)
    assert found[0][1].startswith(b"JFIF\x00")
    assert found[1][0] == APP1 and found[1][1].startswith(b"Exif\x00\x00")


@pytest.mark.parametrize("orientation", [1, 0, 9])
def test_jpeg_upright_or_invalid_orientation_leaves_no_exif(orientation: int) -> None:
    result = optimized(f.jpeg_bytes(PHOTO, orientation=orientation, exif_size=4_000), "jpeg")
    assert exif_of(result.data, "jpeg") is None


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        pytest.param(MetadataPolicy(keep_copyright=False), None, id="drops credits when asked"),
        pytest.param(MetadataPolicy(), {ARTIST: "Jo Bloggs", COPYRIGHT: "(c) 2024 ACME Ltd"}, id="kept by default"),
    ],
)
def test_jpeg_copyright_policy(policy: MetadataPolicy, expected: dict[int, object] | None) -> None:
    data = f.jpeg_bytes(PHOTO, exif=credited_exif(), xmp_size=3_000)
    result = optimized(data, "jpeg", policy)
    assert exif_of(result.data, "jpeg") == expected


def test_jpeg_keep_copyright_with_orientation() -> None:
    data = f.jpeg_bytes(PHOTO, exif=credited_exif(orientation=8))
    result = optimized(data, "jpeg", MetadataPolicy(keep_copyright=True))
    assert exif_of(result.data, "jpeg") == {ORIENTATION: 8, ARTIST: "Jo Bloggs", COPYRIGHT: "(c) 2024 ACME Ltd"}
    assert "kept only the EXIF orientation, artist and copyright, so the image still displays upright" in result.changes


def test_jpeg_keep_icc_false_drops_the_profile() -> None:
    result = optimized(metadata_heavy_jpeg(), "jpeg", MetadataPolicy(keep_icc=False))
    assert icc_of(result.data) is None
    assert [marker for marker, _ in markers(result.data) if marker == APP2] == []
    assert "the colour profile" in result.changes[0]


@pytest.mark.parametrize("keep_icc", [True, False])
def test_cmyk_jpeg_keeps_its_adobe_marker_and_pixels(keep_icc: bool) -> None:
    data = f.jpeg_bytes(PHOTO.convert("CMYK"), icc=ICC, xmp_size=1_000)
    result = optimized(data, "jpeg", MetadataPolicy(keep_icc=keep_icc))
    assert any(marker == APP14 and head.startswith(b"Adobe") for marker, head in markers(result.data))
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.mode == "CMYK"


def ycck_jpeg() -> bytes:
    """A JPEG whose Adobe marker says its four channels are YCCK (transform 2), not CMYK."""
    data = bytearray(f.jpeg_bytes(f.photo(200, 150).convert("CMYK"), xmp_size=500))
    end = next(end for marker, _, end in jpeg.segments(bytes(data)) if marker == APP14)
    data[end - 1] = 2
    return bytes(data)


def test_ycck_jpeg_keeps_its_adobe_transform() -> None:
    data = ycck_jpeg()
    transcoded = jpeg.strip(jpeg.run_mozjpeg(data), keep_icc=True, exif=None, xmp=None)
    assert (APP14, b"Adobe\x00d\x00\x00\x00\x00\x02") in markers(transcoded)
    assert same_pixels(data, transcoded)
    optimized(data, "jpeg")


def test_cmyk_jpeg_metadata_strip_keeps_its_adobe_marker() -> None:
    data = f.jpeg_bytes(PHOTO.convert("CMYK"), xmp_size=1_000, comment=b"x")
    stripped = jpeg.strip(data, keep_icc=True, exif=None, xmp=None)
    assert [marker for marker, _ in markers(stripped) if marker >= APP1] == [APP14]
    assert same_pixels(data, stripped)


def test_grey_jpeg() -> None:
    result = optimized(f.jpeg_bytes(PHOTO.convert("L"), exif_size=2_000), "jpeg")
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.mode == "L"


def small_optimized_jpeg() -> bytes:
    """A tiny JPEG with optimised baseline coding, which mozjpeg's progressive scans would enlarge."""
    stream = io.BytesIO()
    f.photo(32, 32).save(stream, "JPEG", quality=85, optimize=True, comment=b"made with care")
    return stream.getvalue()[:2] + f.xmp_segment(800) + stream.getvalue()[2:]


def test_well_coded_jpeg_only_loses_its_metadata() -> None:
    data = small_optimized_jpeg()
    result = optimized(data, "jpeg")
    assert len(result.data) == len(data) - 804 - 18  # the XMP and COM segments, nothing else
    assert result.data.endswith(data[-200:])  # coded image data byte for byte
    assert not any(change.startswith("re-encoded") for change in result.changes)


def test_multi_picture_jpeg_is_left_alone() -> None:
    data = metadata_heavy_jpeg()
    mpf = b"\xff\xe2" + struct.pack(">H", 2 + 8) + b"MPF\x00MM\x00*"
    assert optimize_image(data[:2] + mpf + data[2:], "jpeg") is None


def test_jpeg_that_makes_mozjpeg_exit_only_loses_its_metadata() -> None:
    data = f.jpeg_that_makes_mozjpeg_exit()
    assert same_pixels(data, data)  # it decodes
    result = optimize_image(data, "jpeg")  # and this process is still here
    assert result is not None and result.changes == ("removed 500 B of metadata (XMP)",)
    assert same_pixels(data, result.data)


def png_with_everything() -> bytes:
    """A PNG with text, XMP, EXIF (with GPS), tIME and a private chunk, plus colour chunks."""
    text = {"Comment": "exported by a tool " * 50, "XML:com.adobe.xmp": "<x:xmpmeta/>" * 40}
    data = f.png_bytes(PHOTO, text=text, icc=ICC, exif=f.exif_bytes(gps=True, size=3_000))
    extra = b"".join(
        f.png_chunk(kind, payload)
        for kind, payload in (
            (b"gAMA", struct.pack(">I", 45455)),
            (b"cHRM", bytes(32)),
            (b"sBIT", b"\x05\x06\x05"),
            (b"tIME", b"\x07\xe8\x01\x01\x00\x00\x00"),
            (b"prVt", b"private editor state" * 100),
        )
    )
    return data[:33] + extra + data[33:]


def test_png_metadata_goes_and_colour_chunks_stay() -> None:
    result = optimized(png_with_everything(), "png")
    kinds = chunk_types(result.data)
    for kind in (b"iCCP", b"gAMA", b"cHRM", b"sBIT"):
        assert kind in kinds
    for kind in (b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME", b"prVt"):
        assert kind not in kinds
    assert icc_of(result.data) == ICC
    for name in ("text notes", "XMP", "EXIF with the GPS position", "editor data"):
        assert name in result.changes[0]


def test_png_keep_icc_false_drops_only_the_profile() -> None:
    result = optimized(png_with_everything(), "png", MetadataPolicy(keep_icc=False))
    kinds = chunk_types(result.data)
    assert b"iCCP" not in kinds
    assert b"gAMA" in kinds


def test_png_orientation_is_kept_in_a_minimal_exif() -> None:
    data = f.png_bytes(PHOTO, exif=f.exif_bytes(gps=True, size=2_000, orientation=6))
    result = optimized(data, "png")
    assert exif_of(result.data, "png") == {ORIENTATION: 6}
    assert chunk_types(result.data)[:2] == [b"IHDR", b"eXIf"]
    with Image.open(io.BytesIO(result.data)) as image:
        assert image.getexif()[ORIENTATION] == 6


def test_16_bit_png_stays_16_bit() -> None:
    values = [(i * 7919 + 12345) % 65536 for i in range(64 * 48)]
    image = Image.frombytes("I;16", (64, 48), struct.pack(f"<{len(values)}H", *values))
    result = optimized(f.png_bytes(image, text={"Comment": "x" * 500}), "png")
    info = probe(io.BytesIO(result.data), len(result.data), "png")
    assert info.bit_depth == 16


def test_16_bit_png_with_8_bit_values_may_lose_the_spare_byte() -> None:
    image = Image.frombytes("I;16", (64, 48), struct.pack("<3072H", *(v % 256 * 257 for v in range(3072))))
    result = optimized(f.png_bytes(image), "png")
    assert probe(io.BytesIO(result.data), len(result.data), "png").bit_depth == 8


def loose_png(image: Image.Image) -> bytes:
    stream = io.BytesIO()
    image.save(stream, "PNG", compress_level=1)
    return stream.getvalue()


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: loose_png(PHOTO.quantize(64)), id="palette"),
        pytest.param(lambda: loose_png(PHOTO.convert("L")), id="grey"),
        pytest.param(lambda: loose_png(PHOTO.quantize(64).convert("RGB")), id="rgb with few colours"),
    ],
)
def test_png_kinds(make: Make) -> None:
    optimized(make(), "png")


def test_rgba_png_keeps_its_alpha() -> None:
    image = PHOTO.convert("RGBA")
    image.putalpha(Image.linear_gradient("L").resize(PHOTO.size))
    result = optimized(loose_png(image), "png")
    with Image.open(io.BytesIO(result.data)) as decoded:
        assert decoded.convert("RGBA").getchannel("A").getextrema() == (0, 255)


@pytest.mark.parametrize(
    ("make", "fmt"),
    [
        pytest.param(metadata_heavy_jpeg, "jpeg", id="jpeg"),
        pytest.param(lambda: f.jpeg_bytes(PHOTO, orientation=6, exif_size=9_000), "jpeg", id="jpeg oriented"),
        pytest.param(small_optimized_jpeg, "jpeg", id="jpeg stripped only"),
        pytest.param(png_with_everything, "png", id="png"),
        pytest.param(lambda: f.png_bytes(PHOTO, exif=f.exif_bytes(orientation=5)), "png", id="png oriented"),
    ],
)
def test_already_optimal_image_is_left_untouched(make: Make, fmt: str) -> None:
    once = optimized(make(), fmt)
    assert optimize_image(once.data, fmt) is None


@pytest.mark.parametrize(
    ("make", "fmt"),
    [
        pytest.param(lambda: f.apng_bytes([f.photo(40, 30, seed) for seed in range(3)]), "png", id="apng"),
        pytest.param(lambda: f.gif_bytes([f.flat(40, 30)]), "gif", id="gif"),
        pytest.param(lambda: f.webp_bytes(PHOTO, exif=f.exif_bytes(gps=True)), "webp", id="webp"),
        pytest.param(lambda: f.avif_bytes(PHOTO), "avif", id="avif"),
        pytest.param(lambda: b"<svg xmlns='http://www.w3.org/2000/svg'/>", "svg", id="svg"),
        pytest.param(lambda: f.truncate(metadata_heavy_jpeg(), 0.7), "jpeg", id="truncated jpeg"),
        pytest.param(lambda: f.truncate(png_with_everything(), 0.7), "png", id="truncated png"),
        pytest.param(lambda: b"\xff\xd8\xff\xe0garbage" * 50, "jpeg", id="garbage jpeg"),
        pytest.param(lambda: b"\x89PNG\r\n\x1a\ngarbage" * 50, "png", id="garbage png"),
        pytest.param(lambda: f.png_bytes(PHOTO)[:29] + bytes(4) + f.png_bytes(PHOTO)[33:], "png", id="bad crc"),
        pytest.param(lambda: f.png_header_only(20_000, 20_000), "png", id="bomb"),
        pytest.param(lambda: metadata_heavy_jpeg(), "png", id="wrong format"),
        pytest.param(lambda: b"", "jpeg", id="empty"),
    ],
)
def test_left_alone(make: Make, fmt: str) -> None:
    assert optimize_image(make(), fmt) is None


def random_image(mode: str, width: int, height: int, data: st.DataObject) -> Image.Image:
    size = width * height * Image.getmodebands(mode)
    image = Image.frombytes(mode, (width, height), data.draw(st.binary(min_size=size, max_size=size)))
    if mode == "P":
        image.putpalette(data.draw(st.binary(min_size=768, max_size=768)))
        if data.draw(st.booleans()):
            image.info["transparency"] = data.draw(st.integers(0, 255))
    return image


@settings(max_examples=60, deadline=None)
@given(
    mode=st.sampled_from(["L", "RGB", "RGBA", "P"]),
    width=st.integers(1, 24),
    height=st.integers(1, 24),
    as_jpeg=st.booleans(),
    data=st.data(),
)
def test_any_small_image_keeps_its_pixels(
    mode: str, width: int, height: int, as_jpeg: bool, data: st.DataObject
) -> None:
    image = random_image(mode, width, height, data)
    fmt = "jpeg" if as_jpeg and mode in ("L", "RGB") else "png"
    original = f.jpeg_bytes(image, comment=b"c") if fmt == "jpeg" else f.png_bytes(image, text={"a": "b"})
    result = optimize_image(original, fmt)
    if result is None:
        return
    assert len(result.data) < len(original)
    assert same_pixels(original, result.data)
    again = optimize_image(result.data, fmt)
    assert again is None or same_pixels(original, again.data)


SMALL_JPEG = f.jpeg_bytes(f.photo(24, 16), exif_size=300, comment=b"c")
SMALL_PNG = f.png_bytes(f.photo(24, 16), text={"a": "b"})


@pytest.mark.filterwarnings("ignore:(Corrupt EXIF|Tag data larger):UserWarning")  # Pillow on broken EXIF
@settings(max_examples=150, deadline=None)
@given(as_jpeg=st.booleans(), data=st.data())
def test_damaged_input_never_raises(as_jpeg: bool, data: st.DataObject) -> None:
    original = SMALL_JPEG if as_jpeg else SMALL_PNG
    damaged = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        damaged[data.draw(st.integers(0, len(original) - 1))] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        damaged = damaged[: data.draw(st.integers(0, len(damaged)))]
    result = optimize_image(bytes(damaged), "jpeg" if as_jpeg else "png")
    assert result is None or same_pixels(bytes(damaged), result.data)
