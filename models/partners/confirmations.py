"""Asking partners to confirm an item, and their answers through a personal link.

A link's token is 256 bits, an HMAC of the request under the app's secret key
(models/kernel/signing.py); the table keeps only its SHA-256 (as models/publishing/feed_tokens.py),
so a copy of the database opens no link. The HMAC lets a reminder or a change mail repeat the same
link the first mail gave, so every mail the partner kept still works. A request covers the whole item (every session of a series) and
expires when its last session ends; revoking it, or asking the contact again, ends the link."""
from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from models.partners import messages as texts
from models.kernel.clock import local_wall_time, utc_of_wall, utcnow
from models.publishing import TOKEN_SHAPE, hash_token
from models.kernel.outbox import enqueue
# the server's key is set once for every signed link (app/__init__.py, models/kernel/signing.configure)
from models.kernel.signing import signed_token
from models.kernel.db import transaction
from models.kernel.enums import NotificationKind, SeriesScope
from models.planning import last_end, move_item, move_sessions, record_and_tell
from models.kernel.tables import Item, ItemPartner, Notification, Occurrence, PartnerContact, PartnerRequest

STATES = ("confirmed", "declined", "proposed")


class AnswerRefused(Exception):
    """A partner's answer that cannot be taken; `code` names the reason (app/i18n error codes)."""

    def __init__(self, code: str, field: str = ""):
        super().__init__(code)
        self.code, self.field = code, field


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def token_for(request_id: int, asked_at: datetime) -> str:
    """The answer link's token. Its message ("partner-request:<id>:<asked_at as whole seconds>")
    and key are those of every link mailed so far: links partners keep go on working."""
    return signed_token("partner-request", request_id, int(_aware(asked_at).timestamp()))


async def item_facts(item_id: int) -> dict:
    """The item as a partner sees it: title, first session, place, branch, responsible staff."""
    item = await Item.select(
        Item.id, Item.title, Item.branch, Item.starts_at, Item.ends_at, Item.all_day, Item.rrule, Item.status,
        Item.responsible, Item.sequence, Item.version, Item.place.name.as_alias("place_name"),
        Item.branch.short_name.as_alias("branch_name"), Item.responsible.display_name.as_alias("responsible_name"),
        Item.responsible.email.as_alias("responsible_email"), Item.responsible.language.as_alias("responsible_language"),
    ).where(Item.id == item_id).first()
    if item is None:
        return {}
    sessions = await Occurrence.select(Occurrence.starts_at, Occurrence.ends_at).where(
        (Occurrence.item == item_id) & (Occurrence.cancelled == False)).order_by(Occurrence.starts_at)  # noqa: E712
    item["sessions"] = len(sessions)
    # every session as the partner will be asked to come: a series is not its first date
    item["session_list"] = [(row["starts_at"], row["ends_at"]) for row in sessions]
    if sessions:
        item["starts_at"], item["ends_at"] = sessions[0]["starts_at"], sessions[0]["ends_at"]
    return item


async def _contact(contact_id: int) -> dict | None:
    return await PartnerContact.select(
        PartnerContact.all_columns(), PartnerContact.partner.name.as_alias("partner_name"),
        PartnerContact.partner.branch.as_alias("partner_branch"),
    ).where(PartnerContact.id == contact_id).first()


async def _link_for(item_id: int, partner_id: int) -> dict:
    """The item's link to the partner, made (as a participant) when the librarian asks somebody new."""
    row = await ItemPartner.select().where((ItemPartner.item == item_id) & (ItemPartner.partner == partner_id)).first()
    if row is None:
        rows = await ItemPartner.insert(ItemPartner(item=item_id, partner=partner_id, role="participant", confirmation="asked")).returning(*ItemPartner.all_columns())
        row = rows[0]
    return row


def _mail_facts(item: dict, contact: dict, role: str, link: str, staff_name: str = "") -> texts.MailFacts:
    return texts.facts(item, sessions=item["sessions"], staff_name=item["responsible_name"] or staff_name, role=role,
                       link=link, language=contact["language"])


