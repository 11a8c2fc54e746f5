from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perflint.markdown.frontmatter import (
    MAX_BLOCK_CHARS,
    FrontMatter,
    SocialImage,
    page_meta,
    read_front_matter,
)

# Nine levels of nine aliases: only 81 aliases, but 9**9 values to anything that walks the data.
BILLION_LAUGHS = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + level)}: &{chr(98 + level)} [{', '.join([f'*{chr(97 + level)}'] * 9)}]\n" for level in range(8)
)


def _yaml(body: str) -> str:
    return f"---\n{body}---\n"


@pytest.mark.parametrize(
    ("text", "syntax", "data", "body_line", "body"),
    [
        pytest.param("---\ntitle: Hi\n---\n# Body\n", "yaml", {"title": "Hi"}, 4, "# Body\n", id="yaml"),
        pytest.param("---  \ntitle: Hi\n--- \t\nBody", "yaml", {"title": "Hi"}, 4, "Body", id="yaml-trailing-spaces"),
        pytest.param("---\ntitle: Hi\n...\nBody", "yaml", {"title": "Hi"}, 4, "Body", id="yaml-closed-by-dots"),
        pytest.param("---\n---\nBody", "yaml", {}, 3, "Body", id="yaml-empty"),
        pytest.param("---\n# just a comment\n---\n", "yaml", {}, 4, "", id="yaml-comments-only"),
        pytest.param("---\ntitle: Hi\n---", "yaml", {"title": "Hi"}, 3, "", id="yaml-closing-fence-at-eof"),
        pytest.param("\ufeff---\ntitle: Hi\n---\nBody", "yaml", {"title": "Hi"}, 4, "Body", id="bom"),
        pytest.param("---\r\ntitle: Hi\r\n---\r\nBody\r\n", "yaml", {"title": "Hi"}, 4, "Body\r\n", id="crlf"),
        pytest.param("---\rtitle: Hi\r---\rBody", "yaml", {"title": "Hi"}, 4, "Body", id="lone-cr"),
        pytest.param("+++\ntitle = 'Hi'\n+++\nBody", "toml", {"title": "Hi"}, 4, "Body", id="toml"),
        pytest.param("+++\r\ntitle = 'Hi'\r\n+++\r\nBody", "toml", {"title": "Hi"}, 4, "Body", id="toml-crlf"),
        pytest.param("+++\rtitle = 'Hi'\r+++\rBody", "toml", {"title": "Hi"}, 4, "Body", id="toml-lone-cr"),
        pytest.param('{\n  "title": "Hi"\n}\nBody', "json", {"title": "Hi"}, 4, "Body", id="json"),
        pytest.param('{"title": "}"}\nBody', "json", {"title": "}"}, 2, "Body", id="json-one-line-brace-in-string"),
        pytest.param('{\n "a": "\\"{"\n}  \r\nBody', "json", {"a": '"{'}, 4, "Body", id="json-escaped-quote"),
        pytest.param("{\n}\n", "json", {}, 3, "", id="json-empty"),
        pytest.param("# Title\n\nBody\n", None, {}, 1, "# Title\n\nBody\n", id="markdown-only"),
        pytest.param("\ufeff# Title\n", None, {}, 1, "# Title\n", id="markdown-bom"),
        pytest.param("", None, {}, 1, "", id="empty-file"),
        pytest.param("\n---\ntitle: Hi\n---\n", None, {}, 1, "\n---\ntitle: Hi\n---\n", id="fence-not-on-first-line"),
        pytest.param("----\ntitle: Hi\n----\n", None, {}, 1, "----\ntitle: Hi\n----\n", id="four-dashes"),
        pytest.param('{{< figure src="a.png" >}}\n', None, {}, 1, '{{< figure src="a.png" >}}\n', id="hugo-shortcode"),
        pytest.param("{% raw %}{{ x }}{% endraw %}\n", None, {}, 1, "{% raw %}{{ x }}{% endraw %}\n", id="liquid-tag"),
    ],
)
def test_read_front_matter(text: str, syntax: str | None, data: dict[str, Any], body_line: int, body: str) -> None:
    front = read_front_matter(text)
    assert (front.syntax, dict(front.data), front.error) == (syntax, data, None)
    assert (front.body_line, text[front.body_offset :]) == (body_line, body)


