"""Reminders the day before: every registered person with an email is mailed (with a phone and no
email, texted, when an SMS gateway is configured: channels.py) once per session they are registered for (a series registers for all its sessions, so each session has its own
reminder), from `hour` (Europe/Riga) the day before the session until it starts.

Only registrations still registered (not waiting, cancelled or anonymised), only sessions not
cancelled of an item not cancelled. A person who got the place after the reminder's moment (the
confirmation or promotion mail came within the day before) is not reminded: that mail had it all.
The outbox key "registration:<id>:remind:<session id>" makes a second pass queue nothing; it also
begins with "registration:<id>:", so the retention rule deletes the mail or SMS with the person's
data. A text not sent by the session's start is not sent at all (its send_before)."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from models.kernel.clock import local_wall_time, utc_of_wall
from models.kernel.db import transaction
from models.kernel.enums import Status
from models.kernel.i18n import language_or_default
from models.kernel.outbox import enqueue
from models.kernel.sms_outbox import enqueue_sms
from models.kernel.registration_tables import Registration
from models.kernel.tables import Occurrence, Place
from models.planning import record_and_tell
from models.registration import messages
from models.registration.channels import by_sms, reachable
from models.registration.common import as_dict, as_utc, item_facts, stored_moment
from models.registration.links import registration_link

REMINDER_HOUR = 8


def reminder_moment(starts_at: datetime, hour: int = REMINDER_HOUR) -> datetime:
    """From when a session's reminder may go: `hour` o'clock (Riga wall time) the day before."""
    return datetime.combine(starts_at.date() - timedelta(days=1), time(hour))


async def _sessions_due(wall: datetime, hour: int) -> list[dict]:
    """Sessions not cancelled, not yet started, whose reminder's moment has come, of items with
    registrations and not cancelled."""
    horizon = datetime.combine(wall.date() + timedelta(days=2 if wall.hour >= hour else 1), time())
    item_ids = sorted({row["item"] for row in await Registration.select(Registration.item).where(
        (Registration.state == "registered") & Registration.anonymised_at.is_null() & reachable())})
    if not item_ids:
        return []
    rows = await Occurrence.select(
        Occurrence.id, Occurrence.item, Occurrence.starts_at, Occurrence.ends_at, Occurrence.place, Occurrence.recurrence_id,
    ).where(Occurrence.item.is_in(item_ids) & (Occurrence.cancelled == False) & (Occurrence.starts_at > wall)  # noqa: E712
            & (Occurrence.starts_at < horizon)).order_by(Occurrence.starts_at).order_by(Occurrence.id)
    return [row for row in rows if reminder_moment(row["starts_at"], hour) <= wall]


async def session_facts(item_id: int, session: dict) -> dict | None:
    """What a mail about one session says: the item's title, the session's time and place (its
    own place, else the item's, else the library's name; `short_place` is a text's, with the
    library's short name)."""
    item = await item_facts(item_id)
    if item is None:
        return None
    place_name = item["place_name"]
    if session.get("place"):
        place = await Place.select(Place.name).where(Place.id == session["place"]).first()
        place_name = place["name"] if place else place_name
    return {**item, "place_name": place_name or item["branch_name"] or "", "short_place": place_name or item["branch_short"] or "",
            "starts_at": session["starts_at"], "ends_at": session["ends_at"]}


async def send_registration_reminders(now: datetime, *, hour: int = REMINDER_HOUR) -> int:
    """Run by the hourly pass (app/registration/background.py). Returns how many mails and texts were queued."""
    wall = local_wall_time(as_utc(now))
    queued_total = 0
    for session in await _sessions_due(wall, hour):
        since = utc_of_wall(reminder_moment(session["starts_at"], hour))
        async with transaction():
            facts = await session_facts(session["item"], session)
            if facts is None or facts["status"] in (Status.CANCELLED.value, Status.DRAFT.value):
                continue
            rows = await Registration.select().where(
                (Registration.item == session["item"]) & (Registration.state == "registered") & Registration.anonymised_at.is_null()
                & reachable()).order_by(Registration.id)
            queued = 0
            for row in rows:
                placed = stored_moment(row["queued_at"])
                if placed is not None and placed >= since:
                    continue  # the place came within the day before: its mail is the reminder
                registration, link, key = as_dict(row), registration_link(row), f"registration:{row['id']}:remind:{session['id']}"
                language = language_or_default(registration["language"])
                if by_sms(row):
                    told = await enqueue_sms(key=key, to_number=row["phone"], text=messages.reminder_sms(facts, registration, link),
                                             language=language, item_id=session["item"], branch_id=facts["branch"],
                                             send_before=utc_of_wall(session["starts_at"]))
                else:
                    subject, body = messages.reminder_mail(facts, registration, link)
                    told = await enqueue(key=key, to_address=registration["email"], to_name=registration["name"], subject=subject, body=body,
                                         language=language, item_id=session["item"], branch_id=facts["branch"])
                queued += told
            if queued:
                await record_and_tell(session["item"], None, "registration_reminded", {
                    "occurrence": session["recurrence_id"].strftime("%Y-%m-%dT%H:%M") if session["recurrence_id"] else "",
                    "registrations": queued})
            queued_total += queued
    return queued_total
