"""The end of registrations' personal data: `retention_days` after the item's last session the
names, phones, emails and links are blanked and the outboxes' copies of their mail and texts deleted. The
state, the party, the age band and who came stay, so the statistics keep their counts."""
from __future__ import annotations

from datetime import datetime, timedelta

from models.kernel.clock import utc_of_wall
from models.kernel.db import transaction
from models.kernel.registration_tables import Registration, RegistrationSetup
from models.kernel.tables import Item, Occurrence
from models.registration.common import as_utc
from models.registration.registrations import PERSONAL_BLANK, forget_messages_of


async def last_end(item_id: int) -> datetime | None:
    """The end of the item's last session still held; of a cancelled item (or one whose every
    session was cancelled), the last it had, so that its registrations are not kept for ever."""
    held = await Occurrence.select(Occurrence.ends_at).where((Occurrence.item == item_id) & (Occurrence.cancelled == False)).order_by(  # noqa: E712
        Occurrence.ends_at, ascending=False).first()
    if held:
        return held["ends_at"]
    any_session = await Occurrence.select(Occurrence.ends_at).where(Occurrence.item == item_id).order_by(Occurrence.ends_at, ascending=False).first()
    if any_session:
        return any_session["ends_at"]
    item = await Item.select(Item.ends_at).where(Item.id == item_id).first()
    return item["ends_at"] if item else None


async def anonymise_due(now: datetime) -> int:
    """Run daily in the background. Returns how many registrations were anonymised."""
    moment = as_utc(now)
    setups = await RegistrationSetup.select(RegistrationSetup.item, RegistrationSetup.retention_days)
    anonymised = 0
    for setup in setups:
        end = await last_end(setup["item"])
        if end is None or utc_of_wall(end) + timedelta(days=setup["retention_days"]) > moment:
            continue
        async with transaction():
            rows = await Registration.update({**PERSONAL_BLANK, Registration.anonymised_at: moment}).where(
                (Registration.item == setup["item"]) & Registration.anonymised_at.is_null()).returning(Registration.id)
            await forget_messages_of([row["id"] for row in rows])
        anonymised += len(rows)
    return anonymised
