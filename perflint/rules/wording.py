"""Phrases that several rules' messages share, so every message reads the same way."""

from __future__ import annotations

from perflint.html.tokenizer import Tag
from perflint.images.probe import ImageInfo


def budget(limit: str, what: str, scope: str | None) -> str:
    """Name a budget and where it applies: the config globs that set it, else `what`."""
    return f"the {limit} budget for {scope or what}"


def pixels(info: ImageInfo) -> str:
    """Return an image's size in pixels, e.g. "5000 x 3750 px"."""
    return f"{info.width} x {info.height} px"


def element(tag: Tag, attribute: str = "src") -> str:
    """Name an element the way its page shows it, e.g. `<img src="img/team.jpg">`."""
    value = tag.attrs.get(attribute)
    if value is None:
        return f"<{tag.name}>"
    shown = value if len(value) <= 60 else value[:57] + "..."
    return f'<{tag.name} {attribute}="{shown}">'


def quote(text: str, limit: int = 40) -> str:
    """Quote the start of a text, e.g. "Three new plans for small...", for messages."""
    return f'"{text}"' if len(text) <= limit else f'"{text[: limit - 3].rstrip()}..."'
