"""`mixplan history import|show`, `mixplan fit`, `mixplan curves import`, `mixplan audience sync|show`.

Thin commands over :mod:`mixplan.history`, :mod:`mixplan.fitting` and :mod:`mixplan.live`; the
database comes from the global ``--db`` option (or ``$MIXPLAN_DB``). Call :func:`register` to add
them to a click group.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import click
from mixplan.cli.app import about_file, current_app
from mixplan.cli.brand_option import brand_note, brand_option, brand_store
from mixplan.cli.import_progress import import_progress
from mixplan.cli.output import console, json_option, money, print_json, ratio, table
from mixplan.errors import InputError
from mixplan.fitting.checks import MIN_DAYS, FitRefusedError
from mixplan.fitting.curve_import import import_curves
from mixplan.fitting.mmm_import import MmmFormat, MmmOptions
from mixplan.history import DEFAULT_MAX_ROWS, import_history, summarize_history
from mixplan.live import LiveSync, sync_live
from mixplan.loading import load_scenario
from mixplan.model.history import FittedCurve
from mixplan.model.live import AudienceSnapshot, LiveLimits

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@click.group("history")
def history_group() -> None:
    """Spend and revenue history per channel and day (the data curves are fitted to)."""


@history_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_ROWS,
    show_default=True,
    help="Refuse (and import nothing from) a file with more data rows than this.",
)
@brand_option
@json_option("Print JSON.")
def history_import(file: Path, max_rows: int, brand: str, as_json: bool) -> None:
    """Import a CSV with columns date,channel,spend,revenue[,impressions,clicks,conversions].

    Rows are streamed: checked while read and written in batches in one transaction, so memory
    stays flat for any file size. One bad row imports nothing (exit 2, errors by line number).
    Re-importing a channel-day replaces the stored row. Progress goes to stderr on a terminal.
    """
    app = current_app()
    store = brand_store(app, brand)
    with import_progress(file.name) as progress:
        result = import_history(file, store, max_rows=max_rows, progress=progress)
    if as_json or app.json:
        print_json(asdict(result))
        return
    click.echo(
        f"imported {result.rows} rows ({result.inserted} new, {result.updated} updated) for "
        f"{len(result.channels)} channel(s) ({', '.join(result.channels)}), {result.first_day} to {result.last_day}"
    )
    click.echo(f"database: {store.url}{brand_note(brand)}")


@history_group.command("show")
@click.option("--channel", "channel_id", metavar="ID", help="Only this channel.")
@brand_option
@json_option("Print JSON.")
def history_show(channel_id: str | None, brand: str, as_json: bool) -> None:
    """Summarize the stored history per channel, with the newest fitted or imported curve."""
    app = current_app()
    store = brand_store(app, brand)
    summaries = summarize_history(store.history(channel_id))
    curves = {summary.channel_id: store.latest_fitted_curve(summary.channel_id) for summary in summaries}
    if as_json or app.json:
        print_json([{**asdict(summary), "curve": _curve_document(curves[summary.channel_id])} for summary in summaries])
        return
    if not summaries:
        where = f"for channel {channel_id} " if channel_id else ""
        click.echo(
            f"no history stored {where}in {store.url}{brand_note(brand)}; "
            "import it with `mixplan history import FILE.csv`"
        )
        return
    listing = table(
        "channel", "days", "from", "to", "spend", "revenue", "ROAS", "curve", right=("days", "spend", "revenue", "ROAS")
    )
    for summary in summaries:
        listing.add_row(
            summary.channel_id,
            str(summary.days),
            str(summary.first_day),
            str(summary.last_day),
            money(Decimal(summary.total_spend)),
            money(Decimal(summary.total_revenue)),
            ratio(summary.roas),
            _curve_label(curves[summary.channel_id], summary.days),
        )
    console().print(listing)


def _curve_label(fitted: FittedCurve | None, days: int) -> str:
    if fitted is None:
        return "none" if days >= MIN_DAYS else f"none ({MIN_DAYS}+ days needed)"
    if fitted.quality is not None:
        return f"fit, R² {fitted.quality.r2:.2f}"
    return "imported"


def _curve_document(fitted: FittedCurve | None) -> dict[str, Any] | None:
    if fitted is None:
        return None
    return fitted.model_dump(mode="json", exclude={"samples"}) | {"samples": len(fitted.samples)}


@click.command("fit")
@click.option("--channel", "channels", metavar="ID", multiple=True, help="Fit only this channel (repeatable).")
@click.option(
    "--samples", type=click.IntRange(min=0, max=500), default=20, show_default=True, help="Bootstrap samples."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@brand_option
@json_option("Print JSON.")
def fit_command(channels: tuple[str, ...], samples: int, seed: int, brand: str, as_json: bool) -> None:
    """Fit each channel's response curve (Hill saturation + carry-over) to its stored history.

    Prints the fit quality on a held-out tail (R², MAPE) and stores the curves; plans use a
    channel's newest curve. A channel with too little or too flat data is refused with the
    reason (exit 2 when no channel could be fitted).
    """
    from mixplan.fitting import FitOptions, fit_channels  # scipy loads here, not for every command

    app = current_app()
    store = brand_store(app, brand)
    rows = store.history()
    if not rows:
        raise InputError(
            "history",
            f"nothing stored in {store.url}{brand_note(brand)}; import it first with `mixplan history import FILE.csv`",
        )
    outcomes = fit_channels(rows, list(channels) or None, FitOptions(bootstrap_samples=samples, seed=seed))
    for outcome in outcomes:
        if outcome.curve is not None:
            store.save_fitted_curve(outcome.curve)
    fitted = [outcome.curve for outcome in outcomes if outcome.curve is not None]
    refused = [(outcome.channel_id, outcome.refused or "") for outcome in outcomes if outcome.curve is None]
    if as_json or app.json:
        print_json(
            {
                "fitted": [_curve_document(curve) for curve in fitted],
                "refused": [{"channel": channel, "reason": reason} for channel, reason in refused],
            }
        )
    elif fitted:
        _print_curves(fitted)
    for channel, reason in refused:
        if fitted or len(refused) > 1:
            click.echo(f"channel {channel}: no curve fitted: {reason}", err=True)
    if not fitted:
        if len(refused) == 1:
            raise FitRefusedError(*refused[0])
        raise InputError("fit", "no channel could be fitted (reasons above)")


def _print_curves(curves: list[FittedCurve]) -> None:
    listing = table(
        "channel",
        "R²",
        "MAPE",
        "max revenue",
        "half-sat.",
        "shape",
        "carry-over",
        "spend seen",
        "samples",
        right=("R²", "MAPE", "max revenue", "half-sat.", "shape", "carry-over", "samples"),
    )
    for fitted in curves:
        curve, quality = fitted.curve, fitted.quality
        low, high = fitted.spend_range or (None, None)
        listing.add_row(
            fitted.channel_id,
            "–" if quality is None else f"{quality.r2:.3f}",
            "–" if quality is None else f"{quality.mape:.1%}",
            money(curve.max_revenue),
            money(curve.half_saturation),
            f"{curve.shape:.2f}",
            f"{curve.carryover:.2f}",
            "–" if low is None else f"{money(low)}–{money(high)}",
            str(len(fitted.samples)),
        )
    console().print(listing)
    if any(f.quality is not None for f in curves):
        click.echo("R² and MAPE are measured on the held-out last 20 % of each channel's days.")


@click.group("curves")
def curves_group() -> None:
    """Response curves from elsewhere (a marketing-mix model)."""


def _pairs(option: str, values: tuple[str, ...]) -> dict[str, str]:
    pairs = {}
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise InputError(option, f"{value[:60]!r} must look like NAME=VALUE")
        pairs[name.strip()] = rest.strip()
    return pairs


def _amount(option: str, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        raise InputError(option, f"{text[:40]!r} is not a number") from None
    if not (number >= 0 and number < float("inf")):
        raise InputError(option, f"{text[:40]!r} must be a finite number, not negative")
    return number


def _ranges(values: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    ranges = {}
    for name, text in _pairs("--spend-range", values).items():
        low, sep, high = text.partition(":")
        if not sep:
            raise InputError("--spend-range", f"{name}={text[:40]} must look like CHANNEL=MIN:MAX")
        ranges[name] = (_amount("--spend-range", low), _amount("--spend-range", high))
        if ranges[name][0] > ranges[name][1]:
            raise InputError("--spend-range", f"{name}: MIN is above MAX")
    return ranges


@curves_group.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--from",
    "tool",
    type=click.Choice(["robyn", "meridian", "pymc"]),
    help="The tool that wrote FILE (detected when not given; mixplan's own CSV/JSON otherwise).",
)
@click.option("--model-id", help="Robyn: the solID of the model to import (others become samples).")
@click.option("--period-days", type=click.IntRange(1, 31), help="Days per model period: 1 daily, 7 weekly.")
@click.option(
    "--spend-range",
    multiple=True,
    metavar="CH=MIN:MAX",
    help="Robyn: the channel's adstocked spend range per period (default: from the stored history).",
)
@click.option(
    "--spend-scale",
    multiple=True,
    metavar="CH=AMOUNT",
    help="Meridian: median spend per period; PyMC-Marketing: largest spend per period (the media scaling).",
)
@click.option("--revenue-scale", help="Meridian/PyMC-Marketing: revenue of one unit of the scaled target.")
@click.option("--channel", "renames", multiple=True, metavar="MODEL=ID", help="Store model channel MODEL as ID.")
@click.option(
    "--samples", type=click.IntRange(0, 500), default=20, show_default=True, help="az.summary: draws per channel."
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the az.summary draws.")
@click.option(
    "--meridian-effects",
    type=click.Choice(["log_normal", "normal"]),
    default="log_normal",
    show_default=True,
    help="Meridian's media_effects_dist (log_normal: the effect is exp(beta_m)).",
)
@brand_option
@json_option("Print JSON.")
def curves_import(
    file: Path,
    tool: str | None,
    model_id: str | None,
    period_days: int | None,
    spend_range: tuple[str, ...],
    spend_scale: tuple[str, ...],
    revenue_scale: str | None,
    renames: tuple[str, ...],
    samples: int,
    seed: int,
    meridian_effects: str,
    brand: str,
    as_json: bool,
) -> None:
    """Import response curves and store them as the channels' newest curves.

    FILE is mixplan's curve CSV/JSON, Robyn's pareto_hyperparameters.csv (with pareto_aggregated.csv
    beside it) or robyn_write JSON, or an az.summary CSV of a Meridian or PyMC-Marketing posterior.
    See docs/data.md for the mapping and the units.
    """
    app = current_app()
    options = MmmOptions(
        model_id=model_id,
        period_days=period_days,
        spend_ranges=_ranges(spend_range),
        media_scales={k: _amount("--spend-scale", v) for k, v in _pairs("--spend-scale", spend_scale).items()},
        revenue_scale=None if revenue_scale is None else _amount("--revenue-scale", revenue_scale),
        channel_names=_pairs("--channel", renames),
        samples=samples,
        seed=seed,
        meridian_effects="normal" if meridian_effects == "normal" else "log_normal",
    )
    store = brand_store(app, brand)
    chosen: MmmFormat | None = None if tool is None else cast(MmmFormat, tool)
    curves = import_curves(file, chosen, options, history=lambda channel: store.history(channel))
    for fitted in curves:
        store.save_fitted_curve(fitted)
    if as_json or app.json:
        print_json([_curve_document(fitted) for fitted in curves])
        return
    _print_curves(curves)
    click.echo(f"stored {len(curves)} curve(s) from {file} in {store.url}{brand_note(brand)}")


@click.group("audience")
def audience_group() -> None:
    """Live audience activity and limits from the platforms' APIs."""


