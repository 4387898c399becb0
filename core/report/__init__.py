"""The HTML report of a plan: one self-contained file with inline CSS and inline SVG charts."""

from mixplan.report.curves import scenario_curves
from mixplan.report.html_page import SECTION_IDS, render_report

__all__ = ["SECTION_IDS", "render_report", "scenario_curves"]
