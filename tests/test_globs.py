from __future__ import annotations

import pytest

from perflint.globs import GlobSet

PATTERNS = ["static/hero/**", "*.min.css", "drafts/", "!keep.min.css", "/root.md", "a/**/b.png", "img[0-9].jpg"]


@pytest.mark.parametrize(
    ("path", "matched"),
    [
        ("static/hero/a.jpg", True),
        ("static/hero/deep/b.png", True),
        ("x/static/hero/a.jpg", False),  # a pattern with a slash is anchored
        ("a/b.min.css", True),  # one without matches at any depth
        ("keep.min.css", False),  # negated by a later pattern
        ("drafts/x.md", True),
        ("x/drafts/y.md", True),
        ("drafts", False),  # a trailing slash matches folders only
        ("static/img/a.jpg", False),
        ("root.md", True),
        ("x/root.md", False),
        ("a/b.png", True),
        ("a/x/y/b.png", True),
        ("img5.jpg", True),
        ("imgx.jpg", False),
    ],
)
def test_gitignore_semantics(path: str, matched: bool) -> None:
    assert GlobSet(PATTERNS).match(path) is matched


def test_folder_match() -> None:
    assert GlobSet(["drafts/"]).match("drafts", is_dir=True)


def test_comments_and_blanks_are_skipped() -> None:
    globs = GlobSet(["# a comment", "", "   ", "*.tmp"])
    assert len(globs.patterns) == 1
    assert not GlobSet([])