async def ask(item_id: int, contact_ids: list[int], staff: dict | None, base_url: str, *, now: datetime | None = None) -> list[int]:
    """A request and a mail per contact; asking a contact again replaces the earlier link."""
    now = now or utcnow()
    staff_id = staff["id"] if staff else None
    made = []
    async with transaction():
        item = await item_facts(item_id)
        if not item:
            raise AnswerRefused("unknown")
        expires = utc_of_wall(await last_end(item_id, item["ends_at"]))
        if item["status"] == "cancelled" or expires <= now:
            raise AnswerRefused("item_over")  # a link that would be dead on arrival helps nobody
        for contact_id in dict.fromkeys(contact_ids):
            contact = await _contact(contact_id)
            if contact is None or not contact["active"] or not contact["email"]:
                continue
            if contact["partner_branch"] not in (None, item["branch"]):
                continue  # another branch's partner: not this item's to ask
            link = await _link_for(item_id, contact["partner"])
            await PartnerRequest.update({PartnerRequest.revoked_at: now}).where(
                (PartnerRequest.item == item_id) & (PartnerRequest.contact == contact_id) & PartnerRequest.revoked_at.is_null())
            rows = await PartnerRequest.insert(PartnerRequest(
                token_hash=secrets.token_hex(32), item=item_id, contact=contact_id, item_partner=link["id"], state="asked",
                asked_at=now, expires_at=expires, asked_by=staff_id,
            )).returning(PartnerRequest.id)
            request_id = rows[0]["id"]
            token = token_for(request_id, now)
            await PartnerRequest.update({PartnerRequest.token_hash: hash_token(token)}).where(PartnerRequest.id == request_id)
            await ItemPartner.update({ItemPartner.confirmation: "asked"}).where(ItemPartner.id == link["id"])
            facts = _mail_facts(item, contact, link["role"], f"{base_url.rstrip('/')}/answer/{token}", staff["display_name"] if staff else "")
            subject, body = texts.ask_mail(facts, contact["name"], contact["language"])
            await enqueue(key=f"ask:{request_id}", to_address=contact["email"], to_name=contact["name"], subject=subject, body=body,
                          language=texts.lang_of(contact["language"]), item_id=item_id, branch_id=item["branch"])
            await record_and_tell(item_id, staff_id, "partner_asked", {"partner": contact["partner_name"], "contact": contact["name"]})
            made.append(request_id)
    return made


async def find_request(token: str, *, now: datetime | None = None) -> dict | None:
    """The live request for a link's token; None for anything wrong, expired or revoked."""
    if not TOKEN_SHAPE.fullmatch(token or ""):
        return None
    digest = hash_token(token)
    row = await PartnerRequest.select().where(PartnerRequest.token_hash == digest).first()
    if row is None or not hmac.compare_digest(row["token_hash"], digest):
        return None
    if row["revoked_at"] is not None or _aware(row["expires_at"]) <= (now or utcnow()):
        return None
    return row


async def has_started(item_id: int, now: datetime) -> bool:
    first = await Occurrence.select(Occurrence.starts_at).where(
        (Occurrence.item == item_id) & (Occurrence.cancelled == False)).order_by(Occurrence.starts_at).first()  # noqa: E712
    return first is None or first["starts_at"] <= local_wall_time(now)


def check_proposal(start: datetime | None, end: datetime | None, now: datetime) -> None:
    if start is None or end is None:
        raise AnswerRefused("required", "proposed_date")
    if not (2000 <= start.year <= 2100 and 2000 <= end.year <= 2100):
        raise AnswerRefused("date_out_of_range", "proposed_date")
    if end <= start:
        raise AnswerRefused("end_before_start", "proposed_end")
    if start <= local_wall_time(now):
        raise AnswerRefused("in_the_past", "proposed_date")


async def answer(token: str, state: str, note: str = "", proposed_start: datetime | None = None,
                 proposed_end: datetime | None = None, *, base_url: str = "", now: datetime | None = None) -> dict:
    """Take a partner's answer; they can change it until the item starts."""
    now = now or utcnow()
    if state not in STATES:
        raise AnswerRefused("choice", "state")
    note = (note or "").strip()
    if len(note) > 1000:
        raise AnswerRefused("too_long:1000", "note")
    if state == "proposed":
        check_proposal(proposed_start, proposed_end, now)
    else:
        proposed_start = proposed_end = None
    async with transaction():
        request = await find_request(token, now=now)
        if request is None:
            raise AnswerRefused("gone")
        if await has_started(request["item"], now):
            raise AnswerRefused("started")
        await PartnerRequest.update({
            PartnerRequest.state: state, PartnerRequest.note: note, PartnerRequest.answered_at: now,
            PartnerRequest.proposed_start: proposed_start, PartnerRequest.proposed_end: proposed_end,
        }).where(PartnerRequest.id == request["id"])
        if request["item_partner"]:
            await ItemPartner.update({ItemPartner.confirmation: state}).where(ItemPartner.id == request["item_partner"])
        contact = await _contact(request["contact"])
        item = await item_facts(request["item"])
        proposed = f"{texts.day_text(proposed_start, 'lv')} {proposed_start:%H:%M}–{proposed_end:%H:%M}" if proposed_start else ""
        details = {"partner": contact["partner_name"], "contact": contact["name"], "answer": state}
        if proposed:
            details["proposed"] = proposed
        if note:
            details["note"] = note
        await record_and_tell(request["item"], None, "partner_answered", details)
        await _tell_librarian(request, item, contact, state, note, proposed_start, proposed_end, base_url, now)
    return {**request, "state": state, "note": note, "answered_at": now}


