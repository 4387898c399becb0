"""Facts about the built-in platform plugins that several test modules share."""

BUILTIN_IDS = ("instagram", "facebook", "tiktok", "linkedin", "youtube", "x", "pinterest", "google_ads", "email")
"""The nine built-in platforms, in the order of ``DEFAULT_PLUGINS``."""