@pytest.mark.parametrize(
    ("text", "syntax", "error", "body_line", "body_offset"),
    [
        pytest.param(
            "---\ntitle: Hi\n\nBody\n",
            "yaml",
            "the front matter block starting on line 1 is never closed (no closing ---)",
            5,
            20,
            id="yaml-unterminated",
        ),
        pytest.param(
            "+++\r\ntitle = 'Hi'",
            "toml",
            "the front matter block starting on line 1 is never closed (no closing +++)",
            2,
            17,
            id="toml-unterminated",
        ),
        pytest.param(
            '{\n "title": "Hi"\n',
            "json",
            "the front matter block starting on line 1 is never closed (no closing })",
            3,
            17,
            id="json-unterminated",
        ),
        pytest.param("---", "yaml", "the front matter block starting on line 1 is never closed (no closing ---)", 1, 3),
    ],
)
def test_unterminated_block_leaves_no_body(
    text: str, syntax: str, error: str, body_line: int, body_offset: int
) -> None:
    front = read_front_matter(text)
    assert (front.syntax, dict(front.data), front.error) == (syntax, {}, error)
    assert (front.body_line, front.body_offset, dict(front.key_lines)) == (body_line, body_offset, {})


@pytest.mark.parametrize(
    ("text", "syntax", "error"),
    [
        pytest.param(
            "+++\ntitle = 'Hi'\ndraft =\n+++\n",
            "toml",
            "the TOML front matter is not valid: Invalid value (line 3)",
            id="toml-invalid",
        ),
        pytest.param(
            "+++\ntitle = 'Hi'\ntitle = 'Again'\n+++\n",
            "toml",
            "the TOML front matter is not valid: Cannot overwrite a value (line 3)",
            id="toml-duplicate-key",
        ),
        pytest.param(
            '{\n "title": "Hi",\n "budget": limit\n}\n',
            "json",
            "the JSON front matter is not valid: Expecting value (line 3)",
            id="json-invalid",
        ),
        pytest.param(
            _yaml("- one\n- two\n"), "yaml", "the front matter is not a set of key: value pairs", id="yaml-list"
        ),
        pytest.param(_yaml("just words\n"), "yaml", "the front matter is not a set of key: value pairs", id="scalar"),
        pytest.param(
            _yaml('run: !!python/object/apply:os.system ["echo hi"]\n'),
            "yaml",
            "the YAML front matter is not valid: could not determine a constructor for the tag"
            " 'tag:yaml.org,2002:python/object/apply:os.system' (line 2)",
            id="python-tag-refused",
        ),
        pytest.param(
            _yaml("a: !!bool maybe\n"),
            "yaml",
            "the YAML front matter is not valid: a value does not fit the type its !! tag names",
            id="bad-explicit-bool",
        ),
        pytest.param(
            _yaml("a: !!timestamp soon\n"),
            "yaml",
            "the YAML front matter is not valid: a value does not fit the type its !! tag names",
            id="bad-explicit-timestamp",
        ),
        pytest.param(
            _yaml("a: !!int abc\n"),
            "yaml",
            "the YAML front matter is not valid: invalid literal for int() with base 10: 'abc'",
            id="bad-explicit-int",
        ),
        pytest.param(
            BILLION_LAUGHS + "---\n",
            "yaml",
            "the front matter uses too many YAML aliases (they expand to over 100,000 values)",
            id="billion-laughs-under-100-aliases",
        ),
        pytest.param(
            _yaml("a: &a x\nb: [" + ", ".join(["*a"] * 101) + "]\n"),
            "yaml",
            "the front matter uses too many YAML aliases (more than 100)",
            id="over-100-aliases",
        ),
        pytest.param(
            _yaml("a: &a [x, *a]\n"),
            "yaml",
            "the front matter uses too many YAML aliases (they expand to over 100,000 values)",
            id="alias-inside-itself",
        ),
        pytest.param(
            _yaml("a: " + "[" * 10_000 + "]" * 10_000 + "\n"),
            "yaml",
            "the front matter is nested too deeply to read (more than 100 levels)",
            id="yaml-flow-10000-deep",
        ),
        pytest.param(
            _yaml("a: " + "[" * 100_000 + "\n"),
            "yaml",
            "the front matter is nested too deeply to read (more than 100 levels)",
            id="yaml-flow-100000-deep-unclosed",
        ),
        pytest.param(
            _yaml("- " * 60_000 + "x\n"),
            "yaml",
            "the front matter is nested too deeply to read (more than 100 levels)",
            id="yaml-block-60000-deep",
        ),
        pytest.param(
            '{\n "a": ' + "[" * 10_000 + "]" * 10_000 + "\n}\n",
            "json",
            "the front matter is nested too deeply to read",
            id="json-10000-deep",
        ),
        pytest.param(
            "+++\na = " + "[" * 10_000 + "]" * 10_000 + "\n+++\n",
            "toml",
            "the front matter is nested too deeply to read",
            id="toml-10000-deep",
        ),
        pytest.param(
            _yaml("a: " + "x" * MAX_BLOCK_CHARS + "\n"),
            "yaml",
            "the front matter is larger than 1 MiB, too large to read safely",
            id="huge-block",
        ),
    ],
)
def test_unreadable_block_gives_reason_and_no_data(text: str, syntax: str, error: str) -> None:
    front = read_front_matter(text)
    assert (front.syntax, dict(front.data), front.error, dict(front.key_lines)) == (syntax, {}, error, {})
    assert front.body_offset == len(text)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        pytest.param("---\ntitle: Hi\n  desc: x\n---\n", "mapping values are not allowed", "(line 3)", id="yaml"),
        pytest.param(
            "---\r\ntitle: Hi\r\n\r\n  desc: x\r\n---\r\n", "mapping values are not allowed", "(line 4)", id="crlf"
        ),
        pytest.param("---\rtitle: Hi\r\r  desc: x\r---\r", "mapping values are not allowed", "(line 4)", id="lone-cr"),
        pytest.param(_yaml("a: *nowhere\n"), "found undefined alias", "(line 2)", id="undefined-alias"),
    ],
)
def test_invalid_yaml_names_the_file_line(text: str, start: str, end: str) -> None:
    # libyaml and PyYAML word their messages differently, so only the start and the line are fixed
    front = read_front_matter(text)
    assert front.error is not None
    assert front.error.startswith(f"the YAML front matter is not valid: {start}")
    assert front.error.endswith(end)
    assert dict(front.data) == {}


