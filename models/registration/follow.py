"""A change of an item told to the people registered and waiting (a listener,
models/consequences.py): a new time or place, the item cancelled, or one of its sessions moved,
re-placed or cancelled. Registration's own history entries (registration_added, …) carry no
`changes`, so they tell nobody. A person with a phone and no email is texted instead, when an SMS
gateway is configured (channels.py).

It runs inside the change's transaction. The outbox key "registration:<id>:changed:<item's
version>" holds the item's version, which every change of the item or a session raises: a retried
request changes nothing and mails nothing more, a second real change mails again. The key begins
with "registration:<id>:", so the retention rule deletes the mail with the person's data. Only what
is still to come is told: a correction of a past session mails nobody."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.kernel.changes import ItemChanged
from models.kernel.clock import local_wall_time
from models.kernel.enums import Status
from models.kernel.i18n import language_or_default
from models.kernel.outbox import enqueue
from models.kernel.sms_outbox import enqueue_sms
from models.kernel.registration_tables import Registration
from models.kernel.tables import Item, Occurrence, Place
from models.planning import record_and_tell
from models.registration import messages
from models.registration.channels import by_sms, reachable
from models.registration.common import as_dict, item_timing
from models.registration.links import registration_link

TIME_FIELDS = {"starts_at", "ends_at", "rrule", "all_day"}


def what_changed(changes: Mapping[str, Any]) -> set[str]:
    """"time", "place", "cancelled" of an event's changes (field -> [before, after])."""
    what = {"time"} if changes.keys() & TIME_FIELDS else set()
    if "place" in changes:
        what.add("place")
    status = changes.get("status")
    if (status and status[1] == Status.CANCELLED.value) or changes.get("cancelled") == [False, True]:
        what.add("cancelled")
    return what


async def _sessions(item: dict, occurrence_ids: tuple[int, ...]) -> list[dict]:
    rows = await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.ends_at, Occurrence.place, Occurrence.cancelled).where(
        Occurrence.id.is_in(list(occurrence_ids))).order_by(Occurrence.starts_at)
    names = {row["id"]: row["name"] for row in await Place.select(Place.id, Place.name).where(
        Place.id.is_in([row["place"] for row in rows if row["place"]] or [-1]))}
    item_place = await Item.select(Item.place.name.as_alias("place_name")).where(Item.id == item["id"]).first()
    default = (item_place or {}).get("place_name") or item["branch_name"] or ""
    return [{**row, "place_name": names.get(row["place"], default)} for row in rows]


async def tell_registered(event: ItemChanged) -> None:
    """Listener: mail (or text) every registered and waiting person of a new time or place or a cancellation."""
    what = what_changed(event.changes)
    if not what:
        return
    rows = await Registration.select().where(
        (Registration.item == event.item_id) & Registration.state.is_in(["registered", "waiting"]) & Registration.anonymised_at.is_null()
        & reachable()).order_by(Registration.id)
    if not rows:
        return
    item = await item_timing(event.item_id)
    if item is None:
        return
    wall = local_wall_time(event.at)
    sessions = await _sessions(item, event.occurrence_ids) if event.occurrence_ids else []
    if event.occurrence_ids:
        ahead = any(session["ends_at"] > wall for session in sessions)
    elif "cancelled" in what:  # the item's sessions stay as they were, only its status changed
        ahead = any(end > wall for _, end in item["sessions"])
    else:
        ahead = item["last_end"] is not None and item["last_end"] > wall
    if not ahead:
        return
    version = (await Item.select(Item.version).where(Item.id == event.item_id).first())["version"]
    told = 0
    for row in rows:
        registration, link, key = as_dict(row), registration_link(row), f"registration:{row['id']}:changed:{version}"
        language = language_or_default(registration["language"])
        if by_sms(row):
            told += await enqueue_sms(key=key, to_number=row["phone"], text=messages.changed_sms(item, registration, what, sessions, event.at, link),
                                      language=language, item_id=event.item_id, branch_id=item["branch"])
        else:
            subject, body = messages.changed_mail(item, registration, what, sessions, event.at, link)
            told += await enqueue(key=key, to_address=registration["email"], to_name=registration["name"], subject=subject, body=body,
                                  language=language, item_id=event.item_id, branch_id=item["branch"])
    if told:
        await record_and_tell(event.item_id, None, "registration_told", {"changes": ", ".join(sorted(what)), "registrations": told})
