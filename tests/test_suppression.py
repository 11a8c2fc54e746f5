from __future__ import annotations

from perflint.suppression import parse_suppressions

NAMES = ("img-alt", "HTML101")


def test_disable_next_line() -> None:
    suppressions = parse_suppressions([(" perflint-disable-next-line img-alt ", 3, 3)], 10)
    assert suppressions.covers(NAMES, 4)
    assert not suppressions.covers(NAMES, 3)
    assert not suppressions.covers(NAMES, 5)
    assert not suppressions.covers(("img-size", "HTML103"), 4)


def test_next_line_after_a_multi_line_comment() -> None:
    suppressions = parse_suppressions([("perflint-disable-next-line HTML101\n more words", 3, 4)], 10)
    assert suppressions.covers(NAMES, 5)
    assert not suppressions.covers(NAMES, 4)


def test_disable_enable_range_and_codes() -> None:
    suppressions = parse_suppressions([("perflint-disable html101, img-size", 2, 2), ("perflint-enable", 6, 6)], 10)
    assert all(suppressions.covers(NAMES, line) for line in range(2, 7))
    assert not suppressions.covers(NAMES, 7)
    assert suppressions.covers(("img-size", "HTML103"), 4)


def test_disable_without_rules_covers_every_rule_to_the_end() -> None:
    suppressions = parse_suppressions([("perflint-disable", 5, 5)], 8)
    assert suppressions.covers(("anything", "X1"), 8)
    assert not suppressions.covers(("anything", "X1"), 4)


def test_unrelated_comments_change_nothing() -> None:
    suppressions = parse_suppressions([("a comment about perflint", 1, 1)], 5)
    assert not any(suppressions.covers(NAMES, line) for line in range(1, 6))
