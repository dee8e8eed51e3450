"""The JSON API under /api/v1: every route's answers, its refusals, and its OpenAPI document."""
from __future__ import annotations

from typing import Any

import pytest

from models.kernel.clock import local_today
from models.planning.programme import create_item
from models.planning.queries import item_history
from models.kernel.tables import Item, Occurrence, Partner
from models.planning.validation import validate_item
from tests.app.conftest import csrf_token, login
from tests.conftest import make_place

STALE_LV = "Kamēr jūs labojāt, kāds cits saglabāja šo ierakstu. Jūsu izmaiņas nav saglabātas: atveriet to no jauna."
FORBIDDEN = {"status_code": 403, "detail": "Jūs varat plānot tikai savas bibliotēkas programmu."}
NOT_FOUND = {"status_code": 404, "detail": "Šāda lapa vai ieraksts nav atrasts."}
SIGNED_OUT = {"status_code": 401, "detail": "Lūdzu, piesakieties."}
BAD_REQUEST_DETAIL = "Pieprasījumā ir kļūda. Pārbaudiet ievadīto un mēģiniet vēlreiz."


def event_body(branch: int, place: int | None = None, **overrides: Any) -> dict[str, Any]:
    """A story afternoon in the reading room on Tuesday, 1 December 2026 (no holiday, no break)."""
    body: dict[str, Any] = {
        "kind": "event", "title": "Stāstu pēcpusdiena", "description": "Lasām priekšā bērniem",
        "branch_id": branch, "place_id": place, "start_date": "2026-12-01", "start_time": "14:00",
        "end_time": "15:30", "audiences": ["children"], "status": "planned",
    }
    body.update(overrides)
    return body


def series_body(branch: int, place: int, **overrides: Any) -> dict[str, Any]:
    """Three Tuesday lessons before the winter break: 1, 8 and 15 December 2026."""
    return event_body(branch, place, **{"kind": "lesson", "title": "Bibliotekārā stunda 3. klasei", "lesson_class": "3.a",
                                         "repeat": "weekly", "weekdays": [1], "count": 3, **overrides})


async def send(client, method: str, url: str, body: Any = None):
    """An unsafe request as a script sends it: JSON body and the CSRF header."""
    headers = {"x-csrftoken": await csrf_token(client)}
    return await client.request(method, url, json=body, headers=headers)


async def create(client, body: dict) -> dict:
    response = await send(client, "POST", "/api/v1/items", body)
    assert response.status_code == 201, response.text
    return response.json()


async def history_actions(item_id: int) -> list[str]:
    return [row["action"] for row in await item_history(item_id)]


@pytest.fixture
async def other_item(other_branch, other_librarian) -> int:
    """An item of the Rudzāti branch, planned by its own librarian."""
    draft = await validate_item(event_body(other_branch["id"], title="Rudzātu pasākums"), other_librarian)
    return await create_item(draft, other_librarian["id"])


@pytest.fixture
async def other_occurrence(other_item) -> int:
    row = await Occurrence.select(Occurrence.id).where(Occurrence.item == other_item).first()
    return row["id"]


@pytest.fixture
async def series(librarian_client, branch, reading_room) -> dict:
    return await create(librarian_client, series_body(branch["id"], reading_room["id"]))


# --- sign-in ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "url"), [
    ("GET", "/api/v1/me"), ("GET", "/api/v1/branches"), ("GET", "/api/v1/places"), ("GET", "/api/v1/partners"),
    ("GET", "/api/v1/items"), ("GET", "/api/v1/items/1"), ("POST", "/api/v1/items"), ("PUT", "/api/v1/items/1"),
    ("POST", "/api/v1/items/1/status"), ("POST", "/api/v1/items/1/duplicate"), ("PATCH", "/api/v1/occurrences/1"),
])
async def test_route_signed_out_answers_401_json(client, method, url):
    response = await send(client, method, url, {} if method != "GET" else None)

    assert response.status_code == 401
    assert response.json() == SIGNED_OUT


async def test_unsafe_request_without_csrf_header_is_refused(librarian_client, branch, reading_room):
    response = await librarian_client.post("/api/v1/items", json=event_body(branch["id"], reading_room["id"]))

    assert response.status_code == 403
    assert response.json() == {"status_code": 403, "detail": "Drošības pārbaude neizdevās (iespējams, lapa bija atvērta pārāk ilgi). Pārlādējiet lapu un mēģiniet vēlreiz."}
    assert await Item.count() == 0


# --- me and the reference lists ---------------------------------------------------------------------

async def test_me_signed_in_answers_own_data_without_password_hash(librarian_client, librarian, branch):
    response = await librarian_client.get("/api/v1/me")

    assert response.status_code == 200
    assert response.json() == {
        "id": librarian["id"], "username": "maija", "display_name": "Maija Jasinska", "role": "librarian",
        "branch": branch["id"], "language": "lv",
    }


async def test_branches_signed_in_lists_every_branch(librarian_client, branch, other_branch):
    response = await librarian_client.get("/api/v1/branches")

    assert response.status_code == 200
    assert [(b["id"], b["short_name"], b["slug"]) for b in response.json()] == [
        (branch["id"], "Rožupe", "rozupe"), (other_branch["id"], "Rudzāti", "rudzati"),
    ]


