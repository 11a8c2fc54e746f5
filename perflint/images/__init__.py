"""Read image headers without decoding pixels and without importing Pillow."""
