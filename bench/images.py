"""Compare perflint's image compression with image-actions' (sharp) and with lossless tools, on a real corpus.

Each tool compresses its own fresh copy of the corpus's raster images (JPEG, PNG, WebP, GIF) in the same run:
perflint with --lossy always, auto (the default) and never; sharp with calibreapp/image-actions' default settings;
and the usual lossless baseline (oxipng for PNG, jpegtran for JPEG). The quality judge is the independent
`ssimulacra2` package, not perflint's own metric, on the images as a browser shows them (first frame, EXIF orientation
applied, transparent images over a dark and a light background).
Scores are cached per (original, output) content hash under bench/.cache/, so a re-run only scores new outputs.

Prints a Markdown table (one row per tool), ratios between perflint and image-actions, the worst-scoring images
and any problems. Run from the repository root, with perflint installed in the venv:

    .venv/bin/python bench/images.py [--corpus DIR] [--limit N] [--json OUT]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from multiprocessing import Pool
from pathlib import Path

import mozjpeg_lossless_optimization
import oxipng
import ssimulacra2
from PIL import Image, ImageOps

BENCH = Path(__file__).resolve().parent
CORPUS = Path("/work/shared/corpus/images")
CACHE_FILE = BENCH / ".cache" / "image_scores.json"
SCORER = "ssimulacra2-2"  # part of every cache key: change it when the way images are compared changes
RASTER = (".jpg", ".jpeg", ".png", ".webp", ".gif")
PERFLINT = Path(sys.executable).with_name("perflint")
JOBS = 2  # perflint's --jobs and the scoring pool: the same two cores for everyone
MB = 1_000_000
WORST_SHOWN = 5
BACKGROUNDS = (26, 230)  # the dark and light greys (0.1 and 0.9) transparent images are judged over

Image.MAX_IMAGE_PIXELS = None  # the corpus is trusted, and some screenshots are large


@dataclass(frozen=True)
class Source:
    """One raster file of the corpus, hashed once so that scores can be cached by content."""

    name: str  # path relative to the corpus
    size: int
    sha: str


@dataclass(frozen=True)
class Tool:
    """A compressor under test: it rewrites the images under a folder in place and returns its seconds and notes."""

    name: str
    lossless: bool
    run: Callable[[Path, Sequence[Source]], tuple[float, list[str]]]


@dataclass
class Outcome:
    """What one tool did to one image, and how the judge scored the result."""

    tool: str
    file: str
    before: int
    after: int
    changed: bool
    resized: bool = False
    identical: bool | None = None  # pixel-identical to the original as displayed; None when unchanged or unreadable
    score: float | None = None  # SSIMULACRA2 against the original, only for changed images
    alpha: bool = False  # the original has transparency: judged over dark and light backgrounds
    score_rgb: float | None = None  # for transparent images, the package's score with alpha dropped
    problem: str | None = None
    key: str = ""  # the judgement's cache key, by the contents of original and output; empty when unchanged

    @property
    def bigger(self) -> bool:
        return self.after > self.before


@dataclass
class Run:
    """One tool's pass over the corpus: its timing, per-image outcomes and anything that went wrong."""

    tool: Tool
    seconds: float
    outcomes: list[Outcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ---- the corpus --------------------------------------------------------------------------------------------------


def find_sources(corpus: Path, limit: int | None) -> list[Source]:
    """List the corpus's raster files in path order; SVG and other text formats are not compared."""
    paths = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() in RASTER)
    return [
        Source(str(p.relative_to(corpus)), p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in paths[:limit]
    ]


def copy_sources(corpus: Path, sources: Iterable[Source], folder: Path) -> None:
    """Give a tool its own writable copy of the raster files (the shared corpus is read-only)."""
    for source in sources:
        target = folder / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / source.name, target)
        target.chmod(0o644)


# ---- the tools ---------------------------------------------------------------------------------------------------


def perflint(lossy: str, *options: str) -> Callable[[Path, Sequence[Source]], tuple[float, list[str]]]:
    """Run `perflint fix` with built-in defaults, from inside the copy so its manifest and cache land there."""

    def run(folder: Path, sources: Sequence[Source]) -> tuple[float, list[str]]:
        command = [str(PERFLINT), "fix", "--no-config", "--lossy", lossy, *options, "--jobs", str(JOBS), "-q", "."]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if done.returncode == 2 and "--lossy" in done.stderr:
            sys.exit(f"perflint rejects --lossy: {done.stderr.strip()}")
        notes = [] if done.returncode in (0, 1) else [f"exit status {done.returncode}"]
        notes += [f"stderr: {line}" for line in done.stderr.splitlines() if line.strip()]
        return seconds, notes

    return run