async def test_places_with_branch_lists_only_that_branch(librarian_client, branch, other_branch, reading_room, care_centre):
    await make_place(other_branch["id"], "Rudzātu lasītava")

    response = await librarian_client.get(f"/api/v1/places?branch={branch['id']}")

    assert response.status_code == 200
    assert response.json() == [
        {"id": reading_room["id"], "branch_id": branch["id"], "name": "Lasītava", "kind": "room", "address": ""},
        {"id": care_centre["id"], "branch_id": branch["id"], "name": "Sociālās aprūpes centrs „Rožlejas”", "kind": "service_point", "address": ""},
    ]


async def test_places_without_branch_lists_every_branch(librarian_client, branch, other_branch, reading_room):
    other_room = await make_place(other_branch["id"], "Rudzātu lasītava")

    response = await librarian_client.get("/api/v1/places")

    assert sorted(p["id"] for p in response.json()) == sorted([reading_room["id"], other_room["id"]])


async def test_partners_signed_in_lists_active_partners(librarian_client, school):
    await Partner.insert(Partner(name="Bijušais partneris", type="other", active=False))

    response = await librarian_client.get("/api/v1/partners")

    assert response.status_code == 200
    assert response.json() == [{"id": school["id"], "name": "Rožupes pamatskola", "type": "school", "branch_id": None}]


# --- reading items ----------------------------------------------------------------------------------

async def test_items_range_lists_items_with_their_sessions_in_range(librarian_client, series):
    response = await librarian_client.get("/api/v1/items?from=2026-12-05&to=2026-12-16")

    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"]) == ("2026-12-05", "2026-12-16")
    assert [item["id"] for item in body["items"]] == [series["id"]]
    assert [(o["starts_at"], o["ends_at"]) for o in body["items"][0]["occurrences"]] == [
        ("2026-12-08T14:00:00+02:00", "2026-12-08T15:30:00+02:00"), ("2026-12-15T14:00:00+02:00", "2026-12-15T15:30:00+02:00"),
    ]


async def test_items_without_range_lists_this_month(librarian_client, branch, librarian):
    today = local_today().isoformat()
    draft = await validate_item(event_body(branch["id"], start_date=today), librarian)
    item_id = await create_item(draft, librarian["id"])

    response = await librarian_client.get("/api/v1/items")

    body = response.json()
    assert body["from"] == local_today().replace(day=1).isoformat()
    assert [item["id"] for item in body["items"]] == [item_id]


async def test_item_answer_has_the_body_keys_and_sessions(librarian_client, branch, reading_room, school, librarian):
    body = event_body(branch["id"], reading_room["id"], partners=[{"partner_id": school["id"], "role": "host"}],
                      responsible_id=librarian["id"])
    created = await create(librarian_client, body)

    response = await librarian_client.get(f"/api/v1/items/{created['id']}")

    assert response.status_code == 200
    item = response.json()
    occurrences = item.pop("occurrences")
    uid, updated_at = item.pop("uid"), item.pop("updated_at")
    assert (uid.endswith("@afisa"), updated_at.endswith("Z")) == (True, True)
    assert item == {
        "id": created["id"], "kind": "event", "title": "Stāstu pēcpusdiena", "description": "Lasām priekšā bērniem",
        "branch_id": branch["id"], "place_id": reading_room["id"], "all_day": False,
        "starts_at": "2026-12-01T14:00:00+02:00", "ends_at": "2026-12-01T15:30:00+02:00", "start_date": "2026-12-01",
        "start_time": "14:00", "end_date": "2026-12-01", "end_time": "15:30", "repeat": "none", "interval": 1,
        "weekdays": [], "monthly_mode": "day", "until": None, "count": None, "rrule": "", "audiences": ["children"],
        "partners": [{"partner_id": school["id"], "name": "Rožupes pamatskola", "role": "host", "confirmation": "not_asked"}],
        "responsible_id": librarian["id"], "is_public": True, "status": "planned", "lesson_class": "", "lesson_teacher": "",
        "literacy_area": "", "book_start_group": "", "age_band": "", "exhibition_form": "", "delivery_kind": "",
        "version": 1, "sequence": 0,
    }
    assert occurrences == [
        {"id": occurrences[0]["id"], "item_id": created["id"], "recurrence_id": "2026-12-01T14:00:00+02:00", "starts_at": "2026-12-01T14:00:00+02:00",
         "ends_at": "2026-12-01T15:30:00+02:00", "cancelled": False, "moved": False, "place_id": None, "note": "", "sequence": 0},
    ]


@pytest.mark.parametrize(("query", "titles"), [
    ("kind=lesson", ["Bibliotekārā stunda 3. klasei"]),
    ("kind=event&kind=lesson", ["Bibliotekārā stunda 3. klasei", "Rudzātu pasākums", "Stāstu pēcpusdiena"]),
    ("status=draft", ["Stāstu pēcpusdiena"]),
    ("audience=seniors", []),
    ("audience=children", ["Bibliotekārā stunda 3. klasei", "Rudzātu pasākums", "Stāstu pēcpusdiena"]),
    ("partner=PARTNER", ["Stāstu pēcpusdiena"]),
    ("branch=OTHER", ["Rudzātu pasākums"]),
])
async def test_items_filter_keeps_the_matching_items(librarian_client, branch, reading_room, school, other_item, other_branch, query, titles):
    await create(librarian_client, series_body(branch["id"], reading_room["id"], start_time="10:00", end_time="10:45"))
    await create(librarian_client, event_body(branch["id"], reading_room["id"], status="draft",
                                              partners=[{"partner_id": school["id"]}]))
    query = query.replace("PARTNER", str(school["id"])).replace("OTHER", str(other_branch["id"]))

    response = await librarian_client.get(f"/api/v1/items?from=2026-12-01&to=2026-12-31&{query}")

    assert response.status_code == 200
    assert sorted(item["title"] for item in response.json()["items"]) == titles


