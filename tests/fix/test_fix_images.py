from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import oxipng
import pytest
from PIL import Image, ImageDraw

from perflint.cli import main
from perflint.config import CommandLine, build_settings
from perflint.fix import engine
from perflint.fix.engine import fix_files
from perflint.lossy_manifest import NAME, content_hash
from perflint.sizes import format_size
from perflint.transforms import images, jpeg, limits, lossless
from perflint.transforms.ssimulacra2 import Reference
from tests.imagefactory import flat, gif_bytes, jpeg_bytes, photo, png_bytes, srgb_icc

SMALL_BUDGET = '[rules.image-bytes]\nmax-raster = "20 KiB"\n'


def banner(width: int = 480, height: int = 300) -> Image.Image:
    image = photo(width, height, seed=7)
    ImageDraw.Draw(image).text((20, 20), "Spring sale: 30 % off", fill=(255, 255, 255))
    return image


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "img").mkdir()
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(["fix", "--jobs", "1", *args])
    return capsys.readouterr().out


def decoded(path: Path) -> Image.Image:
    with Image.open(path) as image:
        image.load()
        return image.copy()


def test_over_budget_photo_is_compressed_within_the_target_and_recorded(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    original = jpeg_bytes(banner(), quality=98)
    hero.write_bytes(original)
    out = run(capsys, "img")
    assert "re-compressed to JPEG quality" in out
    assert "over the 20 KiB budget for raster images" in out
    assert "similarity" in out and "minimum 80" in out
    assert f"git add -- img/hero.jpg {NAME}" in out
    fixed = hero.read_bytes()
    assert len(fixed) < len(original)
    assert Reference(Image.open(io.BytesIO(original))).score(decoded(hero)) >= 80
    assert content_hash(fixed) in (site / NAME).read_text()
    assert (site / NAME).stat().st_mode & 0o777 == 0o644


def test_a_lossy_output_is_recorded_before_it_is_written(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run interrupted right after a write must not leave that image unprotected from a second lossy pass."""
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    (site / "img" / "hero.jpg").write_bytes(jpeg_bytes(banner(), quality=98))
    listed_when_written = []
    real_replace = engine.replace_file

    def replace_file(path: Path, original: bytes, data: bytes, *rest: object) -> None:
        real_replace(path, original, data, *rest)  # type: ignore[arg-type]
        listed_when_written.append(content_hash(data) in (site / NAME).read_text())

    monkeypatch.setattr(engine, "replace_file", replace_file)
    assert "re-compressed" in run(capsys, "img")
    assert listed_when_written == [True]


def test_second_run_changes_nothing(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=98))
    run(capsys, "img")
    fixed, manifest = hero.read_bytes(), (site / NAME).read_bytes()
    assert "Nothing to fix." in run(capsys, "img")
    assert hero.read_bytes() == fixed
    assert (site / NAME).read_bytes() == manifest


def test_an_image_in_the_manifest_is_never_compressed_lossily_again(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=98))
    (site / NAME).write_text(content_hash(hero.read_bytes()) + "\n")
    out = run(capsys, "img")
    assert "re-compressed" not in out
    assert "re-encoded losslessly" in out  # the safe fix still applies
    assert content_hash(hero.read_bytes()) in (site / NAME).read_text()  # and its result stays listed


def test_no_fix_loop_for_an_image_fix_compressed_before(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "5 KiB"\n')
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=98))
    run(capsys, "img")  # compressed within the quality target, still over 5 KiB
    again = run(capsys, "img")
    assert "left alone: still over the 5 KiB budget for raster images" in again
    assert "scale it down to about" in again and "max-side = " in again
    main(["check", "--no-cache", "--select", "image-bytes", "img"])
    check = capsys.readouterr().out
    assert "over the 5 KiB budget" in check and "run `perflint fix`" not in check
    assert "perflint fix already compressed it" in check


def test_lossy_never_keeps_every_pixel(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=98))
    before = decoded(hero).tobytes()
    out = run(capsys, "--lossy", "never", "img")
    assert "re-compressed" not in out
    assert decoded(hero).tobytes() == before
    assert not (site / NAME).exists()


def test_auto_leaves_a_small_well_compressed_image_that_always_compresses(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=95, progressive=True))
    assert "re-compressed" not in run(capsys, "--no-config", "--dry-run", "img")
    assert "re-compressed to JPEG quality" in run(capsys, "--no-config", "--dry-run", "--lossy", "always", "img")


def test_config_key_sets_the_mode(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET + '[fix]\nlossy = "never"\n')
    (site / "img" / "hero.jpg").write_bytes(jpeg_bytes(banner(), quality=98))
    assert "re-compressed" not in run(capsys, "--dry-run", "img")


def test_over_the_pixel_budget_is_scaled_down(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text("[rules.image-dimensions]\nmax-side = 240\n")
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(480, 300), quality=90))
    out = run(capsys, "img")
    assert "scaled down from 480 x 300 to 240 x 150 px" in out
    assert decoded(hero).size == (240, 150)


def test_animation_over_budget_is_left_alone_with_a_reason(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "1 KiB"\n')
    clip = site / "img" / "clip.gif"
    frames = [photo(120, 80, seed=seed).convert("P") for seed in range(4)]
    clip.write_bytes(gif_bytes(frames))
    before = clip.read_bytes()
    out = run(capsys, "img")
    assert "img/clip.gif: not fixed: left alone: animated (4 frames)" in out
    assert "MP4 or WebM" in out
    assert clip.read_bytes() == before


def test_dry_run_writes_no_manifest(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=98))
    before = hero.read_bytes()
    assert "would apply: re-compressed" in run(capsys, "--dry-run", "img")
    assert hero.read_bytes() == before
    assert not (site / NAME).exists()


def test_read_only_image_is_reported_not_recorded(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    hero.write_bytes(jpeg_bytes(banner(), quality=98))
    hero.chmod(0o444)
    before = hero.read_bytes()
    out = run(capsys, "img")
    assert "img/hero.jpg: not fixed:" in out and "read-only" in out
    assert hero.read_bytes() == before
    assert not (site / NAME).exists()


def test_progress_hears_every_file_weighed_by_its_pixels(site: Path) -> None:
    for index in range(3):
        (site / "img" / f"{index}.png").write_bytes(b"")
    (site / "img" / "flat.jpg").write_bytes(jpeg_bytes(flat(16, 16)))
    (site / "img" / "large.png").write_bytes(png_bytes(flat(2000, 1500)))  # 3 megapixels: 1,500 units
    settings = build_settings(site, CommandLine(no_config=True))
    heard: list[tuple[int, int]] = []
    list(fix_files(["img"], settings, settings.fix, dry_run=True, progress=lambda *call: heard.append(call)))
    assert heard == [(0, 1504), (1, 1504), (2, 1504), (3, 1504), (4, 1504), (1504, 1504)]


def test_lossy_fix_bakes_orientation_keeps_icc_and_drops_gps(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    hero = site / "img" / "hero.jpg"
    icc = srgb_icc()
    hero.write_bytes(jpeg_bytes(banner(480, 300), quality=98, orientation=6, gps=True, icc=icc))
    out = run(capsys, "img")
    assert "re-compressed to JPEG quality" in out and "the GPS position" in out
    fixed = decoded(hero)
    assert fixed.size == (300, 480)  # turned upright, as the EXIF orientation showed it
    assert fixed.info["icc_profile"] == icc
    exif = fixed.getexif()
    assert 0x0112 not in exif and 0x8825 not in exif  # no orientation left to apply, no GPS


def test_scaling_that_would_grow_a_flat_screenshot_is_refused(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (site / "perflint.toml").write_text("[rules.image-dimensions]\nmax-side = 500\n")
    shot = flat(640, 400, (255, 255, 255))
    draw = ImageDraw.Draw(shot)
    for row in range(24):
        draw.text((8, 4 + 16 * row), "Dashboard  |  visits 12,345  |  bounce 41 %  |  p75 LCP 2.1 s", fill=(0, 0, 0))
    image = site / "img" / "dashboard.png"
    image.write_bytes(png_bytes(shot.convert("1").convert("L"), optimize=True))
    before = image.read_bytes()
    out = run(capsys, "img")
    assert "not scaled down to 500 px: it would grow to" in out
    assert image.read_bytes() == before or len(image.read_bytes()) < len(before)
    assert decoded(image).size == (640, 400)


@pytest.fixture
def few_pixels_to_measure(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lower the limit on pixels decoded for measured work, so a small image stands for a huge one."""
    monkeypatch.setattr(limits, "MAX_MEASURED_PIXELS", 50_000)


@pytest.mark.usefixtures("few_pixels_to_measure")
def test_image_with_too_many_pixels_is_only_scaled_down(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "perflint.toml").write_text("[rules.image-dimensions]\nmax-side = 200\n")
    poster = site / "img" / "poster.png"
    original = png_bytes(banner(480, 300))  # 144,000 pixels
    poster.write_bytes(original)

    def full_size_never_measured(measure: Callable[..., object]) -> Callable[..., object]:
        def measured(data: bytes, *args: object) -> object:
            assert data != original, "measured the full-size image"
            return measure(data, *args)

        return measured

    for module, name in ((images, "optimize_image"), (lossless, "optimize_losslessly")):
        monkeypatch.setattr(module, name, full_size_never_measured(getattr(module, name)))
    out = run(capsys, "img")
    assert "scaled down from 480 x 300 to 200 x 125 px" in out
    assert decoded(poster).size == (200, 125)
    assert content_hash(poster.read_bytes()) in (site / NAME).read_text()


@pytest.mark.usefixtures("few_pixels_to_measure")
@pytest.mark.parametrize(
    "config",
    [
        "[rules.image-dimensions]\nmax-side = 5000\n",
        '[rules.image-dimensions]\nmax-side = 200\n[fix]\nlossy = "never"\n',
    ],
    ids=["within-the-pixel-budget", "lossy-never"],
)
def test_image_with_too_many_pixels_that_is_not_scaled_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str], config: str
) -> None:
    (site / "perflint.toml").write_text(config)
    poster = site / "img" / "poster.jpg"
    poster.write_bytes(jpeg_bytes(banner(480, 300), quality=98))
    before = poster.read_bytes()
    out = run(capsys, "img")
    assert "img/poster.jpg: not fixed: left alone: too many pixels to fix safely: 480 x 300 px" in out
    assert "scale it down in an image editor" in out
    assert poster.read_bytes() == before


