"""Generate the reference pages: docs/scenario.md, docs/hooks.md and the default tables of docs/platforms.md.

docs/scenario.md comes from the model, docs/hooks.md from the hook specs, and each platform's table in
docs/platforms.md from the ``sources`` its plugin builds out of its sourced declarations (the prose
around the tables is written by hand and kept).

Run ``python scripts/reference_docs.py docs/`` after changing the model or a hook; the test suite fails
when the committed pages differ from what this module generates.
"""

from __future__ import annotations

import inspect
import re
import sys
from decimal import Decimal
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from mixplan import hookspecs
from mixplan.model import PlatformSpec
from mixplan.model.plan import Plan
from mixplan.model.scenario import Scenario
from pydantic import BaseModel

SCENARIO_INTRO = """# Scenario file reference

A scenario is one YAML, JSON or TOML file (or a `mixplan.Scenario` built in Python). This page is
generated from the model by `python scripts/reference_docs.py docs/`; `mixplan schema` prints the same
as JSON Schema. Unknown fields are errors. Money is written as a string or number with at most two
decimals (`"12.50"`) and at most 1,000,000,000,000 in major units; dates as `YYYY-MM-DD`; shares and
rates between 0 and 1. Numbers must be finite (no NaN or infinity) and stay within sensible bounds:
multipliers such as event uplifts and content value weights at most 100, Hill `shape` at most 20,
post counts at most 100,000, hours at most 8,784 (366 days), audience sizes at most 10,000,000,000.
A scenario whose channels could together earn more than 1,000,000,000,000,000 in the plan (e.g. a huge
audience times a huge order value) is refused as well, naming the channel that contributes most.
"""

HOOKS_INTRO = """# Hook reference

Plugins implement these hooks with `@mixplan.hookimpl` on functions of the same name (see
docs/plugin-guide.md). This page is generated from `mixplan.hookspecs` by
`python scripts/reference_docs.py docs/`; a test fails when it is out of date, and another when a hook
has no test.
"""


def hook_names() -> list[str]:
    """Names of every hook specification, in source order."""
    return [name for name, _ in _hook_functions()]


def _hook_functions() -> list[tuple[str, Any]]:
    functions = [
        (name, function)
        for name, function in vars(hookspecs).items()
        if name.startswith("mixplan_") and inspect.isfunction(function)
    ]
    return sorted(functions, key=lambda pair: pair[1].__code__.co_firstlineno)


def hooks_markdown() -> str:
    """The hook reference page."""
    parts = [HOOKS_INTRO]
    for name, function in _hook_functions():
        options = getattr(function, "mixplan_spec", {}) or {}
        signature = str(inspect.signature(function)).replace("'", "")
        parts.append(f"## `{name}`\n")
        parts.append(f"```python\n{name}{signature}\n```\n")
        if options.get("firstresult"):
            parts.append("*First result wins:* plugins are asked in turn until one returns something.\n")
        parts.append(inspect.cleandoc(function.__doc__ or "") + "\n")
    return "\n".join(parts)


PLAN_INTRO = """# Plan reference

A `mixplan.Plan` is what `mixplan.plan` returns and what a run stores. This page is generated from
the model by `python scripts/reference_docs.py docs/`; a test fails when it is out of date. Money is
a decimal string in the scenario's currency (`"12.50"`), times are ISO 8601 with their UTC offset,
dates `YYYY-MM-DD`. `Plan.model_validate_json(text)` reads a plan back.

## Where a plan appears as JSON

- `mixplan export RUN --format json` (and `plan.as_json()`) write the `Plan` document below.
- `mixplan plan --json` (and `runs show RUN --json`) print an envelope around it:

```json
{
  "run_id": 12,
  "status": "optimal",
  "channels": [{"channel": "ig_main", "ad_spend": "300.00", "boost_spend": "40.00",
                "paid_revenue": "910.55", "organic_revenue": "120.10", "roas": 2.73, "posts": 18}],
  "posts": [{"start": "2026-11-23T09:00:00+01:00", "channel": "ig_main", "channel_name": "Instagram shop",
             "title": "Winter drop", "format": "reel", "boost": "20.00"}],
  "warnings": ["ig_main: no post on 7 days in a row (2026-12-01 to 2026-12-07)"],
  "plan": {"...": "the Plan document below"}
}
```

`run_id` is null with `--no-store`; `status` is `report.status`; `channels` has one row per
channel in scenario order (`paid_revenue` includes boosts; `roas` is null without spend); `posts`
lists the calendar in local time (`channel` the id, `channel_name` the name the terminal shows)
with `boost` null when the post is not promoted; `warnings` are
the sentences `plan` prints on stderr (only `plan --json` has them).
"""