async def _tell_librarian(request, item, contact, state, note, start, end, base_url, now) -> None:
    language = texts.lang_of(item["responsible_language"])
    details = {"partner": contact["partner_name"], "contact": contact["name"], "state": state, "title": item["title"]}
    text = texts.answer_note(language="lv", **details)
    await Notification.insert(Notification(staff=item["responsible"], branch=item["branch"], item=item["id"], kind=NotificationKind.PARTNER_ANSWERED.value,
                                           details=details, text=text[:500], created_at=now))
    if item["responsible_email"]:
        proposed = f"{texts.day_text(start, language)} {start:%H:%M}–{end:%H:%M}" if start else ""
        subject = texts.answer_note(contact["partner_name"], contact["name"], state, item["title"], language)
        body = texts.answer_mail(subject, note, proposed, f"{base_url.rstrip('/')}/items/{item['id']}", language)
        await enqueue(key=f"answer:{request['id']}:{now.isoformat()}", to_address=item["responsible_email"],
                      to_name=item["responsible_name"] or "", subject=subject, body=body, language=language,
                      item_id=item["id"], branch_id=item["branch"])


@dataclass(frozen=True)
class SessionMove:
    occurrence_id: int
    starts_at: datetime
    ends_at: datetime
    new_start: datetime
    new_end: datetime


@dataclass(frozen=True)
class ProposalPlan:
    """What accepting a proposal would do: the sessions it moves, old and new times."""

    request: dict
    item_id: int
    series: bool
    scope: SeriesScope
    moves: tuple[SessionMove, ...]
    anchor_id: int | None


async def proposal_plan(request_id: int, scope: SeriesScope = SeriesScope.THIS, *, now: datetime | None = None) -> ProposalPlan:
    """The sessions a proposal moves. The partner proposes one date and time; in a series it is
    read against the session nearest to it ("move it to Wednesdays": Tuesday 14:00 proposed as
    Wednesday 15:00 moves that session a day and to 15:00), and the librarian takes it for that
    session, that one and the following, or every session still to come, each moved alike."""
    wall_now = local_wall_time(now or utcnow())
    request = await PartnerRequest.select().where(PartnerRequest.id == request_id).first()
    if request is None or request["state"] != "proposed" or request["revoked_at"] is not None or request["proposed_start"] is None:
        raise AnswerRefused("not_proposed")
    start, end = request["proposed_start"], request["proposed_end"]
    item = await Item.select(Item.id, Item.rrule).where(Item.id == request["item"]).first()
    sessions = await Occurrence.select().where(
        (Occurrence.item == item["id"]) & (Occurrence.cancelled == False) & (Occurrence.ends_at > wall_now)  # noqa: E712
    ).order_by(Occurrence.starts_at)
    if not sessions:
        raise AnswerRefused("item_over")
    series = bool(item["rrule"]) and len(sessions) > 1
    anchor = min(sessions, key=lambda o: (abs(o["starts_at"] - start), o["starts_at"]))
    if not series:
        scope = SeriesScope.THIS
    chosen = {SeriesScope.THIS: [anchor], SeriesScope.FOLLOWING: [o for o in sessions if o["starts_at"] >= anchor["starts_at"]],
              SeriesScope.ALL: sessions}[scope]
    days, length = start.date() - anchor["starts_at"].date(), end - start
    moves = []
    for session in chosen:
        new_start = datetime.combine(session["starts_at"].date() + days, start.time())
        if new_start <= wall_now:
            continue  # an earlier session cannot be moved into the past
        moves.append(SessionMove(session["id"], session["starts_at"], session["ends_at"], new_start, new_start + length))
    return ProposalPlan(request, item["id"], series, scope, tuple(moves), anchor["id"])


