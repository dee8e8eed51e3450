"""End to end: a librarian plans a month through the item dialog, records attendance through the
attendance form, and the statistics page, the API and the CSV download show the figures counted
by hand from the list below (BRIEF.md, "Counting rules").

The month is the one two months back from today, so every session in it has ended.

    event for children, reading room, 6th:                25 = 22 children + 3 adults
    event series for adults at the culture house, 7th/14th/21st (21st cancelled):
                                                           12 = 2 + 10;  children 1, adults 9, total left blank → 10
    online event for adults, reading room, 9th:           0 in person, 15 online
    lesson (digital literacy) with the school, 8th:       18 participants
    Book Start, children's area, 10th:                    6 children, 4 adults, 2 kits
    exhibition opening on the 3rd, until the 2nd of next month: counts once
    exhibition opened last month, closing on the 10th:    counts in last month, not here
    delivery to the care centre (service point), 12th:   20 out, 15 back, 6 readers
    home delivery, 13th:                                   8 out, 5 back, 1 reader
    event cancelled before it took place, 15th:           counts nowhere
    last year, same month: one event of 10 = 4 + 6.

    events 4 (for children 1, outside 2, online 1); attendance 47 = 25 children + 22 adults; online 15;
    exhibitions 1 (none virtual); lessons 1 with 18 participants; Book Start 1 with 6 children and 2 kits;
    deliveries 1 with 20 items out; home deliveries 1, 1 reader, 8 items."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from models.kernel.clock import local_today
from models.kernel.enums import PlaceKind
from models.kernel.tables import Item, Occurrence
from tests.app.conftest import post_form
from tests.conftest import make_place


def month_two_back(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=32)).replace(day=1)


def day(first: date, n: int) -> str:
    return (first + timedelta(days=n - 1)).strftime("%d.%m.%Y.")


def item_form(branch_id: int, first: date, n: int, **fields) -> dict:
    form = {"branch_id": str(branch_id), "start_date": day(first, n), "end_date": day(first, n), "start_time": "10:00",
            "end_time": "11:00", "status": "confirmed", "is_public": "1", "repeat": "none", "override": "1", "kind": "event"}
    form.update(fields)
    return form


async def plan(client, form: dict) -> int:
    response = await post_form(client, "/items/", form)
    assert response.status_code == 200, response.text[:500]
    return (await Item.select(Item.id).order_by(Item.id, ascending=False).first())["id"]


async def sessions(item_id: int) -> list[int]:
    rows = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)
    return [row["id"] for row in rows]


async def attend(client, occurrence_id: int, **figures) -> None:
    response = await post_form(client, f"/attendance/{occurrence_id}", {"version": "0", **{k: str(v) for k, v in figures.items()}}, htmx=False)
    assert (response.status_code, response.url.path) == (200, "/attendance"), response.text[:500]


def figures_on_page(html: str) -> dict[str, list[str]]:
    """The rows of the page's main table ("Galvenie rādītāji"): figure key → this, last, change."""
    html = re.search(r'data-table="summary">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r'<tr data-figure="(\w+)"[^>]*>\s*<th scope="row">[^<]*</th>(.*?)</tr>', html, re.S)
    return {key: re.findall(r"<td[^>]*>([^<]*)</td>", cells) for key, cells in rows}


async def test_a_month_entered_through_the_pages_counts_as_by_hand(librarian_client, branch, reading_room, care_centre, school):
    first = month_two_back(local_today())
    last_year = first.replace(year=first.year - 1)
    venue = await make_place(branch["id"], "Rožupes Kultūras nams", PlaceKind.VENUE)
    children_area = await make_place(branch["id"], "Bērnu zona")
    b, room = branch["id"], str(reading_room["id"])

    young = await plan(librarian_client, item_form(b, first, 6, title="Dzejas dienas bērniem", place_id=room, audiences=["children"]))
    series = await plan(librarian_client, item_form(b, first, 7, title="Stāstu vakars", place_id=str(venue["id"]), audiences=["adults"],
                                                    start_time="17:00", end_time="18:30", repeat="weekly", count="3"))
    online = await plan(librarian_client, item_form(b, first, 9, title="Tiešsaistes lekcija", place_id=room, audiences=["adults"]))
    lesson = await plan(librarian_client, item_form(b, first, 8, kind="lesson", title="Drošs internets", place_id=room, is_public="",
                                                    lesson_class="5. klase", literacy_area="digital", audiences=["children"],
                                                    partner=[str(school["id"])], partner_role=["participant"]))
    book_start = await plan(librarian_client, item_form(b, first, 10, kind="book_start", title="Pūčulēnu rīts", place_id=str(children_area["id"]),
                                                        book_start_group="Zīļuki", audiences=["preschool"]))
    await plan(librarian_client, item_form(b, first, 3, kind="exhibition", title="Jaunieguvumi", place_id=room, all_day="1",
                                           start_time="", end_time="", end_date=(first + timedelta(days=33)).strftime("%d.%m.%Y."),
                                           exhibition_form="physical"))
    await plan(librarian_client, item_form(b, first - timedelta(days=11), 1, kind="exhibition", title="Rudens", place_id=room, all_day="1",
                                           start_time="", end_time="", end_date=day(first, 10), exhibition_form="physical"))
    delivery = await plan(librarian_client, item_form(b, first, 12, kind="delivery", title="Grāmatu kopa", place_id=str(care_centre["id"]),
                                                      is_public="", delivery_kind="service_point"))
    home = await plan(librarian_client, item_form(b, first, 13, kind="delivery", title="Piegāde mājās", is_public="", delivery_kind="home"))
    cancelled = await plan(librarian_client, item_form(b, first, 15, title="Atcelts pasākums", place_id=room))
    earlier = await plan(librarian_client, item_form(b, last_year, 6, title="Pērnā gada pasākums", place_id=room, audiences=["adults"]))

    await post_form(librarian_client, f"/items/{cancelled}/status", {"status": "cancelled", "version": "1"})
    series_sessions = await sessions(series)
    await post_form(librarian_client, f"/occurrences/{series_sessions[2]}/cancel", {})
    await attend(librarian_client, (await sessions(young))[0], total=25, children=22, adults=3)
    await attend(librarian_client, series_sessions[0], total=12, children=2, adults=10)
    await attend(librarian_client, series_sessions[1], children=1, adults=9)
    await attend(librarian_client, (await sessions(online))[0], total=0, online=15)
    await attend(librarian_client, (await sessions(lesson))[0], total=18)
    await attend(librarian_client, (await sessions(book_start))[0], children=6, adults=4, kits=2)
    await attend(librarian_client, (await sessions(delivery))[0], items_out=20, items_back=15, readers_served=6)
    await attend(librarian_client, (await sessions(home))[0], items_out=8, items_back=5, readers_served=1)
    await attend(librarian_client, (await sessions(earlier))[0], total=10, children=4, adults=6)

    query = f"period=month&year={first.year}&month={first.month}"
    page = await librarian_client.get(f"/statistics?{query}")
    api = (await librarian_client.get(f"/api/v1/statistics?{query}")).json()
    download = await librarian_client.get(f"/statistics/download?table=summary&format=csv&{query}")

    expected = {
        "events": ["4", "1", "+300,0%"], "events_young": ["1", "0", "—"], "events_outside": ["2", "0", "—"],
        "events_online": ["1", "0", "—"], "attendance": ["47", "10", "+370,0%"], "attendance_children": ["25", "4", "+525,0%"],
        "attendance_adults": ["22", "6", "+266,7%"], "attendance_online": ["15", "0", "—"], "exhibitions": ["1", "0", "—"], "exhibitions_virtual": ["0", "0", "—"],
        "lessons": ["1", "0", "—"], "lesson_participants": ["18", "0", "—"], "book_start": ["1", "0", "—"],
        "book_start_children": ["6", "0", "—"], "book_start_kits": ["2", "0", "—"], "deliveries": ["1", "0", "—"],
        "delivery_items_out": ["20", "0", "—"], "delivery_items_back": ["15", "0", "—"], "delivery_readers": ["6", "0", "—"],
        "home_deliveries": ["1", "0", "—"], "home_readers": ["1", "0", "—"], "home_items": ["8", "0", "—"],
        "home_books_per_reader": ["8,0", "—", "—"], "sets_in_circulation": ["0", "0", "—"],
        **{key: ["0", "0", "—"] for key in ("registration_items", "registration_marked", "registration_places", "registered_people",
                                           "registration_came", "no_shows", "waiting_people", "cancelled_people")},
    }
    shown = figures_on_page(page.text)
    assert page.status_code == 200
    assert {key: shown[key] for key in expected} == expected
    api_figures = {f["key"]: [str(f["this"]), str(f["last"]), f["change"]] for f in api["figures"]}
    ratio = api["outreach"]["books_per_home_reader"]
    api_figures["home_books_per_reader"] = [ratio["this_text"], ratio["last_text"], ratio["change"]]
    assert {key: api_figures[key] for key in expected} == expected
    assert (ratio["this"], ratio["last"]) == (8.0, None)
    table = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[1:4] for row in table[1:] if row] == list(expected.values())