@pytest.mark.parametrize(("query", "detail"), [
    ("from=2026-01-01&to=2027-02-05", "Periods ir pārāk garš: ne vairāk kā 400 dienas."),
    ("from=2026-12-31&to=2026-12-01", "Perioda beigām (to) jābūt ne agrāk par sākumu (from)."),
    ("from=9999-12-01&to=9999-12-31", "Datumam jābūt starp 2000. un 2100. gadu."),
    ("from=1850-01-01", "Datumam jābūt starp 2000. un 2100. gadu."),
])
async def test_items_bad_range_answers_400(librarian_client, query, detail):
    response = await librarian_client.get(f"/api/v1/items?{query}")

    assert response.status_code == 400
    assert response.json() == {"status_code": 400, "detail": detail}


@pytest.mark.parametrize("query", ["from=01.12.2026", "to=2026-02-30", "branch=abc", "kind=party", "branch=99999999999"])
async def test_items_malformed_parameter_answers_400(librarian_client, query):
    response = await librarian_client.get(f"/api/v1/items?{query}")

    assert response.status_code == 400
    assert response.json()["detail"] == BAD_REQUEST_DETAIL


async def test_items_range_of_400_days_is_allowed(librarian_client):
    response = await librarian_client.get("/api/v1/items?from=2026-01-01&to=2027-02-04")

    assert response.status_code == 200
    assert response.json() == {"from": "2026-01-01", "to": "2027-02-04", "items": []}


async def test_item_unknown_answers_404(librarian_client):
    response = await librarian_client.get("/api/v1/items/4242")

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


async def test_item_of_another_branch_is_readable(librarian_client, other_item):
    response = await librarian_client.get(f"/api/v1/items/{other_item}")

    assert response.status_code == 200
    assert response.json()["title"] == "Rudzātu pasākums"


# --- creating -----------------------------------------------------------------------------------------

async def test_create_item_valid_answers_201_and_saves(librarian_client, branch, reading_room, librarian):
    response = await send(librarian_client, "POST", "/api/v1/items", event_body(branch["id"], reading_room["id"]))

    assert response.status_code == 201
    item = response.json()
    assert (item["title"], item["version"], len(item["occurrences"])) == ("Stāstu pēcpusdiena", 1, 1)
    stored = await Item.select(Item.title, Item.created_by).where(Item.id == item["id"]).first()
    assert stored == {"title": "Stāstu pēcpusdiena", "created_by": librarian["id"]}
    assert await history_actions(item["id"]) == ["created"]


async def test_create_item_series_makes_every_session(librarian_client, series):
    assert [o["starts_at"] for o in series["occurrences"]] == [
        "2026-12-01T14:00:00+02:00", "2026-12-08T14:00:00+02:00", "2026-12-15T14:00:00+02:00",
    ]
    assert (series["repeat"], series["weekdays"], series["count"]) == ("weekly", [1], 3)


@pytest.mark.parametrize(("overrides", "errors"), [
    ({"end_time": "13:00"}, {"end_time": "Beigām jābūt pēc sākuma."}),
    ({"place_id": 999999}, {"place_id": "Tāda ieraksta nav — izvēlieties no saraksta."}),
    ({"repeat": "weekly"}, {"until": "Sērijai vajag beigas: datumu vai reižu skaitu."}),
    ({"title": "x" * 5000}, {"title": "Pārāk garš teksts: ne vairāk kā 200 rakstzīmes."}),
    ({"start_date": "1850-12-01"}, {"start_date": "Datumam jābūt starp 2000. un 2100. gadu."}),
    ({"title": "", "kind": None}, {"kind": "Šis lauks ir obligāts.", "title": "Šis lauks ir obligāts."}),
    ({"kind": "party", "status": "done"}, {"kind": "Izvēlieties kādu no piedāvātajām vērtībām.", "status": "Izvēlieties kādu no piedāvātajām vērtībām."}),
    ({"partners": [{"partner_id": 999999}]}, {"partners": "Tāda ieraksta nav — izvēlieties no saraksta."}),
    ({"kind": "lesson"}, {"lesson_class": "Šis lauks ir obligāts."}),
])
async def test_create_item_invalid_field_answers_422_with_message(librarian_client, branch, reading_room, overrides, errors):
    response = await send(librarian_client, "POST", "/api/v1/items", event_body(branch["id"], reading_room["id"], **overrides))

    assert response.status_code == 422
    assert response.json() == {"errors": errors}
    assert await Item.count() == 0


async def test_create_item_errors_follow_the_language_cookie(librarian_client, branch, reading_room):
    librarian_client.cookies.set("afisa_lang", "en")

    response = await send(librarian_client, "POST", "/api/v1/items", event_body(branch["id"], reading_room["id"], end_time="13:00"))

    assert response.status_code == 422
    assert response.json() == {"errors": {"end_time": "The end must be after the start."}}


async def test_create_item_for_another_branch_answers_422_on_branch(librarian_client, other_branch):
    response = await send(librarian_client, "POST", "/api/v1/items", event_body(other_branch["id"]))

    assert response.status_code == 422
    assert response.json() == {"errors": {"branch_id": "Jūs varat plānot tikai savas bibliotēkas programmu."}}


