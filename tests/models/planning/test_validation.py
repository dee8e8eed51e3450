"""The one validation path for items: each field's error code, and the clean ItemDraft."""
from __future__ import annotations

from datetime import date, time

import pytest

from models.kernel.enums import Audience, Kind, PartnerRole, PlaceKind, Status
from models.planning.recurrence import MAX_OCCURRENCES, Recurrence
from models.kernel.network_tables import Staff
from models.kernel.tables import Partner
from models.planning.validation import validate_item
from models.kernel.validation import ValidationFailed, parse_date, parse_time
from tests.conftest import at, make_place
from tests.models import item_form, make_draft


async def errors_of(raw: dict, staff: dict) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as failed:
        await validate_item(raw, staff)
    return failed.value.errors


# --- parsing ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("10.09.2026.", date(2026, 9, 10)),
        ("10.09.2026", date(2026, 9, 10)),
        ("1.9.2026.", date(2026, 9, 1)),
        (" 18.11.2026. ", date(2026, 11, 18)),
        ("2026-09-10", date(2026, 9, 10)),
        (date(2026, 9, 10), date(2026, 9, 10)),
    ],
)
def test_parse_date_latvian_and_iso_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text, code",
    [("10/09/2026", "date_format"), ("septembris", "date_format"), ("2026-9-10", "date_format"), ("31.02.2026.", "date_invalid"), ("2026-13-01", "date_invalid")],
)
def test_parse_date_bad_text_raises_code(text, code):
    with pytest.raises(ValueError) as error:
        parse_date(text)

    assert str(error.value) == code


@pytest.mark.parametrize("text, expected", [("17:00", time(17, 0)), ("9.30", time(9, 30)), ("08:05:00", time(8, 5)), (time(10, 0), time(10, 0))])
def test_parse_time_accepted_forms(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "17:60", "5pm", "", None])
def test_parse_time_bad_text_raises_time_format(text):
    with pytest.raises(ValueError) as error:
        parse_time(text)

    assert str(error.value) == "time_format"


# --- a clean form -------------------------------------------------------------------------

async def test_validate_item_single_event_gives_clean_draft(branch, reading_room, librarian, school):
    raw = item_form(
        branch["id"], place_id=str(reading_room["id"]), audiences=["adults", "seniors", "adults"],
        partners=[{"partner_id": str(school["id"]), "role": "co_organiser"}], responsible_id=str(librarian["id"]),
    )

    draft = await validate_item(raw, librarian)

    assert draft.kind == Kind.EVENT
    assert draft.title == "Dzejas dienas"
    assert draft.branch_id == branch["id"]
    assert draft.place_id == reading_room["id"]
    assert draft.starts_at == at("10.09.2026 17:00")
    assert draft.ends_at == at("10.09.2026 18:30")
    assert draft.all_day is False
    assert draft.recurrence is None
    assert draft.rrule == ""
    assert draft.audiences == [Audience.ADULTS, Audience.SENIORS]
    assert draft.partners == [(school["id"], PartnerRole.CO_ORGANISER)]
    assert draft.responsible_id == librarian["id"]
    assert draft.is_public is True
    assert draft.status == Status.PLANNED
    assert draft.occurrence_starts() == [at("10.09.2026 17:00")]


@pytest.mark.parametrize("start_date", ["10.09.2026.", "10.09.2026", "2026-09-10"])
async def test_validate_item_latvian_and_iso_dates_accepted(branch, librarian, start_date):
    draft = await make_draft(branch["id"], librarian, start_date=start_date)

    assert draft.starts_at == at("10.09.2026 17:00")


async def test_validate_item_status_defaults_to_planned(branch, librarian):
    draft = await make_draft(branch["id"], librarian, status="")

    assert draft.status == Status.PLANNED


async def test_validate_item_is_public_unchecked_is_internal(branch, librarian):
    raw = item_form(branch["id"])
    del raw["is_public"]

    draft = await validate_item(raw, librarian)

    assert draft.is_public is False


async def test_validate_item_accepts_enum_members_as_well_as_their_values(branch, librarian):
    draft = await make_draft(branch["id"], librarian, kind=Kind.EXHIBITION, status=Status.DRAFT, audiences=[Audience.FAMILIES])

    assert (draft.kind, draft.status, draft.audiences) == (Kind.EXHIBITION, Status.DRAFT, [Audience.FAMILIES])


async def test_validate_item_all_day_range_has_exclusive_end(branch, librarian):
    draft = await make_draft(
        branch["id"], librarian, kind="exhibition", title="Rožupes novadnieku grāmatas", all_day="on",
        start_date="01.10.2026.", end_date="31.10.2026.", start_time="", end_time="",
    )

    assert draft.starts_at == at("01.10.2026 00:00")
    assert draft.ends_at == at("01.11.2026 00:00")
    assert draft.kind_fields["exhibition_form"] == "physical"


