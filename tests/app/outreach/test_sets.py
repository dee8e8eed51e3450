"""The book set pages: the list with where each set is, the set's form and its errors in both
languages, titles pasted or uploaded as the library system's CSV (UTF-8 and Windows-1257, Latvian
headings), a wrong list refused whole with its lines and nothing saved, lending to a group, and
another branch's set answering 404."""
from __future__ import annotations

import re
from datetime import date

import pytest

from models.kernel.outreach_tables import BookSet, BookSetTitle, SetPlacement
from models.outreach import lend_set, parse_pasted, replace_titles, save_set, validate_set
from tests.app.conftest import csrf_token, login, post_form

pytestmark = pytest.mark.clock("02.02.2026 09:00")

CSV_LV = "Svītrkods;Autors;Nosaukums\r\n1000234;Rūdolfs Blaumanis;Zagļi\r\n1000235;Anšlavs Eglītis;Līgavu mednieki\r\n"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def problems(html: str) -> list[str]:
    return [text_of(text) for text in re.findall(r'<li class="problem">(.*?)</li>', html, re.S)]


def cells(html: str, marker: str) -> list[str]:
    """The texts of the cells of the row carrying `marker` (data-set="1")."""
    row = re.search(rf"<tr {marker}>(.*?)</tr>", html, re.S).group(1)
    return [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]


def field_error(html: str, name: str) -> str:
    return text_of(re.search(rf'id="n-{name}-error">(.*?)</small>', html, re.S).group(1))


async def titles(set_id: int) -> list[tuple[str, str, str]]:
    rows = await BookSetTitle.select().where(BookSetTitle.book_set == set_id).order_by(BookSetTitle.position)
    return [(row["barcode"], row["author"], row["title"]) for row in rows]


async def make_set(branch: dict, staff: dict, *, name: str = "Detektīvi", pasted: str = "", **fields) -> int:
    raw = {"branch_id": branch["id"], "name": name, "receiver": "service_point", "rotation_days": "60", **fields}
    set_id = await save_set(await validate_set(raw, staff))
    if pasted:
        await replace_titles(set_id, parse_pasted(pasted))
    return set_id


async def upload(client, set_id: int, data: bytes, *, mode: str = "add", text: str = ""):
    fields = {"_csrf_token": await csrf_token(client), "mode": mode, "text": text}
    return await client.post(f"/outreach/sets/{set_id}/titles", data=fields, files={"file": ("eksports.csv", data, "text/csv")})


# --- the form ---------------------------------------------------------------------------------

async def test_new_set_is_saved_and_listed_with_its_place(librarian_client, branch, care_centre):
    form = {"name": "Vēsturiskie romāni", "theme": "Latvijas vēsture", "receiver": "service_point", "place_id": str(care_centre["id"]),
            "target_size": "20", "rotation_days": "90"}

    response = await post_form(librarian_client, "/outreach/sets/new", form, htmx=False)

    stored = await BookSet.select(BookSet.branch, BookSet.name, BookSet.theme, BookSet.receiver, BookSet.place, BookSet.target_size,
                                  BookSet.rotation_days).first()
    assert stored == {"branch": branch["id"], "name": "Vēsturiskie romāni", "theme": "Latvijas vēsture", "receiver": "service_point",
                      "place": care_centre["id"], "target_size": 20, "rotation_days": 90}
    assert response.url.path == "/outreach/sets/1"
    assert "Kopa saglabāta." in response.text
    listing = await librarian_client.get("/outreach/sets")
    assert cells(listing.text, 'data-set="1"') == [
        "Vēsturiskie romāni", "Apkalpošanas punkts: Sociālās aprūpes centrs „Rožlejas”", "Bibliotēkā", "0 / 20"]


async def test_new_set_without_name_says_so_and_keeps_what_was_typed(librarian_client, branch):
    form = {"name": "", "theme": "Dzeja", "receiver": "group", "group_name": "Senioru klubs „Rudens”", "target_size": "900",
            "rotation_days": "60"}

    response = await post_form(librarian_client, "/outreach/sets/new", form, htmx=False)

    assert response.status_code == 422
    assert field_error(response.text, "name") == "Šis lauks ir obligāts."
    assert field_error(response.text, "target_size") == "Ierakstiet skaitli no 0 līdz 500."
    assert 'name="theme" value="Dzeja"' in response.text
    assert 'name="group_name" value="Senioru klubs „Rudens”"' in response.text
    assert 'name="target_size" inputmode="numeric" value="900"' in response.text
    assert await BookSet.count() == 0


