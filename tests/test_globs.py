from __future__ import annotations

import random
import re

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


@pytest.mark.parametrize(
    ("pattern", "path", "matched"),
    [
        ("a**b", "a/x/y/b", True),  # `**` inside a name takes slashes too
        ("a/**/b", "a/b", True),  # `**/` takes no folder as well as many
        ("**/b", "b", True),
        ("a/**", "a/x/y", True),
        ("a/***", "a/x/y", True),
        ("a*", "ab/c", True),  # a folder above the path matches
        ("a*", "b/ab", True),
        ("*", "a/b", True),
        ("a/*", "a/b/c", True),
        ("a?c", "a/c", False),  # `?` never takes a slash
        ("a*c", "a/c", False),
        ("x/a*c", "x/abbc", True),
        ("[ab]c", "bc", True),
        ("[!a]c", "ac", False),
        ("[^a]c", "bc", True),
        ("[a-c]x", "bx", True),
        ("[]a]x", "]x", True),  # a `]` first in a set is one of its characters
        ("[!]a]x", "bx", True),
        ("[!]a]x", "]x", False),
        ("[\\]a]x", "]x", True),  # and so is an escaped one
        ("[ab", "[ab", True),  # a set never closed is taken as it is written
        ("\\*x", "*x", True),
        ("\\*x", "ax", False),
        ("a\\", "a\\", True),
        ("\\!a", "!a", True),
    ],
)
def test_glob_syntax(pattern: str, path: str, matched: bool) -> None:
    assert GlobSet([pattern]).match(path) is matched


def test_directories_only_applies_to_the_path_itself() -> None:
    globs = GlobSet(["build/"])
    assert globs.match("build/x.png")
    assert globs.match("x/build", is_dir=True)
    assert not globs.match("x/build")


def test_negation_decides_per_folder() -> None:
    globs = GlobSet(["public/*", "!public/keep"])
    assert globs.match("public/drop.png")
    assert not globs.match("public/keep")
    assert globs.match("public/keep/x.png") is False


def test_many_stars_do_not_backtrack() -> None:
    globs = GlobSet(["*a*a*a*a*a*a*a*a*a*a*a*a*a*b"])
    assert not globs.match("superlinear/globs/" + "a" * 60 + ".html")
    assert not globs.match("a" * 5000)
    assert globs.match("a" * 5000 + "b")
    assert globs.match("x/" + "a" * 60 + "b/y.html")


def regex_of(line: str) -> tuple[re.Pattern[str], bool, bool]:
    """The meaning of one line as a regular expression, fine for short globs: `*` is `[^/]*`, `**` is `.*`."""
    negated = line.startswith("!")
    glob = line.removeprefix("!")
    pieces = {"**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]", "[!a]": "[^a]", "\\*": "\\*"}
    tokens = re.findall(r"\*\*/|\*\*|\*|\?|\[!a\]|\[ab\]|\[a-b\]|\\\*|.", glob.rstrip("/").lstrip("/"))
    body = "".join(pieces.get(token, token if token.startswith("[") else re.escape(token)) for token in tokens)
    anchored = "/" in glob.rstrip("/")
    return re.compile(body if anchored else "(?:.*/)?" + body, re.DOTALL), negated, glob.endswith("/")


def regex_match(regexes: list[tuple[re.Pattern[str], bool, bool]], path: str, is_dir: bool) -> bool:
    parts = path.split("/")
    decided = []
    for depth in range(1, len(parts) + 1):
        prefix, folder, matched = "/".join(parts[:depth]), is_dir or depth < len(parts), False
        for regex, negated, directories_only in regexes:
            if (folder or not directories_only) and regex.fullmatch(prefix):
                matched = not negated
        decided.append(matched)
    return any(decided)


def test_globs_agree_with_regular_expressions() -> None:
    rng = random.Random(0)
    atoms = ["a", "b", ".", "/", "*", "**", "**/", "?", "[ab]", "[!a]", "[a-b]", "\\*"]
    for _ in range(1000):
        lines = [rng.choice(["", "!"]) + "".join(rng.choices(atoms, k=rng.randrange(1, 6))) for _ in range(3)]
        globs, regexes = GlobSet(lines), [regex_of(line) for line in lines]
        for _ in range(5):
            path, is_dir = "".join(rng.choices("ab./*", k=rng.randrange(1, 9))), rng.random() < 0.5
            assert globs.match(path, is_dir) is regex_match(regexes, path, is_dir), (lines, path, is_dir)


def test_a_set_with_a_backwards_range_matches_nothing_and_does_not_stop_the_run() -> None:
    globs = GlobSet(["[z-a].png", "*.gif"])
    assert not globs.match("a.png") and not globs.match("z.png")
    assert globs.match("a.gif")
