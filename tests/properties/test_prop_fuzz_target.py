"""Keep the fuzz target working: its seeds run clean, crashes surface, and the corpus replay runs as a script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from perflint.documents.source import Unreadable
from tests.fuzz import fuzz_parsers

SCRIPT = Path(fuzz_parsers.__file__)


@pytest.mark.parametrize("name", sorted(fuzz_parsers.seeds()))
def test_seed_and_its_damaged_copies_run_clean(name: str) -> None:
    data = fuzz_parsers.seeds()[name]
    fuzz_parsers.one_input(data)
    for cut in (1, 2, len(data) // 2, len(data) - 1):
        fuzz_parsers.one_input(data[:cut])
    for selector in range(len(fuzz_parsers.PARSERS)):  # the same content through every parser
        fuzz_parsers.one_input(bytes([selector]) + data[1:])


def test_every_parser_is_reachable() -> None:
    seeds = fuzz_parsers.seeds().values()
    picked = {data[0] % len(fuzz_parsers.PARSERS) for data in seeds}
    assert picked == set(range(len(fuzz_parsers.PARSERS)))


def test_unreadable_files_are_expected_and_other_errors_are_crashes(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreadable(content: bytes) -> None:
        raise Unreadable("damaged")

    def broken(content: bytes) -> None:
        raise IndexError("a bug")

    parsers = list(fuzz_parsers.PARSERS)
    monkeypatch.setattr(fuzz_parsers, "PARSERS", parsers)
    parsers[3] = unreadable
    fuzz_parsers.one_input(b"\x03<p>")
    parsers[3] = broken
    with pytest.raises(IndexError):
        fuzz_parsers.one_input(b"\x03<p>")
    with pytest.raises(IndexError):
        fuzz_parsers.one_input(b"\x00<p>")  # "every parser" reaches it too


def test_script_writes_seeds_and_replays_them(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    written = subprocess.run([sys.executable, SCRIPT, "--seeds", corpus], capture_output=True, text=True, check=True)
    assert f"wrote {len(fuzz_parsers.seeds())} seeds" in written.stdout
    assert sorted(p.name for p in corpus.iterdir()) == sorted(fuzz_parsers.seeds())
    replayed = subprocess.run(
        [sys.executable, SCRIPT, "--replay", corpus], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert f"replayed {len(fuzz_parsers.seeds())} file(s): no crash" in replayed.stdout
