"""The rotation page and the return checklist: a proposal moved past a public holiday and a closed
day, accepting it puts a published delivery in the programme (the item, the place's feed, the
planner), a set with titles there within the repeat months is refused unless the librarian says
they were asked for again, and a set comes back with a book missing, once."""
from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest
from icalendar import Calendar

from models.kernel.clock import LIBRARY_TZ
from models.kernel.outreach_tables import SetPlacement
from models.kernel.network_tables import BranchClosure
from models.kernel.tables import Item, Occurrence
from models.outreach import lend_set, parse_pasted, replace_titles, save_set, validate_set
from tests.app.conftest import login, post_form

pytestmark = pytest.mark.clock("02.02.2026 09:00")

TITLE = "Grāmatu kopas maiņa: Sociālās aprūpes centrs „Rožlejas”"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def part(html: str, css_class: str) -> str:
    """The text of the first element with the class."""
    return text_of(re.search(rf'class="{css_class}">(.*?)</d[dt]>', html, re.S).group(1))


async def make_set(branch: dict, staff: dict, name: str, pasted: str, **fields) -> int:
    raw = {"branch_id": branch["id"], "name": name, "receiver": "service_point", "rotation_days": "60", **fields}
    set_id = await save_set(await validate_set(raw, staff))
    await replace_titles(set_id, parse_pasted(pasted))
    return set_id


def accept_form(place: dict, *, day: str, set_id: int | None, returning_id: int | None = None, **extra) -> dict:
    form = {"place_id": str(place["id"]), "day": day, "start_time": "10:00", "end_time": "11:00", "set_id": str(set_id or "")}
    if returning_id:
        form["returning_id"] = str(returning_id)
    return {**form, **extra}


# --- the proposals ---------------------------------------------------------------------------

@pytest.mark.clock("09.11.2026 09:00")
async def test_proposal_moves_past_the_holiday_and_the_closed_days(librarian_client, branch, librarian, care_centre):
    standing = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši", place_id=str(care_centre["id"]))
    await make_set(branch, librarian, "Dzeja", "Imants Ziedonis — Epifānijas", place_id=str(care_centre["id"]))
    await lend_set(standing, date(2026, 9, 19), date(2026, 11, 18), librarian)
    await BranchClosure.insert(BranchClosure(branch=branch["id"], first_day=date(2026, 11, 19), last_day=date(2026, 11, 20), reason="Inventarizācija"))

    response = await librarian_client.get("/outreach/rotation")

    assert response.status_code == 200
    assert part(response.text, "proposal-day") == (
        "23.11.2026. (pirmdiena) Jāveic 18.11.2026., bet: 18.11.2026. Latvijas Republikas Proklamēšanas diena; "
        "19.11.2026.–20.11.2026. Inventarizācija; 21.11.2026.–22.11.2026. bibliotēka šajā nedēļas dienā nestrādā")
    assert part(response.text, "coming-back") == "Detektīvi (šeit kopš 19.09.2026., jāatgriež 18.11.2026.)"
    assert part(response.text, "going-out") == "Dzeja"
    assert 'name="day" value="2026-11-23"' in response.text


@pytest.mark.clock("15.06.2026 09:00")
async def test_proposal_names_the_holiday_in_english(librarian_client, branch, librarian, care_centre):
    standing = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši", place_id=str(care_centre["id"]))
    await lend_set(standing, date(2026, 4, 24), date(2026, 6, 23), librarian)
    librarian_client.cookies.set("afisa_lang", "en")

    response = await librarian_client.get("/outreach/rotation")

    assert "Midsummer Eve" in part(response.text, "proposal-day") and "Midsummer Day" in part(response.text, "proposal-day")
    assert part(response.text, "proposal-day").startswith("25.06.2026. (Thursday)")