async def test_validate_item_timed_over_midnight_uses_end_date(branch, librarian):
    draft = await make_draft(branch["id"], librarian, end_date="11.09.2026.", end_time="01:00")

    assert draft.ends_at == at("11.09.2026 01:00")


async def test_validate_item_coordinator_may_plan_any_branch(other_branch, coordinator):
    draft = await make_draft(other_branch["id"], coordinator)

    assert draft.branch_id == other_branch["id"]


# --- errors, one field at a time ----------------------------------------------------------

async def test_validate_item_end_before_start_on_end_time(branch, librarian):
    errors = await errors_of(item_form(branch["id"], start_time="18:00", end_time="17:00"), librarian)

    assert errors == {"end_time": "end_before_start"}


async def test_validate_item_end_equal_to_start_is_end_before_start(branch, librarian):
    errors = await errors_of(item_form(branch["id"], start_time="17:00", end_time="17:00"), librarian)

    assert errors == {"end_time": "end_before_start"}


async def test_validate_item_all_day_end_date_before_start(branch, librarian):
    raw = item_form(branch["id"], all_day="on", start_date="10.09.2026.", end_date="09.09.2026.")

    errors = await errors_of(raw, librarian)

    assert errors == {"end_date": "end_before_start"}


async def test_validate_item_timed_longer_than_two_weeks(branch, librarian):
    errors = await errors_of(item_form(branch["id"], end_date="30.09.2026."), librarian)

    assert errors == {"end_date": "too_long_range"}


async def test_validate_item_all_day_longer_than_a_year(branch, librarian):
    raw = item_form(branch["id"], all_day="on", start_date="01.01.2026.", end_date="02.01.2027.")

    errors = await errors_of(raw, librarian)

    assert errors == {"end_date": "too_long_range"}


async def test_validate_item_unknown_place(branch, librarian):
    errors = await errors_of(item_form(branch["id"], place_id="999999"), librarian)

    assert errors == {"place_id": "unknown"}


async def test_validate_item_place_of_another_branch(branch, other_branch, librarian):
    rudzati_room = await make_place(other_branch["id"], "Rudzātu lasītava")

    errors = await errors_of(item_form(branch["id"], place_id=str(rudzati_room["id"])), librarian)

    assert errors == {"place_id": "place_other_branch"}


async def test_validate_item_librarian_choosing_another_branch(other_branch, librarian):
    errors = await errors_of(item_form(other_branch["id"]), librarian)

    assert errors == {"branch_id": "branch_forbidden"}


async def test_validate_item_inactive_librarian_forbidden_own_branch(branch, librarian):
    errors = await errors_of(item_form(branch["id"]), {**librarian, "active": False})

    assert errors == {"branch_id": "branch_forbidden"}


async def test_validate_item_unknown_branch(db, coordinator):
    errors = await errors_of(item_form(999999), coordinator)

    assert errors == {"branch_id": "unknown"}


@pytest.mark.parametrize("value, code", [("", "required"), ("Rožupe", "number")])
async def test_validate_item_branch_missing_or_not_a_number(db, coordinator, value, code):
    raw = {**item_form(0), "branch_id": value}

    errors = await errors_of(raw, coordinator)

    assert errors == {"branch_id": code}


async def test_validate_item_series_without_end(branch, librarian):
    errors = await errors_of(item_form(branch["id"], repeat="weekly", weekdays=["3"]), librarian)

    assert errors == {"until": "series_without_end"}


async def test_validate_item_title_of_5000_chars_too_long(branch, librarian):
    errors = await errors_of(item_form(branch["id"], title="Ā" * 5000), librarian)

    assert errors == {"title": "too_long:200"}


async def test_validate_item_title_of_200_chars_fits(branch, librarian):
    draft = await make_draft(branch["id"], librarian, title="Ā" * 200)

    assert draft.title == "Ā" * 200


async def test_validate_item_description_too_long(branch, librarian):
    errors = await errors_of(item_form(branch["id"], description="x" * 5001), librarian)

    assert errors == {"description": "too_long:5000"}


@pytest.mark.parametrize("title", ["", "   ", None])
async def test_validate_item_title_missing(branch, librarian, title):
    errors = await errors_of(item_form(branch["id"], title=title), librarian)

    assert errors == {"title": "required"}


@pytest.mark.parametrize("field, day", [("start_date", "10.09.1850."), ("start_date", "2101-01-01"), ("end_date", "10.09.1850.")])
async def test_validate_item_date_out_of_range(branch, librarian, field, day):
    errors = await errors_of(item_form(branch["id"], **{field: day}), librarian)

    assert errors == {field: "date_out_of_range"}


