"""The image document: header facts, with the bytes read only when a rule needs pixels."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import BinaryIO

from perflint.documents.source import SourceFile, Unreadable
from perflint.images.probe import ImageInfo, UnreadableImage, probe
from perflint.suppression import Suppressions


@dataclass(frozen=True)
class ImageDoc:
    """An image file and what its header says."""

    source: SourceFile
    size: int
    info: ImageInfo
    suppressions: Suppressions = field(default_factory=Suppressions)  # images hold no suppression comments

    @functools.cached_property
    def content(self) -> bytes:
        """Return the whole file; only measured rules call this."""
        return self.source.path.read_bytes()


def load_image(source: SourceFile, stream: BinaryIO, size: int, image_format: str) -> ImageDoc:
    """Read the header of an open image file."""
    try:
        return ImageDoc(source, size, probe(stream, size, image_format))
    except UnreadableImage as error:
        raise Unreadable(str(error)) from None
