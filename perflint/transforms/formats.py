"""Which image formats `perflint fix` can re-compress lossily (and so scale down); rules say so in their advice."""

LOSSY_FORMATS = frozenset({"jpeg", "png", "webp"})