def test_alias_within_limits_is_read() -> None:
    front = read_front_matter(_yaml("base: &base {author: Ann}\npost: *base\n"))
    assert (front.error, front.data["post"]) == (None, {"author": "Ann"})


@pytest.mark.parametrize(
    ("text", "data"),
    [
        pytest.param(_yaml("title: No\ndraft: yes\n"), {"title": "No", "draft": "yes"}, id="yaml-1.2-booleans"),
        pytest.param(_yaml("draft: true\nhidden: False\n"), {"draft": True, "hidden": False}, id="true-false"),
        pytest.param(_yaml("date: 2024-03-01\n"), {"date": datetime.date(2024, 3, 1)}, id="date"),
        pytest.param(_yaml("date: 2024-02-30\n"), {"date": "2024-02-30"}, id="impossible-date-stays-text"),
        pytest.param(_yaml("2024: year\n"), {"2024": "year"}, id="number-key-as-text"),
        pytest.param(_yaml('title: "{{ .Site.Title }}"\n'), {"title": "{{ .Site.Title }}"}, id="hugo-template"),
        pytest.param(_yaml("title: ${name}\n"), {"title": "${name}"}, id="placeholder"),
        pytest.param("+++\ndate = 2024-03-01\n+++\n", {"date": datetime.date(2024, 3, 1)}, id="toml-date"),
    ],
)
def test_values(text: str, data: dict[str, Any]) -> None:
    front = read_front_matter(text)
    assert (dict(front.data), front.error) == (data, None)


