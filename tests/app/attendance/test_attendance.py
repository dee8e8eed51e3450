"""The attendance pages: the dashboard, the row that turns into a form and back, the page form,
messages that keep the input, CSRF and branch scoping."""
from __future__ import annotations

import pytest

from models.attendance.recording import record_attendance
from models.planning.programme import create_item
from models.kernel.tables import Attendance, Item, Occurrence
from tests.app.conftest import csrf_token, login, post_form
from tests.conftest import at
from tests.models import make_draft


async def plan(branch_id: int, staff: dict, **overrides) -> int:
    """An item in the past (or, with another date, wherever it is put); returns its first session's id."""
    values = dict(title="Dzejas vakars", start_date="02.11.2026.", start_time="17:00", end_time="18:30")
    values.update(overrides)
    item_id = await create_item(await make_draft(branch_id, staff, **values), staff["id"])
    row = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at).first()
    return row["id"]


async def item_of(session_id: int) -> int:
    return (await Occurrence.select(Occurrence.item).where(Occurrence.id == session_id).first())["item"]


async def test_dashboard_lists_her_branch_oldest_first(librarian_client, librarian, branch, other_branch, other_librarian):
    await plan(branch["id"], librarian, title="Rudens lasījumi", start_date="05.11.2026.")
    await plan(branch["id"], librarian, title="Puzuru darbnīca", start_date="03.11.2026.")
    await plan(other_branch["id"], other_librarian, title="Rudzātu pasākums", start_date="04.11.2026.")

    response = await librarian_client.get("/attendance")

    assert response.status_code == 200
    assert 'Trūkst apmeklējuma (<span id="attendance-count">2</span>)' in response.text
    assert response.text.index("Puzuru darbnīca") < response.text.index("Rudens lasījumi")
    assert "Rudzātu pasākums" not in response.text
    assert 'hx-get="/attendance/' in response.text and 'hx-target="closest tr" hx-swap="outerHTML"' in response.text


async def test_dashboard_of_a_coordinator_shows_the_network_with_branches(client, coordinator, librarian, branch, other_branch, other_librarian):
    await plan(branch["id"], librarian, title="Rudens lasījumi", start_date="05.11.2026.")
    await plan(other_branch["id"], other_librarian, title="Rudzātu pasākums", start_date="04.11.2026.")
    await login(client, coordinator)

    response = await client.get("/attendance")

    assert 'Trūkst apmeklējuma (<span id="attendance-count">2</span>)' in response.text
    assert '<th scope="col">Bibliotēka</th>' in response.text
    assert response.text.index("Rudzātu pasākums") < response.text.index("Rudens lasījumi")
    assert "<td>Rudzāti</td>" in response.text


async def test_row_form_round_trip_saves_in_place(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)

    form = await librarian_client.get(f"/attendance/{session}/row-form", headers={"HX-Request": "true"})
    saved = await post_form(librarian_client, f"/attendance/{session}", {"context": "row", "version": "0", "total": "30", "children": "12"})

    assert form.text.lstrip().startswith(f'<tr id="att-row-{session}" class="is-editing">')
    assert f'hx-post="/attendance/{session}" hx-target="closest tr" hx-swap="outerHTML"' in form.text
    assert form.text.count('inputmode="numeric"') == 4
    assert saved.status_code == 200
    assert saved.text.lstrip().startswith(f'<tr id="att-row-{session}" class="is-saved">')
    assert "Apmeklētāji kopā: <strong>30</strong> · Bērni līdz 18 g.: <strong>12</strong> · Pieaugušie: <strong>18</strong>" in saved.text
    assert '<span id="attendance-count" hx-swap-oob="true">0</span>' in saved.text
    row = await Attendance.select(Attendance.total, Attendance.children, Attendance.adults, Attendance.version).first()
    assert row == {"total": 30, "children": 12, "adults": 18, "version": 1}


