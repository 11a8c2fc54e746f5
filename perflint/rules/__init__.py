"""The registry: every rule perflint has, listed by hand, keyed by name."""

from __future__ import annotations

from typing import Any

from perflint.rules import (
    alt_quality,
    css_bytes,
    css_fixed_width,
    css_import,
    css_unminified,
    description_length,
    font_display,
    html_lang,
    image_aspect_ratio,
    image_bytes,
    image_compressible,
    image_dimensions,
    image_format,
    image_metadata,
    image_responsive,
    img_alt,
    img_size,
    lcp_lazy_loaded,
    lfs_pointer,
    meta_charset,
    meta_description,
    meta_social,
    meta_title,
    meta_viewport,
    offscreen_images,
    page_weight,
    render_blocking_resources,
    title_length,
    unreadable_file,
    unused_css_rules,
    viewport_width,
    viewport_zoom,
)
from perflint.rules.base import Rule

RULES: dict[str, Rule[Any, Any]] = {
    rule.name: rule
    for rule in (
        unreadable_file.RULE,
        lfs_pointer.RULE,
        image_bytes.RULE,
        image_dimensions.RULE,
        image_metadata.RULE,
        image_format.RULE,
        image_compressible.RULE,
        css_unminified.RULE,
        css_bytes.RULE,
        css_import.RULE,
        css_fixed_width.RULE,
        font_display.RULE,
        unused_css_rules.RULE,
        img_alt.RULE,
        alt_quality.RULE,
        img_size.RULE,
        image_aspect_ratio.RULE,
        render_blocking_resources.RULE,
        offscreen_images.RULE,
        lcp_lazy_loaded.RULE,
        page_weight.RULE,
        image_responsive.RULE,
        meta_title.RULE,
        title_length.RULE,
        meta_description.RULE,
        description_length.RULE,
        meta_social.RULE,
        html_lang.RULE,
        meta_charset.RULE,
        meta_viewport.RULE,
        viewport_width.RULE,
        viewport_zoom.RULE,
    )
}