async def test_set_with_titles_there_recently_is_not_proposed_and_says_why(librarian_client, branch, librarian, care_centre):
    standing = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši\nRegīna Ezera — Aka",
                              place_id=str(care_centre["id"]))
    await make_set(branch, librarian, "Mīklas", "Agata Kristi — Desmit mazi nēģerīši\nAndra Neiburga — Stum, stum", place_id=str(care_centre["id"]))
    await lend_set(standing, date(2025, 11, 3), date(2026, 1, 2), librarian)

    response = await librarian_client.get("/outreach/rotation")

    assert part(response.text, "proposal-day") == "03.02.2026. (otrdiena)"
    assert part(response.text, "going-out") == "Nav piemērotas kopas. Mīklas: 1 grāmata šeit jau bija"


# --- accepting ---------------------------------------------------------------------------------

async def test_accept_puts_a_published_delivery_in_the_programme(librarian_client, branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši\nRegīna Ezera — Aka", place_id=str(care_centre["id"]))

    response = await post_form(librarian_client, "/outreach/rotation", accept_form(care_centre, day="2026-02-03", set_id=set_id), htmx=False)

    item = await Item.select(Item.id, Item.kind, Item.delivery_kind, Item.status, Item.is_public, Item.title, Item.place).first()
    assert item == {"id": item["id"], "kind": "delivery", "delivery_kind": "service_point", "status": "published", "is_public": True,
                    "title": TITLE, "place": care_centre["id"]}
    assert response.url.path == f"/items/{item['id']}"
    assert "Piegāde ieplānota un publicēta programmā." in response.text
    session = await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.ends_at).first()
    assert (session["starts_at"], session["ends_at"]) == (datetime(2026, 2, 3, 10, 0), datetime(2026, 2, 3, 11, 0))
    placement = await SetPlacement.select(SetPlacement.book_set, SetPlacement.place, SetPlacement.placed_on, SetPlacement.due_on,
                                          SetPlacement.delivery).first()
    assert placement == {"book_set": set_id, "place": care_centre["id"], "placed_on": date(2026, 2, 3), "due_on": date(2026, 4, 4),
                         "delivery": session["id"]}
    set_page = await librarian_client.get(f"/outreach/sets/{set_id}")
    assert text_of(re.search(r'<dd id="where-now">(.*?)</dd>', set_page.text, re.S).group(1)) == (
        "Ieplānota: Sociālās aprūpes centrs „Rožlejas” no 03.02.2026.")


async def test_accepted_delivery_is_in_the_places_feed_and_the_planner(librarian_client, client, branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, "Detektīvi", "Regīna Ezera — Aka", place_id=str(care_centre["id"]))
    await post_form(librarian_client, "/outreach/rotation", accept_form(care_centre, day="2026-02-03", set_id=set_id), htmx=False)

    feed = await librarian_client.get(f"/feeds/rozupe/place/{care_centre['id']}.ics")
    planner = await librarian_client.get("/planner?day=2026-02-03&view=agenda")

    events = [component for component in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert [(str(e["SUMMARY"]), e["DTSTART"].dt) for e in events] == [(TITLE, datetime(2026, 2, 3, 10, 0, tzinfo=LIBRARY_TZ))]
    assert TITLE in planner.text


async def test_set_with_titles_there_recently_is_refused_unless_asked_for_again(librarian_client, branch, librarian, care_centre):
    standing = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši\nRegīna Ezera — Aka",
                              place_id=str(care_centre["id"]))
    again = await make_set(branch, librarian, "Mīklas", "Agata Kristi — Desmit mazi nēģerīši\nAndra Neiburga — Stum, stum",
                           place_id=str(care_centre["id"]))
    placement = await lend_set(standing, date(2025, 11, 3), date(2026, 1, 2), librarian)
    form = accept_form(care_centre, day="2026-02-03", set_id=again, returning_id=placement)

    refused = await post_form(librarian_client, "/outreach/rotation", form, htmx=False)
    nothing_saved = (await Item.count(), await SetPlacement.count())
    accepted = await post_form(librarian_client, "/outreach/rotation", {**form, "repeat_allowed": "1"}, htmx=False)

    assert refused.status_code == 422
    assert text_of(re.search(r'<div class="notice notice-error" role="alert">(.*?)</div>', refused.text, re.S).group(1)) == (
        "Dažas šīs kopas grāmatas šajā vietā jau bija pēdējo mēnešu laikā. Izvēlieties citu kopu vai atzīmējiet, ka tās lūdza vēlreiz.")
    assert f'<option value="{again}" selected>' in refused.text
    assert nothing_saved == (0, 1)
    assert accepted.url.path.startswith("/items/")
    rows = await SetPlacement.select(SetPlacement.book_set, SetPlacement.repeat_allowed, SetPlacement.collection).order_by(SetPlacement.id)
    session = (await Occurrence.select(Occurrence.id).first())["id"]
    assert rows == [{"book_set": standing, "repeat_allowed": False, "collection": session},
                    {"book_set": again, "repeat_allowed": True, "collection": None}]