def ensure_sharp() -> None:
    """Install the pinned sharp into bench/node_modules on first use."""
    if (BENCH / "node_modules" / "sharp").is_dir():
        return
    command = ["npm", "ci"] if (BENCH / "package-lock.json").exists() else ["npm", "install"]
    print(f"installing sharp: {' '.join(command)}", file=sys.stderr)
    subprocess.run([*command, "--no-audit", "--no-fund"], cwd=BENCH, check=True, stdout=sys.stderr)


def image_actions(folder: Path, sources: Sequence[Source]) -> tuple[float, list[str]]:
    """Run sharp with image-actions' settings; the node script times itself, so node's start-up is not counted."""
    ensure_sharp()
    script = BENCH / "sharp_image_actions.mjs"
    done = subprocess.run(["node", str(script), str(folder)], capture_output=True, text=True, check=True)
    report = json.loads(done.stdout)
    notes = [f"sharp {report['sharp']['sharp']}, libvips {report['sharp']['vips']}"]
    notes += [f"{f['path']}: {f['error']}" for f in report["files"] if f["error"]]
    return report["seconds"], notes


def jpegtran(data: bytes) -> bytes:
    """Optimise a JPEG losslessly the way image_optim and imagemin do, dropping all metadata."""
    command = ["jpegtran", "-copy", "none", "-optimize", "-progressive"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout


def mozjpeg_lossless(data: bytes) -> bytes:
    """The same as jpegtran, through the mozjpeg binding, for machines without libjpeg-turbo-progs."""
    return mozjpeg_lossless_optimization.optimize(data)


JPEG_BASELINE = ("jpegtran", jpegtran) if shutil.which("jpegtran") else ("mozjpeg-lossless", mozjpeg_lossless)


def lossless_baseline(folder: Path, sources: Sequence[Source]) -> tuple[float, list[str]]:
    """Run oxipng on PNGs and jpegtran on JPEGs, keeping an output only if it is smaller; other formats stay."""
    optimisers: dict[str, Callable[[bytes], bytes]] = {
        ".png": lambda data: oxipng.optimize_from_memory(data, level=4, strip=oxipng.StripChunks.safe()),
        ".jpg": JPEG_BASELINE[1],
        ".jpeg": JPEG_BASELINE[1],
    }
    notes: list[str] = []
    start = time.perf_counter()
    for source in sources:
        optimise = optimisers.get(Path(source.name).suffix.lower())
        if optimise is None:
            continue
        path = folder / source.name
        data = path.read_bytes()
        try:
            output = optimise(data)
        except Exception as error:  # a tool that cannot read a file leaves it alone, as in real use
            notes.append(f"{source.name}: {error}")
            continue
        if len(output) < len(data):
            path.write_bytes(output)
    return time.perf_counter() - start, notes


TOOLS = (
    Tool("perflint lossy=always", False, perflint("always")),
    Tool("perflint default (auto)", False, perflint("auto")),
    Tool("perflint lossless (never)", True, perflint("never")),
    # The default skips savings under 1 KiB or 5 %, not worth a rewrite; this row shows what it leaves.
    Tool("perflint lossless, every saving", True, perflint("never", "--min-saving", "0", "--min-percent", "0")),
    Tool("image-actions (sharp)", False, image_actions),
    Tool(f"oxipng + {JPEG_BASELINE[0]}", True, lossless_baseline),
)


# ---- judging -----------------------------------------------------------------------------------------------------


def displayed(data: bytes) -> Image.Image:
    """Decode an image as a browser shows it: first frame, EXIF orientation applied, as RGBA."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(0)
        return ImageOps.exif_transpose(image).convert("RGBA")


def same_shape(original: tuple[int, int], output: tuple[int, int]) -> bool:
    """Tell whether `output` is `original` scaled down, allowing a pixel of rounding on each side."""
    (ow, oh), (nw, nh) = original, output
    return nw <= ow and nh <= oh and abs(ow * nh - oh * nw) <= ow + oh


def png(image: Image.Image) -> io.BytesIO:
    """Hand a decoded image to the judge, which only reads files, losslessly and quickly."""
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)
    buffer.seek(0)
    return buffer


def over(image: Image.Image, grey: int) -> Image.Image:
    """Composite an RGBA image over a flat grey, as a page behind it would show it."""
    return Image.alpha_composite(Image.new("RGBA", image.size, (grey, grey, grey, 255)), image).convert("RGB")


def transparent(image: Image.Image) -> bool:
    return image.getchannel("A").getextrema()[0] < 255


def similarity(original: Image.Image, output: Image.Image) -> float:
    """SSIMULACRA2 of two same-size RGBA images as displayed.

    The package's RGB conversion drops alpha, so the colour hidden under fully transparent pixels, which encoders
    are free to change, would decide the score. Transparent images are instead composited over a dark and a light
    background and the lower score kept, as libjxl's ssimulacra2 tool does.
    """
    if not (transparent(original) or transparent(output)):
        return ssimulacra2.compute_ssimulacra2(png(original.convert("RGB")), png(output.convert("RGB")))
    return min(ssimulacra2.compute_ssimulacra2(png(over(original, g)), png(over(output, g))) for g in BACKGROUNDS)


def judge(job: tuple[str, str, str]) -> tuple[str, dict[str, object]]:
    """Score one (original, output) pair: pixel identity first, SSIMULACRA2 only when the pixels differ.

    A downscaled output is compared with the original downscaled to its size (Pillow LANCZOS), so that the score
    measures the compression, not the resize. Any other change of displayed size is a problem, not a score.
    For transparent images the package's own alpha-dropping score is kept too, as `score_rgb`, for comparison.
    """
    key, original_path, output_path = job
    result: dict[str, object] = {"identical": None, "resized": False, "score": None, "alpha": False, "problem": None}
    try:
        original = displayed(Path(original_path).read_bytes())
        output = displayed(Path(output_path).read_bytes())
    except Exception as error:
        result["problem"] = f"cannot decode: {error}"
        return key, result
    result["alpha"] = transparent(original)
    if original.size != output.size:
        if not same_shape(original.size, output.size):
            result["problem"] = f"displayed size changed from {original.size} to {output.size}"
            return key, result
        result["resized"] = True
        original = original.resize(output.size, Image.Resampling.LANCZOS)
    result["identical"] = original.tobytes() == output.tobytes()
    if result["identical"]:
        result["score"] = 100.0
        return key, result
    try:
        result["score"] = similarity(original, output)
        if result["alpha"]:
            result["score_rgb"] = ssimulacra2.compute_ssimulacra2(png(original), png(output))
    except Exception as error:
        result["problem"] = f"ssimulacra2 failed: {error}"
    return key, result


def load_cache() -> dict[str, dict[str, object]]:
    """Read the cached judgements, dropping those made by an older way of comparing."""
    try:
        cache = json.loads(CACHE_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return {key: value for key, value in cache.items() if key.startswith(f"{SCORER}:")}


def save_cache(cache: dict[str, dict[str, object]]) -> None:
    """Write the cache atomically, so that an interrupted run cannot leave it half-written."""
    CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    temporary = CACHE_FILE.with_suffix(".tmp")
    temporary.write_text(json.dumps(cache, indent=0, sort_keys=True))
    os.replace(temporary, CACHE_FILE)


def score_all(corpus: Path, runs: Sequence[tuple[Run, Path]]) -> None:
    """Fill in every changed image's judgement, scoring in a pool only the pairs the cache does not hold."""
    cache = load_cache()
    changed = [(outcome, folder) for run, folder in runs for outcome in run.outcomes if outcome.key]
    pending = {
        outcome.key: (outcome.key, str(corpus / outcome.file), str(folder / outcome.file))
        for outcome, folder in changed
        if outcome.key not in cache
    }
    print(f"scoring {len(pending)} new image pairs ({len(changed)} changed images in all)", file=sys.stderr)
    start = time.perf_counter()
    with Pool(JOBS) as pool:
        for done, (key, result) in enumerate(pool.imap_unordered(judge, pending.values()), 1):
            cache[key] = result
            if done % 20 == 0:
                save_cache(cache)
                print(f"  {done}/{len(pending)} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    save_cache(cache)
    for outcome, _ in changed:
        apply(outcome, cache[outcome.key])


def apply(outcome: Outcome, result: dict[str, object]) -> None:
    outcome.identical = result["identical"]  # type: ignore[assignment]
    outcome.resized = bool(result["resized"])
    outcome.score = result["score"]  # type: ignore[assignment]
    outcome.alpha = bool(result["alpha"])
    outcome.score_rgb = result.get("score_rgb")  # type: ignore[assignment]
    outcome.problem = result["problem"]  # type: ignore[assignment]


# ---- running -----------------------------------------------------------------------------------------------------


def measure(tool: Tool, folder: Path, sources: Sequence[Source], seconds: float, notes: list[str]) -> Run:
    """Compare each output file with its original: sizes, and whether it changed at all."""
    run = Run(tool, seconds, notes=notes)
    for source in sources:
        path = folder / source.name
        if not path.is_file():
            run.outcomes.append(Outcome(tool.name, source.name, source.size, 0, True, problem="file removed"))
            continue
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        key = f"{SCORER}:{source.sha}:{sha}" if sha != source.sha else ""
        run.outcomes.append(Outcome(tool.name, source.name, source.size, len(data), bool(key), key=key))
    run.notes += [f"new file: {name}" for name in new_files(folder, sources)]
    return run


def new_files(folder: Path, sources: Iterable[Source]) -> list[str]:
    """List files a tool added next to the images (its own dot-files and dot-folders aside)."""
    expected = {source.name for source in sources}
    found = (p.relative_to(folder) for p in folder.rglob("*") if p.is_file())
    return sorted(str(p) for p in found if not p.parts[0].startswith(".") and str(p) not in expected)


def run_tools(corpus: Path, sources: Sequence[Source], workspace: Path) -> list[tuple[Run, Path]]:
    """Give every tool a fresh copy of the corpus and let it compress it, one tool at a time."""
    runs = []
    for number, tool in enumerate(TOOLS):
        folder = workspace / f"tool{number}"
        copy_sources(corpus, sources, folder)
        print(f"running {tool.name} ...", file=sys.stderr)
        seconds, notes = tool.run(folder, sources)
        print(f"  {seconds:.1f} s", file=sys.stderr)
        runs.append((measure(tool, folder, sources, seconds, notes), folder))
    return runs


# ---- reporting ---------------------------------------------------------------------------------------------------


def scores(run: Run) -> list[float]:
    return [o.score for o in run.outcomes if o.changed and o.score is not None]


def saved(run: Run) -> int:
    return sum(o.before - o.after for o in run.outcomes)


def per_mb(run: Run, input_bytes: int) -> float:
    return run.seconds / (input_bytes / MB)


def row(run: Run, input_bytes: int) -> str:
    """One line of the summary table."""
    outcomes = run.outcomes
    changed = [o for o in outcomes if o.changed]
    values = scores(run)
    unscored = len(changed) - len(values)
    worst = f"{min(values):.1f}" if values else "-"
    if unscored:
        worst += f" ({unscored} unscored)"
    median = f"{statistics.median(values):.1f}" if values else "-"
    identical = "-"
    if run.tool.lossless:
        kept_size = [o for o in changed if not o.resized]
        identical = f"{sum(bool(o.identical) for o in kept_size)}/{len(kept_size)}"
    after = sum(o.after for o in outcomes)
    cells = [
        run.tool.name,
        f"{after:,}",
        f"{100 * saved(run) / input_bytes:.1f}",
        str(sum(o.bigger for o in outcomes)),
        str(sum(o.resized for o in outcomes)),
        f"{len(changed)}/{len(outcomes)}",
        worst,
        median,
        identical,
        f"{run.seconds:.1f}",
        f"{per_mb(run, input_bytes):.2f}",
    ]
    return "| " + " | ".join(cells) + " |"


def print_table(runs: Sequence[Run], input_bytes: int) -> None:
    header = [
        "tool",
        "bytes after",
        "saved %",
        "bigger",
        "resized",
        "changed",
        "worst SSIMULACRA2",
        "median SSIMULACRA2",
        "pixel-identical",
        "wall s",
        "s/MB",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
    for run in runs:
        print(row(run, input_bytes))


def print_alpha_note(runs: Sequence[Run]) -> None:
    """Say how much dropping alpha (the package's own way) would have changed the transparent images' scores."""
    pairs = [(o.score, o.score_rgb) for run in runs for o in run.outcomes if o.score is not None and o.score_rgb]
    misleading = [(s, rgb) for s, rgb in pairs if rgb < s - 10]
    if misleading:
        lowest = min(rgb for _, rgb in misleading)
        print(
            f"\n{len(misleading)} of {len(pairs)} scored transparent outputs would score over 10 points lower "
            f"with alpha dropped (lowest {lowest:.1f}); see score_rgb in --json."
        )


def print_ratios(runs: Sequence[Run], input_bytes: int) -> None:
    """Set perflint against image-actions on the same images in the same run."""
    by_name = {run.tool.name: run for run in runs}
    always, sharp = by_name["perflint lossy=always"], by_name["image-actions (sharp)"]
    print("\n## perflint vs image-actions (same run)\n")
    print(f"- bytes saved, perflint lossy=always / image-actions: {saved(always):,} / {saved(sharp):,}", end="")
    print(f" = {saved(always) / saved(sharp):.2f}x" if saved(sharp) else "")
    if scores(always) and scores(sharp):
        difference = min(scores(always)) - min(scores(sharp))
        print(f"- worst SSIMULACRA2, perflint lossy=always - image-actions: {difference:+.1f}")
    for run in runs:
        if run.tool.name.startswith("perflint"):
            ratio = per_mb(run, input_bytes) / per_mb(sharp, input_bytes)
            print(f"- s/MB, {run.tool.name} / image-actions: {ratio:.1f}x")


def print_worst(runs: Sequence[Run]) -> None:
    """Show the lowest-scoring images of each lossy tool, where visible damage would be."""
    print(f"\n## {WORST_SHOWN} worst-scoring images per lossy tool\n")
    print("| file | tool | SSIMULACRA2 | bytes before | bytes after | note |")
    print("|---|---|---:|---:|---:|---|")
    for run in runs:
        if run.tool.lossless:
            continue
        scored = sorted((o for o in run.outcomes if o.changed and o.score is not None), key=lambda o: o.score or 0)
        for o in scored[:WORST_SHOWN]:
            note = ", ".join(n for n, flag in (("resized", o.resized), ("transparent", o.alpha)) if flag)
            print(f"| {o.file} | {o.tool} | {o.score:.1f} | {o.before:,} | {o.after:,} | {note} |")


def print_problems(runs: Sequence[Run]) -> None:
    """List what needs a look: bigger files, unscorable outputs, lossless tools that changed pixels, tool errors."""
    lines = []
    for run in runs:
        name = run.tool.name
        for o in run.outcomes:
            if o.bigger:
                lines.append(f"{name}: {o.file} got bigger, {o.before:,} -> {o.after:,} bytes")
            if o.problem:
                lines.append(f"{name}: {o.file}: {o.problem}")
            if run.tool.lossless and o.changed and o.identical is False and not o.resized:
                lines.append(f"{name}: {o.file} is not pixel-identical (SSIMULACRA2 {o.score})")
        lines += [f"{name}: {note}" for note in run.notes]
    print("\n## Problems and notes\n")
    print("\n".join(f"- {line}" for line in lines) if lines else "- none")


def report(runs: Sequence[Run], sources: Sequence[Source], seconds: float) -> None:
    input_bytes = sum(source.size for source in sources)
    print(f"# Image compression: {len(sources)} raster files, {input_bytes:,} bytes ({input_bytes / MB:.1f} MB)\n")
    print_table(runs, input_bytes)
    print(
        "\nSSIMULACRA2 (the ssimulacra2 package) over the changed images only; an unchanged image is not counted. "
        "`changed` counts outputs whose bytes differ. `pixel-identical` is over changed, non-resized images "
        "(first frame, RGBA, EXIF orientation applied). s/MB is wall seconds per MB (10^6 bytes) of all raster input, "
        "though image-actions skips GIF and the lossless baseline skips GIF and WebP. perflint's time includes "
        "its start-up; sharp's excludes node's. Transparent images are scored over dark and light grey (the lower "
        "score); with alpha simply dropped, as the package does, hidden colour under transparent pixels would count."
    )
    print_alpha_note(runs)
    print_ratios(runs, input_bytes)
    print_worst(runs)
    print_problems(runs)
    print(f"\nTotal wall time: {seconds:.0f} s")


def write_json(path: Path, runs: Sequence[Run]) -> None:
    data = [
        {"tool": run.tool.name, "seconds": run.seconds, "notes": run.notes}
        | {"images": [asdict(o) | {"bigger": o.bigger} for o in run.outcomes]}
        for run in runs
    ]
    path.write_text(json.dumps(data, indent=1))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of images (default: %(default)s)")
    parser.add_argument("--limit", type=int, help="only the first N raster files, in path order")
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write every per-image result to OUT")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    sources = find_sources(args.corpus, args.limit)
    if not sources:
        sys.exit(f"no raster images under {args.corpus}")
    with tempfile.TemporaryDirectory(prefix="perflint-bench-") as workspace:
        runs = run_tools(args.corpus, sources, Path(workspace))
        score_all(args.corpus, runs)
    report([run for run, _ in runs], sources, time.perf_counter() - start)
    if args.json:
        write_json(args.json, [run for run, _ in runs])


if __name__ == "__main__":
    main()
