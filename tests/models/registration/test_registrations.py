"""Registering without an account: a place while the whole party fits, else the waiting list,
else nothing; only while registration is open; the personal link finds its registration and
nothing else; changing the party and cancelling move the waiting list."""
from __future__ import annotations

from datetime import timedelta

import pytest

from models.kernel.enums import Status
from models.kernel.registration_tables import Registration
from models.kernel.tables import MailMessage
from models.kernel.validation import ValidationFailed
from models.planning import set_status
from models.registration import (
    RegistrationClosed, RegistrationDraft, RegistrationNotFound, availability, cancel, cancel_by_staff, change_party, parse_registration, places, position,
    register, registration_by_token, registrations_of,
)
from tests.conftest import at
from models.kernel.clock import utc_of_wall
from models.registration import parse_setup, save_setup
from tests.models.registration import BASE_URL, NOW, make_workshop, mail_keys, open_registration, setup_form, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")


@pytest.fixture
async def workshop(reading_room, librarian) -> int:
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian)
    return item_id


# --- the form ------------------------------------------------------------------------------------

def test_parse_registration_needs_a_name_and_a_phone_or_an_email():
    setup = {"party_max": 3, "ask_age_band": False}

    with pytest.raises(ValidationFailed) as failed:
        parse_registration({"name": " ", "phone": "", "email": ""}, setup)

    assert failed.value.errors == {"name": "required", "phone": "phone_or_email"}


def test_parse_registration_party_above_the_setups_maximum_is_refused():
    with pytest.raises(ValidationFailed) as failed:
        parse_registration({"name": "Ilze Kalniņa", "phone": "26000000", "party": "4"}, {"party_max": 3, "ask_age_band": False})

    assert failed.value.errors == {"party": "party_range:1:3"}


def test_parse_registration_malformed_email_and_phone_are_refused():
    with pytest.raises(ValidationFailed) as failed:
        parse_registration({"name": "Ilze Kalniņa", "phone": "zvaniet", "email": "ilze@"}, {"party_max": 1, "ask_age_band": False})

    assert failed.value.errors == {"phone": "phone_format", "email": "email_format"}


def test_parse_registration_age_band_required_only_when_asked():
    form = {"name": "Ilze Kalniņa", "email": "ilze@example.lv", "age_band": "1–2 gadi", "language": "en"}

    with pytest.raises(ValidationFailed) as failed:
        parse_registration({**form, "age_band": ""}, {"party_max": 2, "ask_age_band": True})
    asked = parse_registration(form, {"party_max": 2, "ask_age_band": True})
    not_asked = parse_registration(form, {"party_max": 2, "ask_age_band": False})

    assert failed.value.errors == {"age_band": "required"}
    assert (asked.age_band, asked.party, asked.language, not_asked.age_band) == ("1–2 gadi", 1, "en", "")


def test_parse_registration_too_long_name_is_refused():
    with pytest.raises(ValidationFailed) as failed:
        parse_registration({"name": "A" * 201, "phone": "26000000"}, {"party_max": 1, "ask_age_band": False})

    assert failed.value.errors == {"name": "too_long:200"}


# --- places and the waiting list ------------------------------------------------------------------

async def test_register_party_that_fits_gets_places(workshop):
    registration, token = await sign_up(workshop, "Ilze Kalniņa", 3, email="ilze@example.lv")

    assert (registration["state"], registration["party"], registration["position"]) == ("registered", 3, None)
    assert await places(workshop) == {"capacity": 4, "taken": 3, "left": 1, "waiting": 0, "waiting_people": 0}


async def test_register_party_that_does_not_fit_waits_in_order(workshop):
    await sign_up(workshop, "Ilze Kalniņa", 3)
    first, _ = await sign_up(workshop, "Jānis Bērziņš", 2)
    second, _ = await sign_up(workshop, "Anna Ozola", 2)

    assert [(first["state"], first["position"]), (second["state"], second["position"])] == [("waiting", 1), ("waiting", 2)]
    assert await places(workshop) == {"capacity": 4, "taken": 3, "left": 1, "waiting": 2, "waiting_people": 4}


async def test_register_smaller_party_behind_a_waiting_bigger_one_takes_the_place_left(workshop):
    await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Jānis Bērziņš", 2)

    single, _ = await sign_up(workshop, "Anna Ozola", 1)

    assert single["state"] == "registered"


