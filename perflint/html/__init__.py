"""HTML knowledge the rules share: a tokenizer with exact positions, and readers of attribute values."""
