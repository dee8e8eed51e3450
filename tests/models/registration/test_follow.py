"""A change told to everyone registered and waiting (models/registration/follow.py): a new time
or place, a session moved or cancelled, the item cancelled; once per change, again for a second
change; registration's own changes tell nobody."""
from __future__ import annotations

import pytest

from models.kernel.clock import utc_of_wall
from models.kernel.enums import Status
from models.kernel.tables import ItemChange, MailMessage, Occurrence
from models.planning import set_status
from models.planning.programme import edit_occurrence, move_item, update_item
from models.registration import cancel, cancel_by_staff, change_party
from tests.conftest import at, make_place
from tests.models import make_draft
from tests.models.registration import BASE_URL, NOW, make_workshop, mail_keys, open_registration, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")

LIBRARY = "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka"


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="2")
    return item_id


async def told() -> list[dict]:
    return await MailMessage.select(MailMessage.key, MailMessage.to_address, MailMessage.subject, MailMessage.body).where(
        MailMessage.key.like("%:changed:%")).order_by(MailMessage.id)


async def test_a_cancelled_item_mails_the_registered_and_the_waiting_once(workshop, librarian):
    anna, anna_token = await sign_up(workshop, "Anna Liepa", 2, email="anna@example.lv")
    ieva, _ = await sign_up(workshop, "Ieva Ozola", email="ieva@example.lv")  # waiting
    _, token = await sign_up(workshop, "Jānis Bērziņš", email="janis@example.lv")  # waiting, then cancelled
    await sign_up(workshop, "Laura Kalna", phone="+371 26000003")  # no email
    await cancel(token, base_url=BASE_URL, now=NOW)

    await set_status(workshop, Status.CANCELLED, librarian["id"])
    await set_status(workshop, Status.CANCELLED, librarian["id"])  # the same request again: no change

    mails = await told()
    assert [(mail["key"].rsplit(":", 1)[0], mail["to_address"]) for mail in mails] == [
        (f"registration:{anna['id']}:changed", "anna@example.lv"), (f"registration:{ieva['id']}:changed", "ieva@example.lv")]
    assert {mail["subject"] for mail in mails} == {"Atcelts: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30"}
    assert mails[0]["body"].splitlines() == [
        "Labdien, Anna Liepa!", "",
        "Diemžēl pasākums „Aušana stellēs” (ceturtdiena, 03.12.2026. 17:00–18:30) ir atcelts un nenotiks. "
        "Jūsu pieteikums (2 cilvēki) vairs nav spēkā, nekas nav jādara.", "",
        "Savu pieteikumu varat apskatīt šeit:", f"{BASE_URL}/r/{anna_token}", "",
        LIBRARY,
    ]
    assert await ItemChange.count().where(ItemChange.action == "registration_told") == 1


