from datetime import date

import pytest

from models.kernel.enums import PartnerType
from models.partners.directory import (
    deactivate_contact,
    partner_detail,
    partner_directory,
    partner_history,
    save_contact,
    save_partner,
    validate_contact,
    validate_partner,
)
from models.planning.programme import create_item
from models.kernel.tables import Item, Occurrence, Partner, PartnerContact
from models.planning.validation import validate_item
from models.kernel.validation import ValidationFailed
from tests.conftest import at


def partner_raw(branch, **overrides):
    raw = {"name": "Pirmsskolas grupa „Zīļuki”", "type": "preschool", "branch_id": str(branch), "notes": ""}
    raw.update(overrides)
    return raw


def contact_raw(**overrides):
    raw = {"name": "Inga Bērziņa", "role": "skolotāja", "email": "inga.berzina@skola.lv", "phone": "+371 2612 3456", "language": "lv"}
    raw.update(overrides)
    return raw


async def add_item(staff, branch_id, partner_id, title, day, *, kind="event", role="host", **extra):
    raw = {"kind": kind, "title": title, "branch_id": str(branch_id), "start_date": day, "end_date": day,
           "start_time": "10:00", "end_time": "11:00", "status": "planned", "partners": [(partner_id, role)], **extra}
    return await create_item(await validate_item(raw, staff), staff["id"])


async def test_validate_partner_accepts_a_branch_partner_of_her_branch(librarian, branch):
    draft = await validate_partner(partner_raw(branch["id"], notes="  Grāmatu starts  "), librarian)

    assert (draft.name, draft.type, draft.branch_id, draft.notes) == ("Pirmsskolas grupa „Zīļuki”", PartnerType.PRESCHOOL, branch["id"], "Grāmatu starts")


@pytest.mark.parametrize("overrides, errors", [
    ({"name": ""}, {"name": "required"}),
    ({"name": "x" * 201}, {"name": "too_long:200"}),
    ({"type": "circus"}, {"type": "choice"}),
    ({"type": ""}, {"type": "required"}),
    ({"notes": "x" * 5001}, {"notes": "too_long:5000"}),
    ({"branch_id": "abc"}, {"branch_id": "number"}),
    ({"branch_id": "987654"}, {"branch_id": "unknown"}),
    ({"branch_id": ""}, {"branch_id": "network_partner_forbidden"}),
    ({"name": "a\x00b", "type": "?"}, {"name": "control_characters", "type": "choice"}),
])
async def test_validate_partner_with_bad_field_names_the_field(librarian, branch, overrides, errors):
    with pytest.raises(ValidationFailed) as failed:
        await validate_partner(partner_raw(branch["id"], **overrides), librarian)

    assert failed.value.errors == errors


async def test_validate_partner_of_another_branch_is_refused(other_librarian, branch):
    with pytest.raises(ValidationFailed) as failed:
        await validate_partner(partner_raw(branch["id"]), other_librarian)

    assert failed.value.errors == {"branch_id": "branch_forbidden"}


async def test_validate_partner_network_wide_by_coordinator(coordinator):
    draft = await validate_partner(partner_raw("", name="Daugavpils Universitāte", type="university"), coordinator)

    assert (draft.branch_id, draft.type) == (None, PartnerType.UNIVERSITY)


@pytest.mark.parametrize("overrides, errors", [
    ({"email": "inga.skola.lv"}, {"email": "email_format"}),
    ({"email": "inga@skola"}, {"email": "email_format"}),
    ({"email": "in ga@skola.lv"}, {"email": "email_format"}),
    ({"email": "a" * 250 + "@x.lv"}, {"email": "too_long:254"}),
    ({"phone": "zvanīt vakarā"}, {"phone": "phone_format"}),
    ({"phone": "+-"}, {"phone": "phone_format"}),
    ({"phone": "1" * 41}, {"phone": "too_long:40"}),
    ({"language": "ru"}, {"language": "choice"}),
    ({"name": " "}, {"name": "required"}),
    ({"role": "r" * 201}, {"role": "too_long:200"}),
])
def test_validate_contact_with_bad_field_names_the_field(overrides, errors):
    with pytest.raises(ValidationFailed) as failed:
        validate_contact(contact_raw(**overrides))

    assert failed.value.errors == errors


def test_validate_contact_keeps_optional_fields_empty_and_language_lv():
    draft = validate_contact({"name": "Ruta Kalna"})

    assert (draft.name, draft.role, draft.email, draft.phone, draft.language) == ("Ruta Kalna", "", "", "", "lv")


