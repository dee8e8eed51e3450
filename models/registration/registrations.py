"""Registering for an item without an account, and what the personal link allows: see, change
the party, cancel, delete one's data.

The link's token is 256 bits signed with the server's secret key from the registration's id and
the moment it was made (links.py), so later mails can repeat it; the database keeps only its
SHA-256, as feed tokens are (models/publishing): a copy of the database opens no registration
without the key, and anything that is not a live token finds nothing.

Every change takes the setup row's lock first (common.lock_setup) and counts after it, in one
write transaction, so two people taking the last place at the same moment never both get it, and
whatever frees a place ends with the one promotion (promotion.promote)."""
from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.kernel.db import transaction
from models.kernel.i18n import LANGUAGES, DEFAULT_LANGUAGE, language_or_default
from models.kernel import sms_outbox
from models.kernel.outbox import enqueue
from models.kernel.registration_tables import Registration, RegistrationSetup
from models.kernel.tables import MailMessage
from models.kernel.validation import EMAIL, PHONE, Collector, ValidationFailed, as_int, clean_text
from models.planning import record_and_tell
from models.publishing import TOKEN_SHAPE, hash_token
from models.registration import messages
from models.registration.common import (
    RegistrationClosed, RegistrationNotFound, as_dict, as_utc, closes_at, counts, has_ended, has_future_session, is_before_close, item_timing,
    lock_setup, position_of, refusal, stored_moment, waiting_order, with_position,
)
from models.registration.links import personal_link, registration_link, registration_token
from models.registration.promotion import promote

NAME_MAX, PHONE_MAX, EMAIL_MAX, AGE_BAND_MAX = 200, 40, 254, 40


@dataclass
class RegistrationDraft:
    name: str
    phone: str = ""
    email: str = ""
    party: int = 1
    age_band: str = ""
    language: str = DEFAULT_LANGUAGE


def _pattern(pattern, code: str, limit: int):
    def check(value: Any) -> str:
        text = clean_text(value, limit)
        if text and not pattern.match(text):
            raise ValueError(code)
        return text
    return check


def _party(value: Any, party_max: int) -> int:
    number = as_int(value)
    if number is None:
        return 1
    if not 1 <= number <= party_max:
        raise ValueError(f"party_range:1:{party_max}")
    return number


def parse_registration(form: Mapping[str, Any], setup: Mapping[str, Any]) -> RegistrationDraft:
    """The public form: a name and a phone or an email (the error "phone_or_email" is the phone
    field's), the party (1 when not asked), a child's age band when the setup asks for it."""
    fields = Collector()
    name = fields.check("name", clean_text, form.get("name"), NAME_MAX, True)
    phone = fields.check("phone", _pattern(PHONE, "phone_format", PHONE_MAX), form.get("phone"))
    email = fields.check("email", _pattern(EMAIL, "email_format", EMAIL_MAX), form.get("email"))
    if not phone and not email and "phone" not in fields.errors and "email" not in fields.errors:
        fields.errors["phone"] = "phone_or_email"
    party = fields.check("party", _party, form.get("party"), setup["party_max"])
    age_band = ""
    if setup["ask_age_band"]:
        age_band = fields.check("age_band", clean_text, form.get("age_band"), AGE_BAND_MAX, True)
    if fields.errors:
        raise ValidationFailed(fields.errors)
    language = form.get("language") if form.get("language") in LANGUAGES else DEFAULT_LANGUAGE
    return RegistrationDraft(name=name, phone=phone, email=email, party=party, age_band=age_band, language=language)


async def register(item_id: int, draft: RegistrationDraft, *, base_url: str, now: datetime) -> tuple[dict, str]:
    """A place when the whole party fits in the places left, else the waiting list when it allows,
    else ValidationFailed {"party": "party_no_room:N"} while N places are left (a smaller party
    fits), else RegistrationClosed("full"). Returns the registration and its token, which is not kept."""
    moment = as_utc(now)
    async with transaction():
        setup = await lock_setup(item_id)
        item = await item_timing(item_id)
        if reason := refusal(setup, item, now):
            raise RegistrationClosed(reason)
        if not 1 <= draft.party <= setup["party_max"]:
            raise ValidationFailed({"party": f"party_range:1:{setup['party_max']}"})
        now_counts = await counts(item_id)
        left = setup["capacity"] - now_counts["taken"]
        if draft.party <= left:
            state = "registered"
        elif setup["waiting_list"] and (setup["waiting_limit"] is None or now_counts["waiting"] < setup["waiting_limit"]):
            state = "waiting"
        elif left > 0:  # places are left, only not for the whole party: say how many may come, not "full"
            raise ValidationFailed({"party": f"party_no_room:{left}"})
        else:
            raise RegistrationClosed("full")
        inserted = await Registration.insert(Registration(
            item=item_id, token_hash=None, name=draft.name, phone=draft.phone, email=draft.email, party=draft.party,
            age_band=draft.age_band if setup["ask_age_band"] else "", state=state, queued_at=moment, created_at=moment,
            changed_at=moment, language=language_or_default(draft.language),
        )).returning(Registration.id, Registration.created_at)
        # the token is signed from the row's id, which only the insert gives; its hash is set in the
        # same transaction, so no registration is ever seen without one
        token = registration_token(inserted[0]["id"], inserted[0]["created_at"])
        rows = await Registration.update({Registration.token_hash: hash_token(token)}).where(
            Registration.id == inserted[0]["id"]).returning(*Registration.all_columns())
        registration = await with_position(rows[0])
        if registration["email"]:
            subject, body = messages.confirmed_mail(item, registration, personal_link(base_url, token), now)
            await enqueue(key=f"registration:{registration['id']}:confirmed", to_address=registration["email"],
                          to_name=registration["name"], subject=subject, body=body, language=registration["language"],
                          item_id=item_id, branch_id=item["branch"])
        await record_and_tell(item_id, None, "registration_added", {"state": state, "party": draft.party})
    return registration, token


