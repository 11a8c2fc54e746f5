"""In-file suppression comments: `perflint-disable-next-line RULE`, `perflint-disable RULE`
... `perflint-enable RULE`, in HTML (`<!-- -->`), Markdown and CSS (`/* */`) comments.

RULE is a rule name or code, several separated by commas or spaces; none means every rule.
A Markdown page can also turn rules off for the whole file in its front matter:
`perflint: {ignore: [meta-description, HTML101]}`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

_DIRECTIVE = re.compile(r"perflint-(disable-next-line|disable|enable)\b([^*>]*)")
EVERY_RULE = "*"


@dataclass(frozen=True)
class Suppressions:
    """Which rules are off on which lines of one file."""

    next_line: dict[int, frozenset[str]] = field(default_factory=dict)
    ranges: tuple[tuple[str, int, int], ...] = ()  # rule, first line, last line
    everywhere: frozenset[str] = frozenset()  # rules off in the whole file (a page's front matter)

    def covers(self, names: Iterable[str], line: int | None) -> bool:
        """Tell whether a finding of a rule known by `names` (name, code) on `line` is suppressed."""
        wanted = {n.lower() for n in names} | {EVERY_RULE}
        if wanted & self.everywhere:
            return True
        at = line or 1
        if wanted & self.next_line.get(at, frozenset()):
            return True
        return any(rule in wanted and first <= at <= last for rule, first, last in self.ranges)


def parse_suppressions(comments: Iterable[tuple[str, int, int]], last_line: int) -> Suppressions:
    """Read directives from (comment text, first line, last line) triples, in file order."""
    next_line: dict[int, set[str]] = {}
    open_since: dict[str, int] = {}
    ranges: list[tuple[str, int, int]] = []
    for text, first, last in comments:
        for directive, arguments in _DIRECTIVE.findall(text):
            rules = {r.lower() for r in re.split(r"[\s,]+", arguments.strip()) if r} or {EVERY_RULE}
            if directive == "disable-next-line":
                next_line.setdefault(last + 1, set()).update(rules)
            elif directive == "disable":
                for rule in rules:
                    open_since.setdefault(rule, first)
            else:
                for rule in rules if rules != {EVERY_RULE} else set(open_since):
                    if rule in open_since:
                        ranges.append((rule, open_since.pop(rule), last))
    ranges.extend((rule, first, last_line) for rule, first in open_since.items())
    return Suppressions({line: frozenset(rules) for line, rules in next_line.items()}, tuple(ranges))


def front_matter_ignores(data: Mapping[str, object]) -> frozenset[str]:
    """Return the rules a page's front matter turns off for the whole file: `perflint: {ignore: [...]}`.

    Generators pass unknown front-matter keys through untouched, so the key is safe to add. Names
    and codes are taken as the comments take them; one that names no rule matches nothing, and an
    entry that is not a string is skipped, so a typo never stops the run. Every rule at once is
    not offered here: a page that wants no checks at all belongs in the config's `exclude`.
    """
    table = data.get("perflint")
    ignore = table.get("ignore") if isinstance(table, Mapping) else None
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list):
        return frozenset()
    entries = [entry for entry in ignore if isinstance(entry, str)]
    names = {name.lower() for entry in entries for name in re.split(r"[\s,]+", entry) if name}
    return frozenset(names - {EVERY_RULE})