@pytest.mark.parametrize("value, code", [("", "required"), (None, "required"), ("10/09/2026", "date_format"), ("30.02.2026.", "date_invalid")])
async def test_validate_item_start_date_errors(branch, librarian, value, code):
    errors = await errors_of(item_form(branch["id"], start_date=value), librarian)

    assert errors == {"start_date": code}


@pytest.mark.parametrize("field", ["start_time", "end_time"])
async def test_validate_item_time_missing_on_timed_item(branch, librarian, field):
    errors = await errors_of(item_form(branch["id"], **{field: ""}), librarian)

    assert errors == {field: "time_format"}


@pytest.mark.parametrize(
    "field, value, code",
    [("kind", "koncerts", "choice"), ("kind", "", "required"), ("status", "archived", "choice"), ("audiences", ["pensionāri"], "choice")],
)
async def test_validate_item_closed_vocabularies(branch, librarian, field, value, code):
    errors = await errors_of(item_form(branch["id"], **{field: value}), librarian)

    assert errors == {field: code}


async def test_validate_item_lesson_without_class(branch, librarian):
    errors = await errors_of(item_form(branch["id"], kind="lesson", title="Bibliotekārā stunda"), librarian)

    assert errors == {"lesson_class": "required"}


async def test_validate_item_lesson_with_class_keeps_its_fields(branch, librarian):
    draft = await make_draft(
        branch["id"], librarian, kind="lesson", title="Bibliotekārā stunda", lesson_class="3. klase",
        lesson_teacher="Inese Ozola", literacy_area="language_reading",
    )

    assert draft.kind_fields == {
        "lesson_class": "3. klase", "lesson_teacher": "Inese Ozola", "book_start_group": "", "age_band": "",
        "literacy_area": "language_reading", "exhibition_form": "", "delivery_kind": "",
    }


async def test_validate_item_lesson_unknown_literacy_area(branch, librarian):
    raw = item_form(branch["id"], kind="lesson", lesson_class="3. klase", literacy_area="astrology")

    errors = await errors_of(raw, librarian)

    assert errors == {"literacy_area": "choice"}


async def test_validate_item_delivery_to_a_room_needs_a_service_point(branch, reading_room, librarian):
    raw = item_form(branch["id"], kind="delivery", title="Grāmatu piegāde", place_id=str(reading_room["id"]))

    errors = await errors_of(raw, librarian)

    assert errors == {"place_id": "service_point_required"}


async def test_validate_item_delivery_without_place_needs_a_service_point(branch, librarian):
    errors = await errors_of(item_form(branch["id"], kind="delivery", title="Grāmatu piegāde"), librarian)

    assert errors == {"place_id": "service_point_required"}


async def test_validate_item_delivery_to_service_point_defaults_kind(branch, care_centre, librarian):
    draft = await make_draft(branch["id"], librarian, kind="delivery", title="Grāmatu piegāde „Rožlejās”", place_id=str(care_centre["id"]))

    assert draft.kind_fields["delivery_kind"] == "service_point"
    assert draft.place_id == care_centre["id"]


async def test_validate_item_home_delivery_needs_no_service_point(branch, librarian):
    draft = await make_draft(branch["id"], librarian, kind="delivery", title="Grāmatu piegāde mājās", delivery_kind="home")

    assert draft.kind_fields["delivery_kind"] == "home"
    assert draft.place_id is None


async def test_validate_item_virtual_exhibition_keeps_form(branch, librarian):
    draft = await make_draft(branch["id"], librarian, kind="exhibition", exhibition_form="virtual")

    assert draft.kind_fields["exhibition_form"] == "virtual"


async def test_validate_item_unknown_partner(branch, librarian, school):
    raw = item_form(branch["id"], partners=[{"partner_id": school["id"], "role": "host"}, {"partner_id": 999999, "role": "host"}])

    errors = await errors_of(raw, librarian)

    assert errors == {"partners": "unknown"}


async def test_validate_item_partner_bad_role(branch, librarian, school):
    errors = await errors_of(item_form(branch["id"], partners=[{"partner_id": school["id"], "role": "sponsor"}]), librarian)

    assert errors == {"partners": "choice"}


async def test_validate_item_partners_as_pairs_and_ids_deduplicated(branch, librarian, school):
    culture_house = (await Partner.insert(Partner(name="Rožupes tautas nams", type="culture_house")).returning(Partner.id))[0]["id"]

    draft = await make_draft(
        branch["id"], librarian,
        partners=[(str(school["id"]), "host"), (school["id"], "performer"), str(culture_house)],
    )

    assert draft.partners == [(school["id"], PartnerRole.HOST), (culture_house, PartnerRole.PARTICIPANT)]


