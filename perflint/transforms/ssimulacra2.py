"""SSIMULACRA2: how close a re-encoded image looks to its original (100 = identical, 80 = very high quality).

SSIM alone misses the damage lossy encoders do to text, UI and flat colour, which is what
marketing screenshots are made of; SSIMULACRA2 (from the JPEG XL project) scores blockiness,
ringing and lost detail in a perceptual colour space over six scales.

This follows the reference algorithm (libjxl tools/ssimulacra2.cc) in float32. The fix scores
every lossy candidate, so the per-pixel work is compiled by Numba (cached on disk after the
first run), rows shared among the cores: whole-array NumPy steps took about 1 s per 2.4 MP,
most of a fix's time. A candidate's blurred planes are made a row at a time, as the
comparison needs them, never as whole-image scratch. The original's half of the work
(colour conversion, blurs, the scale pyramid) is done once, in `Reference`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import product

import numba
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from perflint.deadline import paused

Array = NDArray[np.float32]

SCALES = 6
_C2 = 0.0009
_OPSIN = np.array(
    [[0.30, 0.622, 0.078], [0.23, 0.692, 0.078], [0.24342268924547819, 0.20476744424496821, 0.5518098665095616]],
    dtype=np.float32,
)
_BIAS = np.float32(0.0037930732552754493)
_CBRT_BIAS = np.cbrt(_BIAS)
_BACKGROUNDS = (0.1, 0.9)  # transparent pixels are judged over a dark and a light page
_WEIGHTS = np.array(
    [
        0.0, 0.0007376606707406586, 0.0, 0.0,
        0.0007793481682867309, 0.0, 0.0, 0.0004371155730107379,
        0.0, 1.1041726426657346, 0.00066284834129271, 0.00015231632783718752,
        0.0, 0.0016406437456599754, 0.0, 1.8422455520539298,
        11.441172603757666, 0.0, 0.0007989109436015163, 0.000176816438078653,
        0.0, 1.8787594979546387, 10.94906990605142, 0.0,
        0.0007289346991508072, 0.9677937080626833, 0.0, 0.00014003424285435884,
        0.9981766977854967, 0.00031949755934435053, 0.0004550992113792063, 0.0,
        0.0, 0.0013648766163243398, 0.0, 0.0,
        0.0, 0.0, 0.0, 7.466890328078848,
        0.0, 17.445833984131262, 0.0006235601634041466, 0.0,
        0.0, 6.683678146179332, 0.00037724407979611296, 1.027889937768264,
        225.20515300849274, 0.0, 0.0, 19.213238186143016,
        0.0011401524586618361, 0.001237755635509985, 176.39317598450694, 0.0,
        0.0, 24.43300999870476, 0.28520802612117757, 0.0004485436923833408,
        0.0, 0.0, 0.0, 34.77906344483772,
        44.835625328877896, 0.0, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0,
        0.0, 0.0008680556573291698, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0005313191874358747,
        0.0, 0.00016533814161379112, 0.0, 0.0,
        0.0, 0.0, 0.0, 0.0004179171803251336,
        0.0017290828234722833, 0.0, 0.0020827005846636437, 0.0,
        0.0, 8.826982764996862, 23.19243343998926, 0.0,
        95.1080498811086, 0.9863978034400682, 0.9834382792465353, 0.0012286405048278493,
        171.2667255897307, 0.9807858872435379, 0.0, 0.0,
        0.0, 0.0005130064588990679, 0.0, 0.00010854057858411537,
    ]
)  # fmt: skip


_BLUR_REACH = 5  # taps each side: sigma 1.5 truncated at 3.33 sigma, as the reference's blur
_TAPS = np.exp(-0.5 * (np.arange(-_BLUR_REACH, _BLUR_REACH + 1) / 1.5) ** 2)
_KERNEL = (_TAPS / _TAPS.sum()).astype(np.float32)
_CUBE_ROOT_MAGIC = 709921077  # a float's bits over three, plus this, approximate its cube root's bits
_compiled = numba.njit(cache=True, nogil=True, boundscheck=False)
_parallel = numba.njit(cache=True, nogil=True, boundscheck=False, parallel=True)  # rows shared among cores


@dataclass(frozen=True)
class _Scale:
    """One scale of the original: its XYB planes, their blurred mean and blurred square."""

    xyb: Array
    mean: Array
    square: Array


class Reference:
    """An original image, prepared once to score any number of candidates against it."""

    def __init__(self, image: Image.Image) -> None:
        ready()
        self.size = image.size
        self.has_alpha = shows_transparency(image)
        linears = _linear(image, self.has_alpha)
        self._pyramids = [[_Scale(xyb, *_prepare(xyb)) for xyb in _xyb_pyramid(linear)] for linear in linears]

    def score(self, candidate: Image.Image) -> float:
        """Return the SSIMULACRA2 score of `candidate` (same size) against the original: 100 is identical.

        Over transparency the worse of the dark-page and light-page scores counts.
        """
        if candidate.size != self.size:
            raise ValueError(f"candidate is {candidate.size}, original {self.size}")
        linears = _linear(candidate, self.has_alpha or shows_transparency(candidate))
        # One side opaque: it looks the same over both backgrounds, so it is compared with both of the other's.
        same = len(linears) == len(self._pyramids)
        pairs = zip(self._pyramids, linears, strict=True) if same else product(self._pyramids, linears)
        scores = []
        for pyramid, linear in pairs:
            averages = [
                _compare(scale.xyb, scale.mean, scale.square, xyb)
                for scale, xyb in zip(pyramid, _xyb_pyramid(linear), strict=False)
            ]
            scores.append(_score(averages))
        return min(scores)


@functools.cache
def ready() -> None:
    """Load the compiled kernels, compiling them on the first use after installing (about 18 s).

    Every `Reference` asks first. The file being checked or fixed is not to blame for that
    one-time wait: its time limit stops meanwhile.
    """
    with paused():
        _load_kernels()


def _load_kernels() -> None:
    """Run each kernel once on a few pixels: Numba compiles it, or loads it from its cache on disk. The pixels
    come from Pillow, as in real use: its arrays are read-only, which is another signature to compile."""
    _linear(Image.new("RGBA", (2, 2)), alpha=True)
    xyb = _positive_xyb(np.zeros((16, 16, 3), dtype=np.float32))
    _compare(xyb, *_prepare(xyb), _positive_xyb(_halve(np.zeros((32, 32, 3), dtype=np.float32))))


def shows_transparency(image: Image.Image) -> bool:
    """Tell whether any pixel is less than opaque. A fully opaque alpha channel looks the same on every
    page: such an image is scored once, not over two backgrounds, and the lossy fix drops the channel."""
    if image.mode == "P" and "transparency" in image.info:  # the palette's opacities, without a copy of the pixels
        key = image.info["transparency"]
        opacities = [0 if index == key else 255 for index in range(256)] if isinstance(key, int) else bytes(key)
        used = (index for index, count in enumerate(image.histogram()) if count)
        return any(index < len(opacities) and opacities[index] < 255 for index in used)
    if image.mode in ("RGBA", "RGBa", "LA", "La", "PA"):
        alpha = image.getchannel(len(image.getbands()) - 1)
    elif "transparency" in image.info or (image.palette is not None and image.palette.mode == "RGBA"):
        alpha = image.convert("RGBA").getchannel("A")
    else:
        return False
    return bool(alpha.getextrema()[0] != 255)


def _linear(image: Image.Image, alpha: bool) -> list[Array]:
    """Return the image as linear-light RGB, once per background when `alpha` (it shows transparency)."""
    if not alpha:
        return [_looked_up(np.asarray(image.convert("RGB")), _LINEAR, False)]
    pixels = np.asarray(image.convert("RGBA"))
    return [_looked_up(pixels, over, True) for over in _LINEAR_OVER]


@_parallel
def _looked_up(pixels: NDArray[np.uint8], table: Array, alpha: bool) -> Array:  # pragma: no cover - compiled
    """Look up each 8-bit colour's linear value in `table`: by colour alone, or by colour * 256 + opacity."""
    height, width = pixels.shape[0], pixels.shape[1]
    linear = np.empty((height, width, 3), dtype=np.float32)
    for row in numba.prange(height):
        for column in range(width):
            opacity = np.intp(pixels[row, column, 3]) if alpha else np.intp(0)
            for channel in range(3):
                colour = np.intp(pixels[row, column, channel])
                linear[row, column, channel] = table[colour * 256 + opacity if alpha else colour]
    return linear


