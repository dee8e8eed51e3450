"""Home delivery readers: who is due on a day, and the end of their personal data: anonymised
after the retention period without a delivery, or erased at their request, the counts staying;
an export holds everything kept about them."""
from __future__ import annotations

from datetime import date

import pytest

from models.kernel.outreach_tables import HomeLoan, HomeReader, RoundStop
from models.kernel.tables import Attendance
from models.outreach import (
    anonymise_inactive, due_readers, erase_reader, export_reader, finish_round, finish_stop, is_due, plan_round, round_detail,
    save_reader, set_bring, validate_reader,
)

pytestmark = pytest.mark.clock("02.02.2026 09:00")


async def make_reader(branch: dict, librarian: dict, name: str, **fields) -> int:
    raw = {"name": name, "address": "Druvas 3, Rožupes pagasts", "consent_on": "01.11.2024", "carrier": "neighbour",
           "carrier_name": "Jānis Sprukts", **fields}
    return await save_reader(validate_reader(raw, branch["id"]), librarian["id"])


async def visit(branch: dict, librarian: dict, day: date, titles: str) -> int:
    """A home round on `day`, done and finished: returns the round's home session."""
    round_id = await plan_round(branch["id"], day, librarian, title="Grāmatu piegāde mājās")
    for stop in (await round_detail(round_id))["stops"]:
        await set_bring(stop["id"], titles, librarian)
        await finish_stop(stop["id"], {}, librarian)
    [session] = await finish_round(round_id, librarian)
    return session


async def reader_row(reader_id: int) -> dict:
    return await HomeReader.select().where(HomeReader.id == reader_id).first()


# --- who is due ---------------------------------------------------------------------------------------

def reader(**fields) -> dict:
    return {"active": True, "anonymised_at": None, "consent_on": date(2025, 1, 10), "weekday": 3, "every_weeks": 2, "skips": [],
            "last_visit_on": None, **fields}


def test_is_due_on_its_weekday_only():
    assert [is_due(reader(), day) for day in (date(2026, 2, 5), date(2026, 2, 6))] == [True, False]  # a Thursday, a Friday


def test_is_due_any_day_without_a_weekday():
    assert is_due(reader(weekday=None), date(2026, 2, 6)) is True


def test_is_due_after_its_frequency_with_two_days_of_slack():
    visited = reader(weekday=None, every_weeks=2, last_visit_on=date(2026, 1, 22))

    assert [is_due(visited, day) for day in (date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 5))] == [False, True, True]


def test_is_due_not_in_a_skip_period():
    away = reader(skips=[["2026-02-01", "2026-02-15"]])

    assert [is_due(away, day) for day in (date(2026, 2, 12), date(2026, 2, 19))] == [False, True]


def test_is_due_not_without_consent_nor_when_inactive():
    assert (is_due(reader(consent_on=None), date(2026, 2, 5)), is_due(reader(active=False), date(2026, 2, 5))) == (False, False)


async def test_due_readers_of_a_day_mornings_first(branch, librarian):
    await make_reader(branch, librarian, "Valentīna Rudzīte", weekday="3", part_of_day="afternoon")
    await make_reader(branch, librarian, "Olga Krūmiņa", weekday="3", part_of_day="morning")
    await make_reader(branch, librarian, "Pēteris Liepiņš", weekday="4")
    await make_reader(branch, librarian, "Anna Lapiņa", weekday="3", skips="01.02.2026 - 08.02.2026")

    due = await due_readers(branch["id"], date(2026, 2, 5))

    assert [row["name"] for row in due] == ["Olga Krūmiņa", "Valentīna Rudzīte"]


# --- retention and erasure --------------------------------------------------------------------------