@pytest.mark.parametrize("overrides", [
    {"title": 5}, {"branch_id": "abc"}, {"weekdays": "monday"}, {"partners": [1]}, {"partners": [{"role": "host"}]},
    {"all_day": "yes"}, {"audiences": "children"}, {"count": 2.5}, {"branch_id": 99999999999}, {"place_id": 0},
])
async def test_create_item_malformed_body_answers_400(librarian_client, branch, reading_room, overrides):
    response = await send(librarian_client, "POST", "/api/v1/items", event_body(branch["id"], reading_room["id"], **overrides))

    assert response.status_code == 400
    assert response.json()["detail"] == BAD_REQUEST_DETAIL
    assert await Item.count() == 0


@pytest.mark.parametrize("content", [b"[1, 2]", b"{not json", b"", b"null", b'"title"'])
async def test_create_item_body_not_an_object_answers_400(librarian_client, content):
    headers = {"x-csrftoken": await csrf_token(librarian_client), "content-type": "application/json"}

    response = await librarian_client.post("/api/v1/items", content=content, headers=headers)

    assert response.status_code == 400
    assert response.json()["status_code"] == 400


@pytest.mark.parametrize(("overrides", "errors"), [
    ({"title": "Stāstu\u0000pēcpusdiena"}, {"title": "Tekstā ir neredzamas vadības rakstzīmes; ierakstiet to no jauna."}),
    ({"description": "\u0000"}, {"description": "Tekstā ir neredzamas vadības rakstzīmes; ierakstiet to no jauna."}),
    ({"kind": "lesson", "lesson_class": "3." + "a" * 100}, {"lesson_class": "Pārāk garš teksts: ne vairāk kā 80 rakstzīmes."}),
    ({"kind": "book_start", "age_band": "3-4 " * 20}, {"age_band": "Pārāk garš teksts: ne vairāk kā 40 rakstzīmes."}),
])
async def test_create_item_text_the_database_cannot_hold_answers_422(librarian_client, branch, reading_room, overrides, errors):
    response = await send(librarian_client, "POST", "/api/v1/items", event_body(branch["id"], reading_room["id"], **overrides))

    assert response.status_code == 422
    assert response.json() == {"errors": errors}
    assert await Item.count() == 0


async def test_create_item_clash_answers_409_and_saves_nothing(librarian_client, branch, reading_room):
    first = await create(librarian_client, event_body(branch["id"], reading_room["id"]))

    response = await send(librarian_client, "POST", "/api/v1/items",
                          event_body(branch["id"], reading_room["id"], title="Galda spēļu vakars", start_time="15:00", end_time="16:00"))

    assert response.status_code == 409
    assert response.json() == {"warnings": ["01.12.2026.: telpa jau aizņemta — „Stāstu pēcpusdiena” 14:00–15:30."]}
    assert [row["id"] for row in await Item.select(Item.id)] == [first["id"]]


async def test_create_item_clash_overridden_saves_and_records_warnings(librarian_client, branch, reading_room):
    await create(librarian_client, event_body(branch["id"], reading_room["id"]))

    response = await send(librarian_client, "POST", "/api/v1/items", event_body(
        branch["id"], reading_room["id"], title="Galda spēļu vakars", start_time="15:00", end_time="16:00", override_warnings=True))

    assert response.status_code == 201
    history = await item_history(response.json()["id"])
    assert [(row["action"], row["details"]) for row in history] == [
        ("warnings_overridden", {"warnings": ["01.12.2026.: telpa jau aizņemta — „Stāstu pēcpusdiena” 14:00–15:30."]}),
        ("created", {"title": "Galda spēļu vakars"}),
    ]


async def test_create_item_holiday_warning_in_english(librarian_client, branch, reading_room):
    librarian_client.cookies.set("afisa_lang", "en")

    response = await send(librarian_client, "POST", "/api/v1/items", event_body(branch["id"], reading_room["id"], start_date="2026-12-25"))

    assert response.status_code == 409
    assert response.json() == {"warnings": ["25.12.2026.: public holiday — Christmas Day."]}


# --- replacing ----------------------------------------------------------------------------------------

async def test_update_item_whole_item_saves_and_raises_version(librarian_client, branch, reading_room):
    item = await create(librarian_client, event_body(branch["id"], reading_room["id"]))

    response = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", event_body(
        branch["id"], reading_room["id"], title="Stāstu pēcpusdiena ar mākslinieci", start_time="16:00", end_time="17:00", version=1))

    assert response.status_code == 200
    saved = response.json()
    assert (saved["title"], saved["start_time"], saved["version"], saved["sequence"]) == ("Stāstu pēcpusdiena ar mākslinieci", "16:00", 2, 1)
    assert await history_actions(item["id"]) == ["updated", "created"]


async def test_update_item_answer_sent_back_round_trips(librarian_client, series):
    changed = dict(series, title="Stunda par pasakām")

    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", changed)

    assert response.status_code == 200
    saved = response.json()
    assert (saved["title"], saved["version"], saved["rrule"]) == ("Stunda par pasakām", 2, series["rrule"])
    assert [o["id"] for o in saved["occurrences"]] == [o["id"] for o in series["occurrences"]]


async def test_update_item_stale_version_answers_409(librarian_client, branch, reading_room):
    item = await create(librarian_client, event_body(branch["id"], reading_room["id"]))
    await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", event_body(branch["id"], reading_room["id"], title="Pirmā versija", version=1))

    response = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", event_body(branch["id"], reading_room["id"], title="Otrā versija", version=1))

    assert response.status_code == 409
    assert response.json() == {"detail": STALE_LV}
    assert (await Item.select(Item.title).where(Item.id == item["id"]).first())["title"] == "Pirmā versija"


async def test_update_item_without_version_answers_400(librarian_client, branch, reading_room):
    item = await create(librarian_client, event_body(branch["id"], reading_room["id"]))

    response = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", event_body(branch["id"], reading_room["id"]))

    assert response.status_code == 400
    assert response.json()["detail"] == BAD_REQUEST_DETAIL


