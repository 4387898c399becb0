"""The ad-spend model: channel-day spend on integer grids, boosts, the objectives and their bounds.

Entry points: :func:`build.build_spend_model` (Problem -> SpendModel), :func:`engine.maximize`
(the LP / Lagrangian / greedy / reduction / CP-SAT pipeline) and
:func:`objectives.solve_objective` (the five objectives on top of it).
"""