async def test_save_and_deactivate_contact_keeps_the_row(librarian, branch):
    partner_id = await save_partner(await validate_partner(partner_raw(branch["id"]), librarian))
    contact_id = await save_contact(partner_id, validate_contact(contact_raw(language="en")))

    await deactivate_contact(partner_id, contact_id)

    detail = await partner_detail(partner_id)
    assert [(c["name"], c["language"], c["active"]) for c in detail["contacts"]] == [("Inga Bērziņa", "en", False)]
    assert await PartnerContact.count() == 1


async def test_partner_history_by_year_leaves_cancelled_item_uncounted(librarian, branch, school):
    await add_item(librarian, branch["id"], school["id"], "Dzejas dienas", "08.09.2025.")
    lessons = await add_item(librarian, branch["id"], school["id"], "Novadpētniecības stunda", "12.01.2026.", kind="lesson",
                             role="participant", lesson_class="5. klase", repeat="weekly", count="3")
    cancelled = await add_item(librarian, branch["id"], school["id"], "Karjeras nedēļa", "20.01.2026.")
    await Item.update({Item.status: "cancelled"}).where(Item.id == cancelled)
    await Occurrence.update({Occurrence.cancelled: True}).where(
        (Occurrence.item == lessons) & (Occurrence.starts_at == at("19.01.2026 10:00")))
    await add_item(librarian, branch["id"], school["id"], "Ziemeļvalstu bibliotēku nedēļa", "09.11.2026.")

    history = await partner_history(school["id"], now=at("01.03.2026 00:00"))

    assert [(y["year"], y["counts"], y["total"]) for y in history] == [
        (2026, {"lesson": 2}, 2), (2025, {"event": 1}, 1)]
    assert [(i["title"], i["kind"], i["date"], i["role"], i["status"], i["sessions"], i["cancelled"]) for i in history[0]["items"]] == [
        ("Novadpētniecības stunda", "lesson", at("12.01.2026 10:00"), "participant", "planned", 2, False),
        ("Karjeras nedēļa", "event", at("20.01.2026 10:00"), "host", "cancelled", 1, True),
        ("Ziemeļvalstu bibliotēku nedēļa", "event", at("09.11.2026 10:00"), "host", "planned", 1, False),
    ]


async def test_partner_history_counts_exhibition_once_in_its_opening_year(librarian, branch, school):
    raw = {"kind": "exhibition", "title": "Skolēnu zīmējumi", "branch_id": str(branch["id"]), "all_day": "1",
           "start_date": "15.12.2025.", "end_date": "20.01.2026.", "partners": [(school["id"], "co_organiser")]}
    await create_item(await validate_item(raw, librarian), librarian["id"])

    history = await partner_history(school["id"], now=at("01.03.2026 00:00"))

    assert [(y["year"], y["counts"]) for y in history] == [(2025, {"exhibition": 1})]


async def test_partner_directory_filters_by_type_and_name_ignoring_case(librarian, branch, school):
    await Partner.insert(Partner(name="Rožupes Kultūras nams", type="culture_house", branch=branch["id"]),
                         Partner(name="Žīguru senioru kopa", type="seniors", branch=branch["id"]),
                         Partner(name="Vecā biedrība", type="ngo", active=False))

    by_type = await partner_directory("seniors")
    by_name = await partner_directory(None, "ROŽUPES")
    accented = await partner_directory(None, "žīg")
    with_inactive = await partner_directory("ngo", include_inactive=True)

    assert [p["name"] for p in by_type] == ["Žīguru senioru kopa"]
    assert [p["name"] for p in by_name] == ["Rožupes Kultūras nams", "Rožupes pamatskola"]
    assert [p["name"] for p in accented] == ["Žīguru senioru kopa"]
    assert [p["name"] for p in with_inactive] == ["Vecā biedrība"]


async def test_partner_directory_counts_this_year_and_last_date(librarian, branch, school):
    await add_item(librarian, branch["id"], school["id"], "Rīta lasījumi", "10.02.2026.")
    await add_item(librarian, branch["id"], school["id"], "Dzejas dienas", "08.09.2026.")
    cancelled = await add_item(librarian, branch["id"], school["id"], "Atcelta tikšanās", "01.03.2026.")
    await Item.update({Item.status: "cancelled"}).where(Item.id == cancelled)
    await add_item(librarian, branch["id"], school["id"], "Pagājušā gada stunda", "10.12.2025.")

    rows = await partner_directory(today=date(2026, 5, 1))

    assert [(p["name"], p["items_this_year"], p["last_date"]) for p in rows] == [("Rožupes pamatskola", 2, date(2026, 2, 10))]
