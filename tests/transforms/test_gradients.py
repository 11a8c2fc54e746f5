from __future__ import annotations

from PIL import ImageDraw

from perflint.transforms.gradients import mostly_gradients
from tests.imagefactory import flat, gradient, photo


def test_only_gradients_count_as_gradients() -> None:
    assert mostly_gradients(gradient(600, 300))
    assert not mostly_gradients(photo(300, 200))
    screenshot = flat(300, 200, (250, 250, 250))
    ImageDraw.Draw(screenshot).text((10, 10), "Pricing plans: Basic Pro Team", fill=(30, 30, 30))
    assert not mostly_gradients(screenshot)
