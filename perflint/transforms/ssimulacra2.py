"""SSIMULACRA2: how close a re-encoded image looks to its original (100 = identical, 80 = very high quality).

SSIM alone misses the damage lossy encoders do to text, UI and flat colour, which is what
marketing screenshots are made of; SSIMULACRA2 (from the JPEG XL project) scores blockiness,
ringing and lost detail in a perceptual colour space over six scales.

This follows the reference algorithm (libjxl tools/ssimulacra2.cc) in float32 with SciPy's
Gaussian blur. The lossy fix scores several encodings of one image against the same
original, so the original's half of the work (colour conversion, blurs, the scale pyramid) is
done once, in `Reference`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image
from scipy import ndimage

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


@dataclass(frozen=True)
class _Scale:
    """One scale of the original: its XYB planes, their blurred mean and blurred square."""

    xyb: Array
    mean: Array
    square: Array


class Reference:
    """An original image, prepared once to score any number of candidates against it."""

    def __init__(self, image: Image.Image) -> None:
        self.size = image.size
        self.has_alpha = _has_alpha(image)
        self._pyramids = [
            [_Scale(xyb, _blur(xyb), _blur(xyb * xyb)) for xyb in _xyb_pyramid(linear)] for linear in _linear(image)
        ]

    def score(self, candidate: Image.Image) -> float:
        """Return the SSIMULACRA2 score of `candidate` (same size) against the original: 100 is identical.

        Over transparency the worse of the dark-page and light-page scores counts.
        """
        if candidate.size != self.size:
            raise ValueError(f"candidate is {candidate.size}, original {self.size}")
        scores = []
        for pyramid, linear in zip(self._pyramids, _linear(candidate, self.has_alpha), strict=True):
            scores.append(
                _score([_compare(scale, xyb) for scale, xyb in zip(pyramid, _xyb_pyramid(linear), strict=False)])
            )
        return min(scores)


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)


def _linear(image: Image.Image, has_alpha: bool | None = None) -> list[Array]:
    """Return the image as linear-light RGB, once per background when it has transparency."""
    alpha = _has_alpha(image) if has_alpha is None else has_alpha
    if not alpha:
        return [_LINEAR[np.asarray(image.convert("RGB"))]]
    pixels = np.asarray(image.convert("RGBA"), dtype=np.float32) / np.float32(255)
    rgb, opacity = pixels[..., :3], pixels[..., 3:]
    return [_to_linear(rgb * opacity + np.float32(background) * (1 - opacity)) for background in _BACKGROUNDS]


def _to_linear(srgb: Array) -> Array:
    """Undo the sRGB transfer curve."""
    curve = ((srgb + np.float32(0.055)) / np.float32(1.055)) ** np.float32(2.4)
    linear: Array = np.where(srgb <= 0.04045, srgb / np.float32(12.92), curve).astype(np.float32)
    return linear


_LINEAR = _to_linear(np.arange(256, dtype=np.float32) / np.float32(255))  # 8-bit sRGB to linear, looked up


def _xyb_pyramid(linear: Array) -> list[Array]:
    """Return the positive-XYB planes at each scale, halving in linear light, while at least 8x8."""
    planes = []
    for _ in range(SCALES):
        if linear.shape[0] < 8 or linear.shape[1] < 8:
            break
        planes.append(_positive_xyb(linear))
        linear = _halve(linear)
    return planes


def _positive_xyb(linear: Array) -> Array:
    """Convert linear RGB to XYB, shifted and scaled so every plane is positive, as the metric expects."""
    mixed = np.cbrt(np.maximum(linear @ _OPSIN.T + _BIAS, 0)) - _CBRT_BIAS
    x = (mixed[..., 0] - mixed[..., 1]) * np.float32(0.5)
    y = (mixed[..., 0] + mixed[..., 1]) * np.float32(0.5)
    b = mixed[..., 2]
    # Channels first: each plane is then contiguous, which makes the per-channel averages fast.
    return np.stack([x * np.float32(14) + np.float32(0.42), y + np.float32(0.01), b - y + np.float32(0.55)])


def _halve(image: Array) -> Array:
    """Average 2x2 blocks; an odd last row or column is averaged on its own."""
    height, width = image.shape[:2]
    if height % 2:
        image = np.concatenate([image, image[-1:]], axis=0)
    if width % 2:
        image = np.concatenate([image, image[:, -1:]], axis=1)
    halved: Array = image.reshape(image.shape[0] // 2, 2, image.shape[1] // 2, 2, 3).mean(axis=(1, 3), dtype=np.float32)
    return halved


def _blur(plane: Array) -> Array:
    """Gaussian blur (sigma 1.5) as the reference does it: zeros beyond the top and bottom, mirrored sides."""
    vertical = ndimage.gaussian_filter1d(plane, 1.5, axis=1, mode="constant", cval=0.0, truncate=3.33)
    blurred: Array = ndimage.gaussian_filter1d(vertical, 1.5, axis=2, mode="reflect", truncate=3.33)
    return blurred


def _compare(original: _Scale, xyb: Array) -> NDArray[np.float64]:
    """Return one scale's averages: rows SSIM error, ringing, blurring (each 1- then 4-norm); columns X, Y, B.

    Written with in-place operations: these planes are the size of the image.
    """
    mean = _blur(xyb)
    own = original.mean * original.mean
    np.subtract(original.square, own, out=own)
    variances = _blur(xyb * xyb)
    variances -= mean * mean
    variances += own  # summed in the same order as the covariance below: identical images score exactly 100
    variances += _C2
    ssim = _blur(original.xyb * xyb)
    ssim -= original.mean * mean
    ssim += ssim
    ssim += _C2
    difference = original.mean - mean
    np.square(difference, out=difference)
    np.subtract(1, difference, out=difference)
    ssim *= difference
    ssim /= variances
    np.subtract(1, ssim, out=ssim)
    np.maximum(ssim, 0, out=ssim)
    ratio = np.abs(xyb - mean)
    ratio += 1
    ratio /= 1 + np.abs(original.xyb - original.mean)
    ratio -= 1
    averages = []
    for errors in (ssim, np.maximum(ratio, 0), np.maximum(-ratio, 0)):
        planes = errors.reshape(3, -1)  # NumPy sums contiguous rows pairwise: float32 stays accurate
        averages.append(planes.mean(axis=1))
        np.square(planes, out=planes)
        np.square(planes, out=planes)
        averages.append(planes.mean(axis=1) ** 0.25)
    return np.array(averages, dtype=np.float64)


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