@audience_group.command("sync")
@click.argument("channel_id", metavar="CHANNEL")
@click.option(
    "--scenario",
    "scenario_file",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Scenario file that defines the channel, its account and its credential references.",
)
@click.option("--limits/--no-limits", default=True, show_default=True, help="Also fetch and store the live limits.")
@click.option(
    "--brand",
    default=None,
    metavar="BRAND",
    help="The brand to store the data under [default: the scenario's brand]; must match the scenario's brand.",
)
@json_option("Print JSON.")
def audience_sync(channel_id: str, scenario_file: Path, limits: bool, brand: str | None, as_json: bool) -> None:
    """Fetch CHANNEL's follower activity by hour and its live limits, and store them; plans use the newest.

    Both are fetched first and then stored in one transaction: when a fetch fails nothing is stored.
    Tokens come from the environment or a file named in the scenario ($env:NAME / $file:PATH)
    and are never stored or printed. Exit 5 when the platform answers with an error.
    """
    app = current_app()
    scenario = load_scenario(scenario_file)
    if brand is not None and brand != scenario.brand:
        raise InputError(
            "--brand",
            f"{brand!r} is not the brand of {scenario_file} ({scenario.brand!r}), whose plans would never read "
            "this data; set brand in the scenario or leave --brand out",
        )
    engine = app.engine()
    with about_file(scenario_file):
        synced = sync_live(engine, scenario, channel_id, brand_store(app, scenario.brand), limits=limits)
    if as_json or app.json:
        print_json(_sync_document(synced))
        return
    if synced.snapshot is not None:
        _print_snapshot(synced.snapshot, scenario.horizon.timezone)
    if synced.audience_note is not None:
        click.echo(f"note: {channel_id}: {synced.audience_note}")
    if synced.limits is not None:
        click.echo(f"stored live limits for {channel_id} ({_fetched(synced.limits)}): {_limits_text(synced.limits)}")
    if synced.limits_note is not None:
        click.echo(f"note: {channel_id}: {synced.limits_note}")