async def test_update_item_invalid_field_answers_422(librarian_client, branch, reading_room):
    item = await create(librarian_client, event_body(branch["id"], reading_room["id"]))

    response = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", event_body(branch["id"], reading_room["id"], start_date="1850-12-01", version=1))

    assert response.status_code == 422
    assert response.json() == {"errors": {"start_date": "Datumam jābūt starp 2000. un 2100. gadu."}}


@pytest.mark.parametrize(("created", "sent", "message"), [
    ({"status": "draft"}, {"status": "held"}, "Šādu statusa maiņu nevar veikt."),
    ({"start_date": "2030-12-03"}, {"start_date": "2030-12-03", "status": "held"}, "Par notikušu var atzīmēt tikai to, kas jau beidzies."),
])
async def test_update_item_refused_status_change_answers_422(librarian_client, branch, reading_room, created, sent, message):
    item = await create(librarian_client, event_body(branch["id"], reading_room["id"], **created))

    response = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", event_body(branch["id"], reading_room["id"], version=1, **sent))

    assert response.status_code == 422
    assert response.json() == {"errors": {"status": message}}
    assert (await Item.select(Item.status, Item.version).where(Item.id == item["id"]).first()) == {"status": item["status"], "version": 1}


async def test_update_item_clash_answers_409_then_override_saves(librarian_client, branch, reading_room):
    await create(librarian_client, event_body(branch["id"], reading_room["id"], title="Galda spēles", start_time="17:00", end_time="18:00"))
    item = await create(librarian_client, event_body(branch["id"], reading_room["id"]))
    moved = event_body(branch["id"], reading_room["id"], start_time="17:30", end_time="18:30", version=1)

    refused = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", moved)
    saved = await send(librarian_client, "PUT", f"/api/v1/items/{item['id']}", {**moved, "override_warnings": True})

    assert refused.status_code == 409
    assert refused.json() == {"warnings": ["01.12.2026.: telpa jau aizņemta — „Galda spēles” 17:00–18:00."]}
    assert saved.status_code == 200
    assert await history_actions(item["id"]) == ["warnings_overridden", "updated", "created"]


async def test_update_item_own_sessions_are_no_clash(librarian_client, series):
    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", dict(series, end_time="16:00"))

    assert response.status_code == 200


async def test_update_series_following_splits_the_series(librarian_client, series):
    third = series["occurrences"][2]
    body = dict(series, start_date="2026-12-15", end_date="2026-12-15", start_time="15:00", end_time="16:00", count=1,
                scope="following", occurrence_id=third["id"])

    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", body)

    assert response.status_code == 200, response.text
    new_series = response.json()
    assert new_series["id"] != series["id"]
    assert [o["starts_at"] for o in new_series["occurrences"]] == ["2026-12-15T15:00:00+02:00"]
    original = (await librarian_client.get(f"/api/v1/items/{series['id']}")).json()
    assert [o["starts_at"] for o in original["occurrences"]] == ["2026-12-01T14:00:00+02:00", "2026-12-08T14:00:00+02:00"]
    assert await history_actions(new_series["id"]) == ["split_from", "created"]


async def test_update_series_following_at_the_first_session_edits_the_whole_series(librarian_client, series):
    body = dict(series, start_time="15:00", end_time="16:00", scope="following", occurrence_id=series["occurrences"][0]["id"])

    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", body)

    assert response.status_code == 200
    assert response.json()["id"] == series["id"]
    assert [o["starts_at"][11:16] for o in response.json()["occurrences"]] == ["15:00"] * 3


@pytest.mark.parametrize(("extra", "errors"), [
    ({"scope": "following"}, {"occurrence_id": "Šis lauks ir obligāts."}),
    ({"scope": "following", "occurrence_id": 999999}, {"occurrence_id": "Tāda ieraksta nav — izvēlieties no saraksta."}),
])
async def test_update_series_following_without_a_session_of_it_answers_422(librarian_client, series, extra, errors):
    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", dict(series, **extra))

    assert response.status_code == 422
    assert response.json() == {"errors": errors}


async def test_update_series_unknown_scope_answers_400(librarian_client, series):
    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", dict(series, scope="this"))

    assert response.status_code == 400


async def test_update_series_following_stale_version_answers_409(librarian_client, series):
    body = dict(series, version=7, scope="following", occurrence_id=series["occurrences"][2]["id"])

    response = await send(librarian_client, "PUT", f"/api/v1/items/{series['id']}", body)

    assert response.status_code == 409
    assert response.json() == {"detail": STALE_LV}
    assert await Item.count() == 1


# --- status and duplicate -------------------------------------------------------------------------------

async def test_status_change_saves_and_raises_version(librarian_client, branch):
    item = await create(librarian_client, event_body(branch["id"]))

    response = await send(librarian_client, "POST", f"/api/v1/items/{item['id']}/status", {"status": "published", "version": 1})

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("published", 2)
    assert await history_actions(item["id"]) == ["status_changed", "created"]


