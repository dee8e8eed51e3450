"""The demo network and programme, loaded the way the planner's form saves items."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.auth.passwords import hash_password, verify_password
from app.commands.demo.build import DEMO_PASSWORD, DemoRefused, load_demo
from models.kernel.enums import Kind, PlaceKind, Status
from models.kernel.network_tables import Branch, Staff
from models.kernel.tables import Item, ItemAudience, ItemPartner, Occurrence, Partner, Place

TODAY = date(2026, 11, 25)
NOW = datetime(2026, 11, 25, 12, 0)


def cheap_hash(password: str) -> str:
    return "plain$" + password


@pytest.fixture
async def demo(db) -> dict:
    return await load_demo(TODAY, hash_password, now=NOW)


async def test_counts_match_the_database(demo):
    assert demo["branches"] == await Branch.count() == 3
    assert demo["places"] == await Place.count()
    assert demo["partners"] == await Partner.count() == 9
    assert demo["staff"] == await Staff.count() == 4
    assert demo["items"] == await Item.count() >= 25
    assert demo["occurrences"] == await Occurrence.count()
    assert (demo["from"], demo["to"]) == (date(2026, 11, 1), date(2026, 12, 31))


async def test_network_reads_like_the_report(demo):
    central = await Branch.select().where(Branch.slug == "livani").first()
    assert central["is_central"] and central["name"] == "Līvānu novada Centrālā bibliotēka"
    rozupe = await Branch.select().where(Branch.slug == "rozupe").output(load_json=True).first()
    assert rozupe["name"] == "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka"
    assert rozupe["short_name"] == "Rožupes bibliotēka"
    assert rozupe["address"] == "Skolas iela 7, Rožupe, Rožupes pagasts, Līvānu novads"
    assert rozupe["weekly_hours"]["3"] == [["10:00", "12:00"], ["12:30", "18:00"]]  # Thursday, the long day
    assert sorted(rozupe["weekly_hours"]) == ["0", "1", "2", "3", "4"]
    assert (rozupe["population"], rozupe["children_population"]) == (1006, 185)
    assert await Branch.count().where(Branch.is_central == False) == 2  # noqa: E712

    places = {p["name"]: p["kind"] for p in await Place.select().where(Place.branch == rozupe["id"])}
    assert places["Lasītava"] == PlaceKind.ROOM
    assert places["Bērnu un jauniešu zona"] == PlaceKind.ROOM
    assert places["Izstāžu zāle"] == PlaceKind.ROOM
    assert places["Rožupes Kultūras nams"] == PlaceKind.VENUE
    assert places["Sociālās aprūpes centrs „Rožlejas”"] == PlaceKind.SERVICE_POINT
    assert [k for n, k in places.items() if "Druvas" in n] == [PlaceKind.SERVICE_POINT]

    partners = {p["name"]: p["type"] for p in await Partner.select()}
    assert partners["Rožupes pamatskola"] == "school"
    assert partners["Pirmsskolas grupa „Zīļuki”"] == "preschool"
    assert partners["Biedrība „Baltā māja”"] == "ngo"
    assert partners["Daugavpils Universitāte"] == "university"
    assert partners["Rožupes pagasta pārvalde"] == "municipality"


async def test_staff_sign_in_with_the_demo_password(demo):
    assert demo["password"] == DEMO_PASSWORD
    assert {login["username"] for login in demo["logins"]} == {"koordinatore", "maija", "ilze", "dace"}
    rows = {s["username"]: s for s in await Staff.select(Staff.all_columns(), Staff.branch.slug)}
    assert rows["koordinatore"]["role"] == "coordinator"
    assert rows["maija"]["branch.slug"] == rows["ilze"]["branch.slug"] == "rozupe"
    assert rows["dace"]["branch.slug"] == "rudzati"
    assert rows["maija"]["display_name"] == "Maija Jasinska"
    assert all(verify_password(row["password_hash"], DEMO_PASSWORD) for row in rows.values())


async def test_lesson_series_has_one_moved_and_one_cancelled_session(demo):
    lesson = await Item.select().where((Item.kind == Kind.LESSON.value) & (Item.rrule != "")).first()
    assert lesson["lesson_class"] == "4. klase" and lesson["literacy_area"] == "language_reading"
    assert "BYDAY=TU" in lesson["rrule"] and "UNTIL=20261218" in lesson["rrule"]
    sessions = await Occurrence.select().where(Occurrence.item == lesson["id"]).order_by(Occurrence.recurrence_id)
    assert len(sessions) == 7  # every Tuesday 03.11.–15.12.2026
    moved = [s for s in sessions if s["overridden"] and not s["cancelled"]]
    cancelled = [s for s in sessions if s["cancelled"]]
    assert len(moved) == 1 and len(cancelled) == 1
    assert moved[0]["starts_at"] != moved[0]["recurrence_id"] and moved[0]["starts_at"].weekday() == 3
    assert "ekskursijā" in cancelled[0]["note"]
    assert demo["moved_occurrences"] == 1 and demo["cancelled_occurrences"] == 1


async def test_programme_mixes_kinds_statuses_and_partners(demo):
    items = await Item.select()
    by_title = {i["title"]: i for i in items}
    assert {i["kind"] for i in items} == {k.value for k in Kind}
    statuses = {i["status"] for i in items}
    assert {"draft", "planned", "confirmed", "published", "held", "cancelled"} <= statuses
    assert all(i["ends_at"] <= NOW for i in items if i["status"] == Status.HELD and not i["rrule"])
    assert any(not i["is_public"] and i["status"] == Status.DRAFT for i in items)
    assert "Stāstu pēcpusdiena „Nu gan savārījām ziepes”" in by_title
    assert "Praktiskā nodarbība „Lakatu aušana uz rāmja”" in by_title
    assert "Radošā nodarbība „Radi svētku sajūtu”" in by_title

    book_start = next(i for i in items if i["kind"] == Kind.BOOK_START)
    assert book_start["age_band"] == "3–4 g." and "Zīļuki" in book_start["book_start_group"]
    assert "FREQ=WEEKLY" in book_start["rrule"]

    deliveries = [i for i in items if i["kind"] == Kind.DELIVERY]
    monthly = [i for i in deliveries if i["delivery_kind"] == "service_point"]
    assert len(monthly) == 2 and all("BYDAY=2TH" in i["rrule"] for i in monthly)
    assert [i for i in deliveries if i["delivery_kind"] == "home"]
    for item in monthly:
        starts = [o["starts_at"] for o in await Occurrence.select().where(Occurrence.item == item["id"])]
        assert sorted(s.date() for s in starts) == [date(2026, 11, 12), date(2026, 12, 10)]

    exhibitions = [i for i in items if i["kind"] == Kind.EXHIBITION]
    assert all(i["all_day"] for i in exhibitions)
    assert any(i["exhibition_form"] == "virtual" for i in exhibitions)
    amatnieki = next(i for i in exhibitions if "Amatnieku darbi" in i["title"])
    assert (amatnieki["starts_at"], amatnieki["ends_at"]) == (datetime(2026, 12, 1), datetime(2027, 1, 1))

    radi = by_title["Radošā nodarbība „Radi svētku sajūtu”"]
    roles = {r["partner.name"]: r["role"] for r in await ItemPartner.select(ItemPartner.role, ItemPartner.partner.name).where(ItemPartner.item == radi["id"])}
    assert roles == {"Sociālās aprūpes centrs „Rožlejas”": "host", "Rožupes pamatskola": "participant"}
    assert await ItemAudience.count() >= len(items)
    assert await ItemPartner.count().where(ItemPartner.confirmation == "confirmed") > 0


async def test_nothing_in_the_future_is_held(db):
    early = datetime(2026, 11, 1, 0, 0)
    await load_demo(TODAY, cheap_hash, now=early)
    assert await Item.count().where(Item.status == Status.HELD.value) == 0


async def test_every_item_was_recorded_in_its_history(demo):
    from models.kernel.tables import ItemChange

    created = await ItemChange.count().where(ItemChange.action == "created")
    assert created == demo["items"]


async def test_refuses_a_database_that_has_items(demo):
    with pytest.raises(DemoRefused):
        await load_demo(TODAY, cheap_hash, now=NOW)
    assert await Item.count() == demo["items"]


@pytest.mark.parametrize("today", [date(2026, 7, 10), date(2026, 10, 1), date(2026, 12, 31), date(2027, 1, 15), date(2028, 5, 5)])
async def test_loads_for_any_month(db, today):
    result = await load_demo(today, cheap_hash, now=datetime.combine(today, datetime.min.time()))
    assert result["items"] >= 20
    first = datetime(today.year, today.month, 1)
    assert await Item.count().where(Item.starts_at < first) == 0


async def test_every_partner_shown_as_awaiting_an_answer_was_really_asked(demo):
    from models.kernel.tables import MailMessage, Notification, PartnerRequest

    waiting = await ItemPartner.select(ItemPartner.id, ItemPartner.confirmation).where(ItemPartner.confirmation.is_in(["asked", "proposed"]))
    requests = await PartnerRequest.select(PartnerRequest.item_partner, PartnerRequest.state).where(PartnerRequest.revoked_at.is_null())

    assert waiting and {row["id"]: row["confirmation"] for row in waiting} == {row["item_partner"]: row["state"] for row in requests}
    assert await MailMessage.count().where(MailMessage.key.like("ask:%")) == len(requests)
    assert await Notification.count().where(Notification.read_at.is_null()) >= sum(1 for row in requests if row["state"] == "proposed")
