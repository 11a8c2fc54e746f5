"""Parsed documents, one kind per module: each file is read and parsed once for all rules."""
