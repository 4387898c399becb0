"""Import response curves from a marketing-mix model's report (CSV or JSON of Hill parameters).

Both formats give, per channel, the daily Hill curve in money of the scenario's currency:
``max_revenue``, ``half_saturation``, ``shape`` and optionally ``carryover`` (geometric decay per
day, 0 when absent). Posterior draws or bootstrap samples may be given too; they become the
curve's samples for the risk-aware objective. See docs/data.md for the layouts and for how to
convert Robyn, Meridian and PyMC-Marketing outputs.

CSV: header ``channel,max_revenue,half_saturation,shape[,carryover][,draw]``; a row whose ``draw``
is empty (or a file without that column) is the channel's point estimate, rows with a draw
number are samples. A channel with samples but no point row gets the per-parameter median.

JSON: ``{"source": "...", "curves": [{"channel": ..., "max_revenue": ..., "half_saturation": ...,
"shape": ..., "carryover": ..., "samples": [{...}, ...]}]}`` (or just the list of curves).
"""

from __future__ import annotations

import csv
import io
import json
import statistics
from dataclasses import asdict
from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from mixplan.errors import InputError
from mixplan.fitting.mmm_import import HistoryLookup, ImportedChannel, MmmFormat, MmmOptions, detect_format, read_mmm
from mixplan.model.base import MAX_AMOUNT, Identifier, StrictModel, split_field_mark
from mixplan.model.curves import HillCurve
from mixplan.model.history import FittedCurve
from pydantic import Field, ValidationError

PARAMETERS = ("max_revenue", "half_saturation", "shape", "carryover")
CSV_COLUMNS = ("channel", *PARAMETERS, "draw")
CENT = Decimal("0.01")


class HillParametersIn(StrictModel):
    """One set of Hill parameters as written in an import file."""

    max_revenue: Any
    half_saturation: Any
    shape: Any
    carryover: Any = 0.0


class ImportedCurveIn(HillParametersIn):
    """One channel's curve in a JSON import file, with optional samples."""

    channel: Identifier
    samples: list[HillParametersIn] = Field(default_factory=list)


class CurveFileIn(StrictModel):
    """The JSON import file."""

    source: str | None = None
    curves: list[ImportedCurveIn] = Field(min_length=1)


def _round_money(value: Any) -> Any:
    """Amounts from model reports carry many decimals: round them to cents (leave junk for validation)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return value
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        return value
    if not amount.is_finite() or abs(amount) > MAX_AMOUNT:
        return value  # the Money validation names the problem (not finite, above the ceiling)
    return amount.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _hill(where: str, values: HillParametersIn | dict[str, Any]) -> HillCurve:
    data = values.model_dump() if isinstance(values, HillParametersIn) else dict(values)
    for key in ("max_revenue", "half_saturation"):
        if key in data:
            data[key] = _round_money(data[key])
    try:
        return HillCurve.model_validate({key: data[key] for key in PARAMETERS if key in data})
    except ValidationError as error:
        first = error.errors()[0]
        name, message = split_field_mark(str(first["msg"]).removeprefix("Value error, "))
        field = name or ".".join(str(part) for part in first["loc"])
        raise InputError(f"{where} {field}", message) from None


def _fitted(channel: str, point: HillCurve, samples: list[HillCurve], source: str) -> FittedCurve:
    return FittedCurve(
        channel_id=channel,
        curve=point,
        samples=samples,
        quality=None,
        source=source,
        fitted_at=datetime.now(UTC),
    )


def _median_curve(samples: list[HillCurve]) -> HillCurve:
    return HillCurve(
        max_revenue=statistics.median(sample.max_revenue for sample in samples),
        half_saturation=statistics.median(sample.half_saturation for sample in samples),
        shape=statistics.median(sample.shape for sample in samples),
        carryover=statistics.median(sample.carryover for sample in samples),
    )


def parse_curves_json(text: str, source: str) -> list[FittedCurve]:
    """Curves from the JSON layout; errors name the file and the path of the bad field."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            source, f"is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    if isinstance(raw, list):
        raw = {"curves": raw}
    try:
        document = CurveFileIn.model_validate(raw)
    except ValidationError as error:
        first = error.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "document"
        raise InputError(f"{source} {field}", str(first["msg"]).removeprefix("Value error, ")) from None
    label = f"import:{document.source or Path(source).name}"
    curves: list[FittedCurve] = []
    seen: set[str] = set()
    for index, entry in enumerate(document.curves):
        if entry.channel in seen:
            raise InputError(f"{source} curves.{index}.channel", f"channel {entry.channel!r} appears twice")
        seen.add(entry.channel)
        point = _hill(f"{source} curves.{index}", entry)
        samples = [
            _hill(f"{source} curves.{index}.samples.{number}", sample) for number, sample in enumerate(entry.samples)
        ]
        curves.append(_fitted(entry.channel, point, samples, label))
    return curves