async def test_register_full_without_waiting_list_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="1", waiting_list="")
    await sign_up(item_id, "Ilze Kalniņa")

    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(item_id, "Jānis Bērziņš")

    assert refused.value.reason == "full"
    assert await Registration.count() == 1


async def test_register_waiting_list_at_its_limit_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="1", waiting_limit="1")
    await sign_up(item_id, "Ilze Kalniņa")
    await sign_up(item_id, "Jānis Bērziņš")

    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(item_id, "Anna Ozola")

    assert refused.value.reason == "full"


async def test_register_party_bigger_than_the_places_left_without_waiting_list_says_how_many_fit(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="3", waiting_list="")
    await sign_up(item_id, "Ilze Kalniņa")

    with pytest.raises(ValidationFailed) as failed:
        await sign_up(item_id, "Jānis Bērziņš", 3)

    assert failed.value.errors == {"party": "party_no_room:2"}
    assert await Registration.count() == 1


async def test_register_party_bigger_than_the_places_left_with_waiting_list_at_its_limit_says_how_many_fit(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="3", waiting_limit="1")
    await sign_up(item_id, "Ilze Kalniņa")
    await sign_up(item_id, "Anna Ozola", 3)

    with pytest.raises(ValidationFailed) as failed:
        await sign_up(item_id, "Jānis Bērziņš", 3)

    assert failed.value.errors == {"party": "party_no_room:2"}


async def test_register_before_opening_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, opens_at="27.11.2026. 09:00")

    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(item_id, "Ilze Kalniņa")
    opened, _ = await sign_up(item_id, "Jānis Bērziņš", now=utc_of_wall(at("27.11.2026 09:00")))

    assert (refused.value.reason, opened["state"]) == ("not_open", "registered")


async def test_register_after_closing_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, closes_at="01.12.2026.")

    taken, _ = await sign_up(item_id, "Jānis Bērziņš", now=utc_of_wall(at("01.12.2026 23:58")))
    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(item_id, "Ilze Kalniņa", now=utc_of_wall(at("01.12.2026 23:59")))

    assert (taken["state"], refused.value.reason) == ("registered", "closed")


async def test_register_without_closing_moment_closes_when_the_first_session_starts(workshop):
    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(workshop, "Ilze Kalniņa", now=utc_of_wall(at("03.12.2026 17:00")))

    assert refused.value.reason == "closed"


async def test_register_for_a_cancelled_item_is_refused(workshop, librarian):
    await set_status(workshop, Status.CANCELLED, librarian["id"])

    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(workshop, "Ilze Kalniņa")

    assert refused.value.reason == "closed"


async def test_register_with_a_closing_moment_after_the_last_session_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, closes_at="10.12.2026. 12:00")

    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(item_id, "Ilze Kalniņa", now=utc_of_wall(at("04.12.2026 10:00")))

    assert refused.value.reason == "closed"


async def test_register_turned_off_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, active="")

    with pytest.raises(RegistrationClosed) as refused:
        await sign_up(item_id, "Ilze Kalniņa")

    assert refused.value.reason == "off"


async def test_register_without_setup_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)

    with pytest.raises(RegistrationClosed) as refused:
        await register(item_id, RegistrationDraft(name="Ilze Kalniņa", phone="26000000"), base_url=BASE_URL, now=NOW)

    assert refused.value.reason == "off"