async def test_new_set_errors_in_english(librarian_client, branch):
    librarian_client.cookies.set("afisa_lang", "en")

    response = await post_form(librarian_client, "/outreach/sets/new", {"name": " ", "receiver": "group", "group_name": "Lasītāju klubs"},
                               htmx=False)

    assert response.status_code == 422
    assert field_error(response.text, "name") == "This field is required."


async def test_group_set_without_group_name_is_refused(librarian_client, branch):
    response = await post_form(librarian_client, "/outreach/sets/new", {"name": "Bērnu grāmatas", "receiver": "group"}, htmx=False)

    assert response.status_code == 422
    assert field_error(response.text, "group_name") == "Šis lauks ir obligāts."


async def test_edit_set_changes_its_interval(librarian_client, branch, librarian, care_centre):
    set_id = await make_set(branch, librarian)

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/edit", {
        "name": "Detektīvi", "receiver": "service_point", "place_id": str(care_centre["id"]), "rotation_days": "45"}, htmx=False)

    assert response.url.path == f"/outreach/sets/{set_id}"
    assert await BookSet.select(BookSet.rotation_days, BookSet.place).first() == {"rotation_days": 45, "place": care_centre["id"]}


async def test_edit_set_after_someone_elses_save_is_refused_and_keeps_the_typed_values(librarian_client, branch, librarian, care_centre):
    set_id = await make_set(branch, librarian)
    await BookSet.update({BookSet.version: 2}).where(BookSet.id == set_id)  # a colleague saved it meanwhile

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/edit", {
        "name": "Detektīvi un trilleri", "receiver": "service_point", "place_id": str(care_centre["id"]), "rotation_days": "45",
        "version": "1"}, htmx=False)

    assert response.status_code == 422
    assert field_error(response.text, "name") == "Kāds cits tikko saglabāja izmaiņas. Atveriet lapu no jauna un ierakstiet savējās vēlreiz."
    assert 'value="Detektīvi un trilleri"' in response.text
    assert await BookSet.select(BookSet.name, BookSet.rotation_days).first() == {"name": "Detektīvi", "rotation_days": 60}


# --- the titles -------------------------------------------------------------------------------

async def test_pasted_titles_are_added_and_numbered(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian)
    pasted = "Agata Kristi — Desmit mazi nēģerīši\nAndra Neiburga: Stum, stum\n\n1000240;Regīna Ezera;Aka\nPasaciņas\n"

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/titles", {"text": pasted, "mode": "add"}, htmx=False)

    assert response.url.path == f"/outreach/sets/{set_id}"
    assert "Pievienotas 4 grāmatas." in response.text
    assert await titles(set_id) == [("", "Agata Kristi", "Desmit mazi nēģerīši"), ("", "Andra Neiburga", "Stum, stum"),
                                    ("1000240", "Regīna Ezera", "Aka"), ("", "", "Pasaciņas")]
    rows = re.findall(r'<tr data-title="\d+">(.*?)</tr>', response.text, re.S)
    assert [text_of(row) for row in rows][:3] == ["1. Agata Kristi Desmit mazi nēģerīši Izņemt — Desmit mazi nēģerīši",
                                                  "2. Andra Neiburga Stum, stum Izņemt — Stum, stum",
                                                  "3. Regīna Ezera Aka 1000240 Izņemt — Aka"]


async def test_csv_upload_with_latvian_headings_in_utf8(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian, pasted="Agata Kristi — Desmit mazi nēģerīši")

    response = await upload(librarian_client, set_id, ("\ufeff" + CSV_LV).encode("utf-8"))

    assert response.status_code == 200
    assert await titles(set_id) == [("", "Agata Kristi", "Desmit mazi nēģerīši"), ("1000234", "Rūdolfs Blaumanis", "Zagļi"),
                                    ("1000235", "Anšlavs Eglītis", "Līgavu mednieki")]