def _to_linear(srgb: NDArray[np.float64]) -> Array:
    """Undo the sRGB transfer curve."""
    curve = ((srgb + 0.055) / 1.055) ** 2.4
    linear: Array = np.where(srgb <= 0.04045, srgb / 12.92, curve).astype(np.float32)
    return linear


_LEVELS = np.arange(256) / 255  # the 8-bit values, from 0 to 1
_LINEAR = _to_linear(_LEVELS)  # 8-bit sRGB to linear, looked up
_LINEAR_OVER = [
    _to_linear((_LEVELS[:, None] * _LEVELS + background * (1 - _LEVELS)).ravel()) for background in _BACKGROUNDS
]  # by colour * 256 + opacity: the colour shown over each background, linear, looked up


def _xyb_pyramid(linear: Array) -> list[Array]:
    """Return the positive-XYB planes at each scale, halving in linear light, while at least 8x8."""
    planes = []
    for _ in range(SCALES):
        if linear.shape[0] < 8 or linear.shape[1] < 8:
            break
        planes.append(_positive_xyb(np.ascontiguousarray(linear)))
        linear = _halve(linear)
    return planes


@_parallel
def _positive_xyb(linear: Array) -> Array:  # pragma: no cover - compiled
    """Convert linear RGB to XYB, shifted and scaled so every plane is positive, as the metric expects.

    Channels first: each plane is then contiguous for the blurs. A row at a time, in loops
    the compiler turns into vector instructions.
    """
    height, width = linear.shape[0], linear.shape[1]
    planes = np.empty((3, height, width), dtype=np.float32)
    for row in numba.prange(height):
        mixed, roots = np.empty(3 * width, dtype=np.float32), np.empty(3 * width, dtype=np.float32)
        for channel in range(3):
            weights = _OPSIN[channel]
            for column in range(width):
                pixel = linear[row, column]
                value = weights[0] * pixel[0] + weights[1] * pixel[1] + weights[2] * pixel[2] + _BIAS
                mixed[channel * width + column] = max(value, _BIAS)  # the weights and pixels are not negative
        _cube_roots(mixed, roots)
        for column in range(width):
            long, medium = roots[column] - _CBRT_BIAS, roots[width + column] - _CBRT_BIAS
            short = roots[2 * width + column] - _CBRT_BIAS
            y = (long + medium) * np.float32(0.5)
            planes[0, row, column] = (long - medium) * np.float32(0.5) * np.float32(14) + np.float32(0.42)
            planes[1, row, column] = y + np.float32(0.01)
            planes[2, row, column] = short - y + np.float32(0.55)
    return planes


