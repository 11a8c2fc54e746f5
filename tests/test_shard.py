from __future__ import annotations

import json
from pathlib import Path

import pytest

from perflint.cli import main
from tests.imagefactory import flat, noise_png, png_bytes

SHARDS = 4


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve pages, each showing two images of its own and a logo they all share."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "logo.png").write_bytes(png_bytes(flat(20, 20)))
    for page in range(12):
        for image in range(2):
            (tmp_path / "img" / f"p{page}-{image}.png").write_bytes(
                noise_png(400, 300, seed=page * 2 + image)
            )  # over budget
        tags = "".join(f'<img src="img/p{page}-{image}.png">' for image in range(2))
        (tmp_path / f"page{page}.html").write_text(f'<html><body><img src="img/logo.png">{tags}</body></html>\n')
    return tmp_path


def check_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    main(["check", "--no-config", "--format", "json", *args, "."])
    return json.loads(capsys.readouterr().out)


def paths(report: dict[str, object]) -> set[str]:
    return {finding["path"] for finding in report["findings"]}  # type: ignore[attr-defined, index]


def test_shards_split_the_files_without_overlap_and_keep_pages_with_their_images(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = check_json(capsys)
    parts = [check_json(capsys, "--shard", f"{index}/{SHARDS}") for index in range(1, SHARDS + 1)]
    assert sum(part["summary"]["files"] for part in parts) == whole["summary"]["files"]  # type: ignore[index]
    assert sum(len(part["findings"]) for part in parts) == len(whole["findings"])  # type: ignore[arg-type]
    assert set().union(*(paths(part) for part in parts)) == paths(whole)
    assert sum(1 for part in parts if part["findings"]) > 1  # really split
    for page in range(12):
        holders = [part for part in parts if f"page{page}.html" in paths(part)]
        assert len(holders) == 1
        assert {f"img/p{page}-0.png", f"img/p{page}-1.png"} <= paths(holders[0])


def test_the_same_shard_twice_is_the_same(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check_json(capsys, "--shard", "2/3") == check_json(capsys, "--shard", "2/3")


@pytest.mark.parametrize("value", ["0/4", "5/4", "2", "a/b", "1/0"])
def test_bad_shard_is_a_usage_error(site: Path, capsys: pytest.CaptureFixture[str], value: str) -> None:
    assert main(["check", "--shard", value, "."]) == 2
    assert "--shard" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["json", "sarif"])
def test_merge_gives_back_the_whole_report(site: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    whole = check_json(capsys)
    reports = []
    for index in range(1, SHARDS + 1):
        main(["check", "--no-config", "--format", kind, "--shard", f"{index}/{SHARDS}", "."])
        report = site.parent / f"shard-{kind}-{index}.{kind}"
        report.write_text(capsys.readouterr().out)
        reports.append(str(report))
    assert main(["merge", "--format", "json", *reports]) == 1
    merged = json.loads(capsys.readouterr().out)
    assert merged == whole


def test_merge_refuses_what_it_cannot_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "other.json").write_text('{"something": "else"}')
    assert main(["merge", str(tmp_path / "other.json")]) == 2
    assert "not a perflint JSON or SARIF report" in capsys.readouterr().err
