"""Reading the files Robyn, Meridian and PyMC-Marketing write, into mixplan's fitted curves.

- **Robyn** (R package, 3.10-3.12): ``pareto_hyperparameters.csv`` (one row per pareto model,
  ``solID`` plus ``<channel>_alphas``, ``_gammas``, ``_thetas`` or ``_shapes``/``_scales``) with the
  ``pareto_aggregated.csv`` next to it (``solID``, ``rn``, ``coef``), or the JSON ``robyn_write``
  exports (``InputCollect`` and ``ExportedModel`` with ``select_model``, ``summary`` and
  ``hyper_values``). Hill: ``x^alpha / (x^alpha + inflexion^alpha)`` with
  ``inflexion = min + gamma·(max − min)`` of the channel's adstocked spend in the modelling window,
  which neither file holds: it comes from ``spend_ranges`` or from the stored daily history.
- **Meridian** and **PyMC-Marketing**: an ``az.summary`` CSV of the posterior (first column the
  parameter with its channel, e.g. ``ec_m[tv]``, then ``mean``, ``sd``, ...). Both fit on scaled
  data, so the media scale per channel and the revenue scale come from the options.

Each model channel is mapped by :mod:`mixplan.fitting.mmm_mapping`; see docs/data.md for the units.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from mixplan.errors import InputError
from mixplan.fitting.mmm_mapping import DailyHill, ModelChannel, logistic_as_hill, to_daily_hill
from mixplan.model.history import HistoryRow

MmmFormat = Literal["robyn", "meridian", "pymc"]
SUMMARY_ROW = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\[(?P<channel>[^\]]+)\]$")


@dataclass(frozen=True)
class MmmOptions:
    """What the model's files do not say: scales, period, which model, names, samples."""

    model_id: str | None = None
    """Robyn ``solID`` to import (required when the file holds several models)."""
    period_days: int | None = None
    """Days per model period (1 daily, 7 weekly); Robyn's JSON says it itself."""
    spend_ranges: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    """Robyn: per model channel, min and max of its adstocked spend per period in the modelling window."""
    media_scales: Mapping[str, float] = field(default_factory=dict)
    """Meridian/PyMC: money per period of one scaled media unit (Meridian: the channel's median
    spend per period; PyMC-Marketing: its largest spend per period)."""
    revenue_scale: float | None = None
    """Meridian/PyMC: revenue per unit of the scaled target (Meridian: the KPI's scale; PyMC: max revenue)."""
    channel_names: Mapping[str, str] = field(default_factory=dict)
    """Model channel name → mixplan channel id (names not listed are kept)."""
    samples: int = 20
    """az.summary imports: draws per channel from the posterior mean and sd."""
    seed: int = 0
    meridian_effects: Literal["log_normal", "normal"] = "log_normal"
    """Meridian's ``media_effects_dist``: with log_normal (its default) the effect is exp(beta_m)."""


@dataclass(frozen=True)
class ImportedChannel:
    """One channel's mapped point estimate and samples."""

    channel: str
    point: DailyHill
    samples: list[DailyHill]


HistoryLookup = Callable[[str], list[HistoryRow]]


# ---- format detection -------------------------------------------------------------------------


def detect_format(path: Path, text: str) -> MmmFormat | None:
    """The MMM tool that wrote the file, or None for mixplan's own layouts."""
    if path.suffix.lower() == ".json":
        try:
            raw = json.loads(text)
        except json.JSONDecodeError:
            return None
        return "robyn" if isinstance(raw, dict) and "ExportedModel" in raw else None
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    names = [name.strip() for name in header]
    if "solID" in names:
        return "robyn"
    if len(names) > 2 and names[1] == "mean" and "sd" in names:
        rows = {match.group("name") for match in map(SUMMARY_ROW.match, _first_cells(text)) if match}
        if rows & {"ec_m", "slope_m", "alpha_m"}:
            return "meridian"
        if rows & {"saturation_lam", "saturation_kappa", "adstock_alpha", "lam", "beta_channel"}:
            return "pymc"
    return None


def _first_cells(text: str) -> list[str]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    next(reader, None)
    return [row[0].strip() for row in reader if row]


# ---- Robyn --------------------------------------------------------------------------------------


def _number(where: str, value: Any) -> float:
    if isinstance(value, list) and len(value) == 1:  # jsonlite writes R vectors as arrays
        value = value[0]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InputError(where, f"{str(value)[:40]!r} is not a number") from None
    if not math.isfinite(number):
        raise InputError(where, "must be a finite number")
    return number


