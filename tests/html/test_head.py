from __future__ import annotations

import time

import pytest

from perflint.html.head import writes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{% load static %}\n", False),
        ("{% load static i18n %}{% set title = 'Home' %}\n", False),
        ("{%- import 'macros.html' as m -%}{% from 'x.html' import y %}", False),
        ("{% assign year = site.time | date: '%Y' %}", False),
        ('{{ $title := partial "title.html" . }}', False),
        ("{{- /* a comment */ -}}", False),
        ("just text", False),
        ('{{ partial "head.html" . }}', True),
        ('{% include "meta.html" %}', True),
        ("{% block head %}{% endblock %}", True),
        ("{{ $title }}", True),
        ("{{/* a comment */}} {{ .Content }}", True),
        ("{{/* never closed", True),
        ("<%= yield :head %>", True),
    ],
)
def test_writes(text: str, expected: bool) -> None:
    assert writes(text) is expected


@pytest.mark.parametrize("hostile", ["{% load " * 100_000, "{{/* " * 100_000, "{{ $x := " * 100_000, "{%" * 100_000])
def test_writes_takes_linear_time(hostile: str) -> None:
    started = time.perf_counter()
    writes(hostile)
    assert time.perf_counter() - started < 2
