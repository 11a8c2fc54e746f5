"""Image transforms on any small image: lossless ones keep every pixel and settle; lossy ones stay within the target.

Images are few and small (encoders and the similarity metric are the slow part), so each
test draws a handful of examples over sizes 1-64 px, every colour mode the fixes take, and
photo-like, flat and noisy content with metadata to strip.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageOps

from perflint.config import CommandLine, RuleConfig, Settings, build_settings
from perflint.documents.source import SourceFile
from perflint.fix.images import ImageTask, propose_image
from perflint.fix.proposal import Proposal
from perflint.fix.propose import MAX_PASSES, propose, propose_until_stable
from perflint.fix_options import FixOptions
from perflint.images.probe import probe
from perflint.lossy_manifest import content_hash
from perflint.rules import RULES
from perflint.site import Site
from perflint.sizes import ByteSize
from perflint.transforms.lossless import optimize_losslessly
from perflint.transforms.lossy import Extras, encode_lossy
from perflint.transforms.ssimulacra2 import Reference
from perflint.transforms.webp import to_webp
from tests.imagefactory import flat, jpeg_bytes, noise, photo, png_bytes, webp_bytes

IMAGE_SETTINGS = settings(max_examples=25, deadline=None)


def any_saving(**changes: Any) -> FixOptions:
    """Fix options that take any saving, however small, so a fix that is not a fixed point shows."""
    return FixOptions(min_saving=ByteSize(0), min_percent=0.0, **changes)


@st.composite
def pictures(draw: st.DrawFn, modes: tuple[str, ...] = ("L", "RGB", "RGBA", "P"), smallest: int = 1) -> Image.Image:
    """Draw a small image: photo-like, flat or noise, in one of `modes`."""
    width, height = draw(st.integers(smallest, 64)), draw(st.integers(smallest, 64))
    seed = draw(st.integers(0, 3))
    content = draw(st.sampled_from(["photo", "flat", "noise"]))
    if content == "photo":
        image = photo(max(width, 2), max(height, 2), seed).resize((width, height))
    elif content == "flat":
        image = flat(width, height, (seed * 60, 200, 30))
    else:
        image = noise(width, height, seed)
    mode = draw(st.sampled_from(modes))
    if mode == "RGBA":
        image = image.convert("RGBA")
        image.putalpha(Image.linear_gradient("L").resize(image.size))
    return image.convert(mode)


@st.composite
def encoded_images(draw: st.DrawFn, formats: tuple[str, ...] = ("png", "jpeg")) -> tuple[bytes, str]:
    """Draw an image encoded as PNG or JPEG, sometimes with metadata to strip."""
    image_format = draw(st.sampled_from(formats))
    metadata = draw(st.booleans())
    if image_format == "jpeg":
        image = draw(pictures(("L", "RGB")))
        quality = draw(st.sampled_from([60, 90, 100]))
        return jpeg_bytes(image, quality=quality, comment=b"made here" if metadata else None), "jpeg"
    image = draw(pictures())
    return png_bytes(image, text={"Comment": "made here" * 20} if metadata else None), "png"


def pixels(data: bytes) -> tuple[tuple[int, int], bytes]:
    """Decode to 8-bit RGBA with Pillow: what a browser shows, without the project's own comparison."""
    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.convert("RGBA").tobytes()


