"""The places left in words for the feeds' entries (calendars/feed.py takes them as data): only
the items whose registration is on, worded in the library's language, as a feed's other texts are."""
from __future__ import annotations

from collections.abc import Iterable

from app.registration.texts import places_words
from models.kernel.clock import utcnow
from models.kernel.registration_tables import RegistrationSetup
from models.registration import availability

FEED_LANGUAGE = "lv"  # a feed has one text for every subscriber, in the library's language


async def places_left_in_words(item_ids: Iterable[int]) -> dict[int, str]:
    ids = set(item_ids)
    if not ids:
        return {}
    # one query for the items that take registrations (a few in a feed of hundreds); only those are counted
    active = await RegistrationSetup.select(RegistrationSetup.item).where(RegistrationSetup.active == True)  # noqa: E712
    now, words = utcnow(), {}
    for item_id in sorted(row["item"] for row in active if row["item"] in ids):
        found = await availability(item_id, now)
        if found is not None and found["reason"] != "off":
            words[item_id] = places_words(found, FEED_LANGUAGE)
    return words
