"""Hostile text files: encodings and line endings, deep nesting, regex traps, escapes, odd names.

Builders return {relative name: (bytes, what it tests)}; `generate` writes them.
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass

from tests.imagefactory import photo, png_bytes

Files = dict[str, tuple[bytes, str]]
IMAGE_WIDTH, IMAGE_HEIGHT = 40, 30
DEPTH = 10_000
RUN = 100_000  # length of the repeated runs that trap backtracking regular expressions
FINDING_LINE = 7  # where every encoded page puts the thing its finding is about
_RAW = "\ue000"  # stands for raw bytes that no encoding can write, spliced in after encoding


@dataclass(frozen=True)
class EncodedPage:
    """A page whose finding sits on line 7, written in an encoding with a kind of line ending."""

    name: str
    what: str
    encoding: str
    newline: str = "\n"
    bom: bytes = b""
    raw: bytes = b""  # bytes put where the text has _RAW: invalid UTF-8, say
    charset: str | None = None  # the <meta charset> an HTML page declares
    fixable: bool = True  # for HTML: whether the page encodes back byte for byte, so `fix` may edit it
    word: str = "Café crème, déjà vu"  # text in the page's own encoding

    @property
    def kind(self) -> str:
        return self.name.rpartition(".")[2]

    @property
    def code(self) -> str:
        """The code of the finding on line 7."""
        return "CSS104" if self.kind == "css" else "HTML101"

    @property
    def column(self) -> int:
        """The column of that finding: after `<p>Ok</p>` in HTML, indented in CSS."""
        return {"html": 10, "md": 1, "css": 3}[self.kind]

    def original(self) -> bytes:
        """The page as written to disk."""
        return self._encode(_TEMPLATES[self.kind])

    def fixed(self) -> bytes:
        """The page as `perflint fix` must leave it: width and height added, every other byte kept."""
        if self.kind != "html" or not self.fixable:
            return self.original()
        sized = f'<img src="pic.png" width="{IMAGE_WIDTH}" height="{IMAGE_HEIGHT}">'
        return self._encode(_TEMPLATES["html"].replace('<img src="pic.png">', sized))

    def _encode(self, template: str) -> bytes:
        meta = f'<meta charset="{self.charset}">' if self.charset else '<meta name="robots" content="all">'
        text = template.replace("{meta}", meta).replace("{word}", self.word).replace("\n", self.newline)
        head, _, tail = text.partition(_RAW)
        return self.bom + head.encode(self.encoding) + self.raw + tail.encode(self.encoding)


_TEMPLATES = {
    "html": (
        "<!DOCTYPE html>\n"
        '<html lang="fr">\n'
        "<head>\n"
        "{meta}\n"
        "<title>{word}: a page to test encodings</title>\n"
        f"</head><body><p>{{word}} {_RAW}</p>\n"
        '<p>Ok</p><img src="pic.png">\n'
        "</body></html>\n"
    ),
    "md": (
        "---\n"
        'title: "{word}: a page about line endings"\n'
        'description: "A page to check that findings point at the right line whatever its encoding."\n'
        "---\n"
        "\n"
        f"{{word}} {_RAW}.\n"
        "![](pic.png)\n"
    ),
    "css": (f"/* {{word}} */\nbody {{\n  color: #333; /* {_RAW} */\n}}\n\n.container {{\n  width: 960px;\n}}\n"),
}
_BOM_LE, _BOM_BE, _BOM_8 = codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8

ENCODED_PAGES = (
    EncodedPage("latin1.html", "ISO-8859-1 page declaring its charset", "latin-1", charset="iso-8859-1"),
    EncodedPage("cp1252.html", "Windows-1252 with € and œ", "cp1252", raw=b"\x80\x9c", charset="windows-1252"),
    EncodedPage("shift-jis.html", "Shift_JIS page", "shift_jis", charset="shift_jis", word="日本語のページ"),
    EncodedPage("utf16le-bom-crlf.html", "UTF-16 LE with BOM and CRLF", "utf-16-le", "\r\n", _BOM_LE, charset="utf-16"),
    EncodedPage("utf16be-bom.html", "UTF-16 BE with BOM", "utf-16-be", bom=_BOM_BE, charset="utf-16"),
    EncodedPage("utf8-bom-crlf.html", "UTF-8 with BOM and CRLF", "utf-8", "\r\n", _BOM_8, charset="utf-8"),
    EncodedPage("crlf.html", "UTF-8 with CRLF", "utf-8", "\r\n", charset="utf-8"),
    EncodedPage("cr.html", "UTF-8 with lone CR line endings", "utf-8", "\r", charset="utf-8"),
    EncodedPage("invalid-utf8.html", "invalid UTF-8, no charset", "utf-8", raw=b"\x81\xc3\x28\xff", fixable=False),
    EncodedPage("nul.html", "NUL bytes in the text", "utf-8", raw=b"\x00\x00", charset="utf-8"),
    EncodedPage("crlf.md", "Markdown with CRLF", "utf-8", "\r\n"),
    EncodedPage("cr.md", "Markdown with lone CR line endings", "utf-8", "\r"),
    EncodedPage("utf16le-bom.md", "Markdown in UTF-16 LE with BOM", "utf-16-le", bom=_BOM_LE),
    EncodedPage("latin1.md", "Markdown in ISO-8859-1", "latin-1"),
    EncodedPage("invalid-utf8.md", "Markdown with invalid UTF-8", "utf-8", raw=b"\x81\xc3\x28"),
    EncodedPage("crlf.css", "stylesheet with CRLF", "utf-8", "\r\n"),
    EncodedPage("cr.css", "stylesheet with lone CR line endings", "utf-8", "\r"),
    EncodedPage("utf16le-bom.css", "stylesheet in UTF-16 LE with BOM", "utf-16-le", bom=_BOM_LE),
    EncodedPage("latin1.css", "stylesheet in ISO-8859-1", "latin-1"),
    EncodedPage("nul.css", "stylesheet with NUL bytes", "utf-8", raw=b"\x00"),
)


def _page(body: str) -> bytes:
    head = "<!DOCTYPE html>\n<html lang='en'><head><title>Hostile</title></head><body>\n"
    return f"{head}{body}\n</body></html>\n".encode()


def _front(block: str, fence: str = "---") -> bytes:
    return f"{fence}\n{block}\n{fence}\n\nBody text.\n".encode()


def deep_inputs() -> Files:
    """Nesting 10,000 levels deep, where a recursive parser overflows its stack."""
    n = DEPTH
    return {
        "deep/div.html": (_page("<div>" * n + "deep" + "</div>" * n), "10,000 nested <div>"),
        "deep/div-unclosed.html": (_page("<div><span>" * n), "10,000 unclosed <div><span>"),
        "deep/ignored.html": (_page("<div data-perflint-ignore>" * (n // 5)), "2,000 nested ignored elements"),
        "deep/svg.html": (_page("<svg>" * n + "<img src=x>"), "10,000 nested <svg>"),
        "deep/blockquote.md": ((">" * n + " deep\n").encode(), "10,000 nested blockquotes"),
        "deep/list.md": (("- " * n + "item\n").encode(), "10,000 nested bullet lists"),
        "deep/ordered-list.md": (("1. " * n + "item\n").encode(), "10,000 nested ordered lists"),
        "deep/list-indented.md": (_indented_list(1000), "1,000 nested lists by indentation"),
        "deep/emphasis.md": (("*" * n + "a" + "*" * n + "\n").encode(), "10,000 emphasis markers"),
        "deep/links.md": (("[" * n + "a" + "](x)" * n + "\n").encode(), "10,000 nested link brackets"),
        "deep/yaml-brackets.md": (_front("title: " + "[" * n), "YAML front matter [ x 10,000"),
        "deep/yaml-braces.md": (_front("title: " + "{a: " * n), "YAML front matter {a: x 10,000"),
        "deep/yaml-blocks.md": (_front(_yaml_blocks(1000)), "YAML mappings nested 1,000 deep by indentation"),
        "deep/yaml-aliases.md": (_front(_yaml_laughs()), "YAML billion laughs with aliases"),
        "deep/toml-arrays.md": (_front("title = " + "[" * n + "]" * n, "+++"), "TOML arrays nested 10,000 deep"),
        "deep/toml-tables.md": (_front("title = " + "{a = " * n + "1" + "}" * n, "+++"), "TOML inline tables"),
        "deep/json.md": (('{"title": ' + "[" * n + "]" * n + "}\n\nBody\n").encode(), "JSON front matter nesting"),
        "deep/blocks.css": (("a{" * n + "width:960px" + "}" * n).encode(), "10,000 nested CSS blocks"),
        "deep/parens.css": (("a{b:" + "(" * n + "}").encode(), "10,000 nested CSS parentheses"),
        "deep/calc.css": (("a{width:" + "calc(" * n + "1px" + ")" * n + "}").encode(), "10,000 nested calc()"),
        "deep/media.css": (("@media screen{" * n + "a{width:960px}" + "}" * n).encode(), "10,000 nested @media"),
        "deep/style.html": (_page("<style>" + "@media screen{" * n + "a{width:960px}</style>"), "deep <style>"),
    }


def _indented_list(depth: int) -> bytes:
    return "".join("  " * level + "- item\n" for level in range(depth)).encode()


def _yaml_blocks(depth: int) -> str:
    return "title: x\n" + "".join(" " * level + "a:\n" for level in range(depth)) + " " * depth + "b: 1"


def _yaml_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(ord("b"), ord("j")):
        previous = chr(level - 1)
        lines.append(f"{chr(level)}: &{chr(level)} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(["title: laughs", *lines])


def regex_inputs() -> Files:
    """Long runs of the characters that make backtracking regular expressions slow."""
    n = RUN
    return {
        "regex/comment-openers.html": (_page("<!--" * n), "<!-- x 100,000"),
        "regex/comment-dashes.html": (_page("<!--" + "-!" * n), "an unclosed comment of -! runs"),
        "regex/attributes.html": (_page("<a " + "a " * n), "<a a a a ... unclosed"),
        "regex/attribute-equals.html": (_page("<a " + "a=" * n), "<a a=a=a= ... unclosed"),
        "regex/attribute-quotes.html": (_page("<a " + "b='" * n), "<a b='b=' ... unclosed quotes"),
        "regex/less-than.html": (_page("<" * n), "< x 100,000"),
        "regex/end-tags.html": (_page("</a " * n), "</a x 100,000"),
        "regex/script-escapes.html": (_page("<script>" + "<!--<script>" * n), "script escapes"),
        "regex/references.html": (_page('<img alt="' + "&" * n + "&amp" * n + '">'), "character references"),
        "regex/srcset.html": (_page('<img src=a.png srcset="' + "a.png 1x, " * n + '">'), "100,000 srcset"),
        "regex/srcset-parens.html": (_page('<img src=a.png srcset="a.png ' + "(" * n + '">'), "srcset ( x 100,000"),
        "regex/viewport.html": (_page('<meta name="viewport" content="' + "w=," * n + '">'), "viewport w=, x"),
        "regex/style-attribute.html": (_page('<img src=a style="' + ";" * n + " " * n + '">'), "style ; runs"),
        "regex/alt-text.html": (_page('<img src=a.png alt="img' + "_" * n + '1!">'), "file-name-like alt text"),
        "regex/template.html": (_page("<img src='" + "{" * n + "'>"), "{ x 100,000 in src"),
        "regex/url-parens.css": (("a{background:url(" + "(" * n + "}").encode(), "url(((((..."),
        "regex/url-spaces.css": (("a{background:url(" + " " * n).encode(), "url( and spaces, unclosed"),
        "regex/comments.css": (("/*" * n).encode(), "/* x 100,000"),
        "regex/strings.css": (("a{content:'" + "\\'" * n).encode(), "an unclosed string of escapes"),
        "regex/imports.css": (("@import " * n).encode(), "@import x 100,000"),
        "regex/brackets.md": (("![" * (n // 5) + "\n").encode(), "![ x 20,000"),
        "regex/less-than.md": (("<a" * n + "\n").encode(), "<a x 100,000"),
        "regex/backticks.md": (("`" * n + "a\n").encode(), "` x 100,000"),
        "regex/inline-html-nul.md": (('<b c="\x00"> ' * 20_000 + "\n").encode(), "inline HTML with NUL bytes"),
        "regex/json-front.md": (('{"title": "' + '\\"' * n + '"}\n\nBody\n').encode(), "JSON front matter escapes"),
        "regex/yaml-spaces.md": (_front('title: "x\na' + " " * 2000 + 'b"'), "YAML line with a space run"),
    }


_UNSIZED = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 5 + '</p><img src="pic.png" alt="x">\n'


def superlinear_inputs() -> Files:
    """Small inputs that perflint takes super-linear time on, each a minute or more.

    Kept out of the whole-tree runs, which they would stretch to minutes each.
    """
    n = RUN
    refresh = '<meta http-equiv="refresh" content="0' + " " * n + '">'
    ignored = 4 * DEPTH
    return {
        "superlinear/refresh.html": (_page(refresh), "meta refresh content of 0 and 100,000 spaces"),
        "superlinear/yaml-key.md": (_front('title: "x\na' + "\t" * (n * 3 // 2) + 'b"'), "YAML line of 150,000 tabs"),
        "superlinear/ignored.html": (_page("<div data-perflint-ignore>" * ignored), "40,000 nested ignored elements"),
        "superlinear/globs/.gitignore": (b"*a*a*a*a*a*a*a*a*a*a*a*a*a*b\n", ".gitignore glob that backtracks"),
        "superlinear/globs/" + "a" * 60 + ".html": (b'<img src="x.png">\n', "a name that glob is matched against"),
        "superlinear/unsized/page.html": (_page(_UNSIZED * 30_000), "30,000 unsized images in 9.7 MB"),
        "superlinear/unsized/pic.png": (png_bytes(photo(40, 30)), "the image they show, which fix sizes them to"),
    }


def traversal_inputs(secret_image: str, secret_text: str) -> Files:
    """Pages and stylesheets that reference files outside the repository in every way they can."""
    absolute = [secret_image, secret_text, "/etc/passwd", "/etc/shadow"]
    relative = ["../" * 12 + "etc/passwd", "../../../outside/secret.png", "..%2F..%2F..%2Foutside%2Fsecret.png"]
    urls = [f"file://{secret_image}", "file:///etc/passwd", "file://localhost/etc/passwd", "/../../../etc/passwd"]
    urls += ["../links/outside-file.png", "../links/outside-folder/image.png", "\\..\\..\\etc\\passwd"]
    every = absolute + relative + urls
    images = "\n".join(f'<img src="{ref}" alt="x">' for ref in every)
    sheets = "\n".join(f'<link rel="stylesheet" href="{ref}">' for ref in every)
    srcset = '<img src="a.png" alt="x" srcset="' + ", ".join(f"{ref} {n + 1}x" for n, ref in enumerate(every)) + '">'
    css = "\n".join(f'.r{n} {{ background: url("{ref}"); }}' for n, ref in enumerate(every))
    imports = "\n".join(f'@import url("{ref}");' for ref in every)
    markdown = "\n\n".join(f"![x]({ref})" for ref in every)
    front = f"---\ntitle: Escape\ndescription: a page that points outside\nimage: {secret_image}\n---\n\n"
    return {
        "refs/traversal.html": (_page(images + "\n" + sheets + "\n" + srcset + f"\n<style>{css}</style>"), "HTML"),
        "refs/traversal.css": ((imports + "\n" + css + "\n").encode(), "CSS url() and @import leaving the tree"),
        "refs/traversal.md": ((front + markdown + "\n").encode(), "Markdown and front matter leaving the tree"),
        "refs/xxe.svg": (_xxe(secret_text), "SVG external entity reading a file outside"),
    }


def _xxe(target: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY secret SYSTEM "file://{target}">]>\n'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&secret;</text></svg>\n'
    ).encode()


_NAMED_PAGE = b'<img src="x.png">\n'  # one finding (img-alt) on line 1, whatever the name
HOSTILE_NAMES: dict[str | bytes, str] = {
    "names/-rf.html": "name that looks like a short option",
    "names/--help.html": "name that looks like a long option",
    "names/--format=json.html": "name that looks like an option with a value",
    "names/-.html": "name that is a dash",
    "names/new\nline.html": "name with a newline",
    "names/carriage\rreturn.html": "name with a carriage return",
    "names/tab\tname.html": "name with a tab",
    "names/with space.html": "name with spaces",
    "names/quote'single.html": "name with a single quote",
    'names/quote"double.html': "name with a double quote",
    "names/back\\slash.html": "name with a backslash",
    "names/$(touch code-ran).html": "name with shell command substitution",
    "names/`touch code-ran`.html": "name with backticks",
    "names/semi;colon&amp.html": "name with shell separators",
    "names/ünïcödé-名前.html": "name in Unicode",
    "names/\u202eevil.html": "name with a right-to-left override",
    "names/" + "n" * 240 + ".html": "name of 245 bytes",
    b"names/bad\xff\xfeutf8.html": "name that is not UTF-8",
    b"names/latin1-caf\xe9.html": "name in ISO-8859-1",
    "names/ends-with-space .html": "name ending in a space before the extension",
    "names/-dash-folder/-page.html": "folder and file named like options",
}


def hostile_names() -> Files:
    """One small page per hostile name."""
    return {os.fsdecode(name): (_NAMED_PAGE, what) for name, what in HOSTILE_NAMES.items()}
