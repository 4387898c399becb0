"""Run references: a run id, `latest` (the newest run) or `latest~N` (N runs before it), for every command."""

from __future__ import annotations

import re
from typing import Any

import click

_LATEST = re.compile(r"latest(?:~(\d{1,6}))?")


class RunRef(click.ParamType):
    """A click type for run ids that also accepts `latest` and `latest~N`, resolved against the store."""

    name = "RUN"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        """The run id that `value` names."""
        if isinstance(value, int):
            return value
        text = str(value).strip()
        if text.isascii() and text.isdigit():
            return int(text)
        match = _LATEST.fullmatch(text)
        if match is None:
            self.fail(f"{text[:40]!r} is not a run id; give a number, 'latest' or 'latest~N'", param, ctx)
        back = int(match.group(1) or 0)
        return resolve_latest(back, param, ctx, self)

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        """Shown in usage lines."""
        return "RUN"


def resolve_latest(back: int, param: click.Parameter | None, ctx: click.Context | None, kind: RunRef) -> int:
    """The id of the run `back` places before the newest one in the current store."""
    from mixplan.cli.app import current_app

    runs = current_app().store().list_runs(back + 1)
    if len(runs) <= back:
        stored = f"only {len(runs)} run(s) are stored" if runs else "no runs are stored"
        name = f"latest~{back}" if back else "latest"
        kind.fail(f"{name}: {stored}; make one with `mixplan plan FILE`", param, ctx)
    return runs[back].id


RUN_ID = RunRef()
"""The parameter type every command taking a run uses: `@click.argument("run_id", type=RUN_ID)`."""
