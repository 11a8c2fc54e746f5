"""Whole-page facts: the files a page makes the browser download, and the budgets that apply."""