async def test_csv_upload_in_windows_1257_replaces_the_list(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian, pasted="Agata Kristi — Desmit mazi nēģerīši")

    response = await upload(librarian_client, set_id, CSV_LV.replace("Svītrkods;Autors;Nosaukums", "svitrkods;autors;nosaukums").encode("cp1257"),
                            mode="replace")

    assert "Saraksts aizstāts: 2 grāmatas." in response.text
    assert await titles(set_id) == [("1000234", "Rūdolfs Blaumanis", "Zagļi"), ("1000235", "Anšlavs Eglītis", "Līgavu mednieki")]


async def test_csv_with_english_headings_in_another_order(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian)

    await upload(librarian_client, set_id, b"Title,Author,Barcode\nThe Hobbit,J. R. R. Tolkien,2000100\n")

    assert await titles(set_id) == [("2000100", "J. R. R. Tolkien", "The Hobbit")]


async def test_bad_csv_is_refused_whole_with_its_lines_and_nothing_saved(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian, pasted="Agata Kristi — Desmit mazi nēģerīši")
    bad = CSV_LV + "10 00;Vizma Belševica;Bille\r\n1000236;Imants Ziedonis;\r\n1000234;Rūdolfs Blaumanis;Zagļi\r\n"

    response = await upload(librarian_client, set_id, bad.encode("utf-8"), mode="replace")

    assert response.status_code == 422
    assert problems(response.text) == [
        "4. rindā svītrkods „10 00” nav derīgs: tikai burti, cipari un domuzīmes, 3–40 zīmes.",
        "5. rindā nav grāmatas nosaukuma.",
        "Svītrkods „1000234” sarakstā ir divreiz.",
    ]
    assert "Saraksts nav saglabāts: izlabojiet šīs kļūdas un mēģiniet vēlreiz." in response.text
    assert await titles(set_id) == [("", "Agata Kristi", "Desmit mazi nēģerīši")]


async def test_csv_without_a_title_column_names_what_it_found(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian)

    response = await upload(librarian_client, set_id, "inv;autors;grāmata\n1;A;B\n".encode())

    assert problems(response.text) == ["Faila pirmajā rindā nav kolonnas „nosaukums” (title); atrasts: inv;autors;grāmata."]
    assert await titles(set_id) == []


async def test_refused_paste_keeps_the_text_and_saves_nothing(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian)
    pasted = "Agata Kristi — Desmit mazi nēģerīši\n;Imants Ziedonis;\n"

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/titles", {"text": pasted, "mode": "add"}, htmx=False)

    assert response.status_code == 422
    assert problems(response.text) == ["2. rindā nav grāmatas nosaukuma."]
    assert f'<textarea name="text" rows="6" aria-describedby="paste-hint">{pasted}</textarea>' in response.text
    assert await titles(set_id) == []


async def test_empty_list_and_no_file_is_refused(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian)

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/titles", {"text": "  \n", "mode": "add"}, htmx=False)

    assert response.status_code == 422
    assert problems(response.text) == ["Ielīmējiet grāmatu sarakstu vai izvēlieties CSV failu."]


async def test_remove_title_takes_one_book_out(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian, pasted="Agata Kristi — Desmit mazi nēģerīši\nRegīna Ezera — Aka")
    first = (await BookSetTitle.select(BookSetTitle.id).order_by(BookSetTitle.position).first())["id"]

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/titles/{first}/remove", {}, htmx=False)

    assert response.url.path == f"/outreach/sets/{set_id}"
    assert await titles(set_id) == [("", "Regīna Ezera", "Aka")]


# --- lending and where a set is ---------------------------------------------------------------

