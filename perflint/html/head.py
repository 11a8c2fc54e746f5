"""Facts about a page's <head> that several rules need: its tags, its viewport tag, and whether
template code may still write elements into it."""

from __future__ import annotations

import re

from perflint.documents.html import HtmlDoc
from perflint.html import syntax
from perflint.html.tokenizer import Tag
from perflint.site import has_template

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'
_RAW_TEXT = frozenset({"style", "title", "textarea", "xmp", "iframe", "noembed", "noframes"})
_TEMPLATE = re.compile(r"\{\{|\{%|<%|\$\{|\}\}")  # as perflint.site.has_template finds it
# Matched only where a statement starts; the scan stops at the first one that writes.
_SILENT_STATEMENT = re.compile(
    r"\{%-?\s*(?:load|set|endset|import|from|assign|capture|endcapture|comment|endcomment)\b(?:[^%]|%(?!\}))*%\}"
)
_ASSIGNMENT = re.compile(r"\{\{-?\s*\$\w+\s*:?=[^{}]*\}\}")
_COMMENT_START = re.compile(r"\{\{-?\s*/\*")
_COMMENT_END = re.compile(r"\*/\s*-?\}\}")


# Elements a page's <head> may hold; any other opens the body, as browsers parse it.
_HEAD_ELEMENTS = frozenset({"html", "head", "title", "meta", "link", "style", "script", "base", "noscript", "template"})


def head_tags(doc: HtmlDoc) -> list[Tag]:
    """Return the start tags of a whole page's <head>, in order: up to <body> or the first element of a body."""
    found = []
    for tag in doc.tags:
        if tag.name == "body" or tag.name not in _HEAD_ELEMENTS:
            break
        found.append(tag)
    return found


def viewport_tags(doc: HtmlDoc) -> list[Tag]:
    """Return the `<meta name="viewport">` tags, in order."""
    return [tag for tag in doc.named("meta") if tag.attrs.get("name", "").strip().lower() == "viewport"]


def effective_viewport(doc: HtmlDoc) -> Tag | None:
    """Return the viewport tag browsers apply: the last one with a `content` attribute.

    Chrome, Safari and Firefox each let a later viewport tag replace an earlier one whole, and
    skip a tag without `content` (one with `content=""` still counts); if none has content, the
    last tag is returned, so that its missing content can be reported.
    """
    tags = viewport_tags(doc)
    with_content = [tag for tag in tags if "content" in tag.attrs] or tags
    return with_content[-1] if with_content else None


def is_templated(tag: Tag) -> bool:
    """Tell whether template syntax in the tag's content or attribute names leaves its value to the build."""
    return has_template(tag.attrs.get("content", "")) or any(has_template(name) for name in tag.attrs)


def shown(tag: Tag) -> str:
    """Name a viewport tag the way the page writes it."""
    content = tag.attrs.get("content")
    return '<meta name="viewport">' if content is None else f'<meta name="viewport" content="{content}">'


def templated_before(doc: HtmlDoc, end: int, writing: bool = False) -> bool:
    """Tell whether template code stands between the tags before `end`, where it can write elements.

    Template syntax inside attribute values, <title>, <style> or <script> cannot add a tag
    to the head, so it does not count. With `writing`, neither do statements that write
    nothing (`{% load static %}`, `{{ $x := ... }}`, comments); without, they count, since
    the build removes them and so moves what comes after.
    """
    code = writes if writing else has_template
    text = doc.decoded.text
    start = 0
    for tag in doc.tags:
        if tag.offset >= end:
            break
        if code(text[start : tag.offset]):
            return True
        start = tag.end
        if tag.name == "script":
            start = syntax.script_end(text, start)
        elif tag.name in _RAW_TEXT:
            found = syntax.end_tag(tag.name).search(text, start)
            start = found.start() if found else len(text)
    return code(text[start:end]) if start < end else False


def writes(text: str) -> bool:
    """Tell whether `text` holds template code that may write something into the page.

    Statements that only load, import, assign or comment write nothing: Django's `{% load %}`,
    Jinja's and Nunjucks' `{% set %}`, `{% import %}` and `{% from %}`, Liquid's `{% assign %}`
    and `{% capture %}`, Hugo's `{{ $x := ... }}` and `{{/* ... */}}`.
    """
    position = 0
    while (found := _TEMPLATE.search(text, position)) is not None:
        end = _silent_end(text, found.start())
        if end is None:
            return True
        position = end
    return False


def _silent_end(text: str, start: int) -> int | None:
    """Return where a statement that writes nothing, starting at `start`, ends; None for any other code."""
    statement = _SILENT_STATEMENT.match(text, start) or _ASSIGNMENT.match(text, start)
    if statement is not None:
        return statement.end()
    comment = _COMMENT_START.match(text, start)
    close = text.find("*/", comment.end()) if comment else -1
    end = _COMMENT_END.match(text, close) if close >= 0 else None
    return end.end() if end else None


def head_from_template(doc: HtmlDoc) -> bool:
    """Tell whether template code may write the head's elements, so a missing one may yet come.

    True for a partial that holds a <head> but no <html> and uses templates anywhere, and for a
    layout with template code between its tags before the <body>.
    """
    body = next(doc.named("body"), None)
    if templated_before(doc, body.offset if body else len(doc.decoded.text), writing=True):
        return True
    if next(doc.named("html"), None) is not None:
        return False
    attributes = (part for tag in doc.tags for item in tag.attrs.items() for part in item)
    return any(has_template(part) for part in attributes) or any(has_template(t.text) for t in doc.texts)
