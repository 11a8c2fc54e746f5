"""Stylesheet helpers shared by the CSS rules and the fixer: minify, compare, and read facts."""