async def test_row_form_cancel_brings_the_row_back(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)

    response = await librarian_client.get(f"/attendance/{session}/row", headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith(f'<tr id="att-row-{session}">')
    assert f'href="/attendance/{session}"' in response.text


@pytest.mark.parametrize("data, field, message", [
    ({"total": "abc"}, "total", "Ierakstiet veselu skaitli."),
    ({"total": "10", "children": "-3"}, "children", "Skaitlis nevar būt negatīvs."),
    ({"total": "100001"}, "total", "Pārāk liels skaitlis: ne vairāk kā 100000."),
    ({"total": "10", "children": "8", "adults": "7"}, "total", "Bērnu un pieaugušo kopā ir vairāk nekā kopējais skaits."),
    ({"total": "", "children": ""}, "total", "Ierakstiet vismaz vienu skaitli (arī 0, ja neviens neatnāca)."),
])
async def test_row_errors_keep_the_input(librarian_client, librarian, branch, data, field, message):
    session = await plan(branch["id"], librarian)

    response = await post_form(librarian_client, f"/attendance/{session}", {"context": "row", "version": "0", **data})

    assert response.status_code == 422
    assert response.text.lstrip().startswith(f'<tr id="att-row-{session}" class="is-editing">')
    assert f'<small class="field-error" id="att-{session}-{field}-error">{message}</small>' in response.text
    for name, value in data.items():
        assert f'name="{name}" value="{value}"' in response.text
    assert await Attendance.count() == 0


async def test_page_form_without_javascript_saves_and_goes_back_to_the_item(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    item_id = await item_of(session)

    form = await librarian_client.get(f"/attendance/{session}?next=/items/{item_id}")
    response = await post_form(librarian_client, f"/attendance/{session}", {"version": "0", "total": "30", "next": f"/items/{item_id}"}, htmx=False)

    assert '<h1>Apmeklējums: Dzejas vakars</h1>' in form.text
    assert f'name="next" value="/items/{item_id}"' in form.text
    assert response.url.path == f"/items/{item_id}"
    assert "Apmeklētāji kopā: <strong>30</strong>" in response.text
    assert "ierakstīja apmeklējumu" in response.text
    assert "Apmeklētāji kopā: — → 30" in response.text
    assert (await Item.select(Item.status).first())["status"] == "held"


async def test_page_form_errors_keep_the_input(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)

    response = await post_form(librarian_client, f"/attendance/{session}", {"version": "0", "total": "trīsdesmit"}, htmx=False)

    assert response.status_code == 422
    assert '<h1>Apmeklējums: Dzejas vakars</h1>' in response.text
    assert 'name="total" value="trīsdesmit"' in response.text
    assert 'aria-invalid="true"' in response.text


async def test_page_form_back_to_the_dashboard_says_saved(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)

    response = await post_form(librarian_client, f"/attendance/{session}", {"version": "0", "total": "5", "next": "//evil.example"}, htmx=False)

    assert response.url.path == "/attendance"
    assert "Apmeklējums saglabāts." in response.text


@pytest.mark.parametrize("overrides, shown, hidden", [
    (dict(kind="book_start", book_start_group="Pūčulēnu skola"), ["Bērni līdz 18 g.", "Pavadošie pieaugušie", "Izsniegtie komplekti"], ["Apmeklētāji kopā"]),
    (dict(kind="lesson", lesson_class="3. klase"), ["Dalībnieki kopā", "Bērni līdz 18 g."], ["Tiešsaistē", "Izsniegtie komplekti"]),
    (dict(kind="event"), ["Apmeklētāji kopā", "Tiešsaistē"], ["Izsniegtie izdevumi"]),
])
async def test_page_form_shows_the_fields_of_the_kind(librarian_client, librarian, branch, overrides, shown, hidden):
    session = await plan(branch["id"], librarian, **overrides)

    response = await librarian_client.get(f"/attendance/{session}")

    assert [text in response.text for text in shown] == [True] * len(shown)
    assert [text in response.text for text in hidden] == [False] * len(hidden)


async def test_delivery_form_asks_for_items_and_readers(librarian_client, librarian, branch, care_centre):
    session = await plan(branch["id"], librarian, kind="delivery", place_id=str(care_centre["id"]))

    response = await post_form(librarian_client, f"/attendance/{session}", {"context": "row", "version": "0", "items_out": "30", "items_back": "12", "readers_served": "9"})

    assert "Izsniegtie izdevumi: <strong>30</strong> · Atgrieztie izdevumi: <strong>12</strong> · Apkalpotie lasītāji: <strong>9</strong>" in response.text


async def test_future_session_is_refused(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, start_date="01.12.2099.")

    page = await librarian_client.get(f"/attendance/{session}")
    response = await post_form(librarian_client, f"/attendance/{session}", {"version": "0", "total": "5"}, htmx=False)

    assert "Par notikušu var atzīmēt tikai to, kas jau beidzies." in page.text
    assert 'name="total"' not in page.text
    assert response.status_code == 422
    assert "Par notikušu var atzīmēt tikai to, kas jau beidzies." in response.text
    assert await Attendance.count() == 0


async def test_stale_form_is_refused_and_offers_the_current_version(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])

    response = await post_form(librarian_client, f"/attendance/{session}", {"context": "row", "version": "0", "total": "30"})

    assert response.status_code == 409
    assert "kāds cits saglabāja šo ierakstu" in response.text
    assert "Pašlaik saglabāts: Apmeklētāji kopā: <strong>25</strong>" in response.text
    assert 'name="version" value="1"' in response.text and 'name="total" value="30"' in response.text


@pytest.mark.parametrize("version", ["abc", "", None])
async def test_a_form_without_a_readable_version_overwrites_nothing(librarian_client, librarian, branch, version):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])
    fields = {"total": "30"} | ({} if version is None else {"version": version})

    saved = await post_form(librarian_client, f"/attendance/{session}", fields, htmx=False)
    removed = await post_form(librarian_client, f"/attendance/{session}/remove", {"version": version or ""}, htmx=False)

    assert (saved.status_code, removed.status_code) == (409, 409)
    assert [(row["total"], row["version"]) for row in await Attendance.select(Attendance.total, Attendance.version)] == [(25, 1)]


