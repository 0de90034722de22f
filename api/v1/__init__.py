"""Version 1 of the public read API: shops and their products, read-only and anonymous."""
