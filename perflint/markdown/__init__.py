"""Markdown pages of static sites: their front matter and body, read as the site generators read them."""
