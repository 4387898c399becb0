"""Exact presolve of the spend model: rules on a single group become option restrictions.

A rule over one channel-day (a channel minimum on a one-day horizon, a spend bound on one day, a
channel maximum on one day, …) is a row with one member. Such a row only says which options of that
group are allowed, so it is applied to ``valid`` and dropped. This is the reformulation "shift the
bound into the variable": the searches then never see a lower-bound row they would have to repair,
and the envelope LP, the Lagrangian bound and the exact reduction are as tight as without the rule.
Rows that can no longer bind after the restriction are dropped too.
"""

from __future__ import annotations

import numpy as np
from mixplan.solver.spend.model import Row, SpendModel

_REVENUE_SLACK = 1e-9
"""Relative slack on revenue rows, as in ``SpendModel.violations`` (revenue is an estimate)."""


def _allowed(model: SpendModel, row: Row) -> np.ndarray:
    """Options of the row's only member that satisfy the row."""
    g = int(row.members[0])
    terms = row.terms(model.spend[g : g + 1], model.revenue[g : g + 1])[0]
    slack = _REVENUE_SLACK * max(1.0, abs(row.rhs)) if row.term == "revenue" else row.slack
    if row.sense == "<=":
        return np.asarray(terms <= row.rhs + slack)
    return np.asarray(terms >= row.rhs - slack)


def _can_bind(model: SpendModel, row: Row) -> bool:
    """Whether some choice of the members' valid options breaks the row."""
    members = row.members
    terms = row.terms(model.spend[members], model.revenue[members])
    if row.sense == "<=":
        most = np.where(model.valid[members], terms, -np.inf).max(axis=1).sum()
        return bool(most > row.rhs)
    least = np.where(model.valid[members], terms, np.inf).min(axis=1).sum()
    return bool(least < row.rhs)


def presolve(model: SpendModel) -> SpendModel:
    """The same problem with single-group rows folded into the options (see the module docstring).

    Returns ``model`` itself when nothing changes, or when a restriction would leave a group with no
    option at all: then the rules contradict each other, and the untouched model lets the LP prove
    it and the explanation name the rule.
    """
    singles = [row for row in model.rows if len(row.members) == 1]
    if not singles:
        return model
    valid = model.valid.copy()
    for row in singles:
        valid[int(row.members[0])] &= _allowed(model, row)
    if not bool(valid.any(axis=1).all()):
        return model
    reduced = model.with_rows([])
    reduced.valid = valid
    reduced.rows = [row for row in model.rows if len(row.members) != 1 and _can_bind(reduced, row)]
    return reduced
