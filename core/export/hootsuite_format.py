"""Hootsuite Bulk Composer CSV: the posts of each channel as the file Hootsuite's bulk scheduler uploads.

What the format asks, and where it is documented (checked 2026-12; Hootsuite's own help page on bulk
scheduling was not in the sources available, so these come from users' write-ups of the uploader):

- Three columns per row, no more: the date and time, the message, and an optional link
  (K. Iverson-Headlee, "Using Hootsuite Pro's bulk message scheduler", 2016,
  https://kim-iverson-headlee.blogspot.com/2016/08/the-business-of-writing-using-hootsuite.html;
  gussetbeard.com, "Bulk Update Algo", http://gussetbeard.com/bulk-update-algo/).
- At most 350 messages per upload (350 minus those already scheduled) (Iverson-Headlee, above).
- The date format is chosen at upload; ``mm/dd/yyyy hh:mm`` is the documented one (J. Y. Calcano,
  "Hootsuite bulk messaging explained", 2015,
  http://jycalcano.blogspot.com/2015/07/post-8-hootsuite-bulk-messaging.html).
- One file per social profile: the profile is picked at upload, not named in the file (gussetbeard.com).
- Scheduled times use 5-minute increments (Hootsuite Help, "Adjust your AutoSchedule settings",
  https://help.hootsuite.com/hc/en-us/articles/4406491608987). Bulk uploaders of the same kind also
  require times at least 10 minutes ahead and one message per time slot (Friends+Me, "Bulk Schedule",
  http://help.friendsplus.me/article/107-bulk-schedule); mixplan keeps to both, since a row breaking
  them is refused.

So the export is a zip with one CSV per channel (split into parts of 350 rows), times in the
scenario's zone (set the Hootsuite account to the same zone), on 5-minute marks, only posts at
least 10 minutes ahead of the export, the message being the content's caption or else its title.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from mixplan.errors import InputError
from mixplan.export.cells import escape_formula
from mixplan.model.plan import Plan, ScheduledPost
from mixplan.model.scenario import Scenario

MAX_ROWS = 350
"""Messages one Bulk Composer upload accepts."""
MIN_LEAD = timedelta(minutes=10)
"""A message must be scheduled at least this far ahead of the upload."""
MINUTE_STEP = 5
"""Scheduled times are on 5-minute marks."""
DATE_FORMAT = "%m/%d/%Y %H:%M"
"""The ``mm/dd/yyyy hh:mm`` (24-hour) date format to choose in the uploader."""
ENCODING = "utf-8"


def _message(post: ScheduledPost, scenario: Scenario | None) -> str:
    if scenario is not None:
        for item in scenario.content:
            if item.id == post.content_id:
                return " ".join((item.caption or item.title).split())
    return post.content_id


def hootsuite_files(plan: Plan, scenario: Scenario | None = None, now: datetime | None = None) -> dict[str, bytes]:
    """The CSV files by name, one per channel (and part of 350 rows), of the posts at least 10 minutes after `now`."""
    moment = now or datetime.now(UTC)
    zone = ZoneInfo(plan.timezone)
    by_channel: dict[str, list[tuple[datetime, ScheduledPost]]] = defaultdict(list)
    skipped = 0
    for post in sorted(plan.posts, key=lambda p: (p.start, p.channel_id, p.content_id)):
        local = post.start.astimezone(zone)
        if local.minute % MINUTE_STEP or local.second or local.microsecond:
            raise InputError(
                "hootsuite",
                f"post at {local:%Y-%m-%d %H:%M} is not on a 5-minute mark; use horizon.slot_minutes 5, 15…",
            )
        if post.start - moment < MIN_LEAD:
            skipped += 1
            continue
        by_channel[post.channel_id].append((local, post))
    if not by_channel:
        what = f"all {skipped} posts are" if skipped else "the plan has no posts,"
        raise InputError("hootsuite", f"{what} less than 10 minutes ahead; plan again from a later horizon.start")
    files: dict[str, bytes] = {}
    for channel, rows in by_channel.items():
        seen: set[datetime] = set()
        for local, _post in rows:
            if local in seen:
                raise InputError("hootsuite", f"two posts on {channel} at {local:%Y-%m-%d %H:%M}; one per time slot")
            seen.add(local)
        parts = [rows[i : i + MAX_ROWS] for i in range(0, len(rows), MAX_ROWS)]
        for number, part in enumerate(parts, start=1):
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
            writer.writerows(
                [local.strftime(DATE_FORMAT), escape_formula(_message(post, scenario)), ""] for local, post in part
            )
            suffix = f"-part{number}" if len(parts) > 1 else ""
            files[f"hootsuite-{channel}{suffix}.csv"] = buffer.getvalue().encode(ENCODING)
    return files


def hootsuite_zip(plan: Plan, scenario: Scenario | None = None, now: datetime | None = None) -> bytes:
    """A zip of :func:`hootsuite_files`, one Bulk Composer upload per file."""
    buffer = io.BytesIO()
    stamp = (plan.created_at.year, plan.created_at.month, plan.created_at.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(hootsuite_files(plan, scenario, now).items()):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
