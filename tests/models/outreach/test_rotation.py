"""Rotation of book sets at service points: the proposed day is the next day the library is open
(not a public holiday, not a closed day of the branch, not a weekday its hours leave out), and no
title goes back to the same place within the rotation's months unless the librarian asks."""
from __future__ import annotations

from datetime import date, time

import pytest

from models.kernel.outreach_tables import SetPlacement
from models.kernel.network_tables import Branch, BranchClosure
from models.kernel.tables import Item, Occurrence
from models.kernel.validation import ValidationFailed
from tests.conftest import at
from models.outreach import OpenDays, accept_proposal, parse_pasted, proposals, replace_titles, save_set, validate_set

pytestmark = pytest.mark.clock("02.02.2026 09:00")

HOURS = [["09:00", "17:00"]]


async def make_set(branch: dict, librarian: dict, place: dict | None, name: str, titles: str) -> int:
    draft = await validate_set({"branch_id": branch["id"], "name": name, "receiver": "service_point",
                                "place_id": place["id"] if place else None, "rotation_days": "60"}, librarian)
    set_id = await save_set(draft)
    await replace_titles(set_id, parse_pasted(titles))
    return set_id


async def standing(set_id: int, branch: dict, place: dict, placed: date, due: date, returned: date | None = None, titles: str = "") -> int:
    """A placement made before: at the place from `placed`, with these titles."""
    lines = [{"barcode": t.barcode, "author": t.author, "title": t.title} for t in parse_pasted(titles)] if titles else []
    rows = await SetPlacement.insert(SetPlacement(book_set=set_id, branch=branch["id"], place=place["id"], placed_on=placed, due_on=due,
                                                  returned_on=returned, titles=lines)).returning(SetPlacement.id)
    return rows[0]["id"]


CLASSICS = "A001;Rūdolfs Blaumanis;Zagļi\nA002;Jānis Poruks;Kukažiņa\nA003;Regīna Ezera;Aka"
MEMOIRS = "B001;Melānija Vanaga;Veļupes krastā\nB002;Vizma Belševica;Bille"


# --- the day ------------------------------------------------------------------------------------

async def test_proposals_due_on_a_public_holiday_move_to_the_next_open_day(branch, care_centre, librarian):
    out = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await make_set(branch, librarian, care_centre, "Atmiņas", MEMOIRS)
    await standing(out, branch, care_centre, date(2026, 9, 19), date(2026, 11, 18), titles=CLASSICS)

    [proposal] = await proposals([branch["id"]], today=date(2026, 11, 2))

    assert (proposal.due_on, proposal.day) == (date(2026, 11, 18), date(2026, 11, 19))
    assert proposal.moved_because == ["Latvijas Republikas Proklamēšanas diena"]
    assert (proposal.coming_back["set_name"], proposal.going_out["name"]) == ("Klasika", "Atmiņas")


async def test_proposals_due_in_a_branch_closure_move_past_it(branch, care_centre, librarian):
    await BranchClosure.insert(BranchClosure(branch=branch["id"], first_day=date(2026, 2, 9), last_day=date(2026, 2, 13), reason="Inventarizācija"))
    out = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(out, branch, care_centre, date(2025, 12, 12), date(2026, 2, 10), titles=CLASSICS)

    [proposal] = await proposals([branch["id"]])

    assert (proposal.due_on, proposal.day, proposal.moved_because) == (date(2026, 2, 10), date(2026, 2, 16), ["Inventarizācija", "weekday"])


async def test_proposals_due_on_a_weekday_the_hours_leave_out_move_to_an_open_one(branch, care_centre, librarian):
    await Branch.update({Branch.weekly_hours: {"0": HOURS, "1": HOURS, "3": HOURS}}).where(Branch.id == branch["id"])  # Mon, Tue, Thu
    out = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(out, branch, care_centre, date(2025, 12, 13), date(2026, 2, 11), titles=CLASSICS)  # a Wednesday

    [proposal] = await proposals([branch["id"]])

    assert (proposal.due_on, proposal.day, proposal.moved_because) == (date(2026, 2, 11), date(2026, 2, 12), ["weekday"])


def test_open_days_without_hours_are_monday_to_friday():
    days = OpenDays(weekly={}, closures=[])

    assert days.first_open(date(2026, 2, 7)) == (date(2026, 2, 9), ["weekday"])  # Saturday → Monday
    assert days.first_open(date(2026, 2, 4)) == (date(2026, 2, 4), [])


async def test_proposals_leave_out_a_set_not_due_within_the_horizon(branch, care_centre, librarian):
    out = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(out, branch, care_centre, date(2026, 1, 20), date(2026, 3, 21), titles=CLASSICS)

    assert await proposals([branch["id"]]) == []


# --- no title back within N months ----------------------------------------------------------------

async def test_accept_proposal_refuses_a_set_whose_titles_were_there_recently(branch, care_centre, librarian):
    again = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(again, branch, care_centre, date(2025, 6, 1), date(2025, 8, 1), returned=date(2025, 8, 1), titles=CLASSICS)

    with pytest.raises(ValidationFailed) as refused:
        await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 16), start=time(10, 0), end=time(11, 0), set_id=again,
                              returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")

    assert refused.value.errors == {"set_id": "titles_there_recently"}
    assert await SetPlacement.count() == 1