async def test_correction_from_the_row_raises_the_version(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])

    form = await librarian_client.get(f"/attendance/{session}/row-form", headers={"HX-Request": "true"})
    await post_form(librarian_client, f"/attendance/{session}", {"context": "row", "version": "1", "total": "27"})

    page = await librarian_client.get(f"/items/{await item_of(session)}")
    assert 'name="total" value="25"' in form.text and 'name="version" value="1"' in form.text
    assert await Attendance.select(Attendance.total, Attendance.version).first() == {"total": 27, "version": 2}
    assert "laboja apmeklējumu" in page.text and "Apmeklētāji kopā: 25 → 27" in page.text


async def test_saving_without_the_csrf_token_is_refused(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)

    response = await librarian_client.post(f"/attendance/{session}", data={"version": "0", "total": "30"})

    assert response.status_code == 403
    assert await Attendance.count() == 0


@pytest.mark.parametrize("method, path", [("GET", ""), ("GET", "/row-form"), ("GET", "/row"), ("POST", "")])
async def test_another_branchs_session_is_not_found(client, librarian, branch, other_librarian, method, path):
    session = await plan(branch["id"], librarian)
    await login(client, other_librarian)

    url = f"/attendance/{session}{path}"
    response = await (client.get(url) if method == "GET" else post_form(client, url, {"version": "0", "total": "30"}))

    assert response.status_code == 404
    assert await Attendance.count() == 0


async def test_item_page_offers_to_record_each_ended_session(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, repeat="weekly", weekdays=["0"], count="2")
    item_id = await item_of(session)
    await record_attendance(session, {"total": "14", "children": "14"}, librarian["id"])

    response = await librarian_client.get(f"/items/{item_id}")

    assert '<h2>Apmeklējums</h2>' in response.text
    assert ("Apmeklētāji kopā: <strong>14</strong> · Bērni līdz 18 g.: <strong>14</strong> · Pieaugušie: <strong>0</strong> · "
            "Tiešsaistē: <strong>0</strong>") in response.text
    assert f'href="/attendance/{session}?next=/items/{item_id}">Labot' in response.text
    assert "Nav ierakstīts" in response.text


