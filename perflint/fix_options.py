"""What `perflint fix` may do: the `[fix]` config table, each key also a command-line option."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from perflint.options import option
from perflint.sizes import ByteSize


@dataclass(frozen=True)
class FixOptions:
    min_saving: ByteSize = option(ByteSize(1024), "Rewrite an image only when it gets at least this much smaller.")
    min_percent: float = option(5.0, "... and at least this many percent smaller.", high=100)
    lossy: Literal["auto", "never", "always"] = option(
        "auto",
        "Re-compress images lossily: auto (only images over their byte or pixel budget; the others "
        "get lossless optimisation only), never, or always. The quality is chosen per image to stay "
        "above lossy-target.",
    )
    lossy_target: float = option(
        80.0,
        "Lowest SSIMULACRA2 similarity to the original a lossy re-compression may score "
        "(100 = identical, 90 = no visible difference, 80 = very high quality; 30, low quality, at the least).",
        low=30,
        high=100,
    )
    convert: Literal["off", "webp", "avif"] = option(
        "off",
        "Convert JPEG and PNG images to WebP or AVIF and point every page and stylesheet at the new "
        "file (an unsafe fix: needs unsafe-fixes; the original stays).",
    )
    keep_icc: bool = option(True, "Keep images' ICC colour profiles (they change how colours look).")
    keep_copyright: bool = option(
        True, "Keep images' EXIF Copyright and Artist and XMP/IPTC rights statements (small, often contractual)."
    )
    css: Literal["in-place", "sibling", "off"] = option(
        "sibling",
        'Minify stylesheets into a ".min.css" beside each, kept in sync, with the pages pointed at it '
        "and the readable file left as it is (sibling); or in place; or leave them (off).",
    )
    lazy_loading: bool = option(
        False, 'Add loading="lazy" decoding="async" to a page\'s images after the first, but its likely LCP image.'
    )
    unsafe_fixes: bool = option(
        False, "Also apply fixes that change more than the finding (a viewport tag, convert, copies for phones)."
    )


DEFAULTS = FixOptions()  # the built-in settings, where no config is read (a check alone, a test)
