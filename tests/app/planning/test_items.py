import json
import re

import pytest

from models.kernel.clock import utcnow

from models.planning.programme import create_item
from models.planning.queries import item_history
from models.kernel.tables import Item, ItemChange, Occurrence
from models.planning.validation import validate_item
from tests.app.conftest import login, post_form

# the forms below plan 02.12.2026 and around it, as seen from the morning of 01.12.2026
pytestmark = pytest.mark.clock("01.12.2026 09:00")


def event_form(branch_id, **overrides):
    form = {"kind": "event", "title": "Puzuru darbnīca", "branch_id": str(branch_id), "start_date": "02.12.2026.",
            "start_time": "16:00", "end_date": "02.12.2026.", "end_time": "18:00", "status": "planned", "is_public": "1",
            "repeat": "none"}
    form.update(overrides)
    return form


async def test_new_item_dialog_is_a_fragment_with_the_chosen_day(librarian_client):
    response = await librarian_client.get("/items/new?day=2026-12-02", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<div id="item-editor">')
    assert 'name="start_date" id="f-start-date" value="2026-12-02"' in response.text


async def test_create_event_closes_dialog_and_refreshes_planner(librarian_client, branch, reading_room, school):
    form = event_form(branch["id"], place_id=str(reading_room["id"]), audiences=["adults", "seniors"],
                      partner=[str(school["id"]), ""], partner_role=["host", "participant"])

    response = await post_form(librarian_client, "/items/", form)

    assert response.status_code == 200
    assert json.loads(response.headers["hx-trigger"]) == {
        "planner-changed": True, "dialog-close": True, "afisa-notice": {"text": "Ieraksts „Puzuru darbnīca” izveidots.", "undo": "", "level": "ok"}}
    saved = await Item.select(Item.title, Item.place, Item.status).first()
    assert saved == {"title": "Puzuru darbnīca", "place": reading_room["id"], "status": "planned"}


async def test_create_without_javascript_redirects_to_the_item(librarian_client, branch):
    response = await post_form(librarian_client, "/items/", event_form(branch["id"]), htmx=False)

    assert response.status_code == 200
    assert re.fullmatch(r"/items/\d+", response.url.path)
    assert "<h1>Puzuru darbnīca</h1>" in response.text
    assert '<div class="notice notice-ok"><span>Ieraksts „Puzuru darbnīca” izveidots.</span></div>' in response.text


@pytest.mark.parametrize("overrides, field, message", [
    ({"end_time": "15:00"}, "end_time", "Beigām jābūt pēc sākuma."),
    ({"title": "x" * 5000}, "title", "Pārāk garš teksts: ne vairāk kā 200 rakstzīmes."),
    ({"title": ""}, "title", "Šis lauks ir obligāts."),
    ({"start_date": "01.12.1850.", "end_date": "01.12.1850."}, "start_date", "Datumam jābūt starp 2000. un 2100. gadu."),
    ({"start_date": "31.02.2026."}, "start_date", "Tāda datuma nav."),
    ({"place_id": "987654"}, "place_id", "Tāda ieraksta nav — izvēlieties no saraksta."),
    ({"repeat": "weekly"}, "until", "Sērijai vajag beigas: datumu vai reižu skaitu."),
    ({"start_time": "25:99"}, "start_time", "Ierakstiet laiku formā hh:mm, piemēram, 14:30."),
    ({"kind": "lesson"}, "lesson_class", "Šis lauks ir obligāts."),
])
async def test_bad_input_gets_a_message_by_its_field_and_keeps_the_input(librarian_client, branch, overrides, field, message):
    response = await post_form(librarian_client, "/items/", event_form(branch["id"], description="Mans garais apraksts", **overrides))

    assert response.status_code == 422
    assert f'<small class="field-error" id="{field}-error">{message}</small>' in response.text
    assert "Mans garais apraksts" in response.text
    assert await Item.count() == 0


async def test_room_clash_warns_and_one_click_overrides(librarian_client, librarian, branch, reading_room):
    await post_form(librarian_client, "/items/", event_form(branch["id"], title="Lakatu aušana", place_id=str(reading_room["id"])))
    clashing = event_form(branch["id"], place_id=str(reading_room["id"]), start_time="17:00", end_time="19:00")

    warned = await post_form(librarian_client, "/items/", clashing)
    overridden = await post_form(librarian_client, "/items/", {**clashing, "override": "1"})

    assert warned.status_code == 200
    assert "02.12.2026.: telpa jau aizņemta — „Lakatu aušana” 16:00–18:00." in warned.text
    assert 'name="override" value="1"' in warned.text
    assert json.loads(overridden.headers["hx-trigger"])["planner-changed"] is True
    newest = await Item.select(Item.id).order_by(Item.id, ascending=False).first()
    actions = [h["action"] for h in await item_history(newest["id"])]
    assert actions == ["warnings_overridden", "created"]


async def test_holiday_warning(librarian_client, branch):
    response = await post_form(librarian_client, "/items/", event_form(branch["id"], start_date="18.11.2026.", end_date="18.11.2026."))

    assert "18.11.2026.: svētku diena — Latvijas Republikas Proklamēšanas diena." in response.text


async def test_lesson_in_school_break_warns(librarian_client, branch):
    form = event_form(branch["id"], kind="lesson", lesson_class="5. klase", start_date="21.10.2026.", end_date="21.10.2026.")

    response = await post_form(librarian_client, "/items/", form)

    assert "21.10.2026.: skolēnu brīvdienas — rudens brīvdienas." in response.text


async def make_series(staff, branch_id, **extra):
    raw = {"kind": "lesson", "title": "Bibliotekārā stunda", "lesson_class": "4. klase", "branch_id": branch_id,
           "start_date": "01.12.2026.", "start_time": "10:00", "end_date": "01.12.2026.", "end_time": "10:45",
           "repeat": "weekly", "until": "18.12.2026.", "status": "planned", "is_public": True, **extra}
    return await create_item(await validate_item(raw, staff), staff["id"])


async def occurrences(item_id):
    return await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.cancelled).where(Occurrence.item == item_id).order_by(Occurrence.recurrence_id)


