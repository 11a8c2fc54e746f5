"""Git LFS pointer file: the real content is stored elsewhere and not checked.

## What it does
Reports, once per file, a Git LFS pointer (a small text file standing in for a large file
kept on an LFS server), and skips it: perflint never downloads anything.

## Why is this bad?
It is not bad in itself; it tells you which files perflint could not check. To check them,
run `git lfs pull` before perflint (in CI: `actions/checkout` with `lfs: true`).

## Example
`static/video/intro-poster.jpg` is an LFS pointer of 130 bytes; the 2 MiB image it stands
for is on the LFS server.
"""

from __future__ import annotations

from perflint.findings import Severity
from perflint.kinds import CSS, HTML, IMAGE, MARKDOWN
from perflint.rules.base import NoOptions, Rule

RULE: Rule[object, NoOptions] = Rule(
    code="FILE102",
    name="lfs-pointer",
    kinds=frozenset({IMAGE, HTML, MARKDOWN, CSS}),
    severity=Severity.INFO,
    fixable=False,
    options=NoOptions,
    check=None,
    docs=__doc__,
)
