"""Exporter type: how a plan is turned into a file format; registered through a hook."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mixplan.model.plan import Plan


@dataclass(frozen=True)
class Exporter:
    """A named export format. `render` turns a plan into the file's bytes."""

    name: str
    description: str
    suffix: str
    media_type: str
    render: Callable[[Plan], bytes]
