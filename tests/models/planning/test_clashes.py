"""The clash checker: the same room or person at overlapping times, holidays, moved working
days and school breaks. It warns; it never forbids."""
from __future__ import annotations

from datetime import date

from models.planning.clashes import Warning, find_clashes
from models.kernel.enums import PlaceKind, Role, Status
from models.planning.programme import create_item, edit_occurrence, set_status
from models.kernel.tables import Occurrence
from tests.conftest import at, make_place, make_staff
from tests.models import make_draft


async def plan(branch, staff, **overrides) -> int:
    return await create_item(await make_draft(branch["id"], staff, **overrides), staff["id"])


async def clashes(sessions, *, kind="event", place_id=None, responsible_id=None, all_day=False, exclude_item_id=None, language="lv"):
    return await find_clashes(
        sessions, kind=kind, place_id=place_id, responsible_id=responsible_id, all_day=all_day,
        exclude_item_id=exclude_item_id, language=language,
    )


def codes(warnings: list[Warning]) -> list[str]:
    return [w.code for w in warnings]


EVENING = [(at("10.09.2026 17:00"), at("10.09.2026 18:30"))]


async def test_find_clashes_no_sessions_is_empty(db):
    assert await clashes([], place_id=1) == []


async def test_find_clashes_same_room_overlapping(branch, reading_room, librarian):
    item_id = await plan(branch, librarian, place_id=reading_room["id"])

    warnings = await clashes([(at("10.09.2026 18:00"), at("10.09.2026 19:00"))], place_id=reading_room["id"])

    assert codes(warnings) == ["room_busy"]
    assert warnings[0].day == at("10.09.2026 18:00")
    assert warnings[0].params == {"title": "Dzejas dienas", "start": at("10.09.2026 17:00"), "end": at("10.09.2026 18:30"), "item_id": item_id}


async def test_find_clashes_same_room_back_to_back_is_free(branch, reading_room, librarian):
    await plan(branch, librarian, place_id=reading_room["id"])

    warnings = await clashes([(at("10.09.2026 18:30"), at("10.09.2026 19:30"))], place_id=reading_room["id"])

    assert warnings == []


async def test_find_clashes_other_room_same_time_is_free(branch, reading_room, librarian):
    children_room = await make_place(branch["id"], "Bērnu literatūras nodaļa")
    await plan(branch, librarian, place_id=reading_room["id"])

    warnings = await clashes(EVENING, place_id=children_room["id"])

    assert warnings == []


async def test_find_clashes_same_staff_in_other_room(branch, reading_room, librarian):
    children_room = await make_place(branch["id"], "Bērnu literatūras nodaļa")
    await plan(branch, librarian, place_id=reading_room["id"], responsible_id=librarian["id"])

    warnings = await clashes(EVENING, place_id=children_room["id"], responsible_id=librarian["id"])

    assert codes(warnings) == ["staff_busy"]


async def test_find_clashes_same_room_and_same_staff_gives_both(branch, reading_room, librarian):
    await plan(branch, librarian, place_id=reading_room["id"], responsible_id=librarian["id"])

    warnings = await clashes(EVENING, place_id=reading_room["id"], responsible_id=librarian["id"])

    assert codes(warnings) == ["room_busy", "staff_busy"]


async def test_find_clashes_other_staff_is_free(branch, librarian):
    colleague = await make_staff("inga", Role.LIBRARIAN, branch["id"], "Inga Vilciņa")
    await plan(branch, librarian, responsible_id=librarian["id"])

    warnings = await clashes(EVENING, responsible_id=colleague["id"])

    assert warnings == []


async def test_find_clashes_service_point_is_not_a_room(branch, care_centre, librarian):
    await plan(branch, librarian, kind="delivery", title="Grāmatu piegāde", place_id=care_centre["id"])

    warnings = await clashes(EVENING, kind="delivery", place_id=care_centre["id"])

    assert warnings == []


