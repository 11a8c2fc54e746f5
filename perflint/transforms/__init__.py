"""Pure transforms of file content (bytes -> bytes, str -> str); they never touch the disk."""
