"""Which image files are icons: favicons, touch icons and tiles, which browsers and systems read in set formats."""

from __future__ import annotations

from perflint.globs import glob_set

ICON_FILES = ("*.ico", "favicon*", "apple-touch-icon*", "android-chrome-*", "mstile-*", "icons/")


def is_icon(image_format: str, relative: str, globs: tuple[str, ...] = ICON_FILES) -> bool:
    """Tell whether an image (its path relative to the project root) is an icon: an ICO file, or one `globs` match."""
    return image_format == "ico" or glob_set(globs).match(relative)