@pytest.mark.parametrize(
    ("text", "key_lines"),
    [
        pytest.param(
            _yaml(
                "# comment: no\ntitle: Hi\nurl: http://example.com/a:b\ncover:\n  image: a.png\n"
                "text: |\n  fake: no\n\"quoted key\": 1\n'single': 2\n"
            ),
            {"title": 3, "url": 4, "cover": 5, "text": 7, "quoted key": 9, "single": 10},
            id="yaml",
        ),
        pytest.param(
            "\ufeff---\r\n\r\ntitle: Hi\r\ndraft: true\r\n---\r\n", {"title": 3, "draft": 4}, id="yaml-bom-crlf"
        ),
        pytest.param("---\r\rtitle: Hi\r---\r", {"title": 3}, id="yaml-lone-cr"),
        pytest.param(
            "+++\ntitle = 'Hi'\ncover.image = 'a.png'\nnotes = '''\nfake = 1\n'''\n"
            "[params]\nseo = 'x'\n[[images]]\nsrc = 'a'\n+++\n",
            {"title": 2, "cover": 3, "notes": 4, "params": 7, "images": 9},
            id="toml",
        ),
        pytest.param(
            '{\n  "title": "Hi",\n  "cover": {\n    "image": "a.png"\n  },\n  "tags": ["a", {"b": 1}],\n'
            '  "draft": false\n}\n',
            {"title": 2, "cover": 3, "tags": 6, "draft": 7},
            id="json",
        ),
        pytest.param('{"title": "Hi", "draft": false}\n', {"title": 1, "draft": 1}, id="json-one-line"),
    ],
)
def test_key_lines(text: str, key_lines: dict[str, int]) -> None:
    front = read_front_matter(text)
    assert front.error is None
    assert dict(front.key_lines) == key_lines