async def test_attendance_form_in_english(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, kind="book_start", book_start_group="Pūčulēnu skola")
    librarian_client.cookies.set("afisa_lang", "en")

    response = await librarian_client.get(f"/attendance/{session}")

    assert "<h1>Attendance: Dzejas vakars</h1>" in response.text
    assert "Accompanying adults" in response.text and "Kits handed out" in response.text


async def test_reminder_task_mails_once_however_often_it_wakes(db, branch, librarian):
    import asyncio

    from app.attendance.reminders import run_attendance_reminders
    from app.kernel.settings import Settings
    from models.kernel.network_tables import Staff
    from models.kernel.tables import MailMessage

    await Staff.update({Staff.email: "maija@rozupe.lv"}).where(Staff.id == librarian["id"])
    await plan(branch["id"], librarian)
    settings = Settings(attendance_reminder_hour=0, extra={"attendance_reminder_seconds": 0.01})

    task = asyncio.create_task(run_attendance_reminders(settings))
    for _ in range(500):
        await asyncio.sleep(0.01)
        if await MailMessage.count():
            break
    await asyncio.sleep(0.1)  # a few more wake-ups
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)

    assert await MailMessage.count() == 1


# --- removing attendance recorded by mistake -----------------------------------------------------

async def test_form_page_of_a_recorded_session_offers_to_remove_it(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    item_id = await item_of(session)
    await record_attendance(session, {"total": "25"}, librarian["id"])

    recorded = await librarian_client.get(f"/attendance/{session}?next=/items/{item_id}")
    blank = await librarian_client.get(f"/attendance/{await plan(branch['id'], librarian, start_date='03.11.2026.')}")

    assert f'href="/attendance/{session}/remove?next=/items/{item_id}" role="button"' in recorded.text
    assert "Dzēst apmeklējumu" not in blank.text


async def test_remove_round_trip_asks_first_then_removes(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, status="published")
    item_id = await item_of(session)
    await record_attendance(session, {"total": "25", "children": "5"}, librarian["id"])

    question = await librarian_client.get(f"/attendance/{session}/remove?next=/items/{item_id}")
    assert await Attendance.count() == 1
    token = await csrf_token(librarian_client)
    response = await librarian_client.post(f"/attendance/{session}/remove", data={
        "_csrf_token": token, "version": "1", "next": f"/items/{item_id}"})

    assert question.status_code == 200
    assert "<h1>Dzēst apmeklējumu: Dzejas vakars</h1>" in question.text
    assert "Apmeklētāji kopā: <strong>25</strong> · Bērni līdz 18 g.: <strong>5</strong>" in question.text
    assert f'<form method="post" action="/attendance/{session}/remove">' in question.text
    assert 'name="_csrf_token"' in question.text and 'name="version" value="1"' in question.text
    assert response.status_code == 200
    assert response.url.path == f"/attendance/{session}"
    assert "Apmeklējums izdzēsts." in response.text and 'name="total" value=""' in response.text
    assert f'name="next" value="/items/{item_id}"' in response.text
    assert await Attendance.count() == 0
    assert (await Item.select(Item.status).first())["status"] == "published"


async def test_remove_with_htmx_redirects_the_client(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])

    response = await post_form(librarian_client, f"/attendance/{session}/remove", {"version": "1", "next": "/attendance"})

    assert response.status_code == 200
    assert response.headers["hx-redirect"] == f"/attendance/{session}?removed=1&next=/attendance"
    assert await Attendance.count() == 0


