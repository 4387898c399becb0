"""The Jinja2 environment of the report: templates from ``mixplan/templates/report/``, autoescaped."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment() -> jinja2.Environment:
    """The shared environment (loaded once); undefined names are errors, every value is escaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("mixplan", "templates/report"),
        autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