def model_reference(root: type[BaseModel], intro: str) -> str:
    """A reference page for `root` and every model it nests: one table per model (type, default, description)."""
    parts = [intro]
    for model in _models_in_order(root):
        parts.append(f"## {model.__name__}\n")
        doc = inspect.cleandoc(model.__doc__ or "")
        if doc:
            parts.append(doc + "\n")
        parts.append("| field | type | default | description |")
        parts.append("|---|---|---|---|")
        for name, info in model.model_fields.items():
            default = "required" if info.is_required() else _format_default(info)
            description = (info.description or "").replace("|", "\\|").replace("\n", " ")
            parts.append(f"| `{name}` | {_format_type(info.annotation)} | {default} | {description} |")
        parts.append("")
    return "\n".join(parts)


def scenario_markdown() -> str:
    """The scenario file reference page: one table per model, fields with type, default and description."""
    return model_reference(Scenario, SCENARIO_INTRO)


def plan_markdown() -> str:
    """The plan reference page: the `plan --json` envelope, then every model of a `Plan`."""
    return model_reference(Plan, PLAN_INTRO)


def _format_default(info: Any) -> str:
    value = info.default_factory() if info.default_factory is not None else info.default
    if isinstance(value, BaseModel):
        return "(defaults)"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return f"`{text}`" if value not in (None, [], {}) else ("none" if value is None else f"`{text}`")


def _format_type(annotation: Any) -> str:
    return _type_name(annotation).replace("|", "\\|")


def _type_name(annotation: Any) -> str:
    """A short readable name of a type annotation: Annotated metadata dropped, unions as `a | b`."""
    origin = get_origin(annotation)
    arguments = get_args(annotation)
    if origin is Annotated:
        return _type_name(arguments[0])
    if origin in (Union, UnionType):
        return " | ".join(_type_name(argument) for argument in arguments)
    if origin is Literal:
        return " / ".join(f'"{argument}"' for argument in arguments)
    if origin is not None:
        name = getattr(origin, "__name__", str(origin))
        return f"{name}[{', '.join(_type_name(argument) for argument in arguments)}]"
    if annotation is type(None):
        return "None"
    if annotation is Decimal:
        return "money"
    return getattr(annotation, "__name__", str(annotation))


def _models_in_order(root: type[BaseModel]) -> list[type[BaseModel]]:
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for info in model.model_fields.values():
            for inner in _nested_models(info.annotation):
                visit(inner)

    visit(root)
    return seen


def _nested_models(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    for argument in getattr(annotation, "__args__", ()) or ():
        found += _nested_models(argument)
    metadata = getattr(annotation, "__metadata__", ())
    if metadata:
        found += _nested_models(getattr(annotation, "__origin__", None))
    return found


GENERATED_TABLE = re.compile(
    r"<!-- generated: the defaults of (?P<platform>[a-z0-9_]+) (?P<note>[^\n]*)-->\n.*?<!-- end generated -->",
    flags=re.DOTALL,
)


def defaults_table(spec: PlatformSpec) -> str:
    """One platform's defaults as a Markdown table: the fact, its source and its year ("—" for none)."""
    rows = ["| Default | Source | Year |", "|---|---|---|"]
    for fact in spec.sources:
        year = "—" if fact.year is None else str(fact.year)
        rows.append(f"| `{fact.fact}` | {fact.source.replace('|', chr(92) + '|')} | {year} |")
    return "\n".join(rows)


def builtin_specs() -> dict[str, PlatformSpec]:
    """The built-in platforms' specs, by id (no entry points, no environment restrictions)."""
    from mixplan.plugin_host import PluginHost

    host = PluginHost(load_entry_points=False, environ={})
    return {platform_id: host.platform(platform_id).spec for platform_id in host.platforms}


def platforms_markdown(current: str, specs: dict[str, PlatformSpec] | None = None) -> str:
    """``current`` (the text of docs/platforms.md) with every generated table made anew from the specs."""
    known = builtin_specs() if specs is None else specs

    def table(match: re.Match[str]) -> str:
        platform_id = match.group("platform")
        if platform_id not in known:
            raise KeyError(f"docs/platforms.md has a table for {platform_id!r}, which no built-in plugin declares")
        head = f"<!-- generated: the defaults of {platform_id} {match.group('note')}-->"
        return f"{head}\n{defaults_table(known[platform_id])}\n<!-- end generated -->"

    return GENERATED_TABLE.sub(table, current)


def write_pages(directory: Path) -> list[Path]:
    """Write scenario.md, hooks.md and plan.md into `directory`, renew the tables of its platforms.md; the paths."""
    platforms = directory / "platforms.md"
    pages = {
        "scenario.md": scenario_markdown(),
        "hooks.md": hooks_markdown(),
        "plan.md": plan_markdown(),
        "platforms.md": platforms_markdown(platforms.read_text(encoding="utf-8")),
    }
    written = []
    for name, text in pages.items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_pages(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")):
        print(f"wrote {written_path}")
