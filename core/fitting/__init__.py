"""Response-curve fitting: Hill saturation with geometric carry-over, fitted to history with scipy.

The fitted form is exactly the planner's (see :mod:`mixplan.model.curves`); fits report R² and
MAPE on a held-out tail, refuse with a reason on too little or too flat data, and carry
bootstrap samples for the risk-aware objective. Curves from marketing-mix-model tools can be
imported instead (:mod:`mixplan.fitting.curve_import`). The fitting functions are imported on first
use, so commands that never fit do not load scipy.
"""

from typing import TYPE_CHECKING, Any

from mixplan.fitting.checks import MIN_DAYS, FitRefusedError

if TYPE_CHECKING:
    from mixplan.fitting.fit import FitOptions, FitOutcome, fit_channel, fit_channels, fit_series, to_hill_curve

_FIT_NAMES = frozenset({"FitOptions", "FitOutcome", "fit_channel", "fit_channels", "fit_series", "to_hill_curve"})


def __getattr__(name: str) -> Any:
    """Import the fitting functions (and scipy with them) when they are first asked for."""
    if name in _FIT_NAMES:
        from mixplan.fitting import fit

        return getattr(fit, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
