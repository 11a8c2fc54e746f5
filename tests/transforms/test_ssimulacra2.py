from __future__ import annotations

import io
import subprocess
import sys

import pytest
from PIL import Image, ImageDraw

from perflint.transforms.ssimulacra2 import Reference, shows_transparency
from tests.imagefactory import flat, photo


def jpeg(image: Image.Image, quality: int) -> Image.Image:
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality)
    return Image.open(io.BytesIO(out.getvalue()))


def screenshot() -> Image.Image:
    """Dark text on white, the kind of image SSIM alone scores too kindly."""
    image = flat(320, 200, (255, 255, 255))
    draw = ImageDraw.Draw(image)
    for row in range(12):
        draw.text((8, 6 + 16 * row), "Pricing plans: Basic Pro Team 49 EUR/month", fill=(30, 30, 30))
    return image


def test_identical_images_score_100() -> None:
    image = photo(200, 150)
    assert Reference(image).score(image.copy()) == pytest.approx(100.0)


@pytest.mark.parametrize("make", [lambda: photo(256, 192), screenshot])
def test_lower_quality_scores_lower(make: object) -> None:
    image = make()  # type: ignore[operator]
    reference = Reference(image)
    scores = [reference.score(jpeg(image, quality)) for quality in (95, 80, 50, 20)]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > 85 and scores[-1] < 70


@pytest.mark.parametrize("quality", [90, 60, 30])
@pytest.mark.parametrize("make", [lambda: photo(256, 192, seed=3), screenshot])
def test_agrees_with_the_published_implementation(make: object, quality: int) -> None:
    ssimulacra2 = pytest.importorskip("ssimulacra2", reason="the ssimulacra2 package is a test dependency")
    image = make()  # type: ignore[operator]
    distorted = jpeg(image, quality)
    original_file, distorted_file = io.BytesIO(), io.BytesIO()
    image.save(original_file, "PNG")
    distorted.save(distorted_file, "PNG")
    published = ssimulacra2.compute_ssimulacra2(original_file, distorted_file)
    assert Reference(image).score(distorted) == pytest.approx(published, abs=1.0)


def test_damage_under_transparency_counts_less_than_in_view() -> None:
    image = photo(128, 128).convert("RGBA")
    mask = Image.new("L", image.size, 255)
    mask.paste(0, (0, 0, 64, 128))  # left half fully transparent
    image.putalpha(mask)
    hidden, shown = image.copy(), image.copy()
    hidden.paste((0, 255, 0, 0), (0, 0, 64, 128))  # changed colour where nothing shows
    shown.paste((0, 255, 0, 255), (64, 0, 128, 128))
    reference = Reference(image)
    assert reference.score(hidden) > 99
    assert reference.score(shown) < 50


def test_candidate_of_another_size_is_refused() -> None:
    with pytest.raises(ValueError, match="original"):
        Reference(photo(64, 64)).score(photo(32, 32))


def test_opaque_alpha_channel_is_scored_as_the_colour_alone() -> None:
    image, distorted = photo(128, 96), jpeg(photo(128, 96), 40)
    with_opaque_alpha = Reference(image.convert("RGBA"))
    assert not with_opaque_alpha.has_alpha
    assert with_opaque_alpha.score(distorted.convert("RGBA")) == Reference(image).score(distorted)


def test_transparency_counts_when_only_one_side_shows_it() -> None:
    image = photo(128, 96)
    holed = image.convert("RGBA")
    holed.paste((0, 0, 0, 0), (0, 0, 64, 96))  # half of it gone: it shows the page behind
    assert Reference(image).score(holed) < 60
    assert Reference(holed).score(image) < 60


@pytest.mark.parametrize(
    ("opacities", "shows"),
    [(b"\xff" * 4, False), (b"\xff\xff\x00\xff", False), (b"\xff\x80\xff\xff", True)],
    ids=["all-opaque", "transparent-entry-unused", "half-transparent-entry-used"],
)
def test_a_palette_shows_transparency_only_through_the_entries_it_uses(opacities: bytes, shows: bool) -> None:
    image = Image.new("P", (4, 2))
    image.putpalette(bytes(range(12)))
    image.putdata([0, 1, 1, 0, 3, 3, 0, 1])  # entry 2 unused
    image.info["transparency"] = opacities
    assert shows_transparency(image) is shows


WARM_THEN_SCORE = """
from PIL import Image
from perflint.transforms import ssimulacra2
ssimulacra2.ready()
kernels = [value for value in vars(ssimulacra2).values() if hasattr(value, "signatures")]
compiled = sum(len(kernel.signatures) for kernel in kernels)
for mode in ("RGB", "RGBA"):
    image = Image.new(mode, (64, 48), (200, 120, 40))
    ssimulacra2.Reference(image).score(image.copy())
print(compiled, sum(len(kernel.signatures) for kernel in kernels))
"""


def test_the_first_use_compiles_every_kernel_that_scoring_needs() -> None:
    """The first compile is paused out of a file's time limit: a kernel signature left for real use would
    compile, for seconds, inside the time limit of the first image checked after installing."""
    run = subprocess.run([sys.executable, "-c", WARM_THEN_SCORE], capture_output=True, text=True, check=True)
    after_ready, after_scoring = map(int, run.stdout.split())
    assert after_ready > 0 and after_scoring == after_ready
