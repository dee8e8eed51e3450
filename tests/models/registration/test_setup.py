"""The librarian's registration setup: the form, saving it against another librarian's save, and
more places given to the waiting list at once."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from models.kernel.tables import ItemChange, MailMessage
from models.kernel.validation import ValidationFailed
from models.registration import StaleVersion, parse_setup, places, registrations_of, save_setup, setup_of
from tests.models.registration import BASE_URL, NOW, make_workshop, open_registration, setup_form, sign_up

pytestmark = pytest.mark.clock("25.11.2026 12:00")


def test_parse_setup_reads_riga_times_as_moments():
    draft = parse_setup(setup_form(opens_at="27.11.2026. 09:00", closes_at="2026-12-02T18:30", waiting_limit="5", retention_days="14"))

    assert (draft.opens_at, draft.closes_at) == (datetime(2026, 11, 27, 7, 0, tzinfo=timezone.utc), datetime(2026, 12, 2, 16, 30, tzinfo=timezone.utc))
    assert (draft.capacity, draft.party_max, draft.waiting_list, draft.waiting_limit, draft.retention_days, draft.active) == (4, 3, True, 5, 14, True)


def test_parse_setup_date_alone_closes_at_the_days_end():
    draft = parse_setup(setup_form(opens_at="27.11.2026.", closes_at="01.12.2026"))

    assert (draft.opens_at, draft.closes_at) == (datetime(2026, 11, 26, 22, 0, tzinfo=timezone.utc), datetime(2026, 12, 1, 21, 59, tzinfo=timezone.utc))


def test_parse_setup_date_and_time_fields_make_one_moment():
    draft = parse_setup(setup_form(closes_at_date="01.12.2026.", closes_at_time="12:00"))

    assert draft.closes_at == datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def test_parse_setup_blank_form_defaults():
    draft = parse_setup({"capacity": "10"})

    assert (draft.party_max, draft.opens_at, draft.closes_at, draft.waiting_list, draft.waiting_limit, draft.ask_age_band,
            draft.retention_days, draft.active) == (1, None, None, False, None, False, 30, False)


def test_parse_setup_wrong_values_are_refused_each_with_its_code():
    form = setup_form(capacity="0", party_max="21", opens_at="32.11.2026. 09:00", closes_at="01.12.2026. 25:00", waiting_limit="x",
                      retention_days="400")

    with pytest.raises(ValidationFailed) as failed:
        parse_setup(form)

    assert failed.value.errors == {"capacity": "between:1:10000", "party_max": "between:1:20", "opens_at": "date_invalid",
                                   "closes_at": "time_format", "waiting_limit": "number", "retention_days": "between:1:365"}


def test_parse_setup_missing_capacity_is_required():
    with pytest.raises(ValidationFailed) as failed:
        parse_setup({})

    assert failed.value.errors == {"capacity": "required"}


def test_parse_setup_closing_before_opening_is_refused():
    with pytest.raises(ValidationFailed) as failed:
        parse_setup(setup_form(opens_at="01.12.2026. 10:00", closes_at="01.12.2026. 09:00"))

    assert failed.value.errors == {"closes_at": "end_before_start"}


async def test_save_setup_new_then_edited_counts_versions(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian)

    await save_setup(item_id, parse_setup(setup_form(capacity="6")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)
    setup = await setup_of(item_id)

    assert (setup["item_id"], setup["capacity"], setup["version"], setup["updated_by"]) == (item_id, 6, 2, librarian["id"])
    assert [row["action"] for row in await ItemChange.select(ItemChange.action).order_by(ItemChange.id)] == [
        "created", "registration_opened", "registration_changed"]


async def test_save_setup_with_an_old_version_is_stale(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian)
    await save_setup(item_id, parse_setup(setup_form(capacity="6")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    with pytest.raises(StaleVersion):
        await save_setup(item_id, parse_setup(setup_form(capacity="8")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert (await setup_of(item_id))["capacity"] == 6


async def test_save_setup_new_when_one_exists_is_stale(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian)

    with pytest.raises(StaleVersion):
        await save_setup(item_id, parse_setup(setup_form(capacity="8")), version=None, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)


async def test_save_setup_for_an_unknown_item_is_refused(db, librarian):
    with pytest.raises(ValidationFailed) as failed:
        await save_setup(404, parse_setup(setup_form()), version=None, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"item": "unknown"}


async def test_save_setup_capacity_below_the_registered_is_refused(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian)
    await sign_up(item_id, "Ilze Kalniņa", 3)

    with pytest.raises(ValidationFailed) as failed:
        await save_setup(item_id, parse_setup(setup_form(capacity="2")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert failed.value.errors == {"capacity": "capacity_below_registered:3"}


async def test_save_setup_raised_capacity_promotes_the_waiting_in_order(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian)
    await sign_up(item_id, "Ilze Kalniņa", 3)
    first, _ = await sign_up(item_id, "Jānis Bērziņš", 2, email="janis@example.lv")
    await sign_up(item_id, "Anna Ozola", 3)

    promoted = await save_setup(item_id, parse_setup(setup_form(capacity="6")), version=1, staff_id=librarian["id"], base_url=BASE_URL, now=NOW)

    assert [(r["name"], r["state"], r["party"]) for r in promoted] == [("Jānis Bērziņš", "registered", 2)]
    assert await places(item_id) == {"capacity": 6, "taken": 5, "left": 1, "waiting": 1, "waiting_people": 3}
    assert await MailMessage.count().where(MailMessage.key == f"registration:{first['id']}:promoted") == 1


async def test_save_setup_turned_off_keeps_the_list_and_promotes_nobody(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)
    await open_registration(item_id, librarian, capacity="1")
    await sign_up(item_id, "Ilze Kalniņa")
    await sign_up(item_id, "Jānis Bērziņš")

    promoted = await save_setup(item_id, parse_setup(setup_form(capacity="2", active="")), version=1, staff_id=librarian["id"],
                                base_url=BASE_URL, now=NOW)

    assert promoted == []
    assert [(r["name"], r["state"]) for r in await registrations_of(item_id)] == [("Ilze Kalniņa", "registered"), ("Jānis Bērziņš", "waiting")]


async def test_setup_of_an_item_without_registration_is_none(reading_room, librarian):
    item_id = await make_workshop(reading_room, librarian)

    assert (await setup_of(item_id), await places(item_id)) == (None, {"capacity": 0, "taken": 0, "left": 0, "waiting": 0, "waiting_people": 0})