def _meta(text: str) -> dict[str, Any]:
    meta = page_meta(read_front_matter(text))
    return {
        "title": (meta.title, meta.title_key),
        "description": (meta.description, meta.description_key),
        "images": meta.images,
        "is_draft": meta.is_draft,
        "no_page": meta.has_layout_without_content,
    }


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        pytest.param(_yaml("title: Hi\n"), {"title": ("Hi", "title"), "description": (None, None)}, id="title"),
        pytest.param(_yaml("title: 2024\n"), {"title": ("2024", "title")}, id="number-title"),
        pytest.param(_yaml("title: '  '\n"), {"title": (None, None)}, id="blank-title"),
        pytest.param(_yaml("title: [a]\n"), {"title": (None, None)}, id="list-title"),
        pytest.param(_yaml("seo:\n  title: Hi\n"), {"title": ("Hi", "seo.title")}, id="seo-title"),
        pytest.param(_yaml("description: D\nsummary: S\n"), {"description": ("D", "description")}, id="description"),
        pytest.param(_yaml("description: ''\nsummary: S\n"), {"description": ("S", "summary")}, id="summary"),
        pytest.param(_yaml("excerpt: E\n"), {"description": ("E", "excerpt")}, id="jekyll-excerpt"),
        pytest.param(
            _yaml("meta_description: M\nseo:\n  description: S\n"),
            {"description": ("M", "meta_description")},
            id="meta-description",
        ),
        pytest.param(_yaml("seo:\n  description: S\n"), {"description": ("S", "seo.description")}, id="seo-mapping"),
        pytest.param(
            _yaml("seo: flat\nseo_description: S\n"), {"description": ("S", "seo_description")}, id="seo-flat"
        ),
        pytest.param(
            _yaml("images: [a.png, '', 3, b.png]\n"),
            {"images": (SocialImage("images[0]", "a.png", None, None), SocialImage("images[3]", "b.png", None, None))},
            id="hugo-images-list",
        ),
        pytest.param(
            "+++\nimages = ['a.png']\n+++\n",
            {"images": (SocialImage("images[0]", "a.png", None, None),)},
            id="hugo-images-toml",
        ),
        pytest.param(
            _yaml("cover:\n  image: c.png\n  alt: A cat\n  caption: x\n"),
            {"images": (SocialImage("cover.image", "c.png", "A cat", "cover.alt"),)},
            id="papermod-cover",
        ),
        pytest.param(
            "+++\n[cover]\nimage = 'c.png'\n+++\n",
            {"images": (SocialImage("cover.image", "c.png", None, "cover.alt"),)},
            id="papermod-cover-toml-no-alt",
        ),
        pytest.param(_yaml("cover:\n  image: ''\n  hidden: true\n"), {"images": ()}, id="papermod-cover-without-image"),
        pytest.param(
            _yaml("cover: c.png\n"), {"images": (SocialImage("cover", "c.png", None, None),)}, id="cover-string"
        ),
        pytest.param(
            _yaml("heroImage: /h.jpg\nheroImageAlt: Hills\n"),
            {"images": (SocialImage("heroImage", "/h.jpg", "Hills", "heroImageAlt"),)},
            id="astro-hero",
        ),
        pytest.param(
            _yaml("heroImage: /h.jpg\n"),
            {"images": (SocialImage("heroImage", "/h.jpg", None, None),)},
            id="astro-blog-template-has-no-alt-key",
        ),
        pytest.param(
            _yaml("hero_image: /h.jpg\nhero_image_alt: Hills\n"),
            {"images": (SocialImage("hero_image", "/h.jpg", "Hills", "hero_image_alt"),)},
            id="hero-snake-case",
        ),
        pytest.param(
            _yaml("image: /i.png\nimage_alt: Logo\n"),
            {"images": (SocialImage("image", "/i.png", "Logo", "image_alt"),)},
            id="image-with-alt",
        ),
        pytest.param(
            _yaml("image: /i.png\nimageAlt: ''\n"),
            {"images": (SocialImage("image", "/i.png", "", "imageAlt"),)},
            id="image-with-empty-alt",
        ),
        pytest.param(
            _yaml("image: /i.png\n"),
            {"images": (SocialImage("image", "/i.png", None, None),)},
            id="image-without-alt",
        ),
        pytest.param(
            _yaml("image:\n  path: /i.png\n  alt: Logo\n  width: 1200\n"),
            {"images": (SocialImage("image.path", "/i.png", "Logo", "image.alt"),)},
            id="jekyll-seo-image-mapping",
        ),
        pytest.param(
            _yaml("image:\n  url: /i.png\n  alt: 42\n"),
            {"images": (SocialImage("image.url", "/i.png", "42", "image.alt"),)},
            id="astro-image-mapping",
        ),
        pytest.param(
            _yaml("header:\n  image: /h.png\n  image_description: Hills\n  teaser: /t.png\n  og_image: /o.png\n"),
            {
                "images": (
                    SocialImage("header.image", "/h.png", "Hills", "header.image_description"),
                    SocialImage("header.og_image", "/o.png", None, None),
                    SocialImage("header.teaser", "/t.png", None, None),
                )
            },
            id="minimal-mistakes-header",
        ),
        pytest.param(
            _yaml("header:\n  image: /h.png\n"),
            {"images": (SocialImage("header.image", "/h.png", None, "header.image_description"),)},
            id="minimal-mistakes-header-without-description",
        ),
        pytest.param(
            _yaml("featured_image: f.png\nthumbnail: t.png\nog_image: o.png\nsocial_image: s.png\nbanner: b.png\n"),
            {
                "images": tuple(
                    SocialImage(key, f"{key[0]}.png", None, None)
                    for key in ("featured_image", "thumbnail", "og_image", "social_image", "banner")
                )
            },
            id="single-path-conventions",
        ),
        pytest.param(_yaml("draft: true\n"), {"is_draft": True}, id="draft"),
        pytest.param(_yaml("draft: yes\n"), {"is_draft": True}, id="draft-yaml-1.1-word"),
        pytest.param(_yaml("published: false\n"), {"is_draft": True}, id="jekyll-unpublished"),
        pytest.param(_yaml("draft: false\npublished: true\n"), {"is_draft": False}, id="published"),
        pytest.param(_yaml("headless: true\n"), {"no_page": True}, id="hugo-headless"),
        pytest.param(_yaml("redirect_to: https://example.com/\n"), {"no_page": True}, id="redirect-to"),
        pytest.param(_yaml("redirect_from: [/old/]\n"), {"no_page": False}, id="redirect-from-still-renders"),
        pytest.param(_yaml("_build:\n  render: never\n"), {"no_page": True}, id="hugo-build-never"),
        pytest.param(_yaml("_build:\n  render: false\n"), {"no_page": True}, id="hugo-build-false"),
        pytest.param(_yaml("build:\n  render: link\n"), {"no_page": True}, id="hugo-build-link"),
        pytest.param(_yaml("build:\n  render: always\n"), {"no_page": False}, id="hugo-build-always"),
        pytest.param(_yaml("permalink: false\n"), {"no_page": True}, id="eleventy-no-permalink"),
        pytest.param("# no front matter\n", {"title": (None, None), "images": (), "no_page": False}, id="none"),
    ],
)
def test_page_meta(text: str, facts: dict[str, Any]) -> None:
    meta = _meta(text)
    assert {name: meta[name] for name in facts} == facts