def illustration() -> Image.Image:
    """Overlapping shapes with smooth edges: a palette of 32 colours passes for it."""
    large = Image.new("RGB", (1280, 880), (240, 244, 250))
    draw = ImageDraw.Draw(large)
    for i in range(12):
        draw.ellipse([i * 100, i * 60, i * 100 + 300, i * 60 + 200], fill=(30 + i * 18, 90, 200 - i * 12))
    return large.resize((320, 220), Image.Resampling.LANCZOS)


def test_an_image_inside_its_budgets_gets_lossless_fixes_only(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = site / "img" / "card.png"
    stored = io.BytesIO()
    illustration().save(stored, "PNG", compress_level=0)  # badly compressed, but inside every budget
    card.write_bytes(stored.getvalue())
    before = decoded(card)
    out = run(capsys, "--no-config", "img")
    assert "re-encoded losslessly" in out and "re-compressed" not in out
    assert decoded(card).tobytes() == before.tobytes()  # no palette: every pixel as it was


def test_rights_stay_and_the_gps_position_goes(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    photo_path = site / "img" / "team.jpg"
    exif = Image.Exif()
    exif[0x013B], exif[0x8298] = "Jo Bloggs", "(c) 2024 ACME Ltd"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 30.0)}  # where it was taken
    photo_path.write_bytes(jpeg_bytes(banner(), quality=95, exif=exif.tobytes()))
    run(capsys, "--no-config", "img")
    kept = decoded(photo_path).getexif()
    assert (kept.get(0x013B), kept.get(0x8298)) == ("Jo Bloggs", "(c) 2024 ACME Ltd")
    assert 0x8825 not in kept


