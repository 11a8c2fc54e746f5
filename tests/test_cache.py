from __future__ import annotations

from pathlib import Path

import pytest

from perflint.cache import Cache, NotACacheFolder


def test_a_new_folder_becomes_a_cache_that_git_ignores(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put("lossless", "ab" * 32, {"size": 1})
    assert (tmp_path / "cache/.gitignore").read_text() == "*\n"
    assert cache.get("lossless", "ab" * 32) == {"size": 1}


def test_markers_written_by_another_run_are_kept(tmp_path: Path) -> None:
    """Two processes may prepare the same cache at once: the second finds the first's markers."""
    Cache(tmp_path).prepare()
    (tmp_path / "CACHEDIR.TAG").unlink()
    Cache(tmp_path).prepare()
    assert (tmp_path / "CACHEDIR.TAG").is_file()


@pytest.mark.parametrize("theirs", [".gitignore", "logo.png"])
def test_a_folder_of_the_users_is_never_made_a_cache(tmp_path: Path, theirs: str) -> None:
    (tmp_path / theirs).write_text("node_modules/\n")
    cache = Cache(tmp_path)
    with pytest.raises(NotACacheFolder, match="cache-dir"):
        cache.prepare()
    cache.put("lossless", "ab" * 32, {"size": 1})
    assert sorted(path.name for path in tmp_path.iterdir()) == [theirs]
    assert (tmp_path / theirs).read_text() == "node_modules/\n"