def _sync_document(synced: LiveSync) -> dict[str, Any]:
    return {
        "snapshot": None if synced.snapshot is None else synced.snapshot.model_dump(mode="json"),
        "note": synced.audience_note,
        "limits": None if synced.limits is None else synced.limits.model_dump(mode="json"),
        "limits_note": synced.limits_note,
    }


@audience_group.command("show")
@click.argument("channel_id", metavar="[CHANNEL]", required=False)
@click.option(
    "--limit", "count", type=click.IntRange(min=1), default=20, show_default=True, help="Newest N of each kind."
)
@brand_option
@json_option("Print JSON.")
def audience_show(channel_id: str | None, count: int, brand: str, as_json: bool) -> None:
    """List the stored audience snapshots and live limits (of CHANNEL, or of every channel), newest first."""
    app = current_app()
    store = brand_store(app, brand)
    snapshots = store.audience_snapshots(channel_id, limit=count)
    live_limits = store.live_limits(channel_id, limit=count)
    if as_json or app.json:
        print_json(
            {
                "snapshots": [snapshot.model_dump(mode="json") for snapshot in snapshots],
                "limits": [limits.model_dump(mode="json") for limits in live_limits],
            }
        )
        return
    if not snapshots and not live_limits:
        where = f"for channel {channel_id} " if channel_id else ""
        click.echo(
            f"no audience snapshots or live limits stored {where}in {store.url}{brand_note(brand)}; "
            "fetch them with `mixplan audience sync CHANNEL --scenario FILE`"
        )
        return
    out = console()
    if snapshots:
        listing = table(
            "channel", "platform", "fetched (UTC)", "source", "followers", "busiest hour", right=("followers",)
        )
        for snapshot in snapshots:
            listing.add_row(
                snapshot.channel_id,
                snapshot.platform,
                f"{snapshot.fetched_at.astimezone(UTC):%Y-%m-%d %H:%M}",
                snapshot.source,
                "–" if snapshot.size is None else f"{snapshot.size:,}",
                _busiest_hours(snapshot, 1),
            )
        out.print("audience snapshots")
        out.print(listing)
    if live_limits:
        listing = table(
            "channel",
            "platform",
            "fetched (UTC)",
            "source",
            "publishing quota",
            "used",
            "min. daily budget",
            right=("used", "min. daily budget"),
        )
        for limits in live_limits:
            listing.add_row(
                limits.channel_id,
                limits.platform,
                f"{limits.fetched_at.astimezone(UTC):%Y-%m-%d %H:%M}",
                limits.source,
                _quota_text(limits) or "–",
                "–" if limits.quota_used is None else str(limits.quota_used),
                "–" if limits.min_daily_budget is None else money(limits.min_daily_budget, limits.currency or ""),
            )
        if snapshots:
            out.print()
        out.print("live limits")
        out.print(listing)