def test_an_image_the_site_never_publishes_is_left_alone(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The check leaves a folder the generator excludes unchecked; the fix leaves it as it is."""
    (site / "perflint.toml").write_text(SMALL_BUDGET)
    (site / "_config.yml").write_text("exclude:\n  - vendor/\n")
    (site / "vendor").mkdir()
    published, excluded = site / "img" / "hero.jpg", site / "vendor" / "sample.jpg"
    for path in (published, excluded):
        path.write_bytes(jpeg_bytes(banner(), quality=98))
    before = excluded.read_bytes()
    out = run(capsys, ".")
    assert "img/hero.jpg:" in out and "re-compressed" in out
    assert "vendor/sample.jpg" not in out
    assert excluded.read_bytes() == before


@pytest.mark.parametrize("name", ["chart.png", "team.jpg"])
def test_the_check_after_the_fix_reads_what_the_fix_measured(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """An image the lossless fix leaves as it is (the saving is under its thresholds) is not re-encoded again
    by the check after the fix: the fix recorded the check's measurement, with every metadata kept."""
    (site / "perflint.toml").write_text('[fix]\nlossy = "never"\nmin-percent = 99\n')
    image = photo(800, 600, seed=4)
    original = png_bytes(image) if name.endswith(".png") else jpeg_bytes(image, quality=85)
    (site / "img" / name).write_bytes(original)
    expected = lossless.optimize_losslessly(original, name.rsplit(".")[-1].replace("jpg", "jpeg"))
    assert expected is not None and len(expected) < min(len(original) * 0.95, len(original) - 4096)  # a finding
    lossless.optimize_losslessly.cache_clear()  # as in a worker process of the fix
    encoded: list[bytes] = []

    def counted(encode: Callable[..., bytes]) -> Callable[..., bytes]:
        def encoder(data: bytes, *args: object, **options: object) -> bytes:
            encoded.append(data)
            return encode(data, *args, **options)

        return encoder

    monkeypatch.setattr(oxipng, "optimize_from_memory", counted(oxipng.optimize_from_memory))
    monkeypatch.setattr(jpeg, "run_mozjpeg", counted(jpeg.run_mozjpeg))
    out = run(capsys, "img")
    assert (site / "img" / name).read_bytes() == original  # left as it was
    assert encoded.count(original) == 1  # once, by the fix (a PNG's result gets a quick second pass)
    saving = len(original) - len(expected)
    assert f"IMG105 image-compressible warning: would be {format_size(saving)}" in out


def test_an_image_no_setting_keeps_the_look_of_is_not_sent_back_to_the_fix(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A photo saved as PNG, over its byte budget: no palette keeps its look. The fix and the check after it
    both say so and give the real choices, never "run perflint fix" again."""
    from perflint.rules.image_bytes import NO_LOOKALIKE

    (site / "perflint.toml").write_text(SMALL_BUDGET)
    original = png_bytes(photo(300, 200, seed=9))
    (site / "img" / "logo.png").write_bytes(original)
    out = run(capsys, "img")
    fixed = (site / "img" / "logo.png").read_bytes()
    assert (
        len(fixed) < len(original) and decoded(site / "img" / "logo.png").tobytes() == photo(300, 200, seed=9).tobytes()
    )
    fix_line, check_line = (line for line in out.splitlines() if "logo.png" in line and "budget" in line)
    assert (
        "re-encoded losslessly" in fix_line
        and f"still over the 20 KiB budget for raster images: {NO_LOOKALIKE}" in fix_line
    )
    assert "IMG101 image-bytes error" in check_line and NO_LOOKALIKE in check_line
    for line in (fix_line, check_line):
        assert "perflint fix --unsafe-fixes --convert webp" in line and "px on its longest side" in line
    assert "run `perflint fix`" not in out
