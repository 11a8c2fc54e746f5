"""A `perflint fix` stopped halfway: by Ctrl-C (SIGINT to the whole group, as a terminal sends it) or killed.

It must stop within a second or two, with every image either as it was or completely fixed,
every lossy output recorded in the manifest and every replaced file listed for `--undo`, no
temporary file in the site, and no process or `pymp-*` folder left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from perflint.fix.originals import FOLDER, LIST
from perflint.lossy_manifest import NAME, content_hash
from tests.hostile.runner import base_environment
from tests.imagefactory import jpeg_bytes, photo

PHOTOS = 12
SECONDS_TO_STOP = 3.0  # "a second or two", with room for a busy machine


@pytest.fixture
def photos(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A site of photos that all need a lossy fix, and each original's bytes."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "50 KiB"\n')
    originals = {}
    for number in range(PHOTOS):
        data = jpeg_bytes(photo(1600, 1200, seed=number), quality=95)
        (site / f"photo{number:02}.jpg").write_bytes(data)
        originals[f"photo{number:02}.jpg"] = data
    return site, originals


def start_fix(site: Path, temp: Path) -> subprocess.Popen[bytes]:
    env = base_environment() | {"TMPDIR": str(temp)}
    command = [sys.executable, "-m", "perflint", "fix", "--jobs", "2", "."]
    return subprocess.Popen(
        command, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def wait_for_a_write(site: Path, process: subprocess.Popen[bytes], originals: dict[str, bytes]) -> None:
    """Wait until the run has replaced its first image: the moment an interruption can do harm."""
    deadline = time.monotonic() + 120
    while all((site / name).stat().st_size == len(data) for name, data in originals.items()):
        assert process.poll() is None, "the fix ended before the test could interrupt it"
        assert time.monotonic() < deadline, "no image was written within two minutes"
        time.sleep(0.05)


def alive_in(session: int) -> list[str]:
    """Return the processes still running in the run's session (the fix and anything it started).

    An exited process that nobody has reaped yet (a zombie: its parent died first, and this
    machine's first process may not reap orphans) runs nothing and is not counted.
    """
    listing = subprocess.run(["ps", "-eo", "pid=,sid=,stat=,args="], capture_output=True, text=True, check=True)
    running = [line.split(maxsplit=3) for line in listing.stdout.splitlines()]
    return [" ".join(fields) for fields in running if fields[1] == str(session) and not fields[2].startswith("Z")]


def assert_site_is_consistent(site: Path, originals: dict[str, bytes]) -> int:
    """Every photo as it was or completely fixed and recorded; return how many were fixed."""
    manifest = (site / NAME).read_text() if (site / NAME).exists() else ""
    undo_list = site / ".perflint_cache" / FOLDER / LIST
    listed = {json.loads(line)["path"] for line in undo_list.read_text().splitlines()} if undo_list.exists() else set()
    fixed = 0
    for name, original in originals.items():
        data = (site / name).read_bytes()
        if data == original:
            continue
        fixed += 1
        with Image.open(site / name) as image:
            image.load()  # a complete image, not a half-written one
        assert content_hash(data) in manifest, f"{name} was compressed lossily but is not in {NAME}"
        assert name in listed, f"{name} was replaced but `perflint fix --undo` does not know it"
    assert sorted(path.name for path in site.iterdir() if path.name.endswith(".tmp")) == []
    return fixed


def test_ctrl_c_stops_the_fix_at_once_with_every_file_whole(
    photos: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    site, originals = photos
    process = start_fix(site, tmp_path)
    wait_for_a_write(site, process, originals)
    os.killpg(process.pid, signal.SIGINT)
    interrupted = time.monotonic()
    process.communicate(timeout=60)
    stopped = time.monotonic() - interrupted
    assert stopped < SECONDS_TO_STOP, f"the fix took {stopped:.1f} s to stop after Ctrl-C"
    assert process.returncode != 0
    assert 0 < assert_site_is_consistent(site, originals) < PHOTOS
    assert alive_in(process.pid) == []


def test_a_killed_fix_leaves_no_worker_and_nothing_half_done(
    photos: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    site, originals = photos
    temp = tmp_path / "temp"
    temp.mkdir()
    process = start_fix(site, temp)
    wait_for_a_write(site, process, originals)
    process.kill()
    process.wait()
    deadline = time.monotonic() + SECONDS_TO_STOP
    while alive_in(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = alive_in(process.pid)
    for line in left:  # so that a failure here does not leave them burning the machine's cores
        os.kill(int(line.split()[0]), signal.SIGKILL)
    assert left == []
    assert [path.name for path in temp.iterdir() if path.name.startswith("pymp-")] == []
    assert_site_is_consistent(site, originals)


def test_two_fixes_at_once_keep_every_record(tmp_path: Path) -> None:
    """Each run records its lossy outputs in the one manifest; neither may drop the other's."""
    site = tmp_path / "site"
    (site / "first").mkdir(parents=True)
    (site / "second").mkdir()
    (site / "perflint.toml").write_text('[rules.image-bytes]\nmax-raster = "20 KiB"\n')
    originals = {}
    for number in range(8):
        name = f"{('first', 'second')[number % 2]}/photo{number}.jpg"
        originals[name] = jpeg_bytes(photo(640, 480, seed=number), quality=95)
        (site / name).write_bytes(originals[name])
    env = base_environment() | {"TMPDIR": str(tmp_path)}
    runs = [
        subprocess.Popen([sys.executable, "-m", "perflint", "fix", "--jobs", "1", folder], cwd=site, env=env)
        for folder in ("first", "second")
    ]
    for run in runs:
        run.communicate(timeout=300)
    manifest = (site / NAME).read_text()
    written = {name: (site / name).read_bytes() for name in originals if (site / name).read_bytes() != originals[name]}
    assert len(written) == len(originals)
    assert [name for name, data in written.items() if content_hash(data) not in manifest] == []