async def test_anonymise_inactive_after_the_retention_period_keeps_the_counts(branch, librarian):
    gone = await make_reader(branch, librarian, "Olga Krūmiņa", consent_on="01.11.2024")
    session = await visit(branch, librarian, date(2025, 1, 2), "Regīna Ezera — Aka\nAnšlavs Eglītis — Homo novus")  # 13 months ago
    kept = await make_reader(branch, librarian, "Valentīna Rudzīte", consent_on="01.02.2025", carrier="relative", carrier_name="Inese")
    await HomeReader.update({HomeReader.last_visit_on: date(2025, 3, 2)}).where(HomeReader.id == kept)  # 11 months ago
    await HomeLoan.insert(HomeLoan(reader=kept, delivered_on=date(2025, 3, 2), title="Bille", author="Vizma Belševica"))

    anonymised = await anonymise_inactive()
    row, other = await reader_row(gone), await reader_row(kept)
    stop = await RoundStop.select().where(RoundStop.reader == gone).first()
    attendance = await Attendance.select().where(Attendance.occurrence == session).first()

    assert anonymised == 1
    assert (row["name"], row["address"], row["carrier_name"], row["active"], row["anonymised_why"]) == ("", "", "", False, "retention")
    assert row["anonymised_at"] is not None and row["consent_on"] is None
    assert (other["name"], other["anonymised_at"]) == ("Valentīna Rudzīte", None)
    assert (await HomeLoan.count().where(HomeLoan.reader == gone), await HomeLoan.count().where(HomeLoan.reader == kept)) == (0, 1)
    assert (stop["items_out"], stop["readers_served"], stop["bring"]) == (2, 1, "[]")
    assert (attendance["items_out"], attendance["readers_served"]) == (2, 1)


async def test_anonymise_inactive_a_new_card_counts_from_its_consent(branch, librarian):
    await make_reader(branch, librarian, "Olga Krūmiņa", consent_on="01.12.2024")  # no delivery since: 14 months
    await make_reader(branch, librarian, "Anna Lapiņa", consent_on="15.03.2025")  # 10 months

    assert await anonymise_inactive() == 1
    assert [row["name"] for row in await HomeReader.select(HomeReader.name).order_by(HomeReader.id)] == ["", "Anna Lapiņa"]


async def test_erase_reader_keeps_the_counts(branch, librarian):
    erased = await make_reader(branch, librarian, "Olga Krūmiņa", weekday="0")
    session = await visit(branch, librarian, date(2026, 2, 2), "Regīna Ezera — Aka\nAnšlavs Eglītis — Homo novus\nVizma Belševica — Bille")

    first, again = await erase_reader(erased, librarian["id"]), await erase_reader(erased, librarian["id"])
    row = await reader_row(erased)
    attendance = await Attendance.select().where(Attendance.occurrence == session).first()

    assert (first, again) == (True, False)
    assert (row["name"], row["phone"], row["anonymised_why"]) == ("", "", "request")
    assert await HomeLoan.count() == 0
    assert (attendance["items_out"], attendance["readers_served"]) == (3, 1)
    assert (await RoundStop.select(RoundStop.items_out).where(RoundStop.reader == erased).first())["items_out"] == 3


async def test_export_reader_holds_everything_kept(branch, librarian):
    reader_id = await make_reader(branch, librarian, "Olga Krūmiņa", weekday="0", phone="+371 26551111", subjects="lauku dzīve",
                                  skips="01.07.2026 - 31.07.2026", notes="Zvanīt pirms atbraukšanas.")
    await visit(branch, librarian, date(2026, 2, 2), "Regīna Ezera — Aka")

    export = await export_reader(reader_id)

    assert export["controller"]["name"] == "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka"
    card = export["reader"]
    assert (card["name"], card["phone"], card["subjects"], card["notes"], card["skips"]) == (
        "Olga Krūmiņa", "+371 26551111", "lauku dzīve", "Zvanīt pirms atbraukšanas.", [["2026-07-01", "2026-07-31"]])
    assert (card["consent_on"], card["last_visit_on"]) == (date(2024, 11, 1), date(2026, 2, 2))
    assert [(t["author"], t["title"], t["delivered_on"]) for t in export["titles_brought"]] == [("Regīna Ezera", "Aka", date(2026, 2, 2))]
    assert [(v["day"], v["items_out"]) for v in export["visits"]] == [(date(2026, 2, 2), 1)]
    assert export["retention"] == {"months_after_last_delivery": 12}
    assert "id" not in card and "version" not in card
