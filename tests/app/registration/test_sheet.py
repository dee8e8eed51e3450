"""The sign-in sheet of a session (A4, its PDF through the server's Chromium or a page that says to
print it from the browser), the tick "came" of one session on the librarian's list in place (a
series' sessions ticked apart, the counter per session), and the attendance form of a session
prefilled from who came to that session, recorded only when the librarian saves it."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from models.kernel.registration_tables import Registration, RegistrationMark
from models.kernel.tables import Attendance, Occurrence
from tests.app.conftest import csrf_token, login, post_form
from tests.app.registration import register_form, turn_on, workshop

pytestmark = pytest.mark.clock("25.11.2026 12:00")

NAMES = re.compile(r'<td class="col-name">([^<]*)</td>')
OOB_COUNT = re.compile(r'<p id="came-count" class="came-count" role="status" hx-swap-oob="true">(.*?)</p>')
NUMBERS = re.compile(r'<td class="col-number">(\d+)\.</td>')
COUNT = re.compile(r'<p id="came-count" class="came-count" role="status">(.*?)</p>')
SELECTED = re.compile(r'<option value="(\d+)" selected>')


async def _item_with_three(client, branch, librarian, **setup) -> tuple[int, int, list[int]]:
    """The workshop with 4 places: Anna (2) and Juris (1) registered, Ilze (2) waiting."""
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, **setup)
    for name, party in (("Anna Liepa", "2"), ("Juris Kalns", "1"), ("Ilze Ozola", "2")):
        await register_form(client, item_id, name=name, party=party, **({"age_band": "3 gadi"} if setup else {}))
    session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]
    ids = [row["id"] for row in await Registration.select(Registration.id).order_by(Registration.id)]
    return item_id, session, ids


async def _tick(client, item_id: int, registration_id: int, came: str, *, session: int | None = None, htmx: bool = True):
    """The tick at `session` (by default the item's first)."""
    if session is None:
        session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at).first())["id"]
    return await post_form(client, f"/items/{item_id}/registrations/{registration_id}/came", {"came": came, "session": str(session), "n": "1"},
                           htmx=htmx)


async def _marks() -> list[tuple[int, int, bool]]:
    """(registration, session, came) of every tick."""
    rows = await RegistrationMark.select(RegistrationMark.registration, RegistrationMark.occurrence, RegistrationMark.came).order_by(
        RegistrationMark.registration).order_by(RegistrationMark.occurrence)
    return [(row["registration"], row["occurrence"], bool(row["came"])) for row in rows]


async def test_sheet_lists_the_registered_blank_rows_and_the_waiting_list(librarian_client, branch, librarian):
    item_id, session, _ = await _item_with_three(librarian_client, branch, librarian, ask_age_band="on")

    page = await librarian_client.get(f"/items/{item_id}/registrations/sheet?session={session}")
    roster = await librarian_client.get(f"/items/{item_id}/registrations")

    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert NAMES.findall(page.text) == ["Anna Liepa", "Juris Kalns"] + [""] * 18
    assert NUMBERS.findall(page.text) == [str(n) for n in range(1, 21)]
    assert "ceturtdiena, 03.12.2026. 17:00–18:30" in page.text
    assert '<th scope="col" class="col-age">Bērna vecums</th>' in page.text
    assert "<li>Ilze Ozola (2 cilvēki)</li>" in page.text
    assert 'href="/static/css/registration-sheet.css"' in page.text and "<style" not in page.text
    assert f'href="/items/{item_id}/registrations/sheet?session={session}"' in roster.text


async def test_sheet_of_a_session_of_another_item_is_404_and_without_a_session_the_next(librarian_client, branch, librarian):
    item_id, session, _ = await _item_with_three(librarian_client, branch, librarian)
    other = await workshop(branch, librarian, title="Dzejas dienas")
    other_session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == other).first())["id"]

    wrong = await librarian_client.get(f"/items/{item_id}/registrations/sheet?session={other_session}")
    without_setup = await librarian_client.get(f"/items/{other}/registrations/sheet?session={other_session}")
    next_one = await librarian_client.get(f"/items/{item_id}/registrations/sheet")

    assert (wrong.status_code, without_setup.status_code, next_one.status_code) == (404, 404, 200)
    assert f"sheet?session={session}&amp;format=pdf" in next_one.text


