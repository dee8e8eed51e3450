"""Asking partners to confirm, their answers through a personal link, and what follows."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from models.partners.confirmations import AnswerRefused, accept_proposal, answer, ask, find_request, proposal_plan, revoke
from models.kernel.enums import SeriesScope, Status
from models.publishing.feed_tokens import hash_token
from models.partners.followups import send_reminders, waiting
from models.planning.programme import create_item, edit_occurrence, move_item, set_status
from models.planning.queries import item_history
from models.kernel.network_tables import Staff
from models.kernel.tables import (
    Item,
    ItemPartner,
    MailMessage,
    Notification,
    Occurrence,
    PartnerContact,
    PartnerRequest,
)
from tests.conftest import at
from tests.models import make_draft

# the dates below (February 2027) are the future of this clock, whatever day the suite runs
pytestmark = pytest.mark.clock("25.11.2026 12:00")

BASE = "https://afisa.example.lv"
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=timezone.utc)


async def make_contact(partner_id: int, name: str, email: str, language: str = "lv") -> dict:
    rows = await PartnerContact.insert(PartnerContact(partner=partner_id, name=name, email=email, language=language, role="direktore")).returning(*PartnerContact.all_columns())
    return rows[0]


async def plan(branch, librarian, partners=(), **overrides) -> int:
    values = dict(title="Dzejas dienas", start_date="10.02.2027.", start_time="17:00", end_time="18:30", responsible_id=librarian["id"])
    values.update(overrides)
    if partners:
        values.update(partners=[{"partner_id": p, "role": "performer"} for p in partners])
    draft = await make_draft(branch["id"], librarian, **values)
    return await create_item(draft, librarian["id"])


async def mails(prefix: str = "") -> list[dict]:
    rows = await MailMessage.select().order_by(MailMessage.id)
    return [row for row in rows if row["key"].startswith(prefix)]


def link_token(body: str) -> str:
    return re.search(r"/answer/([A-Za-z0-9_-]{43})", body).group(1)


async def asked(branch, librarian, school, *, language="lv", **overrides) -> tuple[int, int, str]:
    """An item, a contact asked about it; returns (item id, request id, the token from the mail)."""
    item_id = await plan(branch, librarian, [school["id"]], **overrides)
    contact = await make_contact(school["id"], "Inese Ozola", "inese@skola.lv", language)
    [request_id] = await ask(item_id, [contact["id"]], librarian, BASE, now=NOW)
    return item_id, request_id, link_token((await mails("ask:"))[-1]["body"])


async def test_ask_stores_only_the_hash_and_mails_the_link_in_latvian(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)

    request = await PartnerRequest.select().where(PartnerRequest.id == request_id).first()
    [mail] = await mails("ask:")
    assert request["token_hash"] == hash_token(token)
    assert token not in str(request)
    assert (mail["key"], mail["to_address"], mail["language"]) == (f"ask:{request_id}", "inese@skola.lv", "lv")
    assert mail["subject"] == "Lūdzam apstiprināt: Dzejas dienas, trešdiena, 10.02.2027. 17:00–18:30"
    assert "Jūsu loma: izpildītājs\n" in mail["body"]
    assert "No bibliotēkas: Maija Jasinska (Rožupe)\n" in mail["body"]
    assert f"{BASE}/answer/{token}\n" in mail["body"]


async def test_ask_english_contact_gets_english_mail(branch, librarian, school):
    await asked(branch, librarian, school, language="en")

    [mail] = await mails("ask:")
    assert mail["subject"] == "Please confirm: Dzejas dienas, Wednesday, 10.02.2027. 17:00–18:30"
    assert "Your part: performer\n" in mail["body"]


async def test_ask_partner_not_on_the_item_is_linked_as_participant(branch, librarian, school):
    item_id = await plan(branch, librarian)
    contact = await make_contact(school["id"], "Inese Ozola", "inese@skola.lv")

    await ask(item_id, [contact["id"]], librarian, BASE, now=NOW)

    links = await ItemPartner.select(ItemPartner.partner, ItemPartner.role, ItemPartner.confirmation).where(ItemPartner.item == item_id)
    assert links == [{"partner": school["id"], "role": "participant", "confirmation": "asked"}]


async def test_ask_series_link_expires_when_the_last_session_ends(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school, repeat="weekly", weekdays=["2"], until="24.02.2027.")

    request = await PartnerRequest.select(PartnerRequest.expires_at).where(PartnerRequest.id == request_id).first()
    # 24.02.2027 18:30 in Riga (EET, UTC+2)
    assert request["expires_at"].astimezone(timezone.utc) == datetime(2027, 2, 24, 16, 30, tzinfo=timezone.utc)
    assert await find_request(token, now=datetime(2027, 2, 24, 16, 29, tzinfo=timezone.utc)) is not None
    assert await find_request(token, now=datetime(2027, 2, 24, 16, 31, tzinfo=timezone.utc)) is None


async def test_find_request_wrong_or_revoked_token_is_none(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)

    assert (await find_request(token, now=NOW))["id"] == request_id
    assert await find_request("x" * 43, now=NOW) is None
    assert await find_request(token[:-1], now=NOW) is None
    await revoke(request_id, librarian["id"])
    assert await find_request(token, now=NOW) is None


async def test_answer_confirm_updates_link_history_notification_and_mails_the_librarian(branch, librarian, school):
    await Staff.update({Staff.email: "maija@rozupe.lv"}).where(Staff.id == librarian["id"])
    item_id, request_id, token = await asked(branch, librarian, school)

    await answer(token, "confirmed", "Būsim ar 2. klasi", base_url=BASE, now=NOW)

    request = await PartnerRequest.select(PartnerRequest.state, PartnerRequest.note).where(PartnerRequest.id == request_id).first()
    link = await ItemPartner.select(ItemPartner.confirmation).where(ItemPartner.item == item_id).first()
    notes = await Notification.select(Notification.staff, Notification.branch, Notification.text)
    [mail] = await mails("answer:")
    history = await item_history(item_id)
    assert request == {"state": "confirmed", "note": "Būsim ar 2. klasi"}
    assert link == {"confirmation": "confirmed"}
    assert notes == [{"staff": librarian["id"], "branch": branch["id"], "text": "Rožupes pamatskola (Inese Ozola) apstiprināja: Dzejas dienas"}]
    assert (mail["to_address"], mail["subject"]) == ("maija@rozupe.lv", "Rožupes pamatskola (Inese Ozola) apstiprināja: Dzejas dienas")
    assert (history[0]["action"], history[0]["details"]) == (
        "partner_answered", {"partner": "Rožupes pamatskola", "contact": "Inese Ozola", "answer": "confirmed", "note": "Būsim ar 2. klasi"})


@pytest.mark.parametrize("start, end, code", [
    (at("11.02.2027 12:00"), at("11.02.2027 11:00"), "end_before_start"),
    (at("20.11.2026 12:00"), at("20.11.2026 13:00"), "in_the_past"),
    (datetime(2150, 1, 1, 12), datetime(2150, 1, 1, 13), "date_out_of_range"),
    (None, None, "required"),
])
async def test_answer_bad_proposal_is_refused(branch, librarian, school, start, end, code):
    item_id, request_id, token = await asked(branch, librarian, school)

    with pytest.raises(AnswerRefused) as refused:
        await answer(token, "proposed", "", start, end, now=NOW)

    assert refused.value.code == code
    assert (await PartnerRequest.select(PartnerRequest.state).first()) == {"state": "asked"}


async def test_answer_after_the_item_started_is_refused(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)

    with pytest.raises(AnswerRefused) as refused:
        await answer(token, "declined", now=datetime(2027, 2, 10, 15, 5, tzinfo=timezone.utc))

    assert refused.value.code == "started"


async def test_accept_proposal_moves_a_single_item_and_confirms(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    await answer(token, "proposed", "Ceturtdien labāk", at("11.02.2027 16:00"), at("11.02.2027 17:00"), now=NOW)

    await accept_proposal(request_id, librarian)

    item = await Item.select(Item.starts_at, Item.ends_at).where(Item.id == item_id).first()
    session = await Occurrence.select(Occurrence.starts_at, Occurrence.ends_at).where(Occurrence.item == item_id).first()
    request = await PartnerRequest.select(PartnerRequest.state).where(PartnerRequest.id == request_id).first()
    assert item == {"starts_at": at("11.02.2027 16:00"), "ends_at": at("11.02.2027 17:00")}
    assert session == {"starts_at": at("11.02.2027 16:00"), "ends_at": at("11.02.2027 17:00")}
    assert request == {"state": "confirmed"}


async def test_accept_proposal_in_a_series_moves_the_nearest_session(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school, repeat="weekly", weekdays=["2"], until="24.02.2027.")
    await answer(token, "proposed", "", at("18.02.2027 10:00"), at("18.02.2027 11:30"), now=NOW)

    await accept_proposal(request_id, librarian)

    starts = [row["starts_at"] for row in await Occurrence.select(Occurrence.starts_at).where(Occurrence.item == item_id).order_by(Occurrence.recurrence_id)]
    assert starts == [at("10.02.2027 17:00"), at("18.02.2027 10:00"), at("24.02.2027 17:00")]


async def test_time_change_asks_confirmed_partner_again_with_the_same_link(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    await answer(token, "confirmed", now=NOW)

    await move_item(item_id, at("12.02.2027 17:00"), librarian["id"])

    [changed] = await mails("changed:")
    request = await PartnerRequest.select(PartnerRequest.state).where(PartnerRequest.id == request_id).first()
    link = await ItemPartner.select(ItemPartner.confirmation).where(ItemPartner.item == item_id).first()
    assert changed["subject"] == "Izmaiņas: Dzejas dienas — mainīts laiks"
    assert "Kad: piektdiena, 12.02.2027. 17:00–18:30\n" in changed["body"]
    assert (request, link) == ({"state": "asked"}, {"confirmation": "asked"})
    assert link_token(changed["body"]) == token
    assert (await find_request(token, now=NOW))["id"] == request_id


async def test_cancelling_tells_confirmed_partner_without_asking_again(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    await answer(token, "confirmed", now=NOW)

    await set_status(item_id, Status.CANCELLED, librarian["id"])

    [changed] = await mails("changed:")
    request = await PartnerRequest.select(PartnerRequest.state).where(PartnerRequest.id == request_id).first()
    assert changed["subject"] == "Izmaiņas: Dzejas dienas — atcelts"
    assert "/answer/" not in changed["body"]
    assert request == {"state": "confirmed"}


async def test_moving_one_session_tells_partner_of_the_series(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school, repeat="weekly", weekdays=["2"], until="24.02.2027.")
    await answer(token, "confirmed", now=NOW)
    session = await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.recurrence_id).first()

    await edit_occurrence(session["id"], starts_at=at("10.02.2027 18:00"), ends_at=at("10.02.2027 19:00"), place_id=None,
                          cancelled=False, note="", staff_id=librarian["id"])

    assert [m["subject"] for m in await mails("changed:")] == ["Izmaiņas: Dzejas dienas — mainīts laiks"]


async def test_unanswered_partner_is_reminded_exactly_once(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    too_early, in_time = datetime(2027, 2, 6, 12, tzinfo=timezone.utc), datetime(2027, 2, 8, 12, tzinfo=timezone.utc)

    counts = [await send_reminders(too_early, 3, base_url=BASE), await send_reminders(in_time, 3, base_url=BASE),
              await send_reminders(in_time + timedelta(hours=1), 3, base_url=BASE)]

    [reminder] = await mails("remind:")
    assert counts == [0, 1, 0]
    assert reminder["subject"] == "Atgādinājums: lūdzam atbildēt — Dzejas dienas, trešdiena, 10.02.2027. 17:00–18:30"
    assert link_token(reminder["body"]) == token


async def test_answered_partner_is_not_reminded(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    await answer(token, "declined", now=NOW)

    assert await send_reminders(datetime(2027, 2, 8, 12, tzinfo=timezone.utc), 3, base_url=BASE) == 0


async def test_waiting_lists_the_oldest_first_with_how_long(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    other = await make_contact(school["id"], "Jānis Ozols", "janis@skola.lv")
    await ask(item_id, [other["id"]], librarian, BASE, now=NOW + timedelta(hours=5))

    rows = await waiting([branch["id"]], now=NOW + timedelta(days=2, hours=3))

    assert [(r["contact_name"], r["waited_days"], r["waited_hours"]) for r in rows] == [("Inese Ozola", 2, 3), ("Jānis Ozols", 1, 22)]
    assert await waiting([branch["id"] + 1000], now=NOW) == []


async def test_history_lists_asked_answered_and_reminded(branch, librarian, school):
    item_id, request_id, token = await asked(branch, librarian, school)
    await send_reminders(datetime(2027, 2, 8, 12, tzinfo=timezone.utc), 3, base_url=BASE)
    await answer(token, "confirmed", now=datetime(2027, 2, 8, 13, tzinfo=timezone.utc))

    actions = [h["action"] for h in await item_history(item_id)]

    assert actions == ["partner_answered", "partner_reminded", "partner_asked", "created"]


async def test_ask_about_a_cancelled_item_is_refused(branch, librarian, school):
    item_id = await plan(branch, librarian, [school["id"]])
    await set_status(item_id, Status.CANCELLED, librarian["id"])
    contact = await make_contact(school["id"], "Inese Ozola", "inese@skola.lv")

    with pytest.raises(AnswerRefused) as refused:
        await ask(item_id, [contact["id"]], librarian, BASE, now=NOW)

    assert refused.value.code == "item_over"
    assert await mails() == []


async def test_another_branchs_partner_is_neither_attached_nor_asked(branch, other_branch, other_librarian):
    from models.kernel.tables import Partner
    from models.kernel.validation import ValidationFailed
    from tests.models import item_form
    from models.planning.validation import validate_item

    rozupe_partner = (await Partner.insert(Partner(name="Rožupes pagasta pārvalde", type="municipality", branch=branch["id"])).returning(Partner.id))[0]
    contact = await make_contact(rozupe_partner["id"], "Anita Liepa", "anita@rozupe.lv")
    form = item_form(other_branch["id"], start_date="10.02.2027.", partners=[{"partner_id": rozupe_partner["id"], "role": "host"}])

    with pytest.raises(ValidationFailed) as refused:
        await validate_item(form, other_librarian)
    item_id = await create_item(await make_draft(other_branch["id"], other_librarian, start_date="10.02.2027."), other_librarian["id"])
    asked_ids = await ask(item_id, [contact["id"]], other_librarian, BASE, now=NOW)

    assert refused.value.errors == {"partners": "partner_other_branch"}
    assert (asked_ids, await PartnerRequest.count(), await mails()) == ([], 0, [])


async def _session_times(item_id: int) -> list[tuple[datetime, datetime]]:
    rows = await Occurrence.select(Occurrence.starts_at, Occurrence.ends_at).where(Occurrence.item == item_id).order_by(Occurrence.recurrence_id)
    return [(row["starts_at"], row["ends_at"]) for row in rows]


async def weekly_lessons_with_a_proposal(branch, librarian, school, proposed_day: str) -> tuple[int, int]:
    """Wednesday lessons 10.02, 17.02 and 24.02.2027 at 17:00–18:30; the school proposes another day at 16:00–17:00."""
    item_id, request_id, token = await asked(branch, librarian, school, repeat="weekly", weekdays=["2"], until="24.02.2027.")
    await answer(token, "proposed", "Lūdzu, ceturtdienās", at(f"{proposed_day} 16:00"), at(f"{proposed_day} 17:00"), now=NOW)
    return item_id, request_id


async def test_accept_proposal_for_the_whole_series_moves_every_session_alike(branch, librarian, school):
    item_id, request_id = await weekly_lessons_with_a_proposal(branch, librarian, school, "11.02.2027")

    await accept_proposal(request_id, librarian, SeriesScope.ALL)

    assert await _session_times(item_id) == [
        (at("11.02.2027 16:00"), at("11.02.2027 17:00")), (at("18.02.2027 16:00"), at("18.02.2027 17:00")),
        (at("25.02.2027 16:00"), at("25.02.2027 17:00")),
    ]


async def test_accept_proposal_for_this_and_following_keeps_the_earlier_sessions(branch, librarian, school):
    item_id, request_id = await weekly_lessons_with_a_proposal(branch, librarian, school, "18.02.2027")

    await accept_proposal(request_id, librarian, SeriesScope.FOLLOWING)

    assert await _session_times(item_id) == [
        (at("10.02.2027 17:00"), at("10.02.2027 18:30")), (at("18.02.2027 16:00"), at("18.02.2027 17:00")),
        (at("25.02.2027 16:00"), at("25.02.2027 17:00")),
    ]


async def test_proposal_plan_shows_what_would_move_and_changes_nothing(branch, librarian, school):
    item_id, request_id = await weekly_lessons_with_a_proposal(branch, librarian, school, "11.02.2027")

    plan = await proposal_plan(request_id, SeriesScope.ALL)

    assert [(m.starts_at, m.new_start, m.new_end) for m in plan.moves] == [
        (at("10.02.2027 17:00"), at("11.02.2027 16:00"), at("11.02.2027 17:00")),
        (at("17.02.2027 17:00"), at("18.02.2027 16:00"), at("18.02.2027 17:00")),
        (at("24.02.2027 17:00"), at("25.02.2027 16:00"), at("25.02.2027 17:00")),
    ]
    assert plan.series is True
    assert await _session_times(item_id) == [
        (at("10.02.2027 17:00"), at("10.02.2027 18:30")), (at("17.02.2027 17:00"), at("17.02.2027 18:30")),
        (at("24.02.2027 17:00"), at("24.02.2027 18:30")),
    ]


async def test_ask_mail_of_a_series_lists_every_session(branch, librarian, school):
    await asked(branch, librarian, school, repeat="weekly", weekdays=["2"], until="24.02.2027.")

    [mail] = await mails("ask:")

    assert "Visas reizes (3):\n- trešdiena, 10.02.2027. 17:00–18:30\n- trešdiena, 17.02.2027. 17:00–18:30\n- trešdiena, 24.02.2027. 17:00–18:30\n" in mail["body"]


async def test_accepting_tells_the_partner_reads_the_notification_and_writes_one_history_entry(branch, librarian, school):
    item_id, request_id = await weekly_lessons_with_a_proposal(branch, librarian, school, "11.02.2027")

    await accept_proposal(request_id, librarian, SeriesScope.ALL)

    [told] = await mails("accepted:")
    unread = await Notification.count().where((Notification.item == item_id) & Notification.read_at.is_null())
    history = [h["action"] for h in await item_history(item_id)]
    request = await PartnerRequest.select(PartnerRequest.state).where(PartnerRequest.id == request_id).first()
    assert told["to_address"] == "inese@skola.lv"
    assert "- ceturtdiena, 11.02.2027. 16:00–17:00\n- ceturtdiena, 18.02.2027. 16:00–17:00\n- ceturtdiena, 25.02.2027. 16:00–17:00" in told["body"]
    assert unread == 0
    assert history.count("proposal_accepted") == 1
    assert request == {"state": "confirmed"}


async def test_accepting_for_a_series_mails_another_confirmed_partner_once(branch, librarian, school):
    item_id, request_id = await weekly_lessons_with_a_proposal(branch, librarian, school, "11.02.2027")
    other = await make_contact(school["id"], "Jānis Bērziņš", "janis@skola.lv")
    [other_request] = await ask(item_id, [other["id"]], librarian, BASE, now=NOW)
    await answer(link_token((await mails("ask:"))[-1]["body"]), "confirmed", now=NOW)

    await accept_proposal(request_id, librarian, SeriesScope.ALL)

    changed = [m for m in await mails("changed:") if m["to_address"] == "janis@skola.lv"]
    assert len(changed) == 1
