from __future__ import annotations

import pytest

from perflint.rules import RULES
from perflint.selection import UnknownSelector, is_selected, split_selectors, validate

IMAGE_BYTES = RULES["image-bytes"]


@pytest.mark.parametrize(
    ("select", "ignore", "selected"),
    [
        ([""], [], True),
        (["IMG"], [], True),
        (["img1"], [], True),
        (["FILE"], [], False),
        ([""], ["IMG"], False),
        (["IMG101"], ["IMG"], True),  # the more specific selector wins
        (["IMG"], ["IMG101"], False),
        (["IMG"], ["image-bytes"], False),
        (["image-bytes"], ["IMG101"], True),  # a name is the most specific
    ],
)
def test_more_specific_selector_wins(select: list[str], ignore: list[str], selected: bool) -> None:
    assert is_selected(IMAGE_BYTES, select, ignore) is selected


def test_unknown_selector_is_named() -> None:
    with pytest.raises(UnknownSelector, match="XYZ"):
        validate(["IMG", "XYZ"], RULES)


def test_split() -> None:
    assert split_selectors("IMG101, image-format,,") == ("IMG101", "image-format")


@pytest.mark.parametrize("every", ["ALL", "all"])
def test_all_selects_every_rule_and_loses_to_any_ignore(every: str) -> None:
    validate([every], RULES)
    assert all(is_selected(rule, [every], []) for rule in RULES.values())
    assert not is_selected(IMAGE_BYTES, [every], ["IMG"])