def test_page_meta_reads_odd_values_defensively() -> None:
    data = {
        "title": datetime.date(2024, 1, 1),
        "description": {"x": 1},
        "images": "single.png",
        "image": [None, {"src": 3}, {"src": "a.png", "alt": ["no"]}],
        "cover": {"image": {"nested": True}},
        "header": ["not", "a", "mapping"],
        "seo": None,
        "draft": 1,
        "_build": "never",
    }
    meta = page_meta(FrontMatter("yaml", data, None, 1, 0, {}))
    assert (meta.title, meta.description, meta.is_draft, meta.has_layout_without_content) == (
        "2024-01-01",
        None,
        False,
        False,
    )
    assert meta.images == (
        SocialImage("image[2].src", "a.png", None, "image[2].alt"),
        SocialImage("images", "single.png", None, None),
    )


_WORDS = ["title", "image", "cover", "images", "2024-02-30", "9999-99-99 99:99:99 +99:00", "0x", "1e9", "yes", "~"]
_MARKS = [":", "-", "?", "[", "]", "{", "}", ",", "'", '"', "|", ">", "#", "=", "\\", "<<", "%YAML", "---", "..."]
_TAGS = ["&a", "*a", "&b", "*b", "!!int", "!!bool", "!!timestamp", "!!binary", "!!python/object", "+++"]
_SPACES = [" ", "  ", "\n", "\r\n", "\r", "\t", "\ufeff", "\x00", "\x85", "\u2028"]
YAML_SOUP = st.lists(st.sampled_from([*_WORDS, *_MARKS, *_TAGS, *_SPACES])).map("".join)


def _check_invariants(text: str, front: FrontMatter) -> None:
    assert 0 <= front.body_offset <= len(text)
    assert front.body_line >= 1
    assert set(front.key_lines) <= set(front.data)
    assert front.error is None or not front.data
    page_meta(front)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(["---\n", "+++\n", "{", "{\n", "---\r\n"]), st.one_of(st.text(), YAML_SOUP))
def test_never_raises(opening: str, rest: str) -> None:
    text = opening + rest
    _check_invariants(text, read_front_matter(text))
    fenced = opening + rest + ("\n}\n" if opening.startswith("{") else "\n" + opening)
    _check_invariants(fenced, read_front_matter(fenced))


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8) | st.dates(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["image", "src", "alt", "x"]), inner),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "title",
        "description",
        "seo",
        "image",
        "images",
        "cover",
        "heroImage",
        "header",
        "draft",
        "published",
        "headless",
        "_build",
        "build",
        "redirect_to",
        "permalink",
        "imageAlt",
        "summary",
    ]
)


@given(st.dictionaries(KEYS, JSONISH))
def test_page_meta_never_raises(data: dict[str, Any]) -> None:
    page_meta(FrontMatter("yaml", data, None, 1, 0, {}))