@pytest.mark.parametrize(("created", "body", "code", "answer"), [
    ({}, {"status": "published", "version": 5}, 409, {"detail": STALE_LV}),
    ({}, {"status": "finished", "version": 1}, 422, {"errors": {"status": "Izvēlieties kādu no piedāvātajām vērtībām."}}),
    ({"status": "draft"}, {"status": "held", "version": 1}, 422, {"errors": {"status": "Šādu statusa maiņu nevar veikt."}}),
    ({"start_date": "2030-12-03"}, {"status": "held", "version": 1}, 422, {"errors": {"status": "Par notikušu var atzīmēt tikai to, kas jau beidzies."}}),
])
async def test_status_change_refused_changes_nothing(librarian_client, branch, created, body, code, answer):
    item = await create(librarian_client, event_body(branch["id"], **created))

    response = await send(librarian_client, "POST", f"/api/v1/items/{item['id']}/status", body)

    assert response.status_code == code
    assert response.json() == answer
    assert (await Item.select(Item.status, Item.version).where(Item.id == item["id"]).first()) == {"status": item["status"], "version": 1}


@pytest.mark.parametrize("body", [{"status": "published"}, {"status": 3, "version": 1}, {"status": "published", "version": 1, "extra": 1}])
async def test_status_change_malformed_body_answers_400(librarian_client, branch, body):
    item = await create(librarian_client, event_body(branch["id"]))

    response = await send(librarian_client, "POST", f"/api/v1/items/{item['id']}/status", body)

    assert response.status_code == 400


async def test_duplicate_to_another_day_answers_201_with_a_draft(librarian_client, series):
    response = await send(librarian_client, "POST", f"/api/v1/items/{series['id']}/duplicate", {"start_date": "05.01.2027."})

    assert response.status_code == 201
    copy = response.json()
    assert (copy["title"], copy["status"], copy["start_date"], copy["start_time"]) == ("Bibliotekārā stunda 3. klasei", "draft", "2027-01-05", "14:00")
    assert [o["starts_at"][:10] for o in copy["occurrences"]] == ["2027-01-05", "2027-01-12", "2027-01-19"]
    assert await history_actions(copy["id"]) == ["duplicated"]


@pytest.mark.parametrize("body", [None, {}])
async def test_duplicate_without_a_day_copies_in_place(librarian_client, branch, body):
    item = await create(librarian_client, event_body(branch["id"]))

    response = await send(librarian_client, "POST", f"/api/v1/items/{item['id']}/duplicate", body)

    assert response.status_code == 201
    assert (response.json()["starts_at"], response.json()["status"]) == ("2026-12-01T14:00:00+02:00", "draft")


@pytest.mark.parametrize(("start_date", "message"), [
    ("1850-01-05", "Datumam jābūt starp 2000. un 2100. gadu."),
    ("pirmdien", "Ierakstiet datumu formā dd.mm.gggg."),
    ("2027-02-30", "Tāda datuma nav."),
])
async def test_duplicate_bad_day_answers_422(librarian_client, branch, start_date, message):
    item = await create(librarian_client, event_body(branch["id"]))

    response = await send(librarian_client, "POST", f"/api/v1/items/{item['id']}/duplicate", {"start_date": start_date})

    assert response.status_code == 422
    assert response.json() == {"errors": {"start_date": message}}
    assert await Item.count() == 1


# --- one session ------------------------------------------------------------------------------------------

async def test_occurrence_move_touches_only_that_session(librarian_client, series):
    second = series["occurrences"][1]

    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{second['id']}", {"starts_at": "2026-12-09T10:00:00"})

    assert response.status_code == 200
    moved = response.json()
    assert (moved["starts_at"], moved["ends_at"], moved["moved"], moved["recurrence_id"]) == (
        "2026-12-09T10:00:00+02:00", "2026-12-09T11:30:00+02:00", True, "2026-12-08T14:00:00+02:00")
    item = (await librarian_client.get(f"/api/v1/items/{series['id']}")).json()
    assert [o["starts_at"] for o in item["occurrences"]] == [
        "2026-12-01T14:00:00+02:00", "2026-12-09T10:00:00+02:00", "2026-12-15T14:00:00+02:00",
    ]
    assert await history_actions(series["id"]) == ["occurrence_changed", "created"]


async def test_occurrence_time_with_offset_is_kept_in_riga_time(librarian_client, series):
    second = series["occurrences"][1]

    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{second['id']}",
                          {"starts_at": "2026-12-08T13:00:00Z", "ends_at": "2026-12-08T14:00:00Z"})

    assert response.status_code == 200
    assert (response.json()["starts_at"], response.json()["ends_at"]) == ("2026-12-08T15:00:00+02:00", "2026-12-08T16:00:00+02:00")


async def test_occurrence_cancel_and_restore(librarian_client, series):
    url = f"/api/v1/occurrences/{series['occurrences'][2]['id']}"

    cancelled = await send(librarian_client, "PATCH", url, {"cancelled": True, "note": "Skolā ekskursija"})
    restored = await send(librarian_client, "PATCH", url, {"cancelled": False})

    assert (cancelled.status_code, cancelled.json()["cancelled"], cancelled.json()["note"]) == (200, True, "Skolā ekskursija")
    assert (restored.status_code, restored.json()["cancelled"], restored.json()["note"]) == (200, False, "Skolā ekskursija")
    assert await history_actions(series["id"]) == ["occurrence_changed", "occurrence_cancelled", "created"]


async def test_occurrence_of_an_all_day_item_moves_by_days(librarian_client, branch, reading_room):
    exhibition = await create(librarian_client, event_body(branch["id"], reading_room["id"], kind="exhibition", title="Latgales rakstnieki",
                                                           all_day=True, start_date="2026-12-01", end_date="2026-12-10"))

    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{exhibition['occurrences'][0]['id']}", {"starts_at": "2026-12-03T00:00:00"})

    assert response.status_code == 200
    assert (response.json()["starts_at"], response.json()["ends_at"]) == ("2026-12-03T00:00:00+02:00", "2026-12-13T00:00:00+02:00")
    assert (exhibition["start_date"], exhibition["end_date"], exhibition["ends_at"]) == ("2026-12-01", "2026-12-10", "2026-12-11T00:00:00+02:00")


