"""The stylesheets a site's layouts link on every page, where their addresses are written out.

A Markdown page is published inside a layout, whose stylesheets every visitor of the page
downloads. Only what every layout holding a `<head>` links counts (a stylesheet that one layout
adds may not be on this page), and only an address written as text: `/css/site.css`,
`{{ "/css/site.css" | relative_url }}`, `{{ site.baseurl }}/css/site.css`. A stylesheet the
build makes (Hugo's `resources.Get ... | css.Sass`) has no such address and is not counted.
"""

from __future__ import annotations

import functools
import re

from perflint.site.detect import SiteLayout

_HEAD = re.compile(r"<head[\s>]", re.IGNORECASE)
_LINK = re.compile(r"<link\b(?:[^<>]|\{\{.*?\}\}|\{%.*?%\})*>", re.IGNORECASE | re.DOTALL)
_STYLESHEET = re.compile(r"""\brel\s*=\s*["']?stylesheet\b""", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"((?:[^"{]|\{\{.*?\}\}|\{%.*?%\})*)"|'([^']*)')""", re.IGNORECASE | re.DOTALL)
_QUOTED_PATH = re.compile(r"""["']([^"'{}\s]+\.css)["']""")
_LEADING_CODE = re.compile(r"^(?:\{\{.*?\}\}|\{%.*?%\})+")
_BUILT = re.compile(r"resources\.|\.(?:Rel)?Permalink\b|\bcss\.|\bfingerprint\b|\bminify\b")
_PLAIN_PATH = re.compile(r"[^\"'{}\s<>]+\.css(?:\?[^\"'{}\s<>]*)?")


@functools.lru_cache(maxsize=64)
def layout_stylesheets(site: SiteLayout) -> tuple[str, ...]:
    """Return the stylesheet addresses that every layout of the site holding a `<head>` links."""
    from perflint.site.supplies import template_texts

    heads = [text for text in template_texts(site) if _HEAD.search(text)]
    linked = [set(_stylesheets(text)) for text in heads]
    common = set.intersection(*linked) if linked else set()
    return tuple(sorted(common))


def _stylesheets(text: str) -> list[str]:
    """Return the addresses of the stylesheets a layout's text links, where they are written out."""
    found = []
    for link in _LINK.finditer(text):
        tag = link.group()
        href = _HREF.search(tag) if _STYLESHEET.search(tag) else None
        value = (href.group(1) or href.group(2) or "").strip() if href else ""
        address = _address(value)
        if address:
            found.append(address)
    return found


def _address(value: str) -> str | None:
    """Read a written-out address from an href: a plain one, a quoted one in template code, or one after a base URL."""
    if "{{" not in value and "{%" not in value:
        return value if _PLAIN_PATH.fullmatch(value) else None
    if _BUILT.search(value):
        return None  # the build makes it (minified, fingerprinted): its source's size is not what is served
    quoted = _QUOTED_PATH.search(value)
    if quoted:
        return "/" + quoted.group(1).lstrip("/")
    rest = _LEADING_CODE.sub("", value)
    return rest if rest.startswith("/") and _PLAIN_PATH.fullmatch(rest) else None
