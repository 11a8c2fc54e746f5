"""Convert JPEG and PNG images to WebP or AVIF, and point every reference at the new file.

An unsafe fix (it needs `unsafe-fixes`): references perflint cannot see, in scripts or
templates, or in a CMS, would still name the old file. So the original stays where it is, and
the fix line says how to delete it once nothing uses it.

References are found as text (see perflint.references); only the extension in each changes,
every other byte of the file stays as it was. A converted file that already exists (an
earlier run's) is not written again, but references are still pointed at it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from perflint.documents.source import SourceFile
from perflint.fix.proposal import Proposal, encode, reencodes
from perflint.fix_options import FixOptions
from perflint.references import mentions
from perflint.site import Site

SUFFIXES = {"webp": ".webp", "avif": ".avif"}
CONVERTIBLE = frozenset({"jpeg", "png"})


def convert_image(
    source: SourceFile, original: bytes, image_format: str, options: FixOptions, compressed_lossily: bool
) -> Proposal | None:
    """Propose the converted sibling file, or None when it would not pay.

    Only a conversion that keeps every pixel for an image perflint compressed lossily before
    (`compressed_lossily`): a lossy one would lose more detail on top (generation loss).
    """
    from perflint.fix.images import kept_extras
    from perflint.transforms.lossy import encode_lossy

    target = converted_name(source.path, options.convert)
    exact = options.lossy == "never" or compressed_lossily
    target_score = 100.0 if exact else options.lossy_target
    try:
        extras = kept_extras(original, image_format, options)
        result = encode_lossy(original, image_format, target_score, None, extras, options.convert)
    except Exception:  # hostile input makes Pillow and the encoders raise all sorts
        return None
    if result is None or (exact and not result.exact):
        return None
    saving = len(original) - len(result.data)
    if saving < options.min_saving or 100 * saving / len(original) < options.min_percent:
        return None
    quality = "every pixel kept" if result.exact else f"similarity {result.score:.0f}/100, minimum {target_score:g}"
    changes = (
        f"converted to {result.setting} ({quality})",
        "the original stays: delete it (git rm) once nothing outside the pages and stylesheets uses it",
    )
    return Proposal(result.data, changes, sibling=target, lossy=not result.exact)


def converted_name(path: Path, image_format: str) -> Path:
    """Name the converted file: the same name with the new extension, beside the original."""
    return path.with_suffix(SUFFIXES[image_format])


def rewrite_references(source: SourceFile, data: bytes, converted: Mapping[Path, Path], site: Site) -> Proposal | None:
    """Point the references in one page or stylesheet at other files (`hero.jpg` -> `hero.webp`,
    `site.css` -> `site.min.css`); None when it names none of them."""
    decoded = reencodes(data)
    if decoded is None:
        return None
    text = decoded.text
    edits: dict[int, tuple[int, str]] = {}  # start of the differing end of the name -> (its end, the new end)
    renamed: dict[tuple[str, str], int] = {}
    for mention in mentions(text, converted.keys(), source, site):
        old, new = mention.target, converted[mention.target]
        kept = _common_start(old.name.lower(), new.name.lower())  # the name as written keeps its case
        edits[mention.end - len(old.name) + kept] = (mention.end, new.name[kept:])
        renamed[old.name, new.name] = renamed.get((old.name, new.name), 0) + 1
    if not edits:
        return None
    parts, done = [], 0  # spliced in one pass: linear in the text, however many references it holds
    for start, (end, suffix) in sorted(edits.items()):
        parts += [text[done:start], suffix]
        done = end
    fixed = "".join([*parts, text[done:]])
    changes = tuple(
        f"points at {new} instead of {old}" + (f" ({count} references)" if count > 1 else "")
        for (old, new), count in renamed.items()
    )
    return Proposal(encode(decoded, fixed), changes, (text, fixed))


def _common_start(first: str, second: str) -> int:
    """Return how many characters two names share at their start."""
    shared = min(len(first), len(second))
    return next((index for index in range(shared) if first[index] != second[index]), shared)
