"""Names that identify one schedule's exports: download file names and calendar UIDs."""

from __future__ import annotations

import hashlib

from webapp.schedule import Schedule

UID_DOMAIN = "all-timeline"


def filename(schedule: Schedule, extension: str) -> str:
    """Return 'all-timeline-<protocol>-<start or relative>.<extension>'."""
    when = "relative" if schedule.relative else schedule.start.isoformat()
    return f"all-timeline-{schedule.protocol.id}-{when}.{extension}"


def uid(schedule: Schedule, item_id: str) -> str:
    """Return a calendar UID for one phase or milestone, stable for the same protocol and start.

    Options (such as the induction length) are left out on purpose: re-importing after changing
    one then updates the same events instead of adding a second copy (RFC 5545, 3.8.4.7).
    """
    key = f"{schedule.protocol.id}|{schedule.start.isoformat()}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{item_id}.{digest}@{UID_DOMAIN}"