async def test_validate_item_unknown_responsible(branch, librarian):
    errors = await errors_of(item_form(branch["id"], responsible_id="999999"), librarian)

    assert errors == {"responsible_id": "unknown"}


async def test_validate_item_inactive_responsible(branch, librarian):
    await Staff.update({Staff.active: False}).where(Staff.id == librarian["id"])

    errors = await errors_of(item_form(branch["id"], responsible_id=str(librarian["id"])), librarian)

    assert errors == {"responsible_id": "unknown"}


async def test_validate_item_version_must_be_a_number(branch, librarian):
    errors = await errors_of(item_form(branch["id"], version="pirmā"), librarian)

    assert errors == {"version": "number"}


async def test_validate_item_version_is_kept(branch, librarian):
    draft = await make_draft(branch["id"], librarian, version="3")

    assert draft.version == 3


async def test_validate_item_collects_every_field_error(other_branch, librarian):
    raw = item_form(other_branch["id"], title="", start_date="1.1.1850.", kind="lesson")

    errors = await errors_of(raw, librarian)

    assert errors == {"title": "required", "branch_id": "branch_forbidden", "start_date": "date_out_of_range", "lesson_class": "required"}


# --- series -------------------------------------------------------------------------------

async def test_validate_item_weekly_series_until_end_of_term(branch, librarian):
    draft = await make_draft(
        branch["id"], librarian, kind="lesson", lesson_class="2. klase", start_date="01.09.2026.",
        start_time="12:30", end_time="13:10", repeat="weekly", weekdays=["1"], until="18.12.2026.",
    )

    assert draft.recurrence == Recurrence("weekly", 1, (1,), "day", until=date(2026, 12, 18))
    assert draft.rrule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261218T235959"
    assert len(draft.occurrence_starts()) == 16


async def test_validate_item_monthly_second_thursday_with_count(branch, librarian):
    draft = await make_draft(branch["id"], librarian, repeat="monthly", monthly_mode="nth", count="4")

    assert draft.rrule == "FREQ=MONTHLY;BYDAY=2TH;COUNT=4"
    assert draft.occurrence_starts() == [at("10.09.2026 17:00"), at("08.10.2026 17:00"), at("12.11.2026 17:00"), at("10.12.2026 17:00")]


async def test_validate_item_until_wins_over_count(branch, librarian):
    draft = await make_draft(branch["id"], librarian, repeat="daily", until="12.09.2026.", count="10")

    assert draft.recurrence.count is None
    assert len(draft.occurrence_starts()) == 3


@pytest.mark.parametrize(
    "overrides, errors",
    [
        ({"repeat": "yearly", "until": "01.01.2027."}, {"repeat": "choice"}),
        ({"repeat": "weekly", "interval": "13", "until": "01.01.2027."}, {"interval": "interval_range"}),
        ({"repeat": "weekly", "interval": "0", "until": "01.01.2027."}, {"interval": "interval_range"}),
        ({"repeat": "weekly", "weekdays": ["7"], "until": "01.01.2027."}, {"weekdays": "choice"}),
        ({"repeat": "weekly", "weekdays": ["otrdiena"], "until": "01.01.2027."}, {"weekdays": "number"}),
        ({"repeat": "monthly", "monthly_mode": "first", "until": "01.01.2027."}, {"monthly_mode": "choice"}),
        ({"repeat": "weekly", "until": "01.09.2026."}, {"until": "until_before_start"}),
        ({"repeat": "weekly", "until": "1850-01-01"}, {"until": "date_out_of_range"}),
        ({"repeat": "weekly", "count": "0"}, {"count": f"count_range:{MAX_OCCURRENCES}"}),
        ({"repeat": "weekly", "count": str(MAX_OCCURRENCES + 1)}, {"count": f"count_range:{MAX_OCCURRENCES}"}),
        ({"repeat": "daily", "until": "31.12.2027."}, {"until": f"too_many_occurrences:{MAX_OCCURRENCES}"}),
    ],
    ids=["freq", "interval-high", "interval-zero", "weekday-7", "weekday-word", "monthly-mode", "until-before", "until-1850", "count-0", "count-high", "too-many"],
)
async def test_validate_item_series_field_errors(branch, librarian, overrides, errors):
    assert await errors_of(item_form(branch["id"], **overrides), librarian) == errors


async def test_validate_item_repeat_none_is_a_single_item(branch, librarian):
    draft = await make_draft(branch["id"], librarian, repeat="none", until="18.12.2026.")

    assert (draft.recurrence, draft.rrule) == (None, "")


async def test_validate_item_place_in_own_branch_of_kind_venue(branch, librarian):
    venue = await make_place(branch["id"], "Rožupes tautas nams", PlaceKind.VENUE)

    draft = await make_draft(branch["id"], librarian, place_id=venue["id"])

    assert draft.place_id == venue["id"]