@pytest.mark.parametrize("session", ["abc", "12345678901", "-1", "²"])
async def test_sheet_of_a_mistyped_session_is_404_not_another_sessions_sheet(librarian_client, branch, librarian, session):
    item_id, _, _ = await _item_with_three(librarian_client, branch, librarian)

    response = await librarian_client.get(f"/items/{item_id}/registrations/sheet", params={"session": session})

    assert response.status_code == 404


async def test_sheet_pdf_without_chromium_says_to_print_from_the_browser(librarian_client, branch, librarian):
    item_id, session, _ = await _item_with_three(librarian_client, branch, librarian)
    librarian_client.app.state.settings = replace(librarian_client.app.state.settings, chromium="")

    response = await librarian_client.get(f"/items/{item_id}/registrations/sheet?session={session}&format=pdf")

    assert response.status_code == 503
    assert "PDF šobrīd nevar izveidot. Atveriet lapu un izdrukājiet to no pārlūka (Drukāt → Saglabāt kā PDF)." in response.text
    assert f'href="/items/{item_id}/registrations/sheet?session={session}"' in response.text


async def test_sheet_pdf_with_a_stand_in_chromium(librarian_client, branch, librarian, tmp_path):
    printer = tmp_path / "chromium"
    printer.write_text('#!/bin/sh\nfor a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done\n'
                       'printf "%%PDF-1.4 stand-in" > "$out"\n')
    printer.chmod(0o755)
    item_id, session, _ = await _item_with_three(librarian_client, branch, librarian)
    librarian_client.app.state.settings = replace(librarian_client.app.state.settings, chromium=str(printer))

    response = await librarian_client.get(f"/items/{item_id}/registrations/sheet?session={session}&format=pdf")

    assert (response.status_code, response.content) == (200, b"%PDF-1.4 stand-in")
    assert response.headers["content-disposition"] == f'attachment; filename="pieteikumi-{item_id}-2026-12-03.pdf"'


@pytest.mark.parametrize("method, path", [
    ("GET", "/items/{item}/registrations/sheet?session={session}"), ("GET", "/items/{item}/registrations/sheet?session={session}&format=pdf"),
    ("POST", "/items/{item}/registrations/{registration}/came"),
])
async def test_librarian_of_another_library_gets_403(client, branch, librarian, other_librarian, method, path):
    item_id, session, ids = await _item_with_three(client, branch, librarian)
    await login(client, other_librarian)

    response = await client.request(method, path.format(item=item_id, session=session, registration=ids[0]),
                                    data={"came": "1", "session": str(session)} if method == "POST" else None,
                                    headers={"x-csrftoken": await csrf_token(client)})

    assert response.status_code == 403
    assert await _marks() == []


async def test_coordinator_sees_the_sheet(client, branch, librarian, coordinator):
    item_id, session, _ = await _item_with_three(client, branch, librarian)
    await login(client, coordinator)

    response = await client.get(f"/items/{item_id}/registrations/sheet?session={session}")

    assert response.status_code == 200


async def test_tick_came_answers_the_row_and_the_counter_out_of_band(librarian_client, branch, librarian):
    item_id, session, ids = await _item_with_three(librarian_client, branch, librarian)

    ticked = await _tick(librarian_client, item_id, ids[0], "1")
    again = await _tick(librarian_client, item_id, ids[1], "0")
    roster = await librarian_client.get(f"/items/{item_id}/registrations")

    assert ticked.status_code == 200
    assert f'<tr id="reg-{ids[0]}">' in ticked.text and 'aria-pressed="true"' in ticked.text
    assert 'name="came" value="0"' in ticked.text and 'hx-target="closest tr"' in ticked.text
    # once anybody is marked, the registered not ticked did not come
    assert OOB_COUNT.findall(ticked.text) == ["Atnāca: 2 cilvēki no 3 · Neieradās: 1"]
    assert OOB_COUNT.findall(again.text) == ["Atnāca: 2 cilvēki no 3 · Neieradās: 1"]
    assert f'<tr id="reg-{ids[1]}">' in again.text and 'aria-pressed="false"' in again.text
    assert f'name="session" value="{session}"' in ticked.text
    assert await _marks() == [(ids[0], session, True), (ids[1], session, False)]
    assert 'Atnāca: 2 cilvēki no 3 · Neieradās: 1</p>' in roster.text and "hx-swap-oob" not in roster.text
    # one session: no choice of sessions on the list
    assert 'name="session" id' not in roster.text and '<select id="came-session"' not in roster.text


