"""The school table's exhibitions, on hand-made months: an exhibition with a literacy area counts
under its area once, in the month it opens (its first session that is not cancelled), once it has
opened, with no headcount, beside the lessons and events of the area; cancelled and draft ones
count nowhere, and a school that declined is not credited."""
from __future__ import annotations

from datetime import date

import pytest

from models.kernel.tables import ItemPartner, Partner
from models.statistics.period import month_period, year_period
from models.statistics.report_tables import school_table
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

TODAY = date(2026, 11, 25)
MARCH, APRIL, NOVEMBER = month_period(2026, 3), month_period(2026, 4), month_period(2026, 11)


async def exhibition(branch_id: int, *, title: str = "Latvijas simboli", area: str = "social_civic", status: str = "published",
                     partners: tuple = (), opens: str = "02.03.2026 10:00", closes: str = "30.04.2026 18:00") -> int:
    """An all-day exhibition (one session from its opening to its closing) with a literacy area."""
    item_id = await make_item(branch_id, "exhibition", title=title, status=status, partners=partners, literacy_area=area,
                              exhibition_form="physical", all_day=True)
    await session(item_id, opens, end=closes)
    return item_id


async def kindergarten() -> int:
    return (await Partner.insert(Partner(name="Pirmsskolas grupa „Zīļuki”", type="preschool")).returning(Partner.id))[0]["id"]


async def test_school_table_exhibition_counts_once_in_the_month_it_opens_beside_lessons(branch, school):
    symbols = await exhibition(branch["id"], partners=(school["id"],))
    lesson = await make_item(branch["id"], "lesson", title="Valsts simboli", literacy_area="social_civic", lesson_class="4. klase",
                             partners=(school["id"],))
    await session(lesson, "10.03.2026 12:30", total=12, children=12)
    await session(lesson, "17.03.2026 12:30", total=10, children=10)

    march = await school_table(MARCH, branch["id"], TODAY)
    april = await school_table(APRIL, branch["id"], TODAY)
    year = await school_table(year_period(2026), branch["id"], TODAY)

    assert march == [{
        "area": "social_civic", "sessions": 3, "participants": 22, "schools": ["Rožupes pamatskola"],
        "activities": [
            {"title": "Latvijas simboli", "kind": "exhibition", "lesson_class": "", "branch_name": "Rožupe", "item_ids": [symbols],
             "sessions": 1, "participants": None, "schools": ["Rožupes pamatskola"]},
            {"title": "Valsts simboli", "kind": "lesson", "lesson_class": "4. klase", "branch_name": "Rožupe", "item_ids": [lesson],
             "sessions": 2, "participants": 22, "schools": ["Rožupes pamatskola"]},
        ],
    }]
    assert april == []
    assert [(a["area"], a["sessions"], a["participants"]) for a in year] == [("social_civic", 3, 22)]


async def test_school_table_exhibition_attendance_is_no_headcount_and_no_second_count(branch, school):
    symbols = await make_item(branch["id"], "exhibition", title="Latvijas simboli", literacy_area="social_civic", partners=(school["id"],))
    await session(symbols, "02.03.2026 10:00", total=14, children=14)  # visitors typed on its opening day
    await session(symbols, "09.03.2026 10:00", total=11, children=11)

    table = await school_table(MARCH, branch["id"], TODAY)

    assert [(a["area"], a["sessions"], a["participants"]) for a in table] == [("social_civic", 1, None)]
    assert [(x["kind"], x["sessions"], x["participants"]) for x in table[0]["activities"]] == [("exhibition", 1, None)]


async def test_school_table_exhibition_not_counted_before_it_opens(branch, school):
    await exhibition(branch["id"], partners=(school["id"],), opens="30.11.2026 10:00", closes="31.12.2026 18:00")

    before = await school_table(NOVEMBER, branch["id"], TODAY)
    opened = await school_table(NOVEMBER, branch["id"], date(2026, 11, 30))

    assert before == []
    assert [(a["area"], a["sessions"]) for a in opened] == [("social_civic", 1)]


async def test_school_table_exhibition_cancelled_or_draft_counts_nowhere(branch, school):
    await exhibition(branch["id"], title="Atceltā izstāde", status="cancelled", partners=(school["id"],))
    await exhibition(branch["id"], title="Melnraksts", status="draft", partners=(school["id"],))

    assert await school_table(year_period(2026), branch["id"], TODAY) == []


async def test_school_table_exhibition_opens_at_its_first_session_not_cancelled(branch, school):
    moved = await make_item(branch["id"], "exhibition", title="Latvijas simboli", literacy_area="social_civic", partners=(school["id"],))
    await session(moved, "02.03.2026 10:00", cancelled=True)
    await session(moved, "01.04.2026 10:00")

    march = await school_table(MARCH, branch["id"], TODAY)
    april = await school_table(APRIL, branch["id"], TODAY)

    assert march == []
    assert [(a["area"], a["sessions"], a["schools"]) for a in april] == [("social_civic", 1, ["Rožupes pamatskola"])]


async def test_school_table_exhibition_declined_school_is_not_credited(branch, school):
    zilites = await kindergarten()
    symbols = await exhibition(branch["id"], partners=(school["id"], zilites))
    lesson = await make_item(branch["id"], "lesson", title="Valsts simboli", literacy_area="social_civic", lesson_class="4. klase",
                             partners=(school["id"],))
    await session(lesson, "10.03.2026 12:30", total=12, children=12)
    await ItemPartner.update({ItemPartner.confirmation: "declined"}).where(ItemPartner.partner == school["id"])

    [area] = await school_table(MARCH, branch["id"], TODAY)

    assert (area["sessions"], area["participants"], area["schools"]) == (2, 12, ["Pirmsskolas grupa „Zīļuki”"])
    assert [(x["item_ids"], x["sessions"], x["schools"]) for x in area["activities"]] == [
        ([symbols], 1, ["Pirmsskolas grupa „Zīļuki”"]),
        ([lesson], 1, []),
    ]


async def test_school_table_exhibition_without_literacy_area_is_left_out(branch, school):
    await exhibition(branch["id"], area="", partners=(school["id"],))

    assert await school_table(MARCH, branch["id"], TODAY) == []


async def test_school_table_exhibitions_of_one_title_are_one_activity_per_library(branch, other_branch, school):
    first = await exhibition(branch["id"], title="Dabas vērojumi", area="science", partners=(school["id"],))
    second = await exhibition(branch["id"], title="Dabas vērojumi", area="science", opens="20.03.2026 10:00", closes="10.04.2026 18:00")
    theirs = await exhibition(other_branch["id"], title="Dabas vērojumi", area="science")

    network = await school_table(MARCH, None, TODAY)
    ours = await school_table(MARCH, branch["id"], TODAY)

    assert [(a["area"], a["sessions"], a["participants"]) for a in network] == [("science", 3, None)]
    assert [(x["branch_name"], x["item_ids"], x["sessions"], x["participants"], x["schools"]) for x in network[0]["activities"]] == [
        ("Rožupe", sorted([first, second]), 2, None, ["Rožupes pamatskola"]),
        ("Rudzāti", [theirs], 1, None, []),
    ]
    assert [x["branch_name"] for x in ours[0]["activities"]] == ["Rožupe"]