async def test_occurrence_into_another_room(librarian_client, series, branch):
    hall = await make_place(branch["id"], "Zāle")

    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{series['occurrences'][0]['id']}", {"place_id": hall["id"]})

    assert response.status_code == 200
    assert (response.json()["place_id"], response.json()["starts_at"]) == (hall["id"], "2026-12-01T14:00:00+02:00")


@pytest.mark.parametrize(("body", "errors"), [
    ({"ends_at": "2026-12-01T13:00:00"}, {"ends_at": "Beigām jābūt pēc sākuma."}),
    ({"starts_at": "1850-12-01T14:00:00"}, {"starts_at": "Datumam jābūt starp 2000. un 2100. gadu.", "ends_at": "Datumam jābūt starp 2000. un 2100. gadu."}),
    ({"ends_at": "1850-12-01T14:00:00"}, {"ends_at": "Datumam jābūt starp 2000. un 2100. gadu."}),
    ({"place_id": 999999}, {"place_id": "Tāda ieraksta nav — izvēlieties no saraksta."}),
    ({"note": "x" * 501}, {"note": "Pārāk garš teksts: ne vairāk kā 500 rakstzīmes."}),
    ({"note": "Skolā\u0000ekskursija"}, {"note": "Tekstā ir neredzamas vadības rakstzīmes; ierakstiet to no jauna."}),
    ({"starts_at": "9999-12-31T23:00:00"}, {"starts_at": "Datumam jābūt starp 2000. un 2100. gadu."}),
    ({"starts_at": "0001-01-01T00:00:00+14:00"}, {"starts_at": "Datumam jābūt starp 2000. un 2100. gadu."}),
    ({"ends_at": "2026-12-31T23:00:00"}, {"ends_at": "Pārāk ilgs laiks: pasākums līdz 14 dienām, izstāde līdz gadam."}),
])
async def test_occurrence_invalid_change_answers_422(librarian_client, series, body, errors):
    occurrence = series["occurrences"][0]

    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{occurrence['id']}", body)

    assert response.status_code == 422
    assert response.json() == {"errors": errors}
    row = await Occurrence.select(Occurrence.starts_at, Occurrence.overridden).where(Occurrence.id == occurrence["id"]).first()
    assert row["overridden"] is False


async def test_occurrence_place_of_another_branch_answers_422(librarian_client, series, other_branch):
    their_room = await make_place(other_branch["id"], "Rudzātu lasītava")

    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{series['occurrences'][0]['id']}", {"place_id": their_room["id"]})

    assert response.status_code == 422
    assert response.json() == {"errors": {"place_id": "Šī vieta pieder citai bibliotēkai."}}


async def test_occurrence_move_into_a_clash_answers_409_then_override_saves(librarian_client, series, branch, reading_room):
    await create(librarian_client, event_body(branch["id"], reading_room["id"], title="Galda spēles", start_date="2026-12-09", start_time="10:00", end_time="12:00"))
    url = f"/api/v1/occurrences/{series['occurrences'][1]['id']}"

    refused = await send(librarian_client, "PATCH", url, {"starts_at": "2026-12-09T11:00:00"})
    saved = await send(librarian_client, "PATCH", url, {"starts_at": "2026-12-09T11:00:00", "override_warnings": True})

    assert refused.status_code == 409
    assert refused.json() == {"warnings": ["09.12.2026.: telpa jau aizņemta — „Galda spēles” 10:00–12:00."]}
    assert (saved.status_code, saved.json()["starts_at"]) == (200, "2026-12-09T11:00:00+02:00")


@pytest.mark.parametrize("body", [{"cancelled": "yes"}, {"starts_at": "next tuesday"}, {"place_id": "zāle"}, {"cancel": True}])
async def test_occurrence_malformed_body_answers_400(librarian_client, series, body):
    response = await send(librarian_client, "PATCH", f"/api/v1/occurrences/{series['occurrences'][0]['id']}", body)

    assert response.status_code == 400
    assert response.json()["detail"] == BAD_REQUEST_DETAIL


# --- another branch, unknown ids -----------------------------------------------------------------------

@pytest.mark.parametrize(("method", "url", "body"), [
    ("PUT", "/api/v1/items/{item}", "ITEM"),
    ("POST", "/api/v1/items/{item}/status", {"status": "cancelled", "version": 1}),
    ("POST", "/api/v1/items/{item}/duplicate", {}),
    ("PATCH", "/api/v1/occurrences/{occurrence}", {"cancelled": True}),
])
async def test_write_to_another_branch_answers_403(librarian_client, other_branch, other_item, other_occurrence, method, url, body):
    if body == "ITEM":
        body = event_body(other_branch["id"], title="Pārņemts", version=1)

    response = await send(librarian_client, method, url.format(item=other_item, occurrence=other_occurrence), body)

    assert response.status_code == 403
    assert response.json() == FORBIDDEN
    assert await Item.count() == 1
    assert (await Item.select(Item.title, Item.status).first()) == {"title": "Rudzātu pasākums", "status": "planned"}


async def test_write_to_another_branch_as_coordinator_is_allowed(client, coordinator, other_item):
    await login(client, coordinator)

    response = await send(client, "POST", f"/api/v1/items/{other_item}/status", {"status": "published", "version": 1})

    assert response.status_code == 200