async def test_removal_shows_in_the_item_history(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    item_id = await item_of(session)
    await record_attendance(session, {"total": "25", "children": "5"}, librarian["id"])
    await post_form(librarian_client, f"/attendance/{session}/remove", {"version": "1"}, htmx=False)

    page = await librarian_client.get(f"/items/{item_id}")

    assert "<strong>Maija Jasinska</strong>: izdzēsa apmeklējumu" in page.text
    assert "<li>reize: 02.11.2026. 17:00</li><li>kopā: 25 → —</li><li>bērni: 5 → —</li><li>pieaugušie: 20 → —</li><li>tiešsaistē: 0 → —</li>" in page.text


async def test_removal_in_english(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    item_id = await item_of(session)
    await record_attendance(session, {"total": "25"}, librarian["id"])
    librarian_client.cookies.set("afisa_lang", "en")

    question = await librarian_client.get(f"/attendance/{session}/remove")
    await post_form(librarian_client, f"/attendance/{session}/remove", {"version": "1"}, htmx=False)
    page = await librarian_client.get(f"/items/{item_id}")

    assert "<h1>Remove attendance: Dzejas vakars</h1>" in question.text and "Yes, remove the attendance" in question.text
    assert "removed attendance" in page.text and "<li>session: 02.11.2026. 17:00</li><li>total: 25 → —</li>" in page.text


async def test_remove_with_a_stale_version_is_refused(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])
    await record_attendance(session, {"total": "27"}, librarian["id"])

    response = await post_form(librarian_client, f"/attendance/{session}/remove", {"version": "1"}, htmx=False)

    assert response.status_code == 409
    assert "kāds cits saglabāja šo ierakstu" in response.text
    assert "Apmeklētāji kopā: <strong>27</strong>" in response.text and 'name="version" value="2"' in response.text
    assert await Attendance.count() == 1


async def test_remove_of_a_session_without_attendance_says_so(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)

    question = await librarian_client.get(f"/attendance/{session}/remove", follow_redirects=False)
    response = await post_form(librarian_client, f"/attendance/{session}/remove", {"version": "1"}, htmx=False)

    assert (question.status_code, question.headers["location"]) == (303, f"/attendance/{session}?next=/attendance")
    assert response.status_code == 409
    assert "Šai reizei apmeklējums nav ierakstīts." in response.text


async def test_remove_without_the_csrf_token_is_refused(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])

    response = await librarian_client.post(f"/attendance/{session}/remove", data={"version": "1"})

    assert response.status_code == 403
    assert await Attendance.count() == 1


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_remove_of_another_branchs_session_is_not_found(client, librarian, branch, other_librarian, method):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])
    await login(client, other_librarian)

    url = f"/attendance/{session}/remove"
    response = await (client.get(url) if method == "GET" else post_form(client, url, {"version": "1"}))

    assert response.status_code == 404
    assert await Attendance.count() == 1


async def test_coordinator_can_remove_a_branchs_attendance(client, coordinator, librarian, branch):
    session = await plan(branch["id"], librarian)
    await record_attendance(session, {"total": "25"}, librarian["id"])
    await login(client, coordinator)

    response = await post_form(client, f"/attendance/{session}/remove", {"version": "1"}, htmx=False)

    assert response.status_code == 200
    assert await Attendance.count() == 0


# --- the reminder in the app leads to the dashboard ----------------------------------------------

async def test_attendance_reminder_notification_links_to_the_dashboard(librarian_client, librarian, branch):
    from models.kernel.clock import utcnow
    from models.kernel.tables import Notification

    details = {"count": 2, "oldest_day": "02.11.2026.", "oldest_title": "Dzejas vakars"}
    await Notification.insert(
        Notification(staff=librarian["id"], kind="attendance_missing", details=details, text="Trūkst apmeklējuma: 2 reizēm", created_at=utcnow()),
        Notification(staff=librarian["id"], kind="partner_answered", text="Cits paziņojums", created_at=utcnow()))

    latvian = await librarian_client.get("/notifications")
    librarian_client.cookies.set("afisa_lang", "en")
    english = await librarian_client.get("/notifications")

    assert '<a href="/attendance">Trūkst apmeklējuma: 2 reizēm, vecākā 02.11.2026. „Dzejas vakars”.</a>' in latvian.text
    assert '<a href="/attendance">Attendance missing: 2 sessions, the oldest 02.11.2026. “Dzejas vakars”.</a>' in english.text
    assert "Cits paziņojums\n" in latvian.text and '">Cits paziņojums</a>' not in latvian.text


