from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from perflint.transforms.gradients import mostly_gradients
from perflint.transforms.quality_search import tile_boxes
from tests.imagefactory import flat, gradient, photo


def test_only_gradients_count_as_gradients() -> None:
    assert mostly_gradients(gradient(600, 300))
    assert not mostly_gradients(photo(300, 200))
    screenshot = flat(300, 200, (250, 250, 250))
    ImageDraw.Draw(screenshot).text((10, 10), "Pricing plans: Basic Pro Team", fill=(30, 30, 30))
    assert not mostly_gradients(screenshot)


def steep_gradient(width: int, height: int) -> Image.Image:
    """A gradient that changes enough per pixel to count as one at a large size, dithered as an export is."""
    x, y = np.linspace(0, 1, width)[None, :], np.linspace(0, 1, height)[:, None]
    rgb = np.stack(np.broadcast_arrays(10 + 240 * x, 150 - 100 * x + 80 * y, 220 - 180 * y), axis=-1)
    rgb = np.floor(rgb + np.random.default_rng(1).random(rgb.shape))
    return Image.fromarray(rgb.astype(np.uint8))


def test_tiles_of_a_large_image_judge_it_as_the_whole_does() -> None:
    card = steep_gradient(2200, 1500)
    screenshot = flat(2200, 1500, (250, 250, 250))
    draw = ImageDraw.Draw(screenshot)
    for row in range(94):
        draw.text((10, 16 * row), "Pricing plans: Basic Pro Team 49 EUR/month " * 8, fill=(30, 30, 30))
    for image in (card, screenshot):
        tiles, _ = tile_boxes(image.size)
        assert len(tiles) > 4
        assert mostly_gradients(image, tiles) is mostly_gradients(image)
    assert mostly_gradients(card, tile_boxes(card.size)[0])