async def accept_proposal(request_id: int, staff: dict, scope: SeriesScope = SeriesScope.THIS, *, now: datetime | None = None) -> ProposalPlan:
    """Move the item, or the chosen sessions of a series, to the proposed time; the partner's
    answer becomes "confirmed", she is told the new times, and the notification of her proposal
    is read."""
    now = now or utcnow()
    async with transaction():
        plan = await proposal_plan(request_id, scope, now=now)
        request = plan.request
        if not plan.moves:
            raise AnswerRefused("item_over")
        if plan.series:
            await move_sessions(plan.item_id, [(m.occurrence_id, m.new_start, m.new_end) for m in plan.moves], staff["id"],
                                action="proposal_accepted", details={"scope": plan.scope.value})
        else:
            move = plan.moves[0]
            item = await Item.select(Item.rrule).where(Item.id == plan.item_id).first()
            if item["rrule"]:  # a series with one session left
                await move_sessions(plan.item_id, [(move.occurrence_id, move.new_start, move.new_end)], staff["id"], action="proposal_accepted")
            else:
                await move_item(plan.item_id, move.new_start, staff["id"], new_end=move.new_end)
                await record_and_tell(plan.item_id, staff["id"], "proposal_accepted", {"starts_at": move.new_start.strftime("%Y-%m-%dT%H:%M")})
        await PartnerRequest.update({PartnerRequest.state: "confirmed"}).where(PartnerRequest.id == request_id)
        if request["item_partner"]:
            await ItemPartner.update({ItemPartner.confirmation: "confirmed"}).where(ItemPartner.id == request["item_partner"])
        await Notification.update({Notification.read_at: now}).where(
            (Notification.item == plan.item_id) & Notification.read_at.is_null()
            & (Notification.kind == NotificationKind.PARTNER_ANSWERED.value))
        await _tell_partner_accepted(request, plan)
    return plan


async def _tell_partner_accepted(request: dict, plan: ProposalPlan) -> None:
    """The partner who proposed learns which sessions now take place at her time."""
    contact = await _contact(request["contact"])
    if contact is None or not contact["email"]:
        return
    item = await item_facts(plan.item_id)
    link = await ItemPartner.select(ItemPartner.role).where(ItemPartner.id == request["item_partner"]).first() if request["item_partner"] else None
    facts = _mail_facts(item, contact, link["role"] if link else "participant", "")
    moved = [(m.new_start, m.new_end) for m in plan.moves]
    subject, body = texts.accepted_mail(facts, contact["name"], moved, contact["language"])
    await enqueue(key=f"accepted:{request['id']}:{request['answered_at'].isoformat() if request['answered_at'] else ''}",
                  to_address=contact["email"], to_name=contact["name"], subject=subject, body=body,
                  language=texts.lang_of(contact["language"]), item_id=plan.item_id, branch_id=item["branch"])


async def revoke(request_id: int, staff_id: int | None = None, *, now: datetime | None = None) -> bool:
    async with transaction():
        request = await PartnerRequest.select().where((PartnerRequest.id == request_id) & PartnerRequest.revoked_at.is_null()).first()
        if request is None:
            return False
        await PartnerRequest.update({PartnerRequest.revoked_at: now or utcnow()}).where(PartnerRequest.id == request_id)
        contact = await _contact(request["contact"])
        await record_and_tell(request["item"], staff_id, "partner_request_revoked", {"partner": contact["partner_name"], "contact": contact["name"]})
    return True



async def requests_of(item_id: int) -> list[dict]:
    """An item's confirmation requests, newest first, with whom each asked."""
    return await PartnerRequest.select(
        PartnerRequest.id, PartnerRequest.state, PartnerRequest.asked_at, PartnerRequest.answered_at, PartnerRequest.expires_at,
        PartnerRequest.revoked_at, PartnerRequest.proposed_start, PartnerRequest.proposed_end, PartnerRequest.note,
        PartnerRequest.contact, PartnerRequest.contact.name.as_alias("contact_name"), PartnerRequest.contact.partner.as_alias("partner"),
        PartnerRequest.contact.partner.name.as_alias("partner_name"),
    ).where(PartnerRequest.item == item_id).order_by(PartnerRequest.id, ascending=False)


async def request_item(request_id: int) -> dict | None:
    """The item a request belongs to, with its branch (who may act on the request)."""
    return await PartnerRequest.select(PartnerRequest.id, PartnerRequest.item, PartnerRequest.item.branch.as_alias("branch")).where(
        PartnerRequest.id == request_id).first()
