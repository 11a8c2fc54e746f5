"""Write docs/rules/NAME.md from each rule's own documentation (python docs/generate.py).

The rule modules are the single source: `perflint rule NAME` prints the same text.
"""

from __future__ import annotations

from pathlib import Path

from perflint.commands.rules import rule_doc
from perflint.rules import RULES

RULE_DOCS = Path(__file__).resolve().parent / "rules"


def expected_docs() -> dict[Path, str]:
    """Return every generated page and its text."""
    return {RULE_DOCS / f"{rule.name}.md": rule_doc(rule) for rule in RULES.values()}


if __name__ == "__main__":
    for path, text in expected_docs().items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