def _busiest_hours(snapshot: AudienceSnapshot, count: int) -> str:
    hours = sorted(
        ((value, day, hour) for day, row in enumerate(snapshot.activity) for hour, value in enumerate(row)),
        reverse=True,
    )
    return ", ".join(f"{WEEKDAYS[day]} {hour:02d}:00" for _, day, hour in hours[:count])


def _print_snapshot(snapshot: AudienceSnapshot, timezone: str) -> None:
    size = f", {snapshot.size:,} followers" if snapshot.size is not None else ""
    click.echo(f"stored audience snapshot for {snapshot.channel_id} ({_fetched(snapshot)}{size})")
    click.echo(f"busiest hours ({timezone}): {_busiest_hours(snapshot, 5)}")


def _fetched(fetched: AudienceSnapshot | LiveLimits) -> str:
    return f"{fetched.source}, fetched {fetched.fetched_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _quota_text(limits: LiveLimits) -> str:
    if limits.publish_quota is None:
        return ""
    window = f" per {limits.publish_quota_window_hours} h" if limits.publish_quota_window_hours is not None else ""
    return f"{limits.publish_quota}{window}"


def _limits_text(limits: LiveLimits) -> str:
    parts = []
    if limits.publish_quota is not None:
        used = f", {limits.quota_used} used" if limits.quota_used is not None else ""
        parts.append(f"publishing quota {_quota_text(limits)}{used}")
    if limits.min_daily_budget is not None:
        parts.append(f"minimum daily budget {money(limits.min_daily_budget, limits.currency or '')}")
    return "; ".join(parts) or "none reported"


def register(cli: click.Group) -> None:
    """Add `history`, `fit`, `curves` and `audience` to the `mixplan` group."""
    for command in (history_group, fit_command, curves_group, audience_group):
        cli.add_command(command)