async def test_accept_with_end_before_start_keeps_the_typed_values(librarian_client, branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, "Detektīvi", "Regīna Ezera — Aka", place_id=str(care_centre["id"]))

    response = await post_form(librarian_client, "/outreach/rotation",
                               accept_form(care_centre, day="2026-02-04", set_id=set_id, start_time="14:00", end_time="13:00"), htmx=False)

    assert response.status_code == 422
    assert "Beigām jābūt pēc sākuma." in response.text
    assert 'name="day" value="2026-02-04"' in response.text and 'name="start_time" value="14:00"' in response.text
    assert await Item.count() == 0


async def test_planned_deliveries_list_the_sets_they_bring_and_take(librarian_client, branch, librarian, care_centre):
    standing = await make_set(branch, librarian, "Detektīvi", "Regīna Ezera — Aka", place_id=str(care_centre["id"]))
    going = await make_set(branch, librarian, "Dzeja", "Imants Ziedonis — Epifānijas", place_id=str(care_centre["id"]))
    placement = await lend_set(standing, date(2025, 12, 1), date(2026, 1, 30), librarian)
    await post_form(librarian_client, "/outreach/rotation", accept_form(care_centre, day="2026-02-05", set_id=going, returning_id=placement),
                    htmx=False)

    response = await librarian_client.get("/outreach/rotation")

    row = re.search(r'<tr data-delivery="\d+">(.*?)</tr>', response.text, re.S).group(1)
    assert text_of(row) == "05.02.2026. 10:00 Sociālās aprūpes centrs „Rožlejas” Dzeja Detektīvi ( atgriešana )"
    assert "Tuvākajās četrās nedēļās nevienā apkalpošanas punktā kopa nav jāmaina." in response.text


async def test_accept_at_another_branchs_place_answers_404(client, branch, other_branch, librarian, other_librarian, care_centre):
    set_id = await make_set(branch, librarian, "Detektīvi", "Regīna Ezera — Aka", place_id=str(care_centre["id"]))
    await login(client, other_librarian)

    response = await post_form(client, "/outreach/rotation", accept_form(care_centre, day="2026-02-03", set_id=set_id), htmx=False)

    assert response.status_code == 404
    assert await Item.count() == 0


async def test_coordinator_sees_every_branchs_proposals(client, branch, librarian, coordinator, care_centre):
    await make_set(branch, librarian, "Detektīvi", "Regīna Ezera — Aka", place_id=str(care_centre["id"]))
    await login(client, coordinator)

    response = await client.get("/outreach/rotation")

    assert text_of(re.search(r'<h3>(.*?)</h3>', response.text, re.S).group(1)) == "Sociālās aprūpes centrs „Rožlejas” · Rožupe"


# --- the return checklist ----------------------------------------------------------------------

async def _lent(branch, librarian, care_centre) -> tuple[int, int]:
    set_id = await make_set(branch, librarian, "Detektīvi", "Agata Kristi — Desmit mazi nēģerīši\n1000240;Regīna Ezera;Aka\nAndra Neiburga — Stum, stum",
                            place_id=str(care_centre["id"]))
    return set_id, await lend_set(set_id, date(2025, 12, 1), date(2026, 1, 30), librarian)