async def _row_by_token(token: Any) -> dict | None:
    if not isinstance(token, str) or not TOKEN_SHAPE.fullmatch(token):
        return None
    digest = hash_token(token)
    row = await Registration.select().where(Registration.token_hash == digest).first()
    # the lookup is by an indexed hash; compare_digest keeps the final check constant-time
    if row is None or row["token_hash"] is None or not hmac.compare_digest(row["token_hash"], digest) or row["anonymised_at"] is not None:
        return None
    return row


async def registration_by_token(token: Any) -> dict | None:
    """The registration behind a personal link; None for any wrong, blank, malformed or erased token."""
    row = await _row_by_token(token)
    return await with_position(row) if row else None


async def _locked(registration_id: int, item_id: int) -> tuple[dict | None, dict]:
    """The item's setup locked, then the registration read again: what another transaction
    committed while this one waited for the lock is what counts."""
    setup = await lock_setup(item_id)
    row = await Registration.select().where((Registration.id == registration_id) & (Registration.item == item_id)).first()
    if row is None:
        raise RegistrationNotFound()
    return setup, row


async def change_party(token: str, party: Any, *, base_url: str, now: datetime) -> dict:
    """A smaller party frees places (the waiting list moves); a bigger one only if it fits in the
    places left ("party_no_room:N", N the biggest party that fits) and while registration is open
    ("registration_off" while the setup is turned off). A waiting party keeps its place in the
    queue whatever its size."""
    async with transaction():
        found = await _row_by_token(token)
        if found is None:
            raise RegistrationNotFound()
        setup, row = await _locked(found["id"], found["item"])
        if row["state"] == "cancelled" or setup is None:
            raise ValidationFailed({"party": "registration_cancelled"})
        try:
            if as_int(party) is None:  # a blank party is a mistake here, not "1"
                raise ValueError("required")
            if as_int(party) == row["party"]:  # unchanged, even above a party_max lowered since
                return await with_position(row)
            number = _party(party, setup["party_max"])
        except ValueError as error:
            raise ValidationFailed({"party": str(error)}) from None
        item = await item_timing(row["item"])
        if item is None or item["status"] == "cancelled" or not has_future_session(item, now):
            raise RegistrationClosed("closed")
        if number > row["party"]:
            if not setup["active"]:  # turned off: no new places taken, a bigger party included
                raise ValidationFailed({"party": "registration_off"})
            if not is_before_close(setup, item, now):
                raise RegistrationClosed("closed")
            if row["state"] == "registered":
                left = setup["capacity"] - (await counts(row["item"]))["taken"]
                if number - row["party"] > left:
                    raise ValidationFailed({"party": f"party_no_room:{min(setup['party_max'], row['party'] + max(left, 0))}"})
        await Registration.update({Registration.party: number, Registration.changed_at: as_utc(now)}).where(Registration.id == row["id"])
        await record_and_tell(row["item"], None, "registration_party", {"party": [row["party"], number], "state": row["state"]})
        await promote(row["item"], setup, now=now, item=item)
        after = await Registration.select().where(Registration.id == row["id"]).first()
        return await with_position(after)


async def _cancel(registration_id: int, item_id: int, *, now: datetime, staff_id: int | None, action: str, tell_person: bool) -> dict:
    """Cancelled, then the promotion, in the caller's transaction. A registration already
    cancelled is left as it is: a second cancel (a double click, two tabs) promotes nobody."""
    setup, row = await _locked(registration_id, item_id)
    if row["state"] == "cancelled":
        return as_dict(row)
    rows = await Registration.update({Registration.state: "cancelled", Registration.changed_at: as_utc(now)}).where(
        (Registration.id == registration_id) & (Registration.state != "cancelled")).returning(*Registration.all_columns())
    cancelled = as_dict(rows[0])
    item = await item_timing(item_id)
    if tell_person and cancelled["email"] and item is not None and not cancelled["anonymised"]:
        subject, body = messages.cancelled_by_library_mail(item, cancelled, now, registration_link(rows[0]))
        await enqueue(key=f"registration:{registration_id}:cancelled", to_address=cancelled["email"], to_name=cancelled["name"],
                      subject=subject, body=body, language=language_or_default(cancelled["language"]), item_id=item_id,
                      branch_id=item["branch"])
    await record_and_tell(item_id, staff_id, action, {"party": row["party"], "state": row["state"]})
    await promote(item_id, setup, now=now, item=item)
    return cancelled