async def test_find_clashes_existing_exhibition_does_not_clash(branch, reading_room, librarian):
    await plan(branch, librarian, kind="exhibition", title="Rožupes novadnieku grāmatas", place_id=reading_room["id"], responsible_id=librarian["id"])

    warnings = await clashes(EVENING, place_id=reading_room["id"], responsible_id=librarian["id"])

    assert warnings == []


async def test_find_clashes_new_exhibition_does_not_clash(branch, reading_room, librarian):
    await plan(branch, librarian, place_id=reading_room["id"], responsible_id=librarian["id"])

    warnings = await clashes(EVENING, kind="exhibition", place_id=reading_room["id"], responsible_id=librarian["id"])

    assert warnings == []


async def test_find_clashes_all_day_items_do_not_clash(branch, reading_room, librarian):
    await plan(branch, librarian, title="Bibliotēku nedēļa", all_day="on", end_date="12.09.2026.", place_id=reading_room["id"])

    existing_all_day = await clashes(EVENING, place_id=reading_room["id"])
    new_all_day = await clashes([(at("10.09.2026 00:00"), at("11.09.2026 00:00"))], place_id=reading_room["id"], all_day=True)

    assert (existing_all_day, new_all_day) == ([], [])


async def test_find_clashes_cancelled_item_frees_the_room(branch, reading_room, librarian):
    item_id = await plan(branch, librarian, place_id=reading_room["id"])
    await set_status(item_id, Status.CANCELLED, librarian["id"])

    warnings = await clashes(EVENING, place_id=reading_room["id"])

    assert warnings == []


async def test_find_clashes_cancelled_occurrence_frees_the_room(branch, reading_room, librarian):
    item_id = await plan(branch, librarian, place_id=reading_room["id"], repeat="weekly", count="3")
    second = (await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at))[1]
    await edit_occurrence(second["id"], starts_at=second["starts_at"], ends_at=second["ends_at"], place_id=None, cancelled=True, note="", staff_id=librarian["id"])

    warnings = await clashes(
        [(at("17.09.2026 17:00"), at("17.09.2026 18:00")), (at("24.09.2026 17:00"), at("24.09.2026 18:00"))],
        place_id=reading_room["id"],
    )

    assert [(w.code, w.day) for w in warnings] == [("room_busy", at("24.09.2026 17:00"))]


async def test_find_clashes_moved_occurrence_is_checked_in_its_new_room(branch, reading_room, librarian):
    hall = await make_place(branch["id"], "Zāle")
    item_id = await plan(branch, librarian, place_id=reading_room["id"])
    only = await Occurrence.select().where(Occurrence.item == item_id).first()
    await edit_occurrence(only["id"], starts_at=only["starts_at"], ends_at=only["ends_at"], place_id=hall["id"], cancelled=False, note="", staff_id=None)

    in_reading_room = await clashes(EVENING, place_id=reading_room["id"])
    in_hall = await clashes(EVENING, place_id=hall["id"])

    assert (codes(in_reading_room), codes(in_hall)) == ([], ["room_busy"])


async def test_find_clashes_series_warns_on_the_clashing_session_only(branch, reading_room, librarian):
    await plan(branch, librarian, title="Dzejas pēcpusdiena", start_date="22.09.2026.", start_time="12:00", end_time="13:00", place_id=reading_room["id"])
    lesson = await make_draft(
        branch["id"], librarian, kind="lesson", title="Bibliotekārā stunda", lesson_class="2. klase", start_date="01.09.2026.",
        start_time="12:30", end_time="13:10", repeat="weekly", until="18.12.2026.", place_id=reading_room["id"],
    )
    sessions = [(start, start + lesson.duration) for start in lesson.occurrence_starts()]

    warnings = await clashes(sessions, kind="lesson", place_id=reading_room["id"])

    assert [(w.code, w.day) for w in warnings if w.code == "room_busy"] == [("room_busy", at("22.09.2026 12:30"))]


