"""Page that does not declare UTF-8 where browsers look for it.

## What it does
Reports a full page with no character set declaration (`<meta charset="utf-8">`, or the
older `<meta http-equiv="Content-Type" content="text/html; charset=utf-8">`), one that ends
after the first 1024 bytes of the file (the only part browsers search for it), one that
declares anything but UTF-8 (`iso-8859-1`, `windows-1252`...; `utf8` and `UTF-8` are fine),
and a file saved as UTF-16. A file that starts with a UTF-8 byte order mark needs no
declaration: the mark says it, and browsers then ignore the tag. Template syntax in the
value is left alone, and so is a missing or late tag where template code before it may
change what the built page holds; for a missing tag, statements that write nothing (Django's
`{% load static %}`, `{% set %}`, Hugo's `{{ $x := ... }}`, template comments) do not count.
Partials are left alone.

## Why is this bad?
A browser that does not find the character set in time guesses it, often as Windows-1252:
every accented letter, curly quote and euro sign then shows as garbage (`é` as `Ã©`). Only
UTF-8 holds every language, and the HTML standard requires it.

## Example
Make `<meta charset="utf-8">` the first line inside `<head>`, and save the file as UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from perflint.documents.html import HtmlDoc
from perflint.documents.text import Decoded
from perflint.findings import Severity, Violation
from perflint.html.head import head_from_template, templated_before
from perflint.html.tokenizer import Tag
from perflint.kinds import HTML
from perflint.rules.base import Context, NoOptions, Rule
from perflint.site import has_template

PRESCAN_BYTES = 1024  # how far browsers look for the declaration (HTML: "encoding sniffing")
_FIX = '<meta charset="utf-8">'
_WHY = "browsers may guess the character set wrong and garble letters such as é"
# The Encoding Standard's labels for UTF-8.
_UTF8_LABELS = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"})
# HTML's "extracting a character encoding from a meta element".
_CONTENT_CHARSET = re.compile(r"""charset[\t\n\f\r ]*=[\t\n\f\r ]*(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r ;"']*))""", re.I)
_BOM_BYTES = {"utf-8": 3, "utf-16-le": 2, "utf-16-be": 2}


def declarations(doc: HtmlDoc) -> Iterator[tuple[Tag, str]]:
    """Yield each tag that declares a character set, with the charset as written."""
    for tag in doc.named("meta"):
        if "charset" in tag.attrs:
            yield tag, tag.attrs["charset"]
        elif tag.attrs.get("http-equiv", "").strip().lower() == "content-type":
            found = _CONTENT_CHARSET.search(tag.attrs.get("content", ""))
            if found:
                yield tag, next(group for group in found.groups() if group is not None)


def byte_offset(decoded: Decoded, offset: int) -> int:
    """Return the byte of the file where character `offset` of its text starts, byte order mark included."""
    bom = _BOM_BYTES.get(decoded.encoding, 0) if decoded.bom else 0
    return bom + len(decoded.text[:offset].encode(decoded.encoding, errors="replace"))


def _shown(tag: Tag, charset: str) -> str:
    if "charset" in tag.attrs:
        return f'<meta charset="{charset}">'
    return f'<meta http-equiv="Content-Type" content="{tag.attrs.get("content", "")}">'


def _not_utf8(doc: HtmlDoc, tag: Tag, charset: str) -> Violation:
    if doc.decoded.encoding == "utf-8":  # the bytes already are UTF-8: only the label is wrong
        fix = f"change it to {_FIX}"
    else:
        fix = f'save the file as UTF-8 (your editor\'s "save with encoding"), then change the tag to {_FIX}'
    return Violation(
        f'{_shown(tag, charset)} declares the character set "{charset.strip()}", not UTF-8: '
        f"other character sets cannot hold every language's letters, and the HTML standard requires UTF-8; {fix}",
        tag.line,
        tag.column,
    )


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if not doc.is_document:
        return
    first = next(declarations(doc), None)
    decoded = doc.decoded
    if decoded.bom and decoded.encoding != "utf-8":
        yield Violation(
            "the file is saved as UTF-16: browsers and tools expect UTF-8, the only encoding the HTML standard "
            f"allows; save it as UTF-8, with {_FIX} first inside <head>",
            *((first[0].line, first[0].column) if first else doc.anchor()),
        )
        return
    if first is None:
        if context.is_page and not decoded.bom and not head_from_template(doc):
            also = "" if decoded.encoding == "utf-8" else ", and save the file as UTF-8 (it is not)"
            yield Violation(
                f"the page does not declare its character set: {_WHY}; "
                f"add {_FIX} as the first line inside <head>{also}",
                *doc.anchor(),
            )
        return
    tag, charset = first
    if not has_template(charset) and charset.strip(" \t\n\f\r").lower() not in _UTF8_LABELS:
        yield _not_utf8(doc, tag, charset)
    end = byte_offset(decoded, tag.end)
    if not decoded.bom and end > PRESCAN_BYTES and not templated_before(doc, tag.offset):
        yield Violation(
            f"{_shown(tag, charset)} ends at byte {end} of the file, after the first {PRESCAN_BYTES} bytes "
            f"where browsers look for it: some browsers guess the character set before they reach it and may "
            f"garble letters such as é; put {_FIX} first inside <head>, before anything else",
            tag.line,
            tag.column,
        )


RULE = Rule(
    code="HTML105",
    name="meta-charset",
    kinds=frozenset({HTML}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
