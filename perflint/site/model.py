"""The site model of a run: for any file, which site it belongs to and what the build does with it.

Built once per process and asked by the engine and the rules (through their context), so that
no rule guesses on its own whether a file is a page, a template or never published.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from perflint.kinds import MARKDOWN, TEXT_EXTENSIONS
from perflint.site.detect import SiteLayout, detect
from perflint.site.drafts import draft_reason
from perflint.site.generators import Role
from perflint.tree import files_under

if TYPE_CHECKING:  # imported where asked: only Markdown pages need them, and a commit's start-up is short
    from perflint.site.pipeline import Pipeline
    from perflint.site.supplies import HeadSupply, LayoutGaps


@dataclass(frozen=True)
class Placement:
    """What a file is to its site, and why perflint thinks so (shown by `perflint site`)."""

    role: Role
    generator: str
    root: Path
    why: str


class SiteModel:
    """Answers what each file is; sites are found once per folder."""

    def __init__(self, forced_generator: str | None = None) -> None:
        self.forced_generator = forced_generator
        self._site = functools.lru_cache(maxsize=4096)(self._detect)

    def place(self, path: Path, boundary: Path) -> Placement:
        """Return the placement of `path`, a file inside `boundary` (the repository or checked folder)."""
        absolute = Path(os.path.abspath(path))
        site = self._site(absolute.parent, Path(os.path.abspath(boundary)))
        relative = absolute.relative_to(site.root).as_posix() if absolute.is_relative_to(site.root) else absolute.name
        convention = site.convention_for(relative)
        if convention.role is Role.PAGE and (draft := draft_reason(absolute, site)):
            return Placement(Role.UNPUBLISHED, site.generator.name, site.root, draft)
        return Placement(convention.role, site.generator.name, site.root, convention.why)

    def head_supply(self, page: Path, boundary: Path) -> HeadSupply:
        """Return the title and description the site writes for a Markdown page whose front matter has none."""
        from perflint.site.supplies import head_supply

        absolute = Path(os.path.abspath(page))
        return head_supply(self._site(absolute.parent, Path(os.path.abspath(boundary))), absolute)

    def layout_gaps(self, layout: Path, boundary: Path) -> tuple[LayoutGaps, int]:
        """Return what no layout of the layout's site writes into a page's head, and how many
        Markdown pages the site publishes (every one of them lacks it)."""
        from perflint.site.supplies import NO_GAPS, layout_gaps

        site = self._site(Path(os.path.abspath(layout)).parent, Path(os.path.abspath(boundary)))
        gaps = layout_gaps(site)
        return gaps, (_markdown_pages(site) if gaps != NO_GAPS else 0)

    def layout_stylesheets(self, page: Path, boundary: Path) -> tuple[str, ...]:
        """Return the addresses of the stylesheets that every layout of the page's site links."""
        from perflint.site.stylesheets import layout_stylesheets

        return layout_stylesheets(self._site(Path(os.path.abspath(page)).parent, Path(os.path.abspath(boundary))))

    def image_pipeline(self, page: Path, boundary: Path) -> Pipeline:
        """Return what the build of the page's site does to the images of its Markdown pages."""
        from perflint.site.pipeline import image_pipeline

        placement = self.place(page, boundary)
        return image_pipeline(placement.generator, placement.root)

    def size_maker(self, page: Path, boundary: Path) -> str | None:
        """Say what the page's generator offers to make smaller versions of an image, with their srcset."""
        from perflint.site.pipeline import size_maker

        return size_maker(self.place(page, boundary).generator)

    def is_named(self, image: Path, boundary: Path) -> bool:
        """Tell whether some text file of the repository names the image, so that a page may show it."""
        from perflint.site.mentions import is_named

        return is_named(Path(os.path.abspath(image)), Path(os.path.abspath(boundary)))

    def served_resized(self, image: Path, boundary: Path) -> str | None:
        """Say how the build serves pages resized copies of an image, so that no page loads the file itself;
        None where it may not."""
        from perflint.site.pipeline import served_resized

        placement = self.place(image, boundary)
        relative = Path(os.path.abspath(image)).relative_to(placement.root).as_posix()
        return served_resized(placement.generator, placement.root, relative)

    def is_build_input(self, path: Path, boundary: Path) -> bool:
        """Tell whether the build serves a file only as its pipeline makes it (Hugo `assets/`, Astro
        `src/assets/`), so that its size on disk is not what browsers download."""
        return self.place(path, boundary).role is Role.BUILD_INPUT

    def _detect(self, folder: Path, boundary: Path) -> SiteLayout:
        return detect(folder, boundary, self.forced_generator)


@functools.lru_cache(maxsize=16)
def _markdown_pages(site: SiteLayout) -> int:
    """Count the Markdown pages a site publishes."""
    markdown = {suffix for suffix, kind in TEXT_EXTENSIONS.items() if kind == MARKDOWN}
    return sum(
        1
        for path in files_under(site.root)
        if path.suffix.lower() in markdown
        and site.convention_for(path.relative_to(site.root).as_posix()).role is Role.PAGE
    )