def _robyn_channels(columns: Sequence[str], where: str) -> list[str]:
    channels = [name.removesuffix("_alphas") for name in columns if name.endswith("_alphas")]
    weibull = [name.removesuffix("_shapes") for name in columns if name.endswith("_shapes")]
    if weibull:
        raise InputError(
            where,
            f"the model uses Weibull adstock (channel {weibull[0]}: _shapes/_scales); mixplan's carry-over is "
            "geometric: rerun Robyn with adstock = 'geometric', or fit the curves with `mixplan fit`",
        )
    if not channels:
        raise InputError(where, "has no <channel>_alphas columns: not a Robyn hyperparameter table")
    return channels


def _adstocked_range(rows: list[HistoryRow], theta: float, period_days: int) -> tuple[float, float]:
    """Min and max of Robyn's geometric adstock over the stored spend summed per model period."""
    totals: dict[int, float] = {}
    first = rows[0].day.toordinal()
    for row in rows:
        index = (row.day.toordinal() - first) // period_days
        totals[index] = totals.get(index, 0.0) + float(row.spend)
    carried = 0.0
    values = []
    for index in range(max(totals) + 1):
        carried = totals.get(index, 0.0) + theta * carried
        values.append(carried)
    return min(values), max(values)


def _robyn_channel(
    model: str,
    channel: str,
    params: Mapping[str, float],
    coef: float,
    options: MmmOptions,
    period_days: int,
    history: HistoryLookup | None,
    where: str,
) -> DailyHill:
    alpha, gamma, theta = params["alphas"], params["gammas"], params["thetas"]
    target = options.channel_names.get(channel, channel)
    if channel in options.spend_ranges:
        low, high = options.spend_ranges[channel]
    else:
        rows = history(target) if history is not None else []
        if not rows:
            raise InputError(
                f"{where} channel {channel}",
                f"needs its adstocked spend range: give --spend-range {channel}=MIN:MAX (per period) or "
                f"`mixplan history import` its daily history as channel {target} (see docs/data.md)",
            )
        low, high = _adstocked_range(rows, theta, period_days)
    inflexion = low + gamma * (high - low)
    if coef <= 0:
        raise InputError(f"{where} channel {channel}", f"model {model} has coefficient {coef:g}: no positive effect")
    if inflexion <= 0:
        raise InputError(f"{where} channel {channel}", "the inflexion (min + gamma·(max − min)) is not positive")
    return to_daily_hill(
        ModelChannel(
            channel=channel,
            half_saturation=inflexion,
            shape=alpha,
            effect=coef,
            decay=theta,
            normalized_adstock=False,
            media_scale=1.0,
            period_days=period_days,
        ),
        f"{where} channel {channel}",
    )


def _require_period(options: MmmOptions, where: str) -> int:
    if options.period_days is None:
        raise InputError(where, "does not say the model's period; give --period-days 1 (daily model) or 7 (weekly)")
    return options.period_days


def read_robyn_csv(path: Path, text: str, options: MmmOptions, history: HistoryLookup | None) -> list[ImportedChannel]:
    """pareto_hyperparameters.csv + pareto_aggregated.csv: the chosen model's curves, the others as samples."""
    where = str(path)
    table = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if not table:
        raise InputError(where, "has a header but no models")
    channels = _robyn_channels(list(table[0]), where)
    aggregated = path.with_name("pareto_aggregated.csv")
    if not aggregated.is_file():
        raise InputError(
            where,
            "needs the pareto_aggregated.csv Robyn writes next to it (for each channel's coef); "
            f"not found: {aggregated}",
        )
    coefs: dict[tuple[str, str], float] = {}
    for line, record in enumerate(csv.DictReader(io.StringIO(aggregated.read_text(encoding="utf-8"))), start=2):
        if record.get("solID") and record.get("rn") and record.get("coef") not in (None, "", "NA"):
            coefs[(record["solID"], record["rn"])] = _number(f"{aggregated} line {line}, column coef", record["coef"])
    models = [record["solID"] for record in table]
    chosen = _choose_model(models, options.model_id, where)
    period = _require_period(options, where)
    result = []
    for channel in channels:
        hills: dict[str, DailyHill] = {}
        for line, record in enumerate(table, start=2):
            model = record["solID"]
            if (model, channel) not in coefs:
                if model == chosen:
                    raise InputError(str(aggregated), f"has no coef for model {model}, channel {channel}")
                continue
            params = {
                key: _number(f"{where} line {line}, column {channel}_{key}", record.get(f"{channel}_{key}"))
                for key in ("alphas", "gammas", "thetas")
            }
            hills[model] = _robyn_channel(
                model, channel, params, coefs[(model, channel)], options, period, history, where
            )
        point = hills.pop(chosen)
        result.append(ImportedChannel(options.channel_names.get(channel, channel), point, list(hills.values())))
    return result


