"""Read a scenario from a YAML, JSON or TOML file into a validated Scenario, or fail with one clear message."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mixplan.errors import InputError
from mixplan.model.base import STRICT_NUMBERS, shorten, split_field_mark
from mixplan.model.scenario import Scenario
from pydantic import ValidationError

if TYPE_CHECKING:
    from mixplan.engine import Engine, ValidationSummary
    from mixplan.resolve import ChannelDataSource

SUFFIX_FORMATS = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".toml": "toml"}

# Discriminator tags that pydantic inserts into error locations of tagged unions; they are not fields.
_UNION_TAGS = {"hill", "piecewise", "fitted", "post_count", "spend"}


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file (.yaml/.yml, .json or .toml).

    Raises :class:`InputError` whose message names the file, the field path
    (e.g. ``channels[2].ads.min_daily_budget``) and what is wrong.
    """
    path = Path(path)
    data = read_document(path)
    return scenario_from_data(data, source=str(path)).from_folder(path.resolve().parent)


def load_and_validate(path: str | Path, engine: Engine, data: ChannelDataSource | None = None) -> ValidationSummary:
    """Load a scenario file and validate it with `engine`; every InputError names the file."""
    scenario = load_scenario(path)
    try:
        return engine.validate(scenario, data)
    except InputError as error:
        raise error.in_source(str(path)) from None


def read_document(path: Path) -> Any:
    """Parse a YAML, JSON or TOML file into plain Python data, with errors that give the line."""
    file_format = SUFFIX_FORMATS.get(path.suffix.lower())
    if file_format is None:
        known = ", ".join(sorted(SUFFIX_FORMATS))
        raise InputError(str(path), f"unknown file type {path.suffix!r}; use one of {known}")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except UnicodeDecodeError:
        raise InputError(str(path), "is not UTF-8 text") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot be read: {exc.strerror}") from None
    data = _parse(path, file_format, text)
    _check_depth(path, data)
    return data


MAX_DEPTH = 32
"""Deepest nesting of lists and tables a scenario file may have (a real one needs about 6)."""


_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser when PyYAML was built with it (about 10x faster on a 50,000-item catalogue), else PyYAML's own."""


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """PyYAML's safe loader, refusing a key given twice in one mapping (PyYAML keeps the last one)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key: the base class reports it
                break
            if duplicate:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {shorten(repr(key), 60)} appears twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _DuplicateKey(ValueError):
    """A JSON object names one key twice."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _parse(path: Path, file_format: str, text: str) -> Any:
    try:
        if file_format == "yaml":
            return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass
        if file_format == "json":
            return json.loads(text, object_pairs_hook=_unique_pairs)
        return tomllib.loads(text)
    except _DuplicateKey as exc:
        raise InputError(
            str(path), f"key {shorten(repr(exc.args[0]), 60)} appears twice in one object; keep one"
        ) from None
    except RecursionError:
        raise InputError(str(path), f"nests lists or tables too deeply (at most {MAX_DEPTH} levels)") from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):  # libyaml's own depth limit
            raise InputError(str(path), f"nests lists or tables too deeply (at most {MAX_DEPTH} levels)") from None
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise InputError(str(path), f"is not valid YAML{where}: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(str(path), f"is not valid YAML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"is not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), _toml_problem(str(exc), text)) from None
    except ValueError as exc:  # a number of more than 4300 digits (Python's int limit), from any of the parsers
        if "digits" in str(exc):
            found = re.search(r"\d{4301,}", text)
            line = f" at line {text.count(chr(10), 0, found.start()) + 1}" if found else ""
            raise InputError(
                str(path), f"holds a number with more than 4300 digits{line}; no field takes one that large"
            ) from None
        raise InputError(str(path), f"cannot be read: {shorten(str(exc), 160)}") from None


def _check_depth(path: Path, data: Any) -> None:
    """Refuse data nested deeper than MAX_DEPTH (validating it would recurse as deep), naming where."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            raise InputError(
                f"{path}: {shorten(where, 80)}" if where else str(path),
                f"nests lists or tables more than {MAX_DEPTH} levels deep; a scenario needs only a few",
            )
        if isinstance(value, dict):
            stack.extend((item, depth + 1, f"{where}.{key}" if where else str(key)) for key, item in value.items())
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{where}[{index}]") for index, item in enumerate(value))


def scenario_from_data(data: Any, source: str = "scenario") -> Scenario:
    """Validate already-parsed data as a Scenario; errors name `source` and the field path."""
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise InputError(source, f"must contain a mapping of scenario fields, but it is {kind}")
    try:
        return Scenario.model_validate(data, context={STRICT_NUMBERS: True})
    except ValidationError as exc:
        raise validation_error_to_input_error(exc, source) from None


def validation_error_to_input_error(exc: ValidationError, source: str) -> InputError:
    """Turn the first pydantic error into one InputError naming the field; count the rest."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    field = format_location(first["loc"])
    message = describe_error(first)
    name, message = split_field_mark(message)  # a strict-scalar error of one field
    if name is not None:
        field = f"{field}.{name}" if field else name
    more = len(errors) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    where = f"{source}: {field}" if field else source
    return InputError(where, message)


def format_location(location: tuple[Any, ...]) -> str:
    """Render a pydantic location as a field path, e.g. ``('channels', 2, 'platform')`` → ``channels[2].platform``."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        elif part in _UNION_TAGS or str(part).startswith("function-"):
            continue
        else:
            path += f".{part}" if path else str(part)
    return path


def describe_error(error: Any) -> str:
    """A short user-facing sentence for one pydantic error."""
    kind = error["type"]
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if message.startswith(prefix):
            message = message[len(prefix) :]
    if kind == "extra_forbidden":
        return "unknown field; check the spelling (see `mixplan schema` for the allowed fields)"
    if kind == "missing":
        return "is required but missing"
    if kind == "union_tag_invalid":
        return f"{message}"
    given = error.get("input")
    if kind in ("finite_number",) or (isinstance(given, float) and given != given):
        return "must be a finite number, not NaN or infinity"
    if isinstance(given, (str, int, float, bool)) and kind not in ("value_error", "assertion_error"):
        return f"{shorten(message, 120)} (got {shorten(repr(given), 60)})"
    return message


_TOML_OVERWRITE = re.compile(r"Cannot overwrite a value \(at line (\d+), column \d+\)")


def _toml_problem(message: str, text: str) -> str:
    """tomllib's complaint; a key given twice is named (tomllib names only its line)."""
    found = _TOML_OVERWRITE.fullmatch(message)
    lines = text.splitlines()
    if found is not None and 0 < int(found.group(1)) <= len(lines):
        number = int(found.group(1))
        key = lines[number - 1].split("=", 1)[0].strip()
        return f"key {shorten(repr(key), 60)} appears twice in one table (line {number}); keep one"
    return f"is not valid TOML: {shorten(message, 160)}"