def upright(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        return ImageOps.exif_transpose(image)


def rules(*names: str) -> dict[str, RuleConfig]:
    return {name: RuleConfig(RULES[name].options(), None, None) for name in names}


@IMAGE_SETTINGS
@given(image=encoded_images())
def test_lossless_reencoding_keeps_pixels_and_metadata(image: tuple[bytes, str]) -> None:
    data, image_format = image
    out = optimize_losslessly(data, image_format)
    if out is None:
        return
    assert pixels(out) == pixels(data)
    before, after = probe(io.BytesIO(data), len(data), image_format), probe(io.BytesIO(out), len(out), image_format)
    assert after.metadata.keys() == before.metadata.keys()
    # Run again on its own output, it settles within the passes the fixer makes: oxipng's
    # first pass over a palette image can leave a few bytes that a second pass finds.
    outputs = [out]
    for _ in range(MAX_PASSES - 1):
        again = optimize_losslessly(outputs[-1], image_format)
        outputs.append(again if again is not None and len(again) < len(outputs[-1]) else outputs[-1])
    settled = optimize_losslessly(outputs[-1], image_format)
    assert settled is None or len(settled) >= len(outputs[-1])
    assert pixels(outputs[-1]) == pixels(data)


@IMAGE_SETTINGS
@given(image=encoded_images(), keep_icc=st.booleans(), rule=st.sampled_from(["image-metadata", "image-compressible"]))
def test_lossless_fix_keeps_pixels(image: tuple[bytes, str], keep_icc: bool, rule: str) -> None:
    data, image_format = image
    options = any_saving(lossy="never", keep_icc=keep_icc)
    task = ImageTask(data, image_format, "img/x", rules(rule), options, frozenset())
    proposal = propose_image(task)
    if proposal is None:
        return
    assert isinstance(proposal, Proposal) and not proposal.lossy
    assert len(proposal.data) < len(data)
    assert pixels(proposal.data) == pixels(data)


@pytest.fixture(scope="module")
def default_settings() -> Settings:
    return build_settings(Path.cwd(), CommandLine(no_config=True))


@IMAGE_SETTINGS
@given(image=encoded_images(), keep_icc=st.booleans())
def test_image_fix_is_idempotent(default_settings: Settings, image: tuple[bytes, str], keep_icc: bool) -> None:
    data, image_format = image
    source = SourceFile(Path("img/x." + image_format), "img/x", "img/x", Path.cwd())
    options = any_saving(lossy="never", keep_icc=keep_icc)
    once = propose_until_stable(source, data, default_settings, options, Site())
    if once is None:
        return
    assert isinstance(once, Proposal)
    assert len(once.data) < len(data) and pixels(once.data) == pixels(data)
    assert propose(source, once.data, default_settings, options, Site()) is None


@IMAGE_SETTINGS
@given(image=encoded_images(("png",)))
def test_png_as_lossless_webp_keeps_pixels(image: tuple[bytes, str]) -> None:
    data, _ = image
    out = to_webp(data, "png", 80.0)
    assert out is not None
    assert Image.open(io.BytesIO(out)).format == "WEBP"
    assert pixels(out) == pixels(data)


def lossy_sources() -> st.SearchStrategy[tuple[bytes, str]]:
    """Photo-like sources big enough for the similarity metric's scales: PNG, JPEG and WebP."""
    image = pictures(("RGB", "L", "RGBA"), smallest=8)
    return st.one_of(
        image.map(lambda picture: (png_bytes(picture), "png")),
        image.map(lambda picture: (jpeg_bytes(picture.convert("RGB"), quality=95), "jpeg")),
        image.map(lambda picture: (webp_bytes(picture, quality=95), "webp")),
    )


@IMAGE_SETTINGS
@given(source=lossy_sources(), target=st.sampled_from([70.0, 80.0, 90.0]))
def test_lossy_result_decodes_within_the_target(source: tuple[bytes, str], target: float) -> None:
    data, image_format = source
    result = encode_lossy(data, image_format, target, None, Extras())
    if result is None:
        return
    original = upright(data)
    with Image.open(io.BytesIO(result.data)) as out:
        assert out.format == image_format.upper() and out.size == original.size
        out.load()
        assert result.score >= target
        assert Reference(original).score(out) >= target  # measured again, not taken from the result
        if result.exact:
            assert out.convert("RGBA").tobytes() == original.convert("RGBA").tobytes()


@IMAGE_SETTINGS
@given(source=lossy_sources())
def test_lossy_fix_is_never_bigger_and_not_repeated(source: tuple[bytes, str]) -> None:
    data, image_format = source
    options = any_saving(lossy="always")
    task = ImageTask(data, image_format, "img/x", rules("image-metadata"), options, frozenset())
    proposal = propose_image(task)
    if proposal is None:
        return
    assert isinstance(proposal, Proposal)
    assert len(proposal.data) < len(data)
    with Image.open(io.BytesIO(proposal.data)) as out:
        out.load()
        assert out.format == image_format.upper()
        assert Reference(upright(data)).score(out) >= options.lossy_target
    # Once recorded as lossy, the output is never compressed lossily again.
    recorded = frozenset({content_hash(proposal.data)})
    repeated = propose_image(ImageTask(proposal.data, image_format, "img/x", task.rules, options, recorded))
    assert repeated is None or isinstance(repeated, Proposal)
    assert repeated is None or pixels(repeated.data) == pixels(proposal.data)  # lossless only
    assert repeated is None or repeated.lossy  # and still listed, so it stays protected
