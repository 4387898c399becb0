"""Embedding mixplan: build a scenario in code, plan it, verify it and read the plan — no files, no database.

Run:  python examples/embed.py
"""

from __future__ import annotations

import mixplan
from mixplan.model import Scenario

scenario = Scenario.model_validate(
    {
        "name": "Embedded demo shop",
        "currency": "EUR",
        "horizon": {"start": "2026-11-23", "days": 7, "timezone": "Europe/Berlin"},
        "channels": [
            {"id": "ig", "platform": "instagram", "audience": {"size": 8000}},
            {"id": "tiktok", "platform": "tiktok"},
            {"id": "search", "platform": "google_ads"},
        ],
        "content": [
            {"id": f"item-{n}", "title": f"Product shot {n}", "category": "product", "formats": ["image", "video"]}
            for n in range(1, 9)
        ],
        "budget": {"total": "700.00", "channels": {"search": {"min": "100.00"}}},
        "events": [{"name": "Black Friday", "start": "2026-11-27", "end": "2026-11-27", "uplift": 1.8}],
    }
)

engine = mixplan.Engine()  # loads the built-in platforms and any installed plugins once
plan = mixplan.plan(scenario, engine=engine, time_limit_s=10, seed=1)
check = mixplan.verify(plan, scenario, engine=engine)

print(f"status {plan.report.status}, gap {plan.report.gap:.3%}, verified: {check.ok}")
print(f"spend {plan.totals.spend} {plan.currency} -> revenue {plan.totals.revenue} (ROAS {plan.totals.roas:.2f})")
for post in plan.posts[:5]:
    print(f"  {post.start:%a %d %b %H:%M}  {post.channel_id:<7} {post.content_id:<8} {post.format}")
print(plan.model_dump_json()[:80], "…")  # the JSON other tools read; Plan.model_validate_json reads it back