async def test_register_series_registers_once_for_all_sessions(reading_room, librarian):
    cycle = await make_workshop(reading_room, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await open_registration(cycle, librarian, capacity="10", ask_age_band="on")

    registration, _ = await sign_up(cycle, "Ilze Kalniņa", 2, email="ilze@example.lv", age_band="1–2 gadi")
    [mail] = await MailMessage.select(MailMessage.body)

    assert (registration["state"], registration["age_band"]) == ("registered", "1–2 gadi")
    assert "Visas reizes (3):\n- ceturtdiena, 03.12.2026. 17:00–18:30\n- ceturtdiena, 10.12.2026. 17:00–18:30\n" in mail["body"]


async def test_register_series_begun_names_the_next_session_in_the_mail(reading_room, librarian):
    cycle = await make_workshop(reading_room, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await open_registration(cycle, librarian, capacity="10", closes_at="09.12.2026. 12:00")

    await sign_up(cycle, "Ilze Kalniņa", email="ilze@example.lv", now=utc_of_wall(at("05.12.2026 10:00")))
    [mail] = await MailMessage.select(MailMessage.subject, MailMessage.body)

    assert mail["subject"] == "Pieteikums pieņemts: Grāmatu starts, ceturtdiena, 10.12.2026. 17:00–18:30"
    assert "Kad: ceturtdiena, 10.12.2026. 17:00–18:30\n" in mail["body"]


# --- the personal link ----------------------------------------------------------------------------

async def test_registration_by_token_finds_its_registration(workshop):
    registration, token = await sign_up(workshop, "Ilze Kalniņa")

    found = await registration_by_token(token)

    assert (found["id"], found["name"]) == (registration["id"], "Ilze Kalniņa")


@pytest.mark.parametrize("token", ["", None, "abc", "A" * 43, "A" * 44, "../../etc/passwd", 12345])
async def test_registration_by_token_wrong_token_finds_nothing(workshop, token):
    await sign_up(workshop, "Ilze Kalniņa")

    assert await registration_by_token(token) is None


async def test_registration_by_token_keeps_only_the_hash(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa")

    [row] = await Registration.select(Registration.token_hash)

    assert (len(token), len(row["token_hash"]), token in row["token_hash"]) == (43, 64, False)


async def test_registration_by_token_differs_for_each_registration(workshop):
    _, first = await sign_up(workshop, "Ilze Kalniņa")
    _, second = await sign_up(workshop, "Jānis Bērziņš")

    assert [(await registration_by_token(t))["name"] for t in (first, second)] == ["Ilze Kalniņa", "Jānis Bērziņš"]


async def test_cancel_wrong_token_is_not_found(workshop):
    with pytest.raises(RegistrationNotFound):
        await cancel("B" * 43, base_url=BASE_URL, now=NOW)


# --- changing the party -----------------------------------------------------------------------------

async def test_change_party_smaller_promotes_the_waiting_party_that_fits(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Jānis Bērziņš", 1)
    waiting, _ = await sign_up(workshop, "Anna Ozola", 2)

    changed = await change_party(token, 1, base_url=BASE_URL, now=NOW)

    assert changed["party"] == 1
    assert [(r["name"], r["state"]) for r in await registrations_of(workshop)] == [
        ("Ilze Kalniņa", "registered"), ("Jānis Bērziņš", "registered"), ("Anna Ozola", "registered")]
    assert waiting["state"] == "waiting"


async def test_change_party_bigger_than_the_places_left_is_refused(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 1)
    await sign_up(workshop, "Jānis Bērziņš", 2)

    with pytest.raises(ValidationFailed) as failed:
        await change_party(token, 3, base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"party": "party_no_room:2"}
    assert (await registration_by_token(token))["party"] == 1


async def test_change_party_bigger_that_fits_takes_the_places(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 1)

    changed = await change_party(token, "3", base_url=BASE_URL, now=NOW)

    assert (changed["party"], (await places(workshop))["left"]) == (3, 1)


async def test_change_party_above_the_maximum_is_refused(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 1)

    with pytest.raises(ValidationFailed) as failed:
        await change_party(token, 4, base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"party": "party_range:1:3"}


async def test_change_party_waiting_smaller_is_promoted_when_it_now_fits(workshop):
    await sign_up(workshop, "Ilze Kalniņa", 3)
    _, token = await sign_up(workshop, "Jānis Bērziņš", 2, email="janis@example.lv")

    changed = await change_party(token, 1, base_url=BASE_URL, now=NOW)

    assert (changed["state"], changed["position"]) == ("registered", None)
    assert await mail_keys() == [f"registration:{changed['id']}:confirmed", f"registration:{changed['id']}:promoted"]


async def test_change_party_bigger_while_turned_off_is_refused(workshop, librarian):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 1)
    await save_setup(workshop, parse_setup(setup_form(active="")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    with pytest.raises(ValidationFailed) as failed:
        await change_party(token, 2, base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"party": "registration_off"}
    assert (await registration_by_token(token))["party"] == 1


async def test_change_party_smaller_while_turned_off_promotes_nobody_until_turned_on(workshop, librarian):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Pēteris Liepa", 1)
    await sign_up(workshop, "Jānis Bērziņš", 2)
    await save_setup(workshop, parse_setup(setup_form(active="")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    changed = await change_party(token, 1, base_url=BASE_URL, now=NOW)
    while_off = [r["state"] for r in await registrations_of(workshop)]
    promoted = await save_setup(workshop, parse_setup(setup_form()), version=2, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert (changed["party"], while_off) == (1, ["registered", "registered", "waiting"])
    assert [(r["name"], r["state"]) for r in promoted] == [("Jānis Bērziņš", "registered")]


async def test_change_party_blank_is_refused(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 2)

    with pytest.raises(ValidationFailed) as failed:
        await change_party(token, "", base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"party": "required"}
    assert (await registration_by_token(token))["party"] == 2


async def test_change_party_unchanged_above_a_lowered_maximum_keeps_the_party(workshop, librarian):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 3)
    await save_setup(workshop, parse_setup(setup_form(party_max="2")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    kept = await change_party(token, "3", base_url=BASE_URL, now=NOW)

    assert kept["party"] == 3


async def test_change_party_of_a_cancelled_registration_is_refused(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 1)
    await cancel(token, base_url=BASE_URL, now=NOW)

    with pytest.raises(ValidationFailed) as failed:
        await change_party(token, 2, base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"party": "registration_cancelled"}


# --- cancelling and promotion -------------------------------------------------------------------------

async def test_cancel_promotes_the_oldest_waiting_party_that_fits(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 2)
    await sign_up(workshop, "Pēteris Liepa", 2)
    await sign_up(workshop, "Jānis Bērziņš", 3)  # waits first, but needs 3
    await sign_up(workshop, "Anna Ozola", 2)
    await sign_up(workshop, "Marta Kalna", 1)

    await cancel(token, base_url=BASE_URL, now=NOW)

    assert [(r["name"], r["state"], r["position"]) for r in await registrations_of(workshop)] == [
        ("Pēteris Liepa", "registered", None), ("Anna Ozola", "registered", None),
        ("Jānis Bērziņš", "waiting", 1), ("Marta Kalna", "waiting", 2), ("Ilze Kalniņa", "cancelled", None)]


async def test_cancel_promotes_several_smaller_parties_into_the_freed_places(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Pēteris Liepa", 1)
    await sign_up(workshop, "Jānis Bērziņš", 2)
    await sign_up(workshop, "Anna Ozola", 1)

    await cancel(token, base_url=BASE_URL, now=NOW)

    assert await places(workshop) == {"capacity": 4, "taken": 4, "left": 0, "waiting": 0, "waiting_people": 0}


async def test_cancel_after_registration_closed_promotes_nobody(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="1", closes_at="02.12.2026. 12:00")
    _, token = await sign_up(item_id, "Ilze Kalniņa")
    await sign_up(item_id, "Jānis Bērziņš")

    await cancel(token, base_url=BASE_URL, now=utc_of_wall(at("02.12.2026 12:00")))

    assert [(r["name"], r["state"]) for r in await registrations_of(item_id)] == [("Jānis Bērziņš", "waiting"), ("Ilze Kalniņa", "cancelled")]


async def test_cancel_after_the_last_session_ended_is_refused_and_the_registration_stays(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa")

    with pytest.raises(RegistrationClosed) as refused:
        await cancel(token, base_url=BASE_URL, now=utc_of_wall(at("03.12.2026 18:30")))

    assert refused.value.reason == "ended"
    assert [(r["name"], r["state"]) for r in await registrations_of(workshop)] == [("Ilze Kalniņa", "registered")]


async def test_cancel_during_the_last_session_is_taken(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa")

    cancelled = await cancel(token, base_url=BASE_URL, now=utc_of_wall(at("03.12.2026 18:29")))

    assert cancelled["state"] == "cancelled"


async def test_cancel_by_staff_after_the_last_session_ended_is_taken(workshop, librarian):
    registration, _ = await sign_up(workshop, "Ilze Kalniņa")

    cancelled = await cancel_by_staff(registration["id"], workshop, staff_id=librarian["id"], base_url=BASE_URL,
                                      now=utc_of_wall(at("04.12.2026 10:00")))

    assert cancelled["state"] == "cancelled"


async def test_cancel_twice_promotes_once(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Pēteris Liepa", 1)
    promoted, _ = await sign_up(workshop, "Jānis Bērziņš", 1, email="janis@example.lv")
    await sign_up(workshop, "Anna Ozola", 3, email="anna@example.lv")

    await cancel(token, base_url=BASE_URL, now=NOW)
    again = await cancel(token, base_url=BASE_URL, now=NOW + timedelta(minutes=1))

    assert again["state"] == "cancelled"
    assert [r["state"] for r in await registrations_of(workshop)] == ["registered", "registered", "waiting", "cancelled"]
    assert [key for key in await mail_keys() if key.endswith(":promoted")] == [f"registration:{promoted['id']}:promoted"]


async def test_cancel_promotion_mail_names_the_item_and_the_party(workshop):
    _, token = await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Pēteris Liepa", 1)
    waiting, _ = await sign_up(workshop, "Jānis Bērziņš", 2, email="janis@example.lv")

    await cancel(token, base_url=BASE_URL, now=NOW)
    mail = await MailMessage.select().where(MailMessage.key == f"registration:{waiting['id']}:promoted").first()

    assert (mail["to_address"], mail["subject"]) == ("janis@example.lv", "Jums ir vieta: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30")
    assert "jūsu pieteikums no rindas ir pieņemts (2 cilvēki).\n\nKas: Aušana stellēs\nKad: ceturtdiena, 03.12.2026. 17:00–18:30\nKur: Lasītava\n" in mail["body"]


async def test_cancel_by_staff_tells_the_person_and_promotes(workshop, librarian):
    first, _ = await sign_up(workshop, "Ilze Kalniņa", 3, email="ilze@example.lv")
    await sign_up(workshop, "Pēteris Liepa", 1)
    waiting, _ = await sign_up(workshop, "Jānis Bērziņš", 1)

    cancelled = await cancel_by_staff(first["id"], workshop, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert (waiting["position"], cancelled["state"], await position(waiting)) == (1, "cancelled", None)
    assert await mail_keys() == [f"registration:{first['id']}:confirmed", f"registration:{first['id']}:cancelled"]


async def test_cancel_by_staff_of_another_items_registration_is_not_found(workshop, reading_room, librarian):
    other = await make_workshop(reading_room, librarian, title="Zīmēšana")
    registration, _ = await sign_up(workshop, "Ilze Kalniņa")

    with pytest.raises(RegistrationNotFound):
        await cancel_by_staff(registration["id"], other, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)


# --- the confirmation -----------------------------------------------------------------------------------

async def test_register_confirmation_mail_holds_the_personal_link(workshop):
    registration, token = await sign_up(workshop, "Ilze Kalniņa", 2, email="ilze@example.lv")

    [mail] = await MailMessage.select()

    assert (mail["key"], mail["to_address"], mail["subject"]) == (
        f"registration:{registration['id']}:confirmed", "ilze@example.lv", "Pieteikums pieņemts: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30")
    assert f"https://afisa.rozupe.lv/r/{token}\n" in mail["body"]


async def test_register_waiting_confirmation_tells_the_place_in_the_queue(workshop):
    await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Jānis Bērziņš", 2)
    await sign_up(workshop, "Anna Ozola", 3, email="anna@example.lv")

    [mail] = await MailMessage.select()

    assert mail["subject"] == "Jūs esat rindā: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30"
    assert "jūsu pieteikums (3 cilvēki) ir rindā, 2. vietā." in mail["body"]


async def test_register_without_email_queues_no_mail(workshop):
    await sign_up(workshop, "Ilze Kalniņa", phone="+371 26000000")

    assert await MailMessage.count() == 0


# --- what the public page says before anyone tries ------------------------------------------------------

async def test_availability_with_places_left_is_open(workshop):
    await sign_up(workshop, "Ilze Kalniņa", 3)

    found = await availability(workshop, NOW)

    assert found == {"capacity": 4, "taken": 3, "left": 1, "waiting": 0, "waiting_people": 0, "reason": None, "waiting_open": False,
                     "opens_at": None, "closes_at": utc_of_wall(at("03.12.2026 17:00")), "party_max": 3, "ask_age_band": False,
                     "retention_days": 30}


async def test_availability_full_with_a_waiting_list_offers_it(workshop):
    await sign_up(workshop, "Ilze Kalniņa", 3)
    await sign_up(workshop, "Jānis Bērziņš", 1)

    found = await availability(workshop, NOW)

    assert (found["left"], found["reason"], found["waiting_open"]) == (0, None, True)


async def test_availability_full_without_a_waiting_list_is_full(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="1", waiting_list="")
    await sign_up(item_id, "Ilze Kalniņa")

    found = await availability(item_id, NOW)

    assert (found["reason"], found["waiting_open"]) == ("full", False)


async def test_availability_before_opening_says_when(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, opens_at="27.11.2026. 09:00", closes_at="02.12.2026. 20:00")

    found = await availability(item_id, NOW)

    assert (found["reason"], found["opens_at"], found["closes_at"]) == (
        "not_open", utc_of_wall(at("27.11.2026 09:00")), utc_of_wall(at("02.12.2026 20:00")))


async def test_availability_without_setup_is_none(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)

    assert await availability(item_id, NOW) is None