async def test_lend_set_to_its_group_shows_where_it_is(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian, receiver="group", group_name="Senioru klubs „Rudens”",
                            pasted="Agata Kristi — Desmit mazi nēģerīši\nRegīna Ezera — Aka")

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/lend", {"placed_on": "2026-02-02", "due_on": "2026-03-16"}, htmx=False)

    assert response.url.path == f"/outreach/sets/{set_id}"
    placement = await SetPlacement.select(SetPlacement.group_name, SetPlacement.placed_on, SetPlacement.due_on).first()
    assert placement == {"group_name": "Senioru klubs „Rudens”", "placed_on": date(2026, 2, 2), "due_on": date(2026, 3, 16)}
    listing = await librarian_client.get("/outreach/sets")
    assert cells(listing.text, f'data-set="{set_id}"')[2] == "Senioru klubs „Rudens” kopš 02.02.2026., jāatgriež 16.03.2026."


async def test_overdue_set_is_marked_in_the_list(librarian_client, branch, librarian, care_centre):
    set_id = await make_set(branch, librarian, place_id=str(care_centre["id"]), pasted="Regīna Ezera — Aka")
    await lend_set(set_id, date(2025, 11, 3), date(2026, 1, 2), librarian)

    listing = await librarian_client.get("/outreach/sets")

    assert cells(listing.text, f'data-set="{set_id}"')[2] == "Sociālās aprūpes centrs „Rožlejas” kopš 03.11.2025., jāatgriež 02.01.2026. Nokavēta"


async def test_lend_empty_set_is_refused(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian, receiver="group", group_name="Lasītāju klubs")

    response = await post_form(librarian_client, f"/outreach/sets/{set_id}/lend", {"placed_on": "02.02.2026", "due_on": ""}, htmx=False)

    assert response.status_code == 422
    assert "Kopā vēl nav nevienas grāmatas: vispirms pievienojiet sarakstu." in response.text
    assert await SetPlacement.count() == 0


async def test_deactivate_set_marks_it_inactive(librarian_client, branch, librarian):
    set_id = await make_set(branch, librarian)

    await post_form(librarian_client, f"/outreach/sets/{set_id}/deactivate", {}, htmx=False)

    assert await BookSet.select(BookSet.active).first() == {"active": False}


# --- who sees what --------------------------------------------------------------------------

@pytest.mark.parametrize("method, path", [
    ("GET", "/outreach/sets/{id}"), ("GET", "/outreach/sets/{id}/edit"), ("POST", "/outreach/sets/{id}/edit"),
    ("POST", "/outreach/sets/{id}/titles"), ("POST", "/outreach/sets/{id}/lend"), ("POST", "/outreach/sets/{id}/deactivate"),
])
async def test_another_branchs_set_answers_404(client, other_branch, other_librarian, librarian, branch, method, path):
    set_id = await make_set(branch, librarian, pasted="Regīna Ezera — Aka")
    await login(client, other_librarian)

    url = path.format(id=set_id)
    response = await (client.get(url) if method == "GET" else post_form(client, url, {"name": "Mans", "text": "X — Y"}, htmx=False))

    assert response.status_code == 404
    assert await titles(set_id) == [("", "Regīna Ezera", "Aka")]


async def test_another_branchs_set_is_not_listed(client, other_branch, other_librarian, librarian, branch):
    await make_set(branch, librarian)
    await login(client, other_librarian)

    response = await client.get("/outreach/sets")

    assert "Detektīvi" not in response.text
    assert "Grāmatu kopu vēl nav." in response.text


async def test_coordinator_sees_every_branchs_sets_with_the_library(client, branch, other_branch, librarian, other_librarian, coordinator):
    await make_set(branch, librarian)
    await make_set(other_branch, other_librarian, name="Bērnu detektīvi", receiver="group", group_name="Skolēnu lasītāju klubs")
    await login(client, coordinator)

    response = await client.get("/outreach/sets")

    assert cells(response.text, 'data-set="2"') == ["Bērnu detektīvi", "Rudzāti", "Interešu grupa: Skolēnu lasītāju klubs", "Bibliotēkā", "0"]
    assert cells(response.text, 'data-set="1"') == ["Detektīvi", "Rožupe", "Apkalpošanas punkts", "Bibliotēkā", "0"]


async def test_huge_set_id_answers_without_500(librarian_client, branch):
    response = await librarian_client.get("/outreach/sets/99999999999999999999")

    assert response.status_code in (400, 404)
