"""The pieces of the WHATWG tokenizer that regular expressions can do, each in linear time."""

from __future__ import annotations

import html
import re
from html.entities import html5

_WS = r"\t\n\f\r\x20"  # HTML whitespace; CR counts because the spec turns it into LF before tokenizing

# The units never overlap and are matched greedily, and every alternative after '<x' matches once it has
# started (quotes, tags and comments run to EOF when unclosed): so the engine never backtracks, a tag costs
# time linear in its length, and a '<' that starts nothing costs O(1).
_SEPARATOR = rf"[{_WS}/]*"  # the '/' of '/>' too: attributes() tells it apart
_NAME = rf"[^{_WS}/>][^{_WS}/>=]*"  # the first character may be '=', as the spec says
_VALUE = rf"""(?:"[^"]*"?|'[^']*'?|[^{_WS}>"'][^{_WS}>]*|(?=>|\Z))"""
_ATTRIBUTE = rf"{_NAME}[{_WS}]*(?:=[{_WS}]*{_VALUE}|(?!=))"
_REGION = rf"{_SEPARATOR}(?:{_ATTRIBUTE}{_SEPARATOR})*"
_TAG_NAME = rf"[a-zA-Z][^{_WS}/>]*"

MARKUP = re.compile(
    rf"""<(?:
        ({_TAG_NAME})({_REGION})(?:(>)|\Z)                     # 1 name, 2 attributes, 3 closed
        |/({_TAG_NAME}){_REGION}(?:(>)|\Z)                     # 4 end tag name, 5 closed
        |!--((?=-?>)|[^-]*(?:-(?!-!?>)[^-]*)*)(?:--!?>|-?>|\Z)  # 6 comment text
        |[!?/][^>]*>?                                           # doctype, CDATA in HTML, bogus comments
    )""",
    re.VERBOSE,
)

# Applied only to a region MARKUP has matched, so every quote after '=' is known to be closed.
_ATTRIBUTES = re.compile(
    rf"""([^{_WS}/>][^{_WS}/>=]*)(?:[{_WS}]*=[{_WS}]*(?:"([^"]*)"|'([^']*)'|([^{_WS}]*)))?""",
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower(name: str) -> str:
    """Lower-case ASCII letters only, as the spec does: str.lower would fold other letters too."""
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


def attributes(region: str) -> tuple[dict[str, str], bool]:
    """Parse a start tag's attributes (the first of duplicates wins) and whether it ends with '/>'."""
    attrs: dict[str, str] = {}
    for name, double, single, bare in _ATTRIBUTES.findall(region):
        if not name.islower():
            name = lower(name)
        if name not in attrs:
            value = double or single or bare
            attrs[name] = decode_attribute(value) if "&" in value else value
    return attrs, region.endswith("/") and _self_closing(region)


def _self_closing(region: str) -> bool:
    """Tell whether the final '/' of a region is the self-closing flag, not the end of a value like href=/a/."""
    before = region.rstrip("/")
    if not before or before[-1] in " \t\n\f\r":
        return True
    return max((found.end() for found in _ATTRIBUTES.finditer(region)), default=0) < len(region)


_FLAGS = re.ASCII | re.IGNORECASE  # ASCII: else U+017F, the long s, would match the 's' of '</script'


def end_tag(name: str) -> re.Pattern[str]:
    """Compile the search for the end tag that closes the RCDATA or RAWTEXT element ``name``."""
    return re.compile(rf"</{re.escape(name)}[{_WS}/>]", _FLAGS)


# Script data: "<!--" starts an escaped run, in which "<script>" nests until "</script>" (the spec's
# script data states). Each pattern's group names the state a match leads to; its "--" is left to scan
# because "<!-->" both opens and closes an escaped run.
_SCRIPT_STATES = {
    "data": re.compile(rf"(?P<escaped><!(?=--))|(?P<end></script[{_WS}/>])", _FLAGS),
    "escaped": re.compile(rf"(?P<data>-->)|(?P<end></script[{_WS}/>])|(?P<double><script[{_WS}/>])", _FLAGS),
    "double": re.compile(rf"(?P<data>-->)|(?P<escaped></script[{_WS}/>])", _FLAGS),
}


def script_end(text: str, pos: int) -> int:
    """Return where the end tag of a script whose content starts at ``pos`` begins, or the text's length."""
    state = "data"
    while (found := _SCRIPT_STATES[state].search(text, pos)) is not None:
        state, pos = found.lastgroup or "end", found.end()
        if state == "end":
            return found.start()
    return len(text)


_REFERENCE = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")  # html.unescape's own


def decode_attribute(value: str) -> str:
    """Decode character references as the spec does in attribute values, html.unescape's rules otherwise."""
    return _REFERENCE.sub(_attribute_reference, value) if "&" in value else value


def _attribute_reference(found: re.Match[str]) -> str:
    """Leave a legacy reference without ';' alone before '=' or a letter, so '?a=1&copy=2' stays a URL."""
    ref = found.group(1)
    if ref[0] == "#" or ref in html5:
        return html.unescape(found.group())
    for size in range(len(ref) - 1, 1, -1):
        if ref[:size] in html5:
            after = ref[size]
            if after == "=" or (after.isascii() and after.isalnum()):
                return found.group()
            return html5[ref[:size]] + ref[size:]
    return found.group()