async def test_a_moved_session_mails_its_new_time(reading_room, librarian):
    cycle = await make_workshop(reading_room, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await open_registration(cycle, librarian)
    anna, token = await sign_up(cycle, "Anna Liepa", email="anna@example.lv")
    second = (await Occurrence.select(Occurrence.id).where(Occurrence.item == cycle).order_by(Occurrence.starts_at))[1]["id"]

    await edit_occurrence(second, starts_at=at("11.12.2026 10:00"), ends_at=at("11.12.2026 11:30"), place_id=None, cancelled=False, note="",
                          staff_id=librarian["id"])

    [mail] = await told()
    assert mail["to_address"] == "anna@example.lv"
    assert mail["subject"] == "Izmaiņas: Grāmatu starts, piektdiena, 11.12.2026. 10:00–11:30"
    lines = mail["body"].splitlines()
    assert lines[:6] == [
        "Labdien, Anna Liepa!", "", "Ir mainījies pasākums, uz kuru jums ir pieteikums (1 cilvēks).", "Mainīts laiks.",
        "Reize pēc izmaiņām:", "- piektdiena, 11.12.2026. 10:00–11:30, Lasītava",
    ]
    assert "- piektdiena, 11.12.2026. 10:00–11:30" in lines  # the list of all sessions, as they are now
    assert lines[-4:] == [
        "Ja jums tas vairs neder, lūdzu, atsauciet pieteikumu, lai vietu saņemtu kāds cits. Pieteikumu varat apskatīt vai atsaukt šeit:",
        f"{BASE_URL}/r/{token}", "", LIBRARY]


async def test_a_cancelled_session_is_named(reading_room, librarian):
    cycle = await make_workshop(reading_room, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await open_registration(cycle, librarian)
    await sign_up(cycle, "Anna Liepa", email="anna@example.lv")
    row = (await Occurrence.select().where(Occurrence.item == cycle).order_by(Occurrence.starts_at))[1]

    await edit_occurrence(row["id"], starts_at=row["starts_at"], ends_at=row["ends_at"], place_id=None, cancelled=True, note="",
                          staff_id=librarian["id"])

    [mail] = await told()
    assert mail["subject"] == "Atcelta reize: Grāmatu starts, ceturtdiena, 10.12.2026. 17:00–18:30"
    assert mail["body"].splitlines()[2:5] == [
        "Ir mainījies pasākums, uz kuru jums ir pieteikums (1 cilvēks).", "Atcelta reize:", "- ceturtdiena, 10.12.2026. 17:00–18:30"]


async def test_a_new_place_and_then_a_new_time_each_mail_once(workshop, reading_room, librarian):
    anna, _ = await sign_up(workshop, "Anna Liepa", email="anna@example.lv")
    hall = await make_place(reading_room["branch"], "Zāle")
    draft = await make_draft(reading_room["branch"], librarian, title="Aušana stellēs", start_date="03.12.2026.", place_id=hall["id"])

    await update_item(workshop, draft, librarian["id"])
    await move_item(workshop, at("04.12.2026 17:00"), librarian["id"])

    mails = await told()
    assert [mail["subject"] for mail in mails] == [
        "Izmaiņas: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30", "Izmaiņas: Aušana stellēs, piektdiena, 04.12.2026. 17:00–18:30"]
    assert [mail["body"].splitlines()[3] for mail in mails] == ["Mainīta vieta.", "Mainīts laiks."]
    assert [line for line in mails[0]["body"].splitlines() if line.startswith("Kur:")] == ["Kur: Zāle"]
    assert [line for line in mails[1]["body"].splitlines() if line.startswith("Kad:")] == ["Kad: piektdiena, 04.12.2026. 17:00–18:30"]
    assert len({mail["key"] for mail in mails}) == 2 and all(mail["key"].startswith(f"registration:{anna['id']}:changed:") for mail in mails)


async def test_registrations_own_changes_mail_nobody_extra(workshop, librarian):
    anna, token = await sign_up(workshop, "Anna Liepa", 2, email="anna@example.lv")
    ieva, _ = await sign_up(workshop, "Ieva Ozola", email="ieva@example.lv")  # waiting
    janis, _ = await sign_up(workshop, "Jānis Bērziņš", 2, email="janis@example.lv")  # waiting

    await change_party(token, "1", base_url=BASE_URL, now=NOW)  # frees a place: Ieva moves up
    await cancel_by_staff(anna["id"], workshop, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert await told() == []
    assert await mail_keys() == [
        f"registration:{anna['id']}:confirmed", f"registration:{ieva['id']}:confirmed", f"registration:{janis['id']}:confirmed",
        f"registration:{ieva['id']}:promoted", f"registration:{anna['id']}:cancelled",
    ]


async def test_a_correction_of_a_past_session_mails_nobody(reading_room, librarian):
    cycle = await make_workshop(reading_room, librarian, title="Grāmatu starts", start_date="19.11.2026.", repeat="weekly", count="3")
    await open_registration(cycle, librarian)
    await sign_up(cycle, "Anna Liepa", email="anna@example.lv", now=utc_of_wall(at("18.11.2026 12:00")))  # before the first session
    first = (await Occurrence.select().where(Occurrence.item == cycle).order_by(Occurrence.starts_at))[0]

    await edit_occurrence(first["id"], starts_at=at("19.11.2026 16:00"), ends_at=first["ends_at"], place_id=None, cancelled=False, note="",
                          staff_id=librarian["id"])

    assert await told() == []