async def test_series_edit_dialog_offers_the_three_scopes(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"])
    second = (await occurrences(item_id))[1]

    response = await librarian_client.get(f"/items/{item_id}/edit?occurrence={second['id']}", headers={"HX-Request": "true"})

    assert re.findall(r'name="scope" value="(\w+)"', response.text) == ["this", "following", "all"]
    assert 'name="start_date" id="f-start-date" value="2026-12-08"' in response.text


async def test_moving_one_session_leaves_the_others(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"])
    item = await Item.select(Item.version).where(Item.id == item_id).first()
    second = (await occurrences(item_id))[1]
    form = {**event_form(branch["id"], kind="lesson", lesson_class="4. klase", title="Bibliotekārā stunda", repeat="weekly", until="2026-12-18"),
            "start_date": "09.12.2026.", "end_date": "09.12.2026.", "start_time": "12:00", "end_time": "12:45",
            "scope": "this", "occurrence_id": str(second["id"]), "version": str(item["version"])}

    response = await post_form(librarian_client, f"/items/{item_id}", form)

    assert response.status_code == 200
    starts = [o["starts_at"].strftime("%d.%m. %H:%M") for o in await occurrences(item_id)]
    assert starts == ["01.12. 10:00", "09.12. 12:00", "15.12. 10:00"]


async def test_cancelling_one_session(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"])
    third = (await occurrences(item_id))[2]

    await post_form(librarian_client, f"/occurrences/{third['id']}/cancel", {})

    assert [o["cancelled"] for o in await occurrences(item_id)] == [False, False, True]


async def test_this_and_following_splits_the_series(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"])
    item = await Item.select(Item.version).where(Item.id == item_id).first()
    second = (await occurrences(item_id))[1]
    form = {**event_form(branch["id"], kind="lesson", lesson_class="4. klase", title="Bibliotekārā stunda (jaunā telpā)",
                         repeat="weekly", until="2026-12-18", start_time="11:00", end_time="11:45"),
            "start_date": "08.12.2026.", "end_date": "08.12.2026.", "scope": "following", "occurrence_id": str(second["id"]),
            "version": str(item["version"])}

    await post_form(librarian_client, f"/items/{item_id}", form)

    rows = await Item.select(Item.id, Item.title).order_by(Item.id)
    assert [r["title"] for r in rows] == ["Bibliotekārā stunda", "Bibliotekārā stunda (jaunā telpā)"]
    assert [o["starts_at"].strftime("%d.%m. %H:%M") for o in await occurrences(rows[0]["id"])] == ["01.12. 10:00"]
    assert [o["starts_at"].strftime("%d.%m. %H:%M") for o in await occurrences(rows[1]["id"])] == ["08.12. 11:00", "15.12. 11:00"]


async def test_stale_edit_is_refused_and_keeps_the_input(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")
    form = event_form(branch["id"], kind="lesson", lesson_class="4. klase", title="Mana versija", version="1")
    await post_form(librarian_client, f"/items/{item_id}", {**form, "title": "Kolēģes versija"})

    response = await post_form(librarian_client, f"/items/{item_id}", form)

    assert response.status_code == 409
    assert "Kamēr jūs labojāt, kāds cits saglabāja šo ierakstu." in response.text
    assert 'value="Mana versija"' in response.text
    assert (await Item.select(Item.title).first())["title"] == "Kolēģes versija"


async def test_cancel_item_keeps_it_marked_cancelled(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")

    response = await post_form(librarian_client, f"/items/{item_id}/status", {"status": "cancelled", "version": "1"})

    assert response.status_code == 200
    assert (await Item.select(Item.status).first())["status"] == "cancelled"
    page = await librarian_client.get(f"/items/{item_id}")
    assert "atcēla" in page.text


async def test_marking_a_future_item_held_is_refused(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none", start_date="01.12.2099.", end_date="01.12.2099.")
    await post_form(librarian_client, f"/items/{item_id}/status", {"status": "published"})

    response = await post_form(librarian_client, f"/items/{item_id}/status", {"status": "held"})

    assert response.status_code == 422
    assert "Par notikušu var atzīmēt tikai to, kas jau beidzies." in response.text


async def test_duplicate_to_next_year_makes_a_draft(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none", kind="event", title="Dzejas dienas 2026", start_date="10.09.2026.", end_date="10.09.2026.")

    response = await post_form(librarian_client, f"/items/{item_id}/duplicate", {"start_date": "09.09.2027."}, htmx=False)

    copy = await Item.select(Item.title, Item.status, Item.starts_at).order_by(Item.id, ascending=False).first()
    assert copy["title"] == "Dzejas dienas 2026"
    assert copy["status"] == "draft"
    assert copy["starts_at"].strftime("%d.%m.%Y %H:%M") == "09.09.2027 10:00"
    assert "izveidoja kā kopiju" in response.text


async def test_duplicate_with_a_bad_date_says_so(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")

    response = await post_form(librarian_client, f"/items/{item_id}/duplicate", {"start_date": "32.13.2027."})

    assert response.status_code == 422
    assert "Tāda datuma nav." in response.text


async def test_item_page_shows_history_with_who_and_what(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")
    form = event_form(branch["id"], kind="lesson", lesson_class="4. klase", title="Jauns nosaukums", version="1")
    await post_form(librarian_client, f"/items/{item_id}", form)

    response = await librarian_client.get(f"/items/{item_id}")

    assert "<strong>Maija Jasinska</strong>: laboja" in response.text
    assert "nosaukums: Bibliotekārā stunda → Jauns nosaukums" in response.text


async def test_item_history_names_statuses_and_kinds_not_their_codes(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")
    form = event_form(branch["id"], status="confirmed", version="1")
    await post_form(librarian_client, f"/items/{item_id}", form)

    response = await librarian_client.get(f"/items/{item_id}")

    changes = re.findall(r"<li>([^<]*→[^<]*)</li>", response.text)
    assert ["veids: Bibliotekārā stunda → Pasākums", "sākums: 01.12.2026. 10:00 → 02.12.2026. 16:00",
            "statuss: Plānots → Apstiprināts"] == [c for c in changes if c.startswith(("veids", "sākums", "statuss"))]


async def test_item_history_tells_what_partners_heard_in_the_readers_language(librarian_client, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")
    await ItemChange.insert(ItemChange(item=item_id, action="partners_told", details={"contacts": "Inese Ozola", "changes": "place, time"}, at=utcnow()))

    latvian = await librarian_client.get(f"/items/{item_id}")
    librarian_client.cookies.set("afisa_lang", "en")
    english = await librarian_client.get(f"/items/{item_id}")

    assert "<li>izmaiņas: mainīta vieta, mainīts laiks</li>" in latvian.text
    assert "<li>changes: the place has changed, the time has changed</li>" in english.text


@pytest.mark.parametrize("method, path", [
    ("get", "/items/{id}/edit"), ("post", "/items/{id}"), ("post", "/items/{id}/status"), ("post", "/items/{id}/duplicate"),
])
async def test_librarian_cannot_change_another_branch(client, other_librarian, librarian, branch, method, path):
    item_id = await make_series(librarian, branch["id"], repeat="none")
    await login(client, other_librarian)
    url = path.format(id=item_id)

    if method == "get":
        response = await client.get(url, headers={"HX-Request": "true"})
    else:
        response = await post_form(client, url, event_form(branch["id"], status="cancelled"))

    assert response.status_code == 403
    assert "Jūs varat plānot tikai savas bibliotēkas programmu." in response.text
    assert (await Item.select(Item.status).first())["status"] == "planned"


async def test_librarian_cannot_create_in_another_branch(client, other_librarian, branch):
    await login(client, other_librarian)

    response = await post_form(client, "/items/", event_form(branch["id"]))

    assert response.status_code == 422
    assert "Jūs varat plānot tikai savas bibliotēkas programmu." in response.text


async def test_other_branch_item_page_is_readable_but_not_editable(client, other_librarian, librarian, branch):
    item_id = await make_series(librarian, branch["id"], repeat="none")
    await login(client, other_librarian)

    response = await client.get(f"/items/{item_id}")

    assert response.status_code == 200
    assert "jūs to varat skatīt, bet ne labot" in response.text


@pytest.mark.parametrize("path", ["/items/999999", "/items/999999/edit"])
async def test_unknown_item_is_a_polite_404(librarian_client, path):
    response = await librarian_client.get(path)

    assert response.status_code == 404
    assert "Šāda lapa vai ieraksts nav atrasts." in response.text


# --- a session with attendance is the record of what happened (models/planning/recorded.py) ---

async def recorded_series(librarian, branch_id) -> tuple[int, list[dict]]:
    """Tuesday lessons 03.11., 10.11. and 17.11.2026; the first two have attendance."""
    from models.attendance.recording import record_attendance

    item_id = await make_series(librarian, branch_id, start_date="03.11.2026.", end_date="03.11.2026.", until="", count="3")
    sessions = await occurrences(item_id)
    for session in sessions[:2]:
        await record_attendance(session["id"], {"total": "24", "children": "22"}, librarian["id"])
    return item_id, sessions


def lesson_form(branch_id, **overrides):
    return event_form(branch_id, **{"kind": "lesson", "lesson_class": "4. klase", "title": "Bibliotekārā stunda", "start_date": "03.11.2026.",
                                    "end_date": "03.11.2026.", "start_time": "10:00", "end_time": "10:45", "repeat": "weekly",
                                    "count": "3", "version": "1", "override": "1", **overrides})


async def test_series_edit_dropping_recorded_sessions_is_refused_and_keeps_the_input(librarian_client, librarian, branch):
    from models.kernel.tables import Attendance

    item_id, sessions = await recorded_series(librarian, branch["id"])
    form = lesson_form(branch["id"], title="Stunda trešdienās", start_date="04.11.2026.", end_date="04.11.2026.")

    response = await post_form(librarian_client, f"/items/{item_id}", form)

    assert response.status_code == 422
    assert ('<small class="field-error" id="repeat-error">Šīs izmaiņas izdzēstu vai pārceltu uz nākotni reizes, kurām jau ir ierakstīts '
            'apmeklējums: 03.11.2026., 10.11.2026. Ja tās nenotika, vispirms izdzēsiet to apmeklējumu (apmeklējuma lapā).</small>') in response.text
    assert 'value="Stunda trešdienās"' in response.text
    assert [o["id"] for o in await occurrences(item_id)] == [s["id"] for s in sessions]
    assert await Attendance.count() == 2
    assert (await Item.select(Item.title, Item.version).first()) == {"title": "Bibliotekārā stunda", "version": 1}


async def test_series_edit_dropping_recorded_sessions_in_english(librarian_client, librarian, branch):
    item_id, _ = await recorded_series(librarian, branch["id"])
    librarian_client.cookies.set("afisa_lang", "en")

    response = await post_form(librarian_client, f"/items/{item_id}", lesson_form(branch["id"], start_date="10.11.2026.", end_date="10.11.2026."))

    assert response.status_code == 422
    assert ("This change would remove sessions that already have attendance, or move them into the future: 03.11.2026. "
            "If they did not take place, remove their attendance first (on the attendance page).") in response.text


async def test_series_edit_of_unrecorded_sessions_only_keeps_the_attendance(librarian_client, librarian, branch):
    from models.kernel.tables import Attendance

    item_id, sessions = await recorded_series(librarian, branch["id"])

    response = await post_form(librarian_client, f"/items/{item_id}", lesson_form(branch["id"], title="Stunda 4. klasei", count="2"))

    assert response.status_code == 200
    assert [o["id"] for o in await occurrences(item_id)] == [s["id"] for s in sessions[:2]]
    assert [r["occurrence"] for r in await Attendance.select(Attendance.occurrence).order_by(Attendance.occurrence)] == [s["id"] for s in sessions[:2]]
    assert (await Item.select(Item.title).first())["title"] == "Stunda 4. klasei"


async def test_moving_one_recorded_session_into_the_future_is_refused(librarian_client, librarian, branch):
    item_id, sessions = await recorded_series(librarian, branch["id"])
    form = lesson_form(branch["id"], start_date="10.11.2099.", end_date="10.11.2099.", scope="this", occurrence_id=str(sessions[1]["id"]))

    response = await post_form(librarian_client, f"/items/{item_id}", form)

    assert response.status_code == 422
    assert ('<small class="field-error" id="start_date-error">Šai reizei (10.11.2026.) jau ir ierakstīts apmeklējums, tāpēc to nevar '
            'atcelt vai pārcelt uz nākotni. Ja tā nenotika, vispirms izdzēsiet tās apmeklējumu (apmeklējuma lapā).</small>') in response.text
    assert 'value="2099-11-10"' in response.text
    assert [o["starts_at"] for o in await occurrences(item_id)] == [s["starts_at"] for s in sessions]


async def test_this_and_following_from_a_recorded_session_is_refused(librarian_client, librarian, branch):
    item_id, sessions = await recorded_series(librarian, branch["id"])
    form = lesson_form(branch["id"], start_date="10.11.2026.", end_date="10.11.2026.", count="2", start_time="11:00", end_time="11:45",
                       scope="following", occurrence_id=str(sessions[1]["id"]))

    response = await post_form(librarian_client, f"/items/{item_id}", form)

    assert response.status_code == 422
    assert "kurām jau ir ierakstīts apmeklējums: 10.11.2026." in response.text
    assert await Item.count() == 1
