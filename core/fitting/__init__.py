"""Response-curve fitting: Hill saturation with geometric carry-over, fitted to history with scipy.

The fitted form is exactly the planner's (see :mod:`mixplan.model.curves`); fits report R² and
MAPE on a held-out tail, refuse with a reason on too little or too flat data, and carry
bootstrap samples for the risk-aware objective. Curves from marketing-mix-model tools can be
imported instead (:mod:`mixplan.fitting.curve_import`).
"""

from mixplan.fitting.checks import MIN_DAYS, FitRefusedError
from mixplan.fitting.fit import FitOptions, FitOutcome, fit_channel, fit_channels, fit_series, to_hill_curve

__all__ = [
    "MIN_DAYS",
    "FitOptions",
    "FitOutcome",
    "FitRefusedError",
    "fit_channel",
    "fit_channels",
    "fit_series",
    "to_hill_curve",
]
