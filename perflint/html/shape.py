"""Tell whether adding `width` and `height` attributes to an <img> keeps the shape it renders at.

The attributes are presentational hints: any width or height that CSS sets beats them. Where
the page's CSS scales an image's width (`max-width: 100%`, `width: 100%`) and sets no height,
the height attribute becomes the rendered height while the width shrinks on a phone, and the
picture is squashed. So the attributes keep the shape only where nothing may scale the width,
or where CSS also sets the height (`height: auto` is enough) wherever the width is scaled: in
the same rule, in a rule that surely applies to the image, or in its `style` attribute. A page
whose styles perflint cannot all read (a remote or templated stylesheet) may scale anything.
"""

from __future__ import annotations

from perflint.html.sizing import HEIGHT, SCALE, WIDTH, PageStyles, SizeRule, Value, inline_scaling, matching
from perflint.html.tokenizer import Tag


def attributes_keep_shape(tag: Tag, styles: PageStyles, names: frozenset[str] | None) -> bool:
    """Tell whether `width` and `height` attributes with the image's own size leave its rendered shape as it is."""
    if not styles.complete:
        return False
    inline = inline_scaling(tag)
    if HEIGHT in inline:
        return True  # the style attribute sets the height: the attribute is never used
    rules = matching(tag, styles, names)
    if any(rule.sure and HEIGHT in rule.values for rule in rules):
        return True
    scaling = [rule for rule in rules if _scales(rule)]
    return not inline & {WIDTH, SCALE} and all(HEIGHT in rule.values for rule in scaling)


def _scales(rule: SizeRule) -> bool:
    """Tell whether a rule may change the image's width from its own: a width or a limit other than `auto`/`none`."""
    return any(name in rule.values and rule.values[name][0] is not Value.NONE for name in (WIDTH, SCALE))