def parse_curves_csv(text: str, source: str) -> list[FittedCurve]:
    """Curves from the CSV layout; errors name the file, line and column."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in ("channel", "max_revenue", "half_saturation", "shape") if name not in header]
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if missing or unknown:
        problem = "; ".join(
            part
            for part in (
                f"missing column(s) {', '.join(missing)}" if missing else "",
                f"unknown column(s) {', '.join(unknown)}" if unknown else "",
            )
            if part
        )
        raise InputError(f"{source} line 1", f"{problem}; the columns are {', '.join(CSV_COLUMNS)}")
    reader.fieldnames = header
    points: dict[str, HillCurve] = {}
    samples: dict[str, list[HillCurve]] = {}
    order: list[str] = []
    for record in reader:
        line = reader.line_num
        channel = (record.get("channel") or "").strip()
        if not channel:
            raise InputError(f"{source} line {line}, column channel", "is empty")
        values = {key: (record.get(key) or "").strip() for key in PARAMETERS}
        if not values["carryover"]:
            values["carryover"] = "0"
        for key, value in values.items():
            if not value:
                raise InputError(f"{source} line {line}, column {key}", "is empty")
        curve = _hill(f"{source} line {line}, column", values)
        draw = (record.get("draw") or "").strip()
        if draw and not (draw.isascii() and draw.isdigit()):
            raise InputError(
                f"{source} line {line}, column draw",
                f"{draw[:40]!r} is not a draw number; write a whole number such as 3, or leave it empty for the "
                "point estimate",
            )
        if channel not in order:
            order.append(channel)
        if draw:
            samples.setdefault(channel, []).append(curve)
        elif channel in points:
            raise InputError(f"{source} line {line}", f"a second point estimate for channel {channel!r}")
        else:
            points[channel] = curve
    if not order:
        raise InputError(source, "has a header but no curves")
    label = f"import:{Path(source).name}"
    result = []
    for channel in order:
        draws = samples.get(channel, [])
        point = points.get(channel) or _median_curve(draws)
        try:
            result.append(_fitted(channel, point, draws, label))
        except ValidationError as error:
            raise InputError(f"{source} channel {channel}", str(error.errors()[0]["msg"])) from None
    return result


def _from_model(imported: list[ImportedChannel], source: str, label: str) -> list[FittedCurve]:
    curves = []
    for entry in imported:
        where = f"{source} channel {entry.channel}"
        point = _hill(where, asdict(entry.point))
        samples = [_hill(f"{where} sample {n}", asdict(sample)) for n, sample in enumerate(entry.samples)]
        try:
            curves.append(_fitted(entry.channel, point, samples, label))
        except ValidationError as error:
            raise InputError(f"{where} channel", str(error.errors()[0]["msg"])) from None
    return curves


def import_curves(
    path: Path,
    tool: MmmFormat | None = None,
    options: MmmOptions | None = None,
    history: HistoryLookup | None = None,
) -> list[FittedCurve]:
    """Read curves from mixplan's CSV/JSON or from a Robyn, Meridian or PyMC-Marketing file.

    `tool` forces the format; None detects it from the file. `options` gives what an MMM file
    does not say (scales, period, model id, names); `history(channel)` returns stored daily
    history (used for Robyn's spend range). Raises InputError naming what is wrong or missing.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(str(path), f"cannot be read as UTF-8 text: {error}") from None
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        raise InputError(str(path), "must end in .csv or .json")
    tool = tool or detect_format(path, text)
    if tool is not None:
        imported = read_mmm(path, text, tool, options or MmmOptions(), history)
        return _from_model(imported, str(path), f"import:{tool}:{path.name}")
    if suffix == ".json":
        return parse_curves_json(text, str(path))
    return parse_curves_csv(text, str(path))