def _choose_model(models: list[str], wanted: str | None, where: str) -> str:
    if wanted is not None:
        if wanted not in models:
            raise InputError(where, f"has no model {wanted!r}; its models are {', '.join(models[:8])}")
        return wanted
    if len(models) == 1:
        return models[0]
    raise InputError(where, f"holds {len(models)} models; choose one with --model-id (e.g. {', '.join(models[:4])})")


def read_robyn_json(
    path: Path, raw: dict[str, Any], options: MmmOptions, history: HistoryLookup | None
) -> list[ImportedChannel]:
    """robyn_write's JSON: one model (``ExportedModel.select_model``), no samples."""
    where = str(path)
    inputs = raw.get("InputCollect") or {}
    exported = raw.get("ExportedModel") or {}
    if not isinstance(inputs, dict) or not isinstance(exported, dict):
        raise InputError(where, "InputCollect and ExportedModel must be objects")
    adstock = str(_scalar(inputs.get("adstock", "geometric")))
    hypers = exported.get("hyper_values")
    if not isinstance(hypers, dict):
        raise InputError(f"{where} ExportedModel.hyper_values", "is missing")
    if adstock != "geometric":
        _robyn_channels([*hypers, "x_shapes"], where)  # raises the Weibull explanation
    channels = _robyn_channels(list(hypers), where)
    model = str(_scalar(exported.get("select_model", "")))
    if options.model_id is not None and options.model_id != model:
        raise InputError(where, f"holds model {model!r}, not {options.model_id!r}")
    dep_type = str(_scalar(inputs.get("dep_var_type", "revenue")))
    if dep_type != "revenue":
        raise InputError(where, f"the model's dependent variable is {dep_type!r}; mixplan curves need revenue")
    period = (
        int(_number(f"{where} InputCollect.dayInterval", inputs["dayInterval"])) if "dayInterval" in inputs else None
    )
    period = period or _require_period(options, where)
    summary = exported.get("summary") or []
    coefs = {str(entry.get("variable")): entry.get("coef") for entry in summary if isinstance(entry, dict)}
    result = []
    for channel in channels:
        if channel not in coefs:
            raise InputError(f"{where} ExportedModel.summary", f"has no coef for channel {channel}")
        params = {
            key: _number(f"{where} ExportedModel.hyper_values.{channel}_{key}", hypers.get(f"{channel}_{key}"))
            for key in ("alphas", "gammas", "thetas")
        }
        coef = _number(f"{where} ExportedModel.summary {channel} coef", coefs[channel])
        point = _robyn_channel(model, channel, params, coef, options, period, history, where)
        result.append(ImportedChannel(options.channel_names.get(channel, channel), point, []))
    return result


