from __future__ import annotations

from pathlib import Path

import pytest

from perflint.site.model import SiteModel
from perflint.site.pipeline import Pipeline
from tests.checking import check_tree
from tests.imagefactory import noise_png


def site(root: Path, files: dict[str, str]) -> Pipeline:
    """Write a site's files and return what its build does to the images of content/post.md."""
    for name, text in {**files, "content/post.md": "---\ntitle: T\n---\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return SiteModel().image_pipeline(root / "content" / "post.md", root)


RESIZING_HOOK = '{{ with .Page.Resources.Get .Destination }}<img src="{{ (.Resize "800x").RelPermalink }}">{{ end }}'


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({}, Pipeline()),  # a plain site serves its files as they are
        ({"hugo.toml": ""}, Pipeline()),
        ({"hugo.toml": "", "layouts/_markup/render-image.html": RESIZING_HOOK}, Pipeline(markdown_images=True)),
        (
            {"hugo.toml": "", "themes/t/layouts/_default/_markup/render-image.html": RESIZING_HOOK},
            Pipeline(markdown_images=True),
        ),
        (
            {"hugo.toml": "", "layouts/_markup/render-image.html": '{{ partial "img" . }}'},
            Pipeline(unsure="the site's render hook for images calls a partial, which may serve the images resized"),
        ),
        (
            {"hugo.toml": "", "layouts/_markup/render-image.html": '<img src="{{ .Destination }}" loading="lazy">'},
            Pipeline(),
        ),
        ({"hugo.toml": 'theme = "PaperMod"\n', "themes/PaperMod/theme.toml": ""}, Pipeline()),
        ({"hugo.yaml": "params:\n  theme: dark\n"}, Pipeline()),  # a theme setting, not the theme
        ({"hugo.toml": '[params]\ntheme = "dark"\n'}, Pipeline()),
        (
            {"hugo.toml": 'theme = "PaperMod" # from a module\n'},
            Pipeline(
                unsure="the site's theme is not in the repository, and its render hook may serve the images resized"
            ),
        ),
        (
            {"hugo.toml": '[module]\n[[module.imports]]\npath = "github.com/x/theme"\n'},
            Pipeline(
                unsure="the site's theme is not in the repository, and its render hook may serve the images resized"
            ),
        ),
        ({"astro.config.mjs": ""}, Pipeline(relative_images=True)),
        ({"eleventy.config.js": "export default function (c) {}"}, Pipeline()),
        (
            {"eleventy.config.js": "c.addPlugin(eleventyImageTransformPlugin)"},
            Pipeline(every_image=True),
        ),
        (
            {
                "eleventy.config.js": 'import images from "./config/images.js";\nc.addPlugin(images);',
                "config/images.js": 'import { eleventyImageTransformPlugin } from "@11ty/eleventy-img";',
            },
            Pipeline(every_image=True),
        ),
        (
            {"eleventy.config.js": "", "package.json": '{"dependencies": {"@11ty/eleventy-img": "^6"}}'},
            Pipeline(unsure="the site installs @11ty/eleventy-img (package.json), which may serve the images resized"),
        ),
    ],
)
def test_pipeline(tmp_path: Path, files: dict[str, str], expected: Pipeline) -> None:
    assert site(tmp_path, files) == expected


def test_config_imports_outside_the_site_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "outside.js").write_text("eleventyImageTransformPlugin")
    files = {"eleventy.config.js": 'import x from "../outside.js";'}
    assert site(tmp_path / "site", files) == Pipeline()


@pytest.mark.parametrize(("hook", "severity"), [(RESIZING_HOOK, "warning"), ("<img src={{ .Destination }}>", "error")])
def test_a_page_bundle_image_the_build_resizes_is_over_budget_only_on_disk(
    tmp_path: Path, hook: str, severity: str
) -> None:
    files = {
        "hugo.toml": b"",
        "layouts/_markup/render-image.html": hook.encode(),
        "content/post/index.md": b"---\ntitle: T\n---\n![A photo](photo.png)\n",
        "content/post/photo.png": noise_png(2700, 30),  # over the pixel budget
    }
    report = check_tree(tmp_path, files, select="image-dimensions")
    [finding] = report.findings
    assert finding.severity.value == severity
    assert ("the site's build serves pages resized copies of it" in finding.message) is (severity == "warning")
