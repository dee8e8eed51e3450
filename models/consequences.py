"""Who hears of a change to an item: the one list (README, "Map").

The planning area tells each change (models/kernel/changes.py) without knowing who follows it;
here, and only here, the areas that follow are named, in the order they run, inside the change's
transaction. Every entry point imports this module before it changes anything: the app
(app/__init__.py), the command line (app/cli.py) and the tests (tests/conftest.py); a change told
before it is imported fails loudly instead of leaving stale statistics and unsent mail."""
from __future__ import annotations

from models.kernel.changes import ItemChanged, SessionsDropping, install
from models.outreach.follow import follow_deliveries, forget_dropped
from models.partners.followups import tell_partners
from models.publishing.version import forget_after
from models.registration.follow import tell_registered
from models.statistics.core_records import resend_after, withdraw_dropped
from models.statistics.facts import refresh_after

LISTENERS = {
    ItemChanged: (
        refresh_after,   # the held sessions' copied statistics facts (models/statistics/facts.py)
        tell_partners,   # mail to the partners who confirmed; a new time asks them again
        resend_after,    # a recorded session's new record for the statistics core
        forget_after,    # the built feeds are checked against the programme's version again
        follow_deliveries,  # a book set goes out on its delivery's day, or stays in when it is cancelled
        tell_registered,  # mail to the people registered and waiting: a new time or place, or a cancellation
    ),
    SessionsDropping: (
        withdraw_dropped,  # the core stops counting sessions the rule no longer has
        forget_after,
        forget_dropped,    # a book set a dropped delivery was to take stays in the library
    ),
}

install(LISTENERS)
