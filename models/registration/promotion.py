"""Promotion: the one function every path that frees or adds places ends with (a cancellation, a
smaller party, a raised capacity, an erased registration).

While places are left, the oldest waiting party whose whole party fits is registered, as
Intercept does: a bigger party earlier in the queue that does not fit does not hold back a smaller
one behind it, and it keeps its place for the next freed place. Only before registration closes:
after that the librarian has the list in hand and a late mail would find nobody ready to come.
Nor while the setup is turned off (active False): the freed places stay free and the waiting list
waits; turning it on again (save_setup) runs the promotion then.
It runs inside its caller's transaction, after the setup row's lock (common.lock_setup), so two
cancellations at once promote one party each, never the same one twice; the mail's outbox key
("registration:<id>:promoted") would refuse a second mail even then. A party with a phone and no
email is texted instead, when an SMS gateway is configured (channels.py), under the same key."""
from __future__ import annotations

from datetime import datetime

from models.kernel.i18n import language_or_default
from models.kernel.outbox import enqueue
from models.kernel.sms_outbox import enqueue_sms
from models.kernel.registration_tables import Registration
from models.planning import record_and_tell
from models.registration import messages
from models.registration.channels import by_sms
from models.registration.common import as_dict, as_utc, counts, is_before_close, item_timing, waiting_order
from models.registration.links import registration_link


async def promote(item_id: int, setup: dict | None, *, now: datetime, item: dict | None = None) -> list[dict]:
    """Registers the waiting parties that fit now; returns them (as registration dicts)."""
    if setup is None or not setup["active"]:
        return []
    item = item or await item_timing(item_id)
    if item is None or not is_before_close(setup, item, now):
        return []
    left = setup["capacity"] - (await counts(item_id))["taken"]
    moment = as_utc(now)
    promoted = []
    for row in await waiting_order(item_id):
        if left <= 0:
            break
        if row["party"] > left:
            continue
        changed = await Registration.update({
            Registration.state: "registered", Registration.queued_at: moment, Registration.changed_at: moment,
        }).where((Registration.id == row["id"]) & (Registration.state == "waiting")).returning(*Registration.all_columns())
        if not changed:
            continue
        left -= row["party"]
        registration, link, key = as_dict(changed[0]), registration_link(changed[0]), f"registration:{row['id']}:promoted"
        language = language_or_default(registration["language"])
        if registration["email"]:
            subject, body = messages.promoted_mail(item, registration, now, link)
            await enqueue(key=key, to_address=registration["email"], to_name=registration["name"], subject=subject, body=body,
                          language=language, item_id=item_id, branch_id=item["branch"])
        elif by_sms(changed[0]):
            await enqueue_sms(key=key, to_number=registration["phone"], text=messages.promoted_sms(item, registration, now, link),
                              language=language, item_id=item_id, branch_id=item["branch"])
        await record_and_tell(item_id, None, "registration_promoted", {"party": row["party"]})
        promoted.append(registration)
    return promoted