# --- a recorded session cannot vanish through the API or the session's cancel button --------------
# (these need app/planning/api.py and app/planning/items.py to turn ValidationFailed into 422)

async def api(client, method: str, url: str, body: dict):
    return await client.request(method, url, json=body, headers={"x-csrftoken": await csrf_token(client)})


def lesson_body(branch_id: int, **overrides) -> dict:
    """Monday lessons from 02.11.2026, three of them, as the API takes them."""
    body = {"kind": "lesson", "title": "Dzejas vakars", "lesson_class": "3.a", "branch_id": branch_id, "start_date": "2026-11-02",
            "start_time": "17:00", "end_time": "18:30", "status": "planned", "repeat": "weekly", "weekdays": [0], "count": 3,
            "version": 1, "override_warnings": True}
    body.update(overrides)
    return body


async def test_api_series_edit_dropping_a_recorded_session_answers_422(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, kind="lesson", lesson_class="3.a", repeat="weekly", weekdays=["0"], count="3")
    item_id = await item_of(session)
    await record_attendance(session, {"total": "20"}, librarian["id"])

    response = await api(librarian_client, "PUT", f"/api/v1/items/{item_id}", lesson_body(branch["id"], start_date="2026-11-03", weekdays=[1]))

    assert response.status_code == 422
    assert response.json() == {"errors": {"repeat": "Šīs izmaiņas izdzēstu vai pārceltu uz nākotni reizes, kurām jau ir ierakstīts apmeklējums: "
                                                    "02.11.2026. Ja tās nenotika, vispirms izdzēsiet to apmeklējumu (apmeklējuma lapā)."}}
    assert await Attendance.count() == 1
    assert (await Item.select(Item.starts_at, Item.version).first())["version"] == 1


async def test_api_series_edit_of_unrecorded_sessions_keeps_the_attendance(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, kind="lesson", lesson_class="3.a", repeat="weekly", weekdays=["0"], count="3")
    item_id = await item_of(session)
    await record_attendance(session, {"total": "20"}, librarian["id"])

    response = await api(librarian_client, "PUT", f"/api/v1/items/{item_id}", lesson_body(branch["id"], count=2))

    assert response.status_code == 200
    assert await Occurrence.count().where(Occurrence.item == item_id) == 2
    assert await Attendance.count() == 1


@pytest.mark.parametrize("body, field", [({"cancelled": True}, "cancelled"), ({"starts_at": "2099-11-02T17:00:00"}, "starts_at")])
async def test_api_cancelling_or_moving_a_recorded_session_answers_422(librarian_client, librarian, branch, body, field):
    session = await plan(branch["id"], librarian, repeat="weekly", weekdays=["0"], count="2")
    await record_attendance(session, {"total": "20"}, librarian["id"])

    response = await api(librarian_client, "PATCH", f"/api/v1/occurrences/{session}", {**body, "override_warnings": True})

    assert response.status_code == 422
    assert response.json() == {"errors": {field: "Šai reizei (02.11.2026.) jau ir ierakstīts apmeklējums, tāpēc to nevar atcelt vai pārcelt "
                                                 "uz nākotni. Ja tā nenotika, vispirms izdzēsiet tās apmeklējumu (apmeklējuma lapā)."}}
    assert await Occurrence.select(Occurrence.starts_at, Occurrence.cancelled).where(Occurrence.id == session).first() == {
        "starts_at": at("02.11.2026 17:00"), "cancelled": False}


async def test_cancel_button_of_a_recorded_session_says_why(librarian_client, librarian, branch):
    session = await plan(branch["id"], librarian, repeat="weekly", weekdays=["0"], count="2")
    await record_attendance(session, {"total": "20"}, librarian["id"])

    response = await post_form(librarian_client, f"/occurrences/{session}/cancel", {})

    assert response.status_code == 422
    assert "Šai reizei (02.11.2026.) jau ir ierakstīts apmeklējums, tāpēc to nevar atcelt vai pārcelt uz nākotni." in response.text
    assert (await Occurrence.select(Occurrence.cancelled).where(Occurrence.id == session).first())["cancelled"] is False