async def cancel(token: str, *, base_url: str, now: datetime, by_staff: int | None = None) -> dict:
    """The person cancels through the link; the oldest waiting party that fits gets the place.
    After the item's last session has ended it is refused (RegistrationClosed("ended")): the
    registration stays as it was for the attendance counts; the librarian may still cancel it."""
    async with transaction():
        found = await _row_by_token(token)
        if found is None:
            raise RegistrationNotFound()
        item = await item_timing(found["item"])
        if found["state"] != "cancelled" and item is not None and has_ended(item, now):
            raise RegistrationClosed("ended")
        return await _cancel(found["id"], found["item"], now=now, staff_id=by_staff, action="registration_cancelled", tell_person=False)


async def cancel_by_staff(registration_id: int, item_id: int, *, staff_id: int | None, base_url: str, now: datetime) -> dict:
    """The librarian cancels one of the item's registrations; the person is told by mail."""
    async with transaction():
        return await _cancel(registration_id, item_id, now=now, staff_id=staff_id, action="registration_cancelled", tell_person=True)


PERSONAL_BLANK = {Registration.name: "", Registration.phone: "", Registration.email: "", Registration.token_hash: None}


async def forget_messages_of(registration_ids: list[int]) -> None:
    """The outboxes' copies of a registration's mail and texts hold the person's name, address or
    phone number: they go too, sent or still waiting."""
    for registration_id in registration_ids:
        await MailMessage.delete().where(MailMessage.key.like(f"registration:{registration_id}:%"))
        await sms_outbox.forget(f"registration:{registration_id}:")


async def erase(token: str, *, now: datetime) -> None:
    """The person deletes their data: the registration is cancelled (its place goes to the
    waiting list) and anonymised now; only its counts stay."""
    async with transaction():
        found = await _row_by_token(token)
        if found is None:
            raise RegistrationNotFound()
        await _cancel(found["id"], found["item"], now=now, staff_id=None, action="registration_erased", tell_person=False)
        await Registration.update({**PERSONAL_BLANK, Registration.anonymised_at: as_utc(now)}).where(Registration.id == found["id"])
        await forget_messages_of([found["id"]])


async def places(item_id: int) -> dict:
    """Places and the waiting list in numbers (what public pages and feeds may show)."""
    from_counts = await counts(item_id)
    setup = await RegistrationSetup.select(RegistrationSetup.capacity).where(RegistrationSetup.item == item_id).first()
    capacity = setup["capacity"] if setup else 0
    return {"capacity": capacity, "taken": from_counts["taken"], "left": max(0, capacity - from_counts["taken"]),
            "waiting": from_counts["waiting"], "waiting_people": from_counts["waiting_people"]}


async def availability(item_id: int, now: datetime) -> dict | None:
    """What the public page, the register form and the feed say before anyone tries: `places`,
    and "reason" why nobody could register now (None | "not_open" | "closed" | "off" | "full"; full:
    no place left and no waiting list, or its limit reached), "waiting_open" (the next one would
    wait), when it opens and closes, and what the form asks. None when the item has no setup."""
    setup = await RegistrationSetup.select().where(RegistrationSetup.item == item_id).first()
    if setup is None:
        return None
    item = await item_timing(item_id)
    numbers = await places(item_id)
    reason = refusal(setup, item, now)
    waiting_open = False
    if reason is None and numbers["left"] < 1:
        waiting_open = setup["waiting_list"] and (setup["waiting_limit"] is None or numbers["waiting"] < setup["waiting_limit"])
        reason = None if waiting_open else "full"
    return {**numbers, "reason": reason, "waiting_open": waiting_open, "opens_at": stored_moment(setup["opens_at"]),
            "closes_at": closes_at(setup, item) if item else stored_moment(setup["closes_at"]), "party_max": setup["party_max"],
            "ask_age_band": setup["ask_age_band"], "retention_days": setup["retention_days"]}


async def position(registration: Mapping[str, Any]) -> int | None:
    """1-based place on the waiting list; None when not waiting."""
    item_id = registration.get("item_id", registration.get("item"))
    return await position_of({"id": registration["id"], "item": item_id, "state": registration["state"]})


async def registrations_of(item_id: int) -> list[dict]:
    """The librarian's list: registered (in the order they got their place), then the waiting
    list in its order, then the cancelled (latest first)."""
    registered = await Registration.select().where((Registration.item == item_id) & (Registration.state == "registered")).order_by(
        Registration.queued_at).order_by(Registration.id)
    cancelled = await Registration.select().where((Registration.item == item_id) & (Registration.state == "cancelled")).order_by(
        Registration.changed_at, ascending=False).order_by(Registration.id, ascending=False)
    waiting = await waiting_order(item_id)
    return [as_dict(row) for row in registered] + [as_dict(row, index) for index, row in enumerate(waiting, 1)] + [as_dict(row) for row in cancelled]
