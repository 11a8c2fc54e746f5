"""A verified change to one file, before the writer writes it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perflint.documents.text import Decoded, decode


@dataclass(frozen=True)
class Proposal:
    """New content for a file (or its sibling), verified, not yet written."""

    data: bytes
    changes: tuple[str, ...]
    text: tuple[str, str] | None = None  # (before, after) for text files, for --diff
    sibling: Path | None = None
    lossy: bool = False  # made by a lossy encode, now or earlier: listed in the lossy manifest once written
    optimized: bool = False  # an image whose last step was lossless optimisation: the check need not measure it


@dataclass(frozen=True)
class Declined:
    """A file a fix would be wanted for but that perflint leaves alone on purpose, and why."""

    reason: str


def encode(decoded: Decoded, text: str) -> bytes:
    """Encode text back the way the file was: same encoding, same byte order mark."""
    bom = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
    prefix = bom.get(decoded.encoding, b"") if decoded.bom else b""
    return prefix + text.encode(decoded.encoding, errors="strict")


def round_trips(decoded: Decoded, data: bytes) -> bool:
    """Tell whether decoded text encodes back to exactly `data`, so edits keep every other byte."""
    try:
        return encode(decoded, decoded.text) == data
    except UnicodeEncodeError:
        return False


def reencodes(data: bytes) -> Decoded | None:
    """Decode text that encodes back to exactly the same bytes, else None."""
    decoded = decode(data)
    return decoded if round_trips(decoded, data) else None