async def test_return_checklist_ticks_every_title(librarian_client, branch, librarian, care_centre):
    _set_id, placement = await _lent(branch, librarian, care_centre)

    response = await librarian_client.get(f"/outreach/placements/{placement}/return")

    boxes = re.findall(r'<label><input type="checkbox" name="back" value="(\d)" (checked)?> (.*?)</label>', response.text)
    assert boxes == [("0", "checked", "1. Agata Kristi — Desmit mazi nēģerīši"), ("1", "checked", "2. Regīna Ezera — Aka [1000240]"),
                     ("2", "checked", "3. Andra Neiburga — Stum, stum")]
    assert 'name="returned_on" value="2026-02-02"' in response.text


async def test_return_records_the_missing_titles(librarian_client, branch, librarian, care_centre):
    set_id, placement = await _lent(branch, librarian, care_centre)

    response = await post_form(librarian_client, f"/outreach/placements/{placement}/return",
                               {"back": ["0", "2"], "returned_on": "2026-02-02"}, htmx=False)

    assert response.url.path == f"/outreach/sets/{set_id}"
    assert "Kopa atgriezta; trūkst 1 grāmatas." in response.text
    row = await SetPlacement.select(SetPlacement.returned_on, SetPlacement.missing).first()
    missing = json.loads(row["missing"]) if isinstance(row["missing"], str) else row["missing"]
    assert (row["returned_on"], missing) == (date(2026, 2, 2), [{"barcode": "1000240", "author": "Regīna Ezera", "title": "Aka"}])
    history = re.search(r'<tr data-placement="\d+">(.*?)</tr>', response.text, re.S).group(1)
    assert text_of(history) == "Sociālās aprūpes centrs „Rožlejas” 3 grāmatas 01.12.2025. 02.02.2026. Regīna Ezera — Aka [1000240]"
    assert text_of(re.search(r'<dd id="where-now">(.*?)</dd>', response.text, re.S).group(1)) == "Bibliotēkā"


async def test_second_return_is_refused_politely(librarian_client, branch, librarian, care_centre):
    _set_id, placement = await _lent(branch, librarian, care_centre)
    await post_form(librarian_client, f"/outreach/placements/{placement}/return", {"back": ["0", "1", "2"], "returned_on": "2026-02-01"},
                    htmx=False)

    again = await post_form(librarian_client, f"/outreach/placements/{placement}/return", {"back": ["0"], "returned_on": "2026-02-02"},
                            htmx=False)

    assert again.status_code == 409
    assert text_of(re.search(r'id="return-errors">(.*?)</div>', again.text, re.S).group(1)) == "Šī kopa jau ir atzīmēta kā atgriezta."
    assert text_of(re.search(r'<p id="returned">(.*?)</p>', again.text, re.S).group(1)) == "Atgriezta 01.02.2026. Nekas netrūka."
    row = await SetPlacement.select(SetPlacement.returned_on, SetPlacement.missing).first()
    assert row["returned_on"] == date(2026, 2, 1) and row["missing"] in ([], "[]")


async def test_return_before_the_set_went_out_is_refused(librarian_client, branch, librarian, care_centre):
    _set_id, placement = await _lent(branch, librarian, care_centre)

    response = await post_form(librarian_client, f"/outreach/placements/{placement}/return", {"back": ["0"], "returned_on": "30.11.2025"},
                               htmx=False)

    assert response.status_code == 422
    assert "Beigām jābūt pēc sākuma." in response.text
    assert re.findall(r'name="back" value="(\d)" (checked)?>', response.text) == [("0", "checked"), ("1", ""), ("2", "")]
    assert (await SetPlacement.select(SetPlacement.returned_on).first())["returned_on"] is None


async def test_another_branchs_placement_answers_404(client, branch, other_branch, librarian, other_librarian, care_centre):
    _set_id, placement = await _lent(branch, librarian, care_centre)
    await login(client, other_librarian)

    page = await client.get(f"/outreach/placements/{placement}/return")
    post = await post_form(client, f"/outreach/placements/{placement}/return", {"back": ["0"]}, htmx=False)

    assert (page.status_code, post.status_code) == (404, 404)
    assert (await SetPlacement.select(SetPlacement.returned_on).first())["returned_on"] is None


async def test_huge_placement_id_answers_without_500(librarian_client, branch):
    response = await librarian_client.get("/outreach/placements/99999999999999999999/return")

    assert response.status_code in (400, 404)