async def test_find_clashes_an_edit_does_not_clash_with_itself(branch, reading_room, librarian):
    item_id = await plan(branch, librarian, place_id=reading_room["id"], responsible_id=librarian["id"])

    warnings = await clashes(EVENING, place_id=reading_room["id"], responsible_id=librarian["id"], exclude_item_id=item_id)

    assert warnings == []


async def test_find_clashes_an_edit_still_clashes_with_others(branch, reading_room, librarian):
    item_id = await plan(branch, librarian, place_id=reading_room["id"])
    other_id = await plan(branch, librarian, title="Lasītāju klubs", start_time="18:00", end_time="19:00", place_id=reading_room["id"])

    warnings = await clashes(EVENING, place_id=reading_room["id"], exclude_item_id=item_id)

    assert [(w.code, w.params["item_id"]) for w in warnings] == [("room_busy", other_id)]


async def test_find_clashes_public_holiday_18_november(db):
    warnings = await clashes([(at("18.11.2026 17:00"), at("18.11.2026 18:00"))])

    assert warnings == [Warning("holiday", at("18.11.2026 17:00"))]
    assert warnings[0].params == {"name": "Latvijas Republikas Proklamēšanas diena"}


async def test_find_clashes_holiday_name_in_english(db):
    warnings = await clashes([(at("18.11.2026 17:00"), at("18.11.2026 18:00"))], language="en")

    assert warnings[0].params == {"name": "Republic of Latvia Proclamation Day"}


async def test_find_clashes_moved_working_saturday_17_january(db):
    warnings = await clashes([(at("17.01.2026 11:00"), at("17.01.2026 12:00"))])

    assert codes(warnings) == ["moved_workday"]
    assert warnings[0].params == {"day_off": date(2026, 1, 2)}


async def test_find_clashes_ordinary_day_has_no_calendar_warning(db):
    assert await clashes([(at("19.11.2026 17:00"), at("19.11.2026 18:00"))]) == []


async def test_find_clashes_school_break_warns_lessons(db):
    sessions = [(at(f"{d}.10.2026 10:00"), at(f"{d}.10.2026 10:40")) for d in (16, 19, 23, 26)]

    warnings = await clashes(sessions, kind="lesson")

    assert [(w.code, w.day, w.params) for w in warnings] == [
        ("school_break", at("19.10.2026 10:00"), {"name": "rudens brīvdienas"}),
        ("school_break", at("23.10.2026 10:00"), {"name": "rudens brīvdienas"}),
    ]


async def test_find_clashes_school_break_english_name(db):
    warnings = await clashes([(at("21.10.2026 10:00"), at("21.10.2026 10:40"))], kind="lesson", language="en")

    assert warnings[0].params == {"name": "autumn break"}


async def test_find_clashes_school_break_does_not_warn_events(db):
    assert await clashes([(at("21.10.2026 17:00"), at("21.10.2026 18:00"))], kind="event") == []


async def test_find_clashes_lesson_on_a_holiday_in_a_break_gives_both(db):
    warnings = await clashes([(at("01.01.2027 10:00"), at("01.01.2027 10:40"))], kind="lesson")

    assert codes(warnings) == ["holiday", "school_break"]


async def test_find_clashes_calendar_warning_once_per_day(db):
    warnings = await clashes([(at("18.11.2026 10:00"), at("18.11.2026 11:00")), (at("18.11.2026 17:00"), at("18.11.2026 18:00"))])

    assert codes(warnings) == ["holiday"]


async def test_find_clashes_other_branch_room_is_not_shared(branch, other_branch, reading_room, librarian, other_librarian):
    rudzati_room = await make_place(other_branch["id"], "Lasītava", PlaceKind.ROOM)
    await create_item(await make_draft(other_branch["id"], other_librarian, place_id=rudzati_room["id"]), other_librarian["id"])

    warnings = await clashes(EVENING, place_id=reading_room["id"])

    assert warnings == []
