"""Page that does not say which language it is in.

## What it does
Reports a full page whose `<html>` has no `lang` attribute, an empty one, or one that is not
a language tag. The tag's first part must name a language: a two-letter ISO 639-1 code (`en`,
`de`, `pt`) or any three letters (`fil`, `yue`); the optional parts after it are separated by
hyphens and hold 1 to 8 letters or digits (`en-US`, `zh-Hant`). Three-letter codes are not
looked up: ISO 639-2 and 639-3 hold some 8,000 of them, too many to embed. So `english`,
`en_US` (write `en-US`), `e` and `12` are reported; case does not matter. Template syntax
(`lang="{{ .Site.LanguageCode }}"`) counts as a value. `xml:lang` alone does not count:
browsers ignore it in HTML pages. A page with a `<head>` but no `<html>` tag is reported at
its `<head>`, unless template code may write the `<html>` tag. Partials are left alone.

## Why is this bad?
Screen readers choose their voice and pronunciation from it: without it, a German page may
be read aloud with English rules. Browsers use it to offer translation, hyphenate words and
pick fonts, and search engines to tell which visitors the page is for.

## Example
`<html>` becomes `<html lang="en">`; `<html lang="en_US">` becomes `<html lang="en-US">`;
`<html lang="english">` becomes `<html lang="en">`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from perflint.documents.html import HtmlDoc
from perflint.findings import Severity, Violation
from perflint.html.head import head_from_template
from perflint.html.languages import is_valid_tag, suggest
from perflint.kinds import HTML
from perflint.rules.base import Context, NoOptions, Rule
from perflint.site import has_template

_WHY = "screen readers may read the page aloud in the wrong language"
_EXAMPLE = '<html lang="en"> (or your page\'s language code, such as de, fr or es-MX)'


def _problem(attrs: Mapping[str, str]) -> str | None:
    """Return what is wrong with the language the <html> attributes declare, or None."""
    lang = attrs.get("lang")
    if lang is None:
        xml_lang = attrs.get("xml:lang", "").strip()
        if xml_lang and (has_template(xml_lang) or is_valid_tag(xml_lang)):
            return (
                f'<html xml:lang="{xml_lang}"> has no lang attribute: browsers and screen readers ignore '
                f'xml:lang in HTML pages; add lang="{xml_lang}" to it'
            )
        return f"<html> has no lang attribute: {_WHY}; write {_EXAMPLE}"
    if has_template(lang) or is_valid_tag(lang):
        return None
    if not lang.strip():
        return f'<html lang=""> is empty: {_WHY}; write {_EXAMPLE}'
    suggestion = suggest(lang)
    fix = f'<html lang="{suggestion}">' if suggestion else _EXAMPLE
    return f'<html lang="{lang}"> is not a valid language code: {_WHY}; write {fix}'


def check(doc: HtmlDoc, context: Context[NoOptions]) -> Iterator[Violation]:
    if not doc.is_document:
        return
    html_tags = list(doc.named("html"))
    if not html_tags:
        if context.is_page and not head_from_template(doc):
            yield Violation(
                f"the page has no <html> tag, so it does not say its language: {_WHY}; start it with {_EXAMPLE}",
                *doc.anchor(),
            )
        return
    # A later <html> tag adds the attributes the first one lacks, as browsers merge them.
    attrs: dict[str, str] = {}
    for tag in html_tags:
        attrs.update({name: value for name, value in tag.attrs.items() if name not in attrs})
    if any(has_template(name) for name in attrs):  # {{ with .Lang }}lang="{{ . }}"{{ end }}
        return
    problem = _problem(attrs)
    if problem:
        yield Violation(problem, html_tags[0].line, html_tags[0].column)


RULE = Rule(
    code="HTML104",
    name="html-lang",
    kinds=frozenset({HTML}),
    severity=Severity.ERROR,
    fixable=False,
    options=NoOptions,
    check=check,
    docs=__doc__,
)
