"""Partner feeds to warn about: those overdue or due within a week (``ingest/feed_health.py`` decides, from the
expected frequency), and those where a field went empty in the last delivery. The coordinator's and the data
manager's home pages show them in a banner (who sees it is ``access.sees_feed_health``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wholefamily.ingest.feed_health import State, feed_state
from wholefamily.web.casework.models import PartnerFeed

_ORDER = {"overdue": 0, "due_soon": 1, "ok": 2}


@dataclass(frozen=True)
class FeedWarning:
    feed: PartnerFeed
    state: State


def feed_warnings(today: dt.date) -> list[FeedWarning]:
    """The feeds overdue or due soon on ``today``, or with a field gone empty: the most urgent first."""
    warnings = [
        FeedWarning(feed, state)
        for feed in PartnerFeed.objects.all()
        if (state := feed_state(feed.due_on, today)) != "ok" or feed.fields_gone_empty
    ]
    return sorted(warnings, key=lambda w: (_ORDER[w.state], w.feed.due_on, w.feed.source))