def _scalar(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


# ---- az.summary (Meridian, PyMC-Marketing) ------------------------------------------------------


def _summary(path: Path, text: str) -> dict[str, dict[str, tuple[float, float]]]:
    """parameter name → channel → (mean, sd) from an az.summary CSV."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in next(reader, [])]
    mean_at, sd_at = header.index("mean"), header.index("sd")
    table: dict[str, dict[str, tuple[float, float]]] = {}
    for values in reader:
        if not values:
            continue
        match = SUMMARY_ROW.match(values[0].strip())
        if match is None:
            continue  # scalars (intercept, sigma) and multi-index rows (beta_gm[geo, ch]) are not curves
        where = f"{path} line {reader.line_num}"
        mean = _number(f"{where}, column mean", values[mean_at])
        sd = _number(f"{where}, column sd", values[sd_at])
        table.setdefault(match.group("name"), {})[match.group("channel").strip()] = (mean, sd)
    return table


def _pick(
    table: dict[str, dict[str, tuple[float, float]]], names: Sequence[str]
) -> dict[str, tuple[float, float]] | None:
    for name in names:
        if name in table:
            return table[name]
    return None


def _draws(mean: float, sd: float, count: int, rng: np.random.Generator, low: float, high: float) -> list[float]:
    """`count` draws of Normal(mean, sd) kept inside (low, high) (redrawn, then clipped)."""
    values = rng.normal(mean, sd, size=count * 4)
    kept = [v for v in values if low < v < high][:count]
    while len(kept) < count:
        kept.append(min(max(mean, math.nextafter(low, high)), math.nextafter(high, low)))
    return kept


def _scales(channel: str, options: MmmOptions, where: str, tool: str, hint: str) -> tuple[float, float]:
    if channel not in options.media_scales:
        raise InputError(
            f"{where} channel {channel}",
            f"{tool} fits on scaled media: give --spend-scale {channel}=AMOUNT ({hint})",
        )
    if options.revenue_scale is None:
        raise InputError(where, f"{tool} fits on a scaled target: give --revenue-scale AMOUNT")
    return options.media_scales[channel], options.revenue_scale


def read_az_summary(path: Path, text: str, tool: MmmFormat, options: MmmOptions) -> list[ImportedChannel]:
    """Meridian's or PyMC-Marketing's posterior summary: mean as the point, Normal(mean, sd) draws as samples."""
    where = str(path)
    table = _summary(path, text)
    period = _require_period(options, where)
    if tool == "meridian":
        half, shape, decay, effect = (
            _pick(table, ["ec_m"]),
            _pick(table, ["slope_m"]),
            _pick(table, ["alpha_m"]),
            _pick(table, ["beta_m"]),
        )
        logistic = False
        names = "ec_m, slope_m, alpha_m and beta_m"
    else:
        lam = _pick(table, ["saturation_lam", "lam"])
        logistic = lam is not None
        half = lam if logistic else _pick(table, ["saturation_kappa"])
        shape = None if logistic else _pick(table, ["saturation_slope"])
        decay, effect = _pick(table, ["adstock_alpha", "alpha"]), _pick(table, ["saturation_beta", "beta_channel"])
        names = "saturation_lam (or saturation_kappa and saturation_slope), saturation_beta and adstock_alpha"
    if half is None or decay is None or effect is None or (not logistic and shape is None):
        raise InputError(where, f"lacks the curve parameters; an az.summary of {tool} needs rows {names}")
    rng = np.random.default_rng(options.seed)
    result = []
    for channel in half:
        if channel not in decay or channel not in effect or (shape is not None and channel not in shape):
            raise InputError(where, f"channel {channel} lacks some of {names}")
        media_scale, revenue_scale = _scales(
            channel,
            options,
            where,
            "Meridian" if tool == "meridian" else "PyMC-Marketing",
            "the channel's median spend per period" if tool == "meridian" else "the channel's largest spend per period",
        )
        sets = [(half[channel][0], shape[channel][0] if shape else 0.0, decay[channel][0], effect[channel][0])]
        if options.samples:
            columns = [
                _draws(*half[channel], options.samples, rng, 0.0, math.inf),
                _draws(*shape[channel], options.samples, rng, 0.0, 20.0) if shape else [0.0] * options.samples,
                _draws(*decay[channel], options.samples, rng, 0.0, 1.0),
                _draws(*effect[channel], options.samples, rng, -math.inf if tool == "meridian" else 0.0, math.inf),
            ]
            sets += list(zip(*columns, strict=True))
        hills = []
        for h, k, d, b in sets:
            if tool == "meridian":
                ceiling = math.exp(b) if options.meridian_effects == "log_normal" else b
                model_half, model_shape = h, k
            elif logistic:
                model_half, model_shape, ceiling = logistic_as_hill(h, b)
            else:
                model_half, model_shape, ceiling = h, k, b
            hills.append(
                to_daily_hill(
                    ModelChannel(
                        channel=channel,
                        half_saturation=model_half,
                        shape=model_shape,
                        effect=ceiling * revenue_scale,
                        decay=d,
                        normalized_adstock=True,
                        media_scale=media_scale,
                        period_days=period,
                    ),
                    f"{where} channel {channel}",
                )
            )
        result.append(ImportedChannel(options.channel_names.get(channel, channel), hills[0], hills[1:]))
    if not result:
        raise InputError(where, f"has no per-channel rows; an az.summary of {tool} needs rows {names}")
    return result


def read_mmm(
    path: Path, text: str, tool: MmmFormat, options: MmmOptions, history: HistoryLookup | None
) -> list[ImportedChannel]:
    """Read a file written by `tool`; raises InputError naming what is missing and how to give it."""
    if tool == "robyn":
        if path.suffix.lower() == ".json":
            try:
                raw = json.loads(text)
            except json.JSONDecodeError as error:
                raise InputError(str(path), f"is not valid JSON (line {error.lineno}: {error.msg})") from None
            if not isinstance(raw, dict) or "ExportedModel" not in raw:
                raise InputError(str(path), "is not a robyn_write JSON (no ExportedModel)")
            return read_robyn_json(path, raw, options, history)
        return read_robyn_csv(path, text, options, history)
    header = next(csv.reader(io.StringIO(text.lstrip("\ufeff"))), [])
    if "mean" not in header or "sd" not in header:
        raise InputError(f"{path} line 1", "is not an az.summary CSV (columns mean and sd are needed)")
    return read_az_summary(path, text, tool, options)
