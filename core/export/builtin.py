"""The built-in exporters, registered through the same hook a third-party plugin uses."""

from __future__ import annotations

from collections.abc import Callable

from mixplan import hookimpl
from mixplan.export.csv_format import boosts_csv, csv_zip, posts_csv, spend_csv
from mixplan.export.hootsuite_format import hootsuite_zip
from mixplan.export.ics_format import render_ics
from mixplan.export.json_format import render_json
from mixplan.export.xlsx_format import render_xlsx
from mixplan.exporters import Exporter


def builtin_exporters() -> list[Exporter]:
    """The exporters that ship with mixplan: json, csv (zip), csv-posts, csv-spend, csv-boosts, xlsx, hootsuite, ics."""
    return [
        Exporter(
            name="json",
            description="The whole plan as JSON; validates back into mixplan.model.Plan.",
            suffix="json",
            media_type="application/json",
            render=render_json,
        ),
        Exporter(
            name="csv",
            description="A zip of posts.csv, spend.csv and boosts.csv for spreadsheets.",
            suffix="zip",
            media_type="application/zip",
            render=csv_zip,
            render_with_scenario=csv_zip,
            render_with_options=csv_zip,
        ),
        Exporter(
            name="csv-posts",
            description="The posting calendar as CSV, one row per post.",
            suffix="posts.csv",
            media_type="text/csv",
            render=posts_csv,
            render_with_scenario=posts_csv,
            render_with_options=posts_csv,
        ),
        Exporter(
            name="csv-spend",
            description="The paid spend as CSV, one row per channel and day.",
            suffix="spend.csv",
            media_type="text/csv",
            render=spend_csv,
            render_with_scenario=spend_csv,
            render_with_options=spend_csv,
        ),
        Exporter(
            name="csv-boosts",
            description="The boosted posts as CSV, one row per boost.",
            suffix="boosts.csv",
            media_type="text/csv",
            render=boosts_csv,
            render_with_scenario=boosts_csv,
            render_with_options=boosts_csv,
        ),
        Exporter(
            name="xlsx",
            description="An Excel workbook: sheets posts, spend, boosts and summary, real dates and currency formats.",
            suffix="xlsx",
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            render=render_xlsx,
            render_with_scenario=render_xlsx,
        ),
        Exporter(
            name="hootsuite",
            description="Hootsuite Bulk Composer CSVs (zip, one per channel): upcoming posts on 5-minute marks.",
            suffix="hootsuite.zip",
            media_type="application/zip",
            render=hootsuite_zip,
            render_with_scenario=hootsuite_zip,
        ),
        Exporter(
            name="ics",
            description="The posting calendar as iCalendar (RFC 5545), one event per post.",
            suffix="ics",
            media_type="text/calendar",
            render=render_ics,
            render_with_scenario=render_ics,
        ),
    ]


@hookimpl
def mixplan_register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register mixplan's own export formats."""
    for exporter in builtin_exporters():
        register(exporter)
