from __future__ import annotations

import io

import pytest

from perflint.transforms.quality_search import MARGIN, QUALITIES, TILE, decode, search, tiles_of
from perflint.transforms.ssimulacra2 import Reference
from tests.imagefactory import jpeg_bytes, photo


@pytest.mark.parametrize("target", [72.0, 76.0, 80.0])
def test_search_lands_next_to_the_lowest_passing_quality(target: float) -> None:
    """The chosen quality passes, and one at most two steps lower fails (or it is the lowest there is)."""
    image = decode(jpeg_bytes(photo(320, 200, seed=5), quality=98))
    reference = Reference(image)
    scores: dict[int, float] = {}

    def encode(quality: int) -> bytes:
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        return out.getvalue()

    def score(quality: int) -> float:
        if quality not in scores:
            scores[quality] = reference.score(decode(encode(quality)))
        return scores[quality]

    found = search(encode, reference, target)
    assert found is not None
    quality, _, found_score, _ = found
    goal = target + MARGIN
    assert found_score == pytest.approx(score(quality)) and found_score >= goal
    lower = [q for q in QUALITIES if quality - 2 <= q < quality]
    assert quality == QUALITIES[0] or any(score(q) < goal for q in lower)


def test_tiles_sit_on_the_block_grid_and_cover_about_an_eighth() -> None:
    image = photo(2000, 1200)
    tiles = tiles_of(image)
    for left, top, right, bottom in tiles.boxes:
        assert left % 16 == 0 and top % 16 == 0
        assert 0 <= left < right <= image.width and 0 <= top < bottom <= image.height
    covered = len(set(tiles.boxes)) * TILE**2 / (image.width * image.height)
    assert 1 / 12 < covered < 1 / 5
    assert tiles.image.size == (tiles.columns * TILE, len(tiles.boxes) // tiles.columns * TILE)
    first = tiles.boxes[0]
    assert tiles.image.crop((0, 0, TILE, TILE)).tobytes() == image.crop(first).tobytes()