@pytest.mark.parametrize(("method", "url", "body"), [
    ("GET", "/api/v1/items/4242", None),
    ("PUT", "/api/v1/items/4242", {"version": 1}),
    ("POST", "/api/v1/items/4242/status", {"status": "cancelled", "version": 1}),
    ("POST", "/api/v1/items/4242/duplicate", {}),
    ("PATCH", "/api/v1/occurrences/4242", {"cancelled": True}),
])
async def test_unknown_id_answers_404(librarian_client, method, url, body):
    response = await send(librarian_client, method, url, body)

    assert response.status_code == 404
    assert response.json() == NOT_FOUND


@pytest.mark.parametrize("url", ["/api/v1/items/99999999999", "/api/v1/items/0"])
async def test_impossible_id_answers_400(librarian_client, url):
    response = await librarian_client.get(url)

    assert response.status_code == 400


# --- the OpenAPI document -------------------------------------------------------------------------------

async def test_openapi_lists_the_api_paths(client):
    response = await client.get("/schema/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert sorted(p for p in paths if p.startswith("/api/v1")) == [
        "/api/v1/attendance/{occurrence_id}", "/api/v1/branches", "/api/v1/branches/{branch_id}", "/api/v1/branches/{branch_id}/close", "/api/v1/core/deliveries", "/api/v1/core/schema", "/api/v1/figures", "/api/v1/figures/{branch_id}/{year}/{month}", "/api/v1/import", "/api/v1/import/preview",
        "/api/v1/items", "/api/v1/items/{item_id}", "/api/v1/items/{item_id}/duplicate", "/api/v1/items/{item_id}/requests", "/api/v1/items/{item_id}/status", "/api/v1/me",
        "/api/v1/occurrences/{occurrence_id}", "/api/v1/outreach/rotation", "/api/v1/outreach/rounds/{round_id}",
        "/api/v1/outreach/rounds/{round_id}/finish", "/api/v1/outreach/sets", "/api/v1/outreach/sets/{set_id}/titles",
        "/api/v1/outreach/stops/{stop_id}/done", "/api/v1/partners", "/api/v1/partners/{partner_id}", "/api/v1/partners/{partner_id}/contacts",
        "/api/v1/partners/{partner_id}/contacts/{contact_id}", "/api/v1/partners/{partner_id}/contacts/{contact_id}/deactivate",
        "/api/v1/partners/{partner_id}/deactivate", "/api/v1/places", "/api/v1/places/{place_id}", "/api/v1/places/{place_id}/deactivate", "/api/v1/requests/{request_id}/accept", "/api/v1/requests/{request_id}/revoke",
        "/api/v1/staff", "/api/v1/staff/{staff_id}", "/api/v1/staff/{staff_id}/disable", "/api/v1/statistics",
    ]
    assert sorted(paths["/api/v1/items/{item_id}"]) == ["get", "put"]
    assert paths["/api/v1/occurrences/{occurrence_id}"]["patch"]["tags"] == ["items"]


async def test_openapi_item_body_has_exactly_the_validated_keys(client):
    schemas = (await client.get("/schema/openapi.json")).json()["components"]["schemas"]

    assert sorted(schemas["ItemBody"]["properties"]) == sorted([
        "kind", "title", "description", "branch_id", "place_id", "all_day", "start_date", "start_time", "end_date", "end_time",
        "repeat", "interval", "weekdays", "monthly_mode", "until", "count", "audiences", "partners", "responsible_id", "is_public",
        "status", "lesson_class", "lesson_teacher", "literacy_area", "book_start_group", "age_band", "exhibition_form",
        "delivery_kind", "version", "override_warnings",
    ])
    assert schemas["ItemUpdate"]["required"] == ["version"]
    assert "password_hash" not in schemas["Me"]["properties"]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""])
async def test_api_reads_only_bodies_sent_as_json(librarian_client, branch, content_type):
    headers = {"x-csrftoken": await csrf_token(librarian_client), "content-type": content_type}

    response = await librarian_client.post("/api/v1/items", content=b'{"kind": "event"}', headers=headers)

    assert (response.status_code, response.json()["detail"]) == (415, "Sūtiet datus kā JSON (Content-Type: application/json).")
    assert await Item.count() == 0


async def test_thousands_of_partner_ids_are_refused_at_once(librarian_client, branch):
    body = event_body(branch["id"], partners=[{"partner_id": n} for n in range(1, 10_001)])

    response = await send(librarian_client, "POST", "/api/v1/items", body)

    assert (response.status_code, response.json()["errors"]) == (422, {"partners": "Pārāk daudz partneru: ne vairāk kā 50."})


async def test_times_come_back_with_the_librarys_offset_in_winter_and_summer(librarian_client, branch):
    winter = await create(librarian_client, event_body(branch["id"]))
    summer = await create(librarian_client, event_body(branch["id"], start_date="2027-07-06", title="Vasaras lasījumi"))

    assert (winter["starts_at"], summer["starts_at"], summer["occurrences"][0]["ends_at"]) == (
        "2026-12-01T14:00:00+02:00", "2027-07-06T14:00:00+03:00", "2027-07-06T15:30:00+03:00")


async def test_refusal_before_the_handler_speaks_the_readers_language(librarian_client, branch):
    librarian_client.cookies.set("afisa_lang", "en")
    headers = {"x-csrftoken": await csrf_token(librarian_client), "content-type": "text/plain"}

    response = await librarian_client.post("/api/v1/items", content=b"{}", headers=headers)

    assert (response.status_code, response.json()["detail"]) == (415, "Send the data as JSON (Content-Type: application/json).")
