"""Time one camera photo through `perflint fix`, side by side with sharp scaling and re-encoding it.

A marketer's typical oversized commit is a 12 MP photo straight from a camera: 4000 x 3000 px,
JPEG quality 92, about 5 MB, with EXIF (camera, GPS). The photo is made from the corpus's
largest photograph, scaled up to 4000 x 3000 with sensor-like noise added, so that it
compresses like a camera's.

- perflint: `perflint fix --no-config -q photo.jpg` in a fresh git repository, built-in
  defaults (over the byte and the pixel budget: scaled to 2560 px, then compressed at the
  lowest quality that keeps SSIMULACRA2 at the target). Wall time of the whole command,
  start-up included.
- sharp: scale to fit 2560 px and encode JPEG quality 80 with mozjpeg
  (`bench/sharp_resize.mjs`), timed inside node and, separately, as a whole command.

Runs alternate between the tools; the table shows medians. Run from the repository root:

    .venv/bin/python bench/camera.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from images import ensure_sharp  # bench/images.py, beside this script
from PIL import Image

BENCH = Path(__file__).resolve().parent
SOURCE = Path("/work/shared/corpus/images/clean-blog/src__assets__img__about-bg.jpg")
PERFLINT = Path(sys.executable).with_name("perflint")
SIZE = (4000, 3000)
NOISE = 4.0  # standard deviation, in 8-bit levels: a camera sensor's grain at base ISO
GPS_IFD = 0x8825


def camera_photo(source: Path, target: Path) -> None:
    """Write a 12 MP camera-like JPEG made from `source`."""
    with Image.open(source) as opened:
        image = opened.convert("RGB")
    scale = max(SIZE[0] / image.width, SIZE[1] / image.height)
    image = image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.LANCZOS)
    left, top = (image.width - SIZE[0]) // 2, (image.height - SIZE[1]) // 2
    image = image.crop((left, top, left + SIZE[0], top + SIZE[1]))
    noise = np.random.default_rng(12).normal(0, NOISE, (SIZE[1], SIZE[0], 3))
    pixels = np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Camera Maker", "Model 12"  # Make, Model
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)})
    Image.fromarray(pixels).save(target, "JPEG", quality=92, exif=exif.tobytes())


def time_perflint(photo: Path, workspace: Path) -> tuple[float, int]:
    """Fix a fresh copy of the photo in a new repository; return the wall seconds and the bytes after."""
    repository = workspace / "perflint"
    shutil.rmtree(repository, ignore_errors=True)
    repository.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repository, check=True)
    shutil.copyfile(photo, repository / "photo.jpg")
    start = time.perf_counter()
    done = subprocess.run([str(PERFLINT), "fix", "--no-config", "-q", "photo.jpg"], cwd=repository, capture_output=True)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"perflint fix failed: {done.stderr.decode(errors='replace')}")
    return seconds, (repository / "photo.jpg").stat().st_size


def time_sharp(photo: Path, workspace: Path) -> tuple[float, float, int]:
    """Scale and re-encode with sharp; return its own seconds, the whole command's and the bytes after."""
    output = workspace / "sharp.jpg"
    start = time.perf_counter()
    done = subprocess.run(
        ["node", str(BENCH / "sharp_resize.mjs"), str(photo), str(output)], capture_output=True, text=True, check=True
    )
    command = time.perf_counter() - start
    report = json.loads(done.stdout)
    return report["seconds"], command, report["bytes"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each tool (default: %(default)s)")
    args = parser.parse_args(argv)
    ensure_sharp()
    with tempfile.TemporaryDirectory(prefix="perflint-camera-") as folder:
        workspace = Path(folder)
        photo = workspace / "camera.jpg"
        camera_photo(SOURCE, photo)
        before = photo.stat().st_size
        time_perflint(photo, workspace)  # warm-up: the compiled metric is cached on first use
        perflint, sharp_own, sharp_command = [], [], []
        for _ in range(args.runs):
            seconds, perflint_bytes = time_perflint(photo, workspace)
            perflint.append(seconds)
            own, command, sharp_bytes = time_sharp(photo, workspace)
            sharp_own.append(own)
            sharp_command.append(command)
    print(f"# Camera photo: {SIZE[0]} x {SIZE[1]} px JPEG of {before:,} bytes, median of {args.runs} runs\n")
    print("| tool | median s | bytes after | / sharp (own time) | / sharp (whole command) |")
    print("|---|---:|---:|---:|---:|")
    base_own, base_command = statistics.median(sharp_own), statistics.median(sharp_command)
    for name, values, after in (
        ("`perflint fix` (whole command)", perflint, perflint_bytes),
        ("sharp, resize + mozjpeg q80 (inside node)", sharp_own, sharp_bytes),
        ("sharp, the whole `node` command", sharp_command, sharp_bytes),
    ):
        median = statistics.median(values)
        print(f"| {name} | {median:.2f} | {after:,} | {median / base_own:.1f}x | {median / base_command:.1f}x |")


if __name__ == "__main__":
    main()
