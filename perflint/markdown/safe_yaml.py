"""Load YAML front matter safely: plain data only, and never a shape that crashes or floods the loader.

Kept apart from the front-matter reader so that PyYAML is imported only for pages that have YAML.
"""

from __future__ import annotations

import re

import yaml

from perflint.markdown.errors import FrontMatterError

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


MAX_DEPTH = 100  # libyaml's C composer overflows the stack some 50,000 levels down; pages nest a handful
MAX_ALIASES = 100
MAX_ALIAS_VALUES = 100_000
_BOOL_TAG = "tag:yaml.org,2002:bool"


class _Loader(_BaseLoader):
    """Build only plain data, reading booleans as YAML 1.2 does (Hugo, Eleventy, Astro), so `title: No` stays text."""


def _timestamp_or_text(loader: _Loader, node: yaml.ScalarNode) -> object:
    """Keep an impossible date such as 2024-02-30 as text, as Jekyll and Hugo do, rather than lose the block."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def load(block: str, first_line: int) -> object:
    """Parse YAML into plain data once its event stream shows it is safe to build."""
    try:
        _check_yaml_shape(block)
        return yaml.load(block, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = error.problem_mark if isinstance(error, yaml.MarkedYAMLError) else None
        if isinstance(error, yaml.MarkedYAMLError) and mark is not None:
            reason = f"{error.problem or error.context} (line {first_line + mark.line})"
        else:
            reason = str(error).partition("\n")[0]
        raise FrontMatterError(f"the YAML front matter is not valid: {reason}") from None


# Quoted scalars and comments, whose brackets do not nest; a quote opens a scalar only where a value starts.
_FLOW_TOKENS = re.compile(r"""(?:(?<=^)|(?<=[\s\[{,:]))(?:"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?|#[^\n]*)|[\[\]{}]""", re.M)


def _flow_depth(block: str) -> int:
    """Return how deep the flow collections (`[...]`, `{...}`) nest, read from the text alone.

    The loader's scanner reads a flow collection ahead of the events, so its own nesting limit (which
    differs between PyYAML releases) would answer before the event count below sees the depth.
    """
    depth = deepest = 0
    for match in _FLOW_TOKENS.finditer(block):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth = max(0, depth - 1)
    return deepest


def _check_yaml_shape(block: str) -> None:
    """Refuse YAML nested deep enough to crash libyaml, or with aliases that expand without bound."""
    _refuse_shape(_flow_depth(block), 0, 0)
    sizes: dict[str, int] = {}  # values under each anchor; unbounded while its collection is open
    opened: list[tuple[str | None, int]] = []
    values = aliases = 0
    for event in yaml.parse(block, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
            values += sizes.get(event.anchor or "", 0)  # an undefined alias is the loader's to report
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = opened.pop()
            if anchor:
                sizes[anchor] = values - before + 1
        elif isinstance(event, yaml.NodeEvent):
            values += 1
            if isinstance(event, yaml.CollectionStartEvent):
                opened.append((event.anchor, values))
            if event.anchor:
                sizes[event.anchor] = 1 if isinstance(event, yaml.ScalarEvent) else MAX_ALIAS_VALUES + 1
        _refuse_shape(len(opened), aliases, values)


def _refuse_shape(depth: int, aliases: int, values: int) -> None:
    """Raise FrontMatterError once the events so far are too deep or their aliases too many."""
    if depth > MAX_DEPTH:
        raise FrontMatterError(f"the front matter is nested too deeply to read (more than {MAX_DEPTH} levels)")
    if aliases > MAX_ALIASES:
        raise FrontMatterError(f"the front matter uses too many YAML aliases (more than {MAX_ALIASES})")
    if aliases and values > MAX_ALIAS_VALUES:
        raise FrontMatterError(
            f"the front matter uses too many YAML aliases (they expand to over {MAX_ALIAS_VALUES:,} values)"
        )
