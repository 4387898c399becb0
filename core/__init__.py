"""mixplan: plan a brand's posting calendar and ad spend with an exact, explained optimization."""

from importlib.metadata import PackageNotFoundError, version

import pluggy

try:
    __version__ = version("mixplan")
except PackageNotFoundError:  # running from a source tree without an install
    __version__ = "0.0.0"

hookimpl = pluggy.HookimplMarker("mixplan")
"""Marker for plugin hook implementations: ``@hookimpl`` on functions named after the hooks."""

__all__ = ["__version__", "hookimpl"]