async def test_tick_without_javascript_goes_back_to_the_list_and_a_waiting_one_is_404(librarian_client, branch, librarian):
    item_id, session, ids = await _item_with_three(librarian_client, branch, librarian)
    other = await workshop(branch, librarian, title="Dzejas dienas")
    other_session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == other).first())["id"]

    plain = await _tick(librarian_client, item_id, ids[0], "1", htmx=False)
    waiting = await _tick(librarian_client, item_id, ids[2], "1")
    elsewhere = await _tick(librarian_client, item_id, ids[1], "1", session=other_session)
    unnamed = await post_form(librarian_client, f"/items/{item_id}/registrations/{ids[1]}/came", {"came": "1", "n": "1"})

    assert plain.status_code == 200 and plain.url.path == f"/items/{item_id}/registrations"
    assert plain.url.params["session"] == str(session)
    assert (waiting.status_code, elsewhere.status_code, unnamed.status_code) == (404, 404, 404)
    assert await _marks() == [(ids[0], session, True)]


async def _cycle_with_two(client, branch, librarian) -> tuple[int, list[int], list[int]]:
    """A Book Start cycle of three Thursdays (03.12., 10.12., 17.12.2026 17:00): Anna (2) and Juris (1)."""
    item_id = await workshop(branch, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await turn_on(item_id, librarian, capacity="10")
    for name, party in (("Anna Liepa", "2"), ("Juris Kalns", "1")):
        await register_form(client, item_id, name=name, party=party)
    sessions = [row["id"] for row in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)]
    ids = [row["id"] for row in await Registration.select(Registration.id).order_by(Registration.id)]
    return item_id, sessions, ids


async def test_a_series_list_ticks_the_chosen_session_with_its_own_counter(librarian_client, branch, librarian):
    item_id, (first, second, third), (anna, juris) = await _cycle_with_two(librarian_client, branch, librarian)
    await _tick(librarian_client, item_id, anna, "1", session=first)

    by_default = await librarian_client.get(f"/items/{item_id}/registrations")
    chosen = await librarian_client.get(f"/items/{item_id}/registrations?session={second}")
    ticked = await _tick(librarian_client, item_id, juris, "1", session=second)
    after = await librarian_client.get(f"/items/{item_id}/registrations?session={second}")
    first_after = await librarian_client.get(f"/items/{item_id}/registrations?session={first}")
    unknown = await librarian_client.get(f"/items/{item_id}/registrations?session={third + 999}")
    garbled = await librarian_client.get(f"/items/{item_id}/registrations?session=x")

    # nothing has started yet (25.11.): the first session; Anna ticked there
    assert SELECTED.findall(by_default.text) == [str(first)] and '<select id="came-session" name="session">' in by_default.text
    assert COUNT.findall(by_default.text) == ["Atnāca: 2 cilvēki no 3 · Neieradās: 1"]
    assert f'name="session" value="{first}"' in by_default.text and "Atnāca 03.12.2026." in by_default.text
    # the second session: nobody ticked there yet, every row's tick is for it
    assert SELECTED.findall(chosen.text) == [str(second)] and COUNT.findall(chosen.text) == ["Atnāca: 0 cilvēku no 3"]
    assert chosen.text.count(f'name="session" value="{second}"') == 2 and 'aria-pressed="true"' not in chosen.text
    assert "Atnāca 10.12.2026." in chosen.text
    assert ticked.status_code == 200 and OOB_COUNT.findall(ticked.text) == ["Atnāca: 1 cilvēks no 3 · Neieradās: 2"]
    assert f'<tr id="reg-{juris}">' in ticked.text and 'aria-pressed="true"' in ticked.text and f'name="session" value="{second}"' in ticked.text
    assert COUNT.findall(after.text) == ["Atnāca: 1 cilvēks no 3 · Neieradās: 2"]
    assert COUNT.findall(first_after.text) == ["Atnāca: 2 cilvēki no 3 · Neieradās: 1"]
    assert await _marks() == [(anna, first, True), (juris, second, True)]
    assert (unknown.status_code, garbled.status_code) == (404, 404)