@_compiled
def _cube_roots(values: Array, roots: Array) -> None:  # pragma: no cover - compiled
    """Cube roots of positive numbers to within 2 units in the last place, several times faster than libm's.

    A first guess from the float's bits (exponent divided by three), then two Halley steps,
    each of which triples the correct digits.
    """
    value_bits, root_bits = values.view(np.int32), roots.view(np.int32)
    for index in range(values.size):
        root_bits[index] = value_bits[index] // 3 + _CUBE_ROOT_MAGIC
    for _ in range(2):
        for index in range(values.size):
            root = roots[index]
            cube = root * root * root
            roots[index] = root * (cube + np.float32(2) * values[index]) / (np.float32(2) * cube + values[index])


@_compiled
def _halve(image: Array) -> Array:  # pragma: no cover - compiled
    """Average 2x2 blocks; an odd last row or column is averaged on its own."""
    height, width = image.shape[0], image.shape[1]
    halved = np.empty(((height + 1) // 2, (width + 1) // 2, 3), dtype=np.float32)
    for row in range(halved.shape[0]):
        top, bottom = 2 * row, min(2 * row + 1, height - 1)
        for column in range(halved.shape[1]):
            left, right = 2 * column, min(2 * column + 1, width - 1)
            for channel in range(3):
                total = (
                    image[top, left, channel]
                    + image[top, right, channel]
                    + image[bottom, left, channel]
                    + image[bottom, right, channel]
                )
                halved[row, column, channel] = total * np.float32(0.25)
    return halved


@_compiled
def _blurred_row(  # pragma: no cover - compiled
    first: Array, second: Array, squared: bool, row: int, out: Array, padded: Array
) -> None:
    """Write one row of the Gaussian blur (sigma 1.5) of `first`, or of `first` times `second` when `squared`.

    As the reference blurs: zeros beyond the top and bottom, mirrored sides. Every blur, the
    original's and a candidate's, goes through here, summed in the same order: identical images
    score exactly 100. `padded` is scratch, `2 * _BLUR_REACH` longer than a row. Loops over
    whole rows, which the compiler turns into vector instructions.
    """
    height, width = first.shape
    vertical = padded[_BLUR_REACH : _BLUR_REACH + width]
    vertical[:] = 0
    for source in range(max(0, row - _BLUR_REACH), min(height, row + _BLUR_REACH + 1)):
        weight, pixels, factors = _KERNEL[source - row + _BLUR_REACH], first[source], second[source]
        if squared:
            for column in range(width):
                vertical[column] += weight * (pixels[column] * factors[column])
        else:
            for column in range(width):
                vertical[column] += weight * pixels[column]
    for offset in range(_BLUR_REACH):  # planes are at least 8 wide
        padded[_BLUR_REACH - 1 - offset] = vertical[offset]
        padded[_BLUR_REACH + width + offset] = vertical[width - 1 - offset]
    for column in range(width):
        out[column] = _KERNEL[0] * padded[column]
    for tap in range(1, 2 * _BLUR_REACH + 1):
        weight = _KERNEL[tap]
        for column in range(width):
            out[column] += weight * padded[column + tap]


@_parallel
def _prepare(xyb: Array) -> tuple[Array, Array]:  # pragma: no cover - compiled
    """Return the original's blurred planes and blurred squared planes."""
    channels, height, width = xyb.shape
    mean, square = np.empty_like(xyb), np.empty_like(xyb)
    for row in numba.prange(height):
        padded = np.empty(width + 2 * _BLUR_REACH, dtype=np.float32)
        for channel in range(channels):
            _blurred_row(xyb[channel], xyb[channel], False, row, mean[channel, row], padded)
            _blurred_row(xyb[channel], xyb[channel], True, row, square[channel, row], padded)
    return mean, square


@_parallel
def _compare(  # pragma: no cover - compiled
    original: Array, original_mean: Array, original_square: Array, xyb: Array
) -> NDArray[np.float64]:
    """Return one scale's averages: rows SSIM error, ringing, blurring (each 1- then 4-norm); columns X, Y, B.

    A row at a time, the candidate's blurred rows made as they are needed: no full-size scratch.
    Each row's sums are added up in row order afterwards, so the score does not depend on how
    the rows were shared among threads.
    """
    channels, height, width = xyb.shape
    row_sums = np.zeros((height, 6, channels))
    for row in numba.prange(height):
        padded = np.empty(width + 2 * _BLUR_REACH, dtype=np.float32)
        mean, square = np.empty(width, dtype=np.float32), np.empty(width, dtype=np.float32)
        product = np.empty(width, dtype=np.float32)
        for channel in range(channels):
            _blurred_row(xyb[channel], xyb[channel], False, row, mean, padded)
            _blurred_row(xyb[channel], xyb[channel], True, row, square, padded)
            _blurred_row(original[channel], xyb[channel], True, row, product, padded)
            sums = row_sums[row, :, channel]
            for column in range(width):
                seen, shown = original[channel, row, column], xyb[channel, row, column]
                seen_mean, shown_mean = original_mean[channel, row, column], mean[column]
                seen_variance = original_square[channel, row, column] - seen_mean * seen_mean
                shown_variance = square[column] - shown_mean * shown_mean
                covariance = product[column] - seen_mean * shown_mean
                # Summed in the same order for both: identical images score exactly 100.
                variances = shown_variance + seen_variance + np.float32(_C2)
                similarity = (covariance + covariance + np.float32(_C2)) * (
                    np.float32(1) - (seen_mean - shown_mean) * (seen_mean - shown_mean)
                )
                ssim = max(np.float32(1) - similarity / variances, np.float32(0))
                ratio = (np.float32(1) + abs(shown - shown_mean)) / (np.float32(1) + abs(seen - seen_mean))
                ringing = max(ratio - np.float32(1), np.float32(0))
                blurring = max(np.float32(1) - ratio, np.float32(0))
                sums[0] += ssim
                sums[1] += (ssim * ssim) * (ssim * ssim)
                sums[2] += ringing
                sums[3] += (ringing * ringing) * (ringing * ringing)
                sums[4] += blurring
                sums[5] += (blurring * blurring) * (blurring * blurring)
    averages: NDArray[np.float64] = np.zeros((6, channels))
    for row in range(height):
        averages += row_sums[row]
    averages /= height * width
    for index in range(1, 6, 2):
        averages[index] = averages[index] ** 0.25
    return averages


def _score(scales: list[NDArray[np.float64]]) -> float:
    """Combine the per-scale averages with the reference weights into a 0 to 100 score."""
    total, index = 0.0, 0
    for channel in range(3):
        for averages in scales:
            for norm in range(2):
                for row in (norm, 2 + norm, 4 + norm):
                    total += _WEIGHTS[index] * abs(averages[row, channel])
                    index += 1
    total *= 0.9562382616834844
    total = 2.326765642916932 * total - 0.020884521182843837 * total**2 + 6.248496625763138e-05 * total**3
    return 100.0 - 10.0 * total**0.6276336467831387 if total > 0 else 100.0