async def test_accept_proposal_refuses_a_title_there_recently_in_another_set(branch, care_centre, librarian):
    one_book_back = await make_set(branch, librarian, care_centre, "Jaukta kopa", "A002;Jānis Poruks;Kukažiņa\nC001;Anna Sakse;Pret kalnu")
    earlier = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(earlier, branch, care_centre, date(2025, 9, 1), date(2025, 11, 1), returned=date(2025, 11, 1), titles=CLASSICS)

    with pytest.raises(ValidationFailed) as refused:
        await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 16), start=time(10, 0), end=time(11, 0), set_id=one_book_back,
                              returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")

    assert refused.value.errors == {"set_id": "titles_there_recently"}


async def test_proposals_choose_another_set_when_one_was_there_recently(branch, care_centre, librarian):
    recent = await make_set(branch, librarian, care_centre, "Atmiņas", MEMOIRS)  # first by name, but there last summer
    fresh = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    out = await make_set(branch, librarian, care_centre, "Romāni", "D001;Māra Zālīte;Pieci pirksti")
    await standing(recent, branch, care_centre, date(2025, 6, 1), date(2025, 8, 1), returned=date(2025, 8, 1), titles=MEMOIRS)
    await standing(out, branch, care_centre, date(2025, 12, 12), date(2026, 2, 10), titles="D001;Māra Zālīte;Pieci pirksti")

    [proposal] = await proposals([branch["id"]])

    assert proposal.going_out["id"] == fresh
    assert proposal.refused == [{"id": recent, "name": "Atmiņas", "repeats": 2}]


async def test_accept_proposal_allows_a_repeat_when_asked(branch, care_centre, librarian):
    again = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(again, branch, care_centre, date(2025, 6, 1), date(2025, 8, 1), returned=date(2025, 8, 1), titles=CLASSICS)

    await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 16), start=time(10, 0), end=time(11, 0), set_id=again,
                          returning_id=None, staff=librarian, title="Grāmatu kopas maiņa", repeat_allowed=True)
    placed = await SetPlacement.select().where(SetPlacement.returned_on.is_null()).first()

    assert (placed["placed_on"], placed["due_on"], placed["repeat_allowed"]) == (date(2026, 2, 16), date(2026, 4, 17), True)


async def test_accept_proposal_allows_the_titles_again_after_the_months(branch, care_centre, librarian):
    again = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(again, branch, care_centre, date(2024, 12, 10), date(2025, 2, 10), returned=date(2025, 2, 10), titles=CLASSICS)

    await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 16), start=time(10, 0), end=time(11, 0), set_id=again,
                          returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")
    placed = await SetPlacement.select().where(SetPlacement.returned_on.is_null()).first()

    assert (placed["book_set"], placed["placed_on"], placed["repeat_allowed"]) == (again, date(2026, 2, 16), False)


async def test_accept_proposal_a_shorter_rule_lets_the_titles_back_sooner(branch, care_centre, librarian):
    again = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    await standing(again, branch, care_centre, date(2025, 6, 1), date(2025, 8, 1), returned=date(2025, 8, 1), titles=CLASSICS)

    await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 16), start=time(10, 0), end=time(11, 0), set_id=again,
                          returning_id=None, staff=librarian, title="Grāmatu kopas maiņa", repeat_months=6)

    assert await SetPlacement.count().where(SetPlacement.returned_on.is_null()) == 1


async def test_accept_proposal_counts_titles_that_stood_there_until_recently(branch, care_centre, librarian):
    again = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    # placed more than a year ago, but back only in April: within the last twelve months it was there
    await standing(again, branch, care_centre, date(2024, 12, 10), date(2025, 4, 10), returned=date(2025, 4, 10), titles=CLASSICS)

    with pytest.raises(ValidationFailed) as refused:
        await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 16), start=time(10, 0), end=time(11, 0), set_id=again,
                              returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")

    assert refused.value.errors == {"set_id": "titles_there_recently"}


async def test_accept_proposal_for_a_past_day_is_refused(branch, care_centre, librarian):
    fresh = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)

    with pytest.raises(ValidationFailed) as refused:
        await accept_proposal(place_id=care_centre["id"], day=date(2026, 2, 1), start=time(10, 0), end=time(11, 0), set_id=fresh,
                              returning_id=None, staff=librarian, title="Grāmatu kopas maiņa")

    assert refused.value.errors == {"day": "day_in_past"}


async def test_proposal_rides_on_a_delivery_already_planned_there(branch, care_centre, librarian):
    fresh = await make_set(branch, librarian, care_centre, "Klasika", CLASSICS)
    monthly = await Item.insert(Item(uid="monthly@afisa", branch=branch["id"], kind="delivery", delivery_kind="service_point", title="Grāmatu maiņa",
                                     status="published", place=care_centre["id"], starts_at=at("05.02.2026 10:00"),
                                     ends_at=at("05.02.2026 11:00"))).returning(Item.id)
    session = (await Occurrence.insert(Occurrence(item=monthly[0]["id"], recurrence_id=at("05.02.2026 10:00"), starts_at=at("05.02.2026 10:00"),
                                                  ends_at=at("05.02.2026 11:00"))).returning(Occurrence.id))[0]["id"]

    [proposal] = await proposals([branch["id"]])
    item_id = await accept_proposal(place_id=care_centre["id"], day=proposal.day, start=time(9, 0), end=time(9, 30), set_id=fresh,
                                    returning_id=None, staff=librarian, title="Grāmatu kopas maiņa", session_id=proposal.session["id"])

    assert (proposal.day, proposal.session["id"]) == (date(2026, 2, 5), session)
    assert item_id == monthly[0]["id"] and await Item.count() == 1
    assert await SetPlacement.select(SetPlacement.delivery, SetPlacement.placed_on).first() == {"delivery": session, "placed_on": date(2026, 2, 5)}