@pytest.mark.clock("10.12.2026 19:00")
async def test_a_series_list_starts_on_todays_session(librarian_client, branch, librarian):
    item_id = await workshop(branch, librarian, title="Grāmatu starts", repeat="weekly", count="3")
    await turn_on(item_id, librarian, capacity="10")
    second = [row["id"] for row in await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).order_by(Occurrence.starts_at)][1]

    page = await librarian_client.get(f"/items/{item_id}/registrations")

    assert SELECTED.findall(page.text) == [str(second)]
    assert f"/attendance/{second}?next=/items/{item_id}/registrations%3Fsession%3D{second}" in page.text


async def _held_yesterday(item_id: int) -> int:
    """The workshop's session moved to yesterday, so that its attendance can be recorded."""
    await Occurrence.update({Occurrence.starts_at: datetime(2026, 11, 24, 17, 0), Occurrence.ends_at: datetime(2026, 11, 24, 18, 30)}).where(
        Occurrence.item == item_id)
    return (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]


async def test_attendance_form_is_prefilled_from_who_came_and_recorded_only_when_saved(librarian_client, branch, librarian):
    item_id, _, ids = await _item_with_three(librarian_client, branch, librarian)
    await _tick(librarian_client, item_id, ids[0], "1")
    await _tick(librarian_client, item_id, ids[1], "0")
    session = await _held_yesterday(item_id)

    form = await librarian_client.get(f"/attendance/{session}")
    row_form = await librarian_client.get(f"/attendance/{session}/row-form", headers={"HX-Request": "true"})
    recorded_before = await Attendance.count()
    saved = await post_form(librarian_client, f"/attendance/{session}", {"total": "3", "children": "", "adults": "", "online": "", "version": "0"},
                            htmx=False)
    after = await librarian_client.get(f"/attendance/{session}")

    assert "Aizpildīts no pieteikumiem: atnāca 2 no 3 pieteiktajiem." in form.text
    assert f'id="att-{session}-total" name="total" value="2"' in form.text
    assert f'id="att-{session}-total" name="total" value="2"' in row_form.text and "atnāca 2 no 3" in row_form.text
    assert recorded_before == 0
    assert saved.status_code == 200
    assert (await Attendance.select(Attendance.total).first()) == {"total": 3}
    assert "Aizpildīts no pieteikumiem" not in after.text and f'id="att-{session}-total" name="total" value="3"' in after.text


async def test_attendance_form_without_ticks_is_not_prefilled(librarian_client, branch, librarian):
    item_id, _, _ = await _item_with_three(librarian_client, branch, librarian)
    session = await _held_yesterday(item_id)

    form = await librarian_client.get(f"/attendance/{session}")

    assert "Aizpildīts no pieteikumiem" not in form.text
    assert f'id="att-{session}-total" name="total" value=""' in form.text


async def test_attendance_form_of_a_series_session_is_prefilled_from_that_sessions_ticks_only(librarian_client, branch, librarian):
    item_id, (first, second, _), (anna, juris) = await _cycle_with_two(librarian_client, branch, librarian)
    await _tick(librarian_client, item_id, anna, "1", session=first)
    await _tick(librarian_client, item_id, juris, "0", session=first)
    # the first two sessions held last week and yesterday
    for session, day in ((first, 17), (second, 24)):
        await Occurrence.update({Occurrence.starts_at: datetime(2026, 11, day, 17, 0), Occurrence.ends_at: datetime(2026, 11, day, 18, 30)}).where(
            Occurrence.id == session)

    first_form = await librarian_client.get(f"/attendance/{first}")
    second_before = await librarian_client.get(f"/attendance/{second}")
    await _tick(librarian_client, item_id, juris, "1", session=second)
    second_after = await librarian_client.get(f"/attendance/{second}")

    assert "Aizpildīts no pieteikumiem: atnāca 2 no 3 pieteiktajiem." in first_form.text
    assert f'id="att-{first}-total" name="total" value="2"' in first_form.text
    assert "Aizpildīts no pieteikumiem" not in second_before.text
    assert f'id="att-{second}-total" name="total" value=""' in second_before.text
    assert "Aizpildīts no pieteikumiem: atnāca 1 no 3 pieteiktajiem." in second_after.text
    assert f'id="att-{second}-total" name="total" value="1"' in second_after.text
    assert await Attendance.count() == 0
