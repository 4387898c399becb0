"""Built-in platform plugins, one module per platform, using only the public hooks."""
