"""The annual report downloaded as DOCX (read back with python-docx) and shown as its print page:
the template's sections in order, the basic indicators equal to the statistics API's, the events
listed by title under their month, campaigns apart, the branch scope enforced, a network's report
with a section per library, and a bad year or a missing Chromium answered with a message."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.kernel.i18n import format_number
from app.kernel.settings import Settings, default_chromium
from app.statistics import INDICATOR_ROWS
from app.kernel.printing import PdfUnavailable, html_to_pdf
from models.kernel.enums import PlaceKind
from models.kernel.network_tables import Branch, BranchPopulation, Network
from models.kernel.tables import LibraryFigures, Place
from tests.app.conftest import login
from tests.conftest import make_place
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

YEAR = "year=2026"
SECTIONS = ["1. Vispārīgs bibliotēkas raksturojums", "2. Finansiālais nodrošinājums", "3. Materiālā un tehniskā stāvokļa vērtējums",
            "4. Personāls", "5. Pakalpojumu piedāvājums un pieejamība", "6. Krājums", "7. Darbs ar bērniem un jauniešiem",
            "8. Novadpētniecība", "9. Projekti", "10. Publicitāte", "11. Sadarbības tīkla raksturojums"]
FIGURES = {"visits": 0, "visits_children": 0, "loans": 0, "loans_children": 0, "active_users": 0, "active_users_children": 0}


async def library_month(branch_id: int, year: int, month: int, **values) -> None:
    await LibraryFigures.insert(LibraryFigures(period_key=f"{branch_id}:{year}-{month:02d}", branch=branch_id, year=year, month=month,
                                               **{**FIGURES, **values}))


async def plan_year(branch, other_branch, school) -> None:
    """Rožupe's 2026 as the report tells such a year, small: the library system's months, events in
    April (a talk twice, the all-day library week, a cancelled evening), a lesson with the school,
    Book Start, an exhibition, deliveries, one event in October; one event in 2025; Rudzāti's evening."""
    await library_month(branch["id"], 2026, 1, visits=700, visits_children=200, loans=900, loans_children=120, active_users=300,
                        active_users_children=90, loans_books=400, loans_periodicals=480, interlibrary_received=9, interlibrary_sent=3)
    await library_month(branch["id"], 2026, 10, visits=8579, visits_children=2624, loans=10586, loans_children=1383, active_users=488,
                        active_users_children=144, loans_books=5104, loans_periodicals=5454, interlibrary_received=116, interlibrary_sent=32)
    await library_month(branch["id"], 2025, 10, visits=5695, visits_children=2516, loans=11469, loans_children=1632, active_users=495,
                        active_users_children=147)
    for year, residents, children in ((2026, 1006, 185), (2025, 1018, 183)):
        await BranchPopulation.insert(BranchPopulation(year_key=f"{branch['id']}:{year}", branch=branch["id"], year=year, population=residents,
                                                       children=children))
    talk = await make_item(branch["id"], title="Tikšanās ar dzejnieci", partners=(school["id"],))
    await session(talk, "02.04.2026 18:00", total=20, adults=20)
    await session(talk, "16.04.2026 18:00", total=1222, adults=1222)
    week = await make_item(branch["id"], title="Bibliotēku nedēļa", all_day=True)
    await session(week, "20.04.2026 00:00", end="27.04.2026 00:00", total=140, children=60, adults=80)
    cancelled = await make_item(branch["id"], title="Atcelts vakars", status="cancelled")
    await session(cancelled, "08.04.2026 18:00", total=30, adults=30)
    lesson = await make_item(branch["id"], "lesson", title="Esi informēts", literacy_area="digital", lesson_class="5. klase", partners=(school["id"],))
    await session(lesson, "03.04.2026 12:30", total=18, children=18)
    owls = await make_item(branch["id"], "book_start", title="Pūčulēnu skola")
    await session(owls, "09.04.2026 10:00", total=8, children=8, kits=8)
    crafts = await make_item(branch["id"], "exhibition", title="Lakatu izstāde", all_day=True, exhibition_form="physical")
    await session(crafts, "14.04.2026 00:00", end="09.05.2026 00:00")
    care = await make_place(branch["id"], "Sociālās aprūpes centrs „Rožlejas”", PlaceKind.SERVICE_POINT)
    rounds = await make_item(branch["id"], "delivery", title="Grāmatu kopa „Rožlejām”", place_id=care["id"])
    await session(rounds, "12.05.2026 10:00", items_out=20, items_back=15, readers_served=9)
    home = await make_item(branch["id"], "delivery", title="Grāmatas mājās", delivery_kind="home")
    await session(home, "03.06.2026 11:00", items_out=7, readers_served=3)
    ghosts = await make_item(branch["id"], title="Spoku nakts")
    await session(ghosts, "30.10.2026 19:00", total=35, children=35)
    last_year = await make_item(branch["id"], title="Dzejas dienas")
    await session(last_year, "10.09.2025 17:00", total=25, adults=25)
    theirs = await make_item(other_branch["id"], title="Rudzātu vakars")
    await session(theirs, "10.04.2026 18:00", total=50, adults=50)


async def download(client, query: str):
    response = await client.get(f"/statistics/annual-report/download?format=docx&{query}")
    assert response.status_code == 200, response.text
    return docx.Document(io.BytesIO(response.content)), response


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def table_after(document, heading: str) -> list[list[str]]:
    """The cells of the first table after the heading with this text."""
    seen = False
    for part in document.iter_inner_content():
        if isinstance(part, Paragraph) and part.text == heading:
            seen = True
        elif seen and isinstance(part, Table):
            return [[c.text for c in row.cells] for row in part.rows]
    raise AssertionError(f"no table after {heading!r}")


def paragraphs_under(document, heading: str) -> list[str]:
    """The paragraphs after the heading with this text up to the next heading."""
    found, inside = [], False
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            if inside:
                break
            inside = paragraph.text == heading
        elif inside and paragraph.text:
            found.append(paragraph.text)
    return found


async def test_annual_report_docx_has_the_templates_sections_in_order(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)

    document, response = await download(librarian_client, YEAR)

    assert headings(document, 1) == SECTIONS
    assert response.headers["content-disposition"] == 'attachment; filename="parskats-rozupe-2026.docx"'
    assert [p.text for p in document.paragraphs[:2]] == ["Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka",
                                                         "Pārskats par bibliotēkas darbību 2026. gadā"]
    assert "Finansiālais nodrošinājums" in SECTIONS[1] and paragraphs_under(document, "Bibliotēkas izdevumi") == ["Aizpilda bibliotēka."]


async def test_annual_report_basic_indicators_equal_the_statistics_api(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)
    api = (await librarian_client.get(f"/api/v1/statistics?period=year&{YEAR}")).json()["indicators"]

    document, _ = await download(librarian_client, YEAR)

    rows = table_after(document, "Bibliotēkas pamatrādītāji")
    known = {f["key"]: (f["last"], f["this"], f["change"]) for f in api["figures"] + api["more"]}
    texts = {c["key"]: (c["last_text"], c["this_text"], c["change"]) for c in api["coverage"]}
    expected = [[label, *(texts[key] if key in texts else tuple(format_number(v) if isinstance(v, int) else "—" if v is None else v
                                                                for v in known[key])), source]
                for key, label, _level, source in INDICATOR_ROWS]
    assert rows[0] == ["Rādītājs", "2025 (līdz 25.11.)", "2026 (līdz 25.11.)", "% salīdzinot ar iepr. gadu", "Avots"]
    assert rows[1:] == expected
    assert rows[1] == ["Aktīvo lietotāju skaits", "495", "488", "-1,4%", "BIS ALISE"]
    assert rows[3] == ["Bibliotēkas apmeklējums", "5\u00a0695", "9\u00a0279", "+62,9%", "BIS ALISE"]


async def test_annual_report_lists_held_events_by_title_under_their_month(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)

    document, _ = await download(librarian_client, YEAR)

    april = paragraphs_under(document, "Aprīlis")
    assert april == [
        "Bibliotēkā aprīlī notika 3 pasākumi (apmeklējums: 1\u00a0382).", "Bibliotēka atklāja 1 izstādi.", "Pasākumi:",
        "„Tikšanās ar dzejnieci”: 02.04.2026., 16.04.2026.; apmeklējums: 1\u00a0242", "Izstādes:", "„Lakatu izstāde”: 14.04.2026.–08.05.2026."]
    assert paragraphs_under(document, "Oktobris") == ["Bibliotēkā oktobrī notika 1 pasākums (apmeklējums: 35).", "Pasākumi:",
                                                      "„Spoku nakts”: 30.10.2026.; apmeklējums: 35"]
    assert paragraphs_under(document, "Janvāris") == ["Bibliotēkā janvārī pasākumu nebija."]
    assert table_after(document, "Kampaņas") == [["Kampaņa", "Laiks", "Apmeklējums"], ["Bibliotēku nedēļa", "20.04.2026.–26.04.2026.", "140"]]


async def test_annual_report_fills_lessons_book_start_and_deliveries(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)

    document, _ = await download(librarian_client, YEAR)

    assert table_after(document, "Sasaiste ar skolu: pratības jomas")[1] == [
        "Digitālā pratība", "„Esi informēts” (5. klase)", "1", "18", "Rožupes pamatskola"]
    assert table_after(document, "Grāmatu starts")[1:] == [
        ["Grāmatu starta nodarbības", "0", "1", "—"], ["Bērni, kas piedalījās", "0", "8", "—"], ["Izsniegtie Grāmatu starta komplekti", "0", "8", "—"]]
    assert table_after(document, "Ārējie apkalpošanas punkti")[1] == ["Sociālās aprūpes centrs „Rožlejas”", "0", "1", "—", "20", "15", "9"]
    home = table_after(document, "Grāmatu piegāde mājās")
    assert (home[6], home[-1]) == (["Jūnijs", "1", "3", "7", "2,3"], ["Kopā", "1", "3", "7", "2,3"])
    assert paragraphs_under(document, "Informācija par ārējiem apkalpošanas punktiem") == ["Sociālās aprūpes centrs „Rožlejas”"]


async def test_annual_report_partner_tables_name_the_school_in_sections_7_and_11(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)

    document, _ = await download(librarian_client, YEAR)

    children = table_after(document, "Bibliotēkas sadarbības tīkls darbā ar bērniem un jauniešiem")
    everyone = table_after(document, "Sadarbības partneri, sadarbības formas un aktivitātes")
    assert children[0] == ["Sadarbības partneris", "Aktivitāte", "Reizes", "Apmeklējums"]
    assert [row[0] for row in children[1:]] == [row[0] for row in everyone[1:]] == ["Rožupes pamatskola (Skola)"]
    assert everyone[1][2:] == ["3", "1\u00a0260"]


async def test_annual_report_librarian_cannot_get_another_librarys_report(librarian_client, other_branch):
    page = await librarian_client.get(f"/statistics/annual-report?{YEAR}&branch={other_branch['id']}")
    file = await librarian_client.get(f"/statistics/annual-report/download?format=docx&{YEAR}&branch={other_branch['id']}")
    network = await librarian_client.get(f"/statistics/annual-report/download?format=docx&{YEAR}&branch=network")

    assert (page.status_code, file.status_code, network.status_code) == (403, 403, 403)
    assert "Jūs varat skatīt tikai savas bibliotēkas statistiku." in page.text
    assert "Jūs varat skatīt tikai savas bibliotēkas statistiku." in file.text


async def test_annual_report_network_has_its_summary_then_a_section_per_library(client, coordinator, branch, other_branch, school):
    await plan_year(branch, other_branch, school)
    await Network.insert(Network(name="Līvānu novada bibliotēkas"))
    await login(client, coordinator)

    document, response = await download(client, f"{YEAR}&branch=network")

    assert headings(document, 1) == ["Tīkla kopsavilkums", "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka",
                                     "Līvānu novada Centrālās bibliotēkas Rudzātu bibliotēka"]
    assert headings(document, 2).count("5. Pakalpojumu piedāvājums un pieejamība") == 2
    assert [p.text for p in document.paragraphs[:2]] == ["Līvānu novada bibliotēkas", "Pārskats par bibliotēku darbību 2026. gadā"]
    assert response.headers["content-disposition"] == 'attachment; filename="parskats-tikls-2026.docx"'
    assert table_after(document, "Bibliotēku rādītāji")[1:] == [
        ["Rožupe", "4", "1\u00a0417", "1", "1", "1", "2"], ["Rudzāti", "1", "50", "0", "0", "0", "0"], ["Kopā", "5", "1\u00a0467", "1", "1", "1", "2"]]
    rudzati = headings(document, 4)
    assert rudzati.count("Aprīlis") == 2


async def test_annual_report_coordinator_gets_one_librarys_report(client, coordinator, branch, other_branch, school):
    await plan_year(branch, other_branch, school)
    await login(client, coordinator)

    document, response = await download(client, f"{YEAR}&branch={other_branch['id']}")

    assert headings(document, 1) == SECTIONS
    assert paragraphs_under(document, "Aprīlis")[0] == "Bibliotēkā aprīlī notika 1 pasākums (apmeklējums: 50)."
    assert response.headers["content-disposition"] == 'attachment; filename="parskats-rudzati-2026.docx"'


@pytest.mark.parametrize("year", ["1999", "2027", "20x6", "２０２６"])
async def test_annual_report_bad_year_answers_422_with_a_message(librarian_client, year):
    page = await librarian_client.get(f"/statistics/annual-report?year={year}")
    file = await librarian_client.get(f"/statistics/annual-report/download?format=docx&year={year}")

    assert (page.status_code, file.status_code) == (422, 422)
    assert "Ierakstiet gadu no 2000 līdz 2026." in page.text and "Ierakstiet gadu no 2000 līdz 2026." in file.text


async def test_annual_report_unknown_format_answers_422_with_a_message(librarian_client):
    response = await librarian_client.get(f"/statistics/annual-report/download?format=odt&{YEAR}")

    assert response.status_code == 422 and "Izvēlieties formātu: docx vai pdf." in response.text


async def test_annual_report_year_without_data_still_gives_a_document_with_dashes_and_zeros(librarian_client, branch):
    document, _ = await download(librarian_client, "year=2024")

    indicators = {row[0]: row[1:] for row in table_after(document, "Bibliotēkas pamatrādītāji")[1:] if not row[0].startswith("t. sk.")}
    assert indicators["Bibliotēkas apmeklējums"] == ["—", "—", "—", "BIS ALISE"]
    assert indicators["Pasākumi"] == ["0", "0", "—", "Afiša"]
    assert paragraphs_under(document, "Marts") == ["Bibliotēkā martā pasākumu nebija."]
    assert table_after(document, "Kampaņas")[1:] == [["—", "—", "—"]]
    assert table_after(document, "Sadarbības partneri, sadarbības formas un aktivitātes")[1:] == [["—", "—", "—", "—"]]
    assert headings(document, 1) == SECTIONS


async def test_annual_report_default_year_is_this_year_in_november(librarian_client, branch):
    response = await librarian_client.get("/statistics/annual-report")

    assert response.status_code == 200
    assert "Pārskats par bibliotēkas darbību 2026. gadā" in response.text
    assert 'href="/statistics/annual-report/download?format=docx&amp;year=2026"' in response.text


async def test_annual_report_page_shows_the_same_sections_and_the_downloads(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)

    response = await librarian_client.get(f"/statistics/annual-report?{YEAR}")

    assert response.status_code == 200
    assert all(f">{section}</h2>" in response.text for section in SECTIONS)
    assert "„Tikšanās ar dzejnieci”: 02.04.2026., 16.04.2026.; apmeklējums: 1\u00a0242" in response.text.replace("&#34;", '"')
    assert 'href="/statistics/annual-report/download?format=pdf&amp;year=2026"' in response.text


async def test_annual_report_docx_is_the_same_file_when_downloaded_twice(librarian_client, branch, other_branch, school):
    await plan_year(branch, other_branch, school)

    _, first = await download(librarian_client, YEAR)
    _, second = await download(librarian_client, YEAR)

    assert first.content == second.content
    properties = docx.Document(io.BytesIO(first.content)).core_properties
    assert (properties.created.date().isoformat(), properties.title) == ("2026-11-25", "Pārskats par bibliotēkas darbību 2026. gadā")


async def test_annual_report_pdf_without_chromium_asks_to_print_from_the_browser(librarian_client, branch):
    app = librarian_client.app
    app.state.settings = replace(app.state.settings, chromium="")

    response = await librarian_client.get(f"/statistics/annual-report/download?format=pdf&{YEAR}")

    assert response.status_code == 503
    assert "PDF šobrīd nevar izveidot. Atveriet pārskatu un izdrukājiet to no pārlūka kā PDF" in response.text
    assert 'href="/statistics/annual-report?year=2026"' in response.text


async def test_annual_report_pdf_with_a_failing_chromium_asks_to_print_from_the_browser(librarian_client, branch, tmp_path):
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    app = librarian_client.app
    app.state.settings = replace(app.state.settings, chromium=str(broken))

    response = await librarian_client.get(f"/statistics/annual-report/download?format=pdf&{YEAR}")

    assert response.status_code == 503 and "PDF šobrīd nevar izveidot." in response.text


async def test_annual_report_latvian_counts_take_their_forms(librarian_client, branch):
    one = await make_item(branch["id"], title="Stāstu pēcpusdiena")
    await session(one, "05.03.2026 17:00", total=12, adults=12)
    two = await make_item(branch["id"], title="Rīta lasījumi")
    await session(two, "06.05.2026 09:00", total=5, adults=5)
    await session(two, "13.05.2026 09:00", total=6, adults=6)
    eleven = await make_item(branch["id"], title="Vasaras lasījumi")
    for day in range(1, 12):
        await session(eleven, f"{day:02d}.07.2026 10:00", total=1, adults=1)
    twenty_one = await make_item(branch["id"], title="Rudens lasījumi")
    for day in range(1, 22):
        await session(twenty_one, f"{day:02d}.09.2026 10:00", total=2, adults=2)

    document, _ = await download(librarian_client, YEAR)

    assert paragraphs_under(document, "Marts")[0] == "Bibliotēkā martā notika 1 pasākums (apmeklējums: 12)."
    assert paragraphs_under(document, "Maijs")[0] == "Bibliotēkā maijā notika 2 pasākumi (apmeklējums: 11)."
    assert paragraphs_under(document, "Jūlijs")[0] == "Bibliotēkā jūlijā notika 11 pasākumu (apmeklējums: 11)."
    assert paragraphs_under(document, "Septembris")[0] == "Bibliotēkā septembrī notika 21 pasākums (apmeklējums: 42)."
    assert paragraphs_under(document, "Veiksmīgākie bibliotēku popularizējošie pasākumi")[0] == (
        "Pārskata periodā notika 35 pasākumi.")


async def test_annual_report_pdf_chromium_that_hangs_is_stopped_after_its_time(tmp_path):
    sleeper = tmp_path / "chromium"
    sleeper.write_text("#!/bin/sh\nsleep 30\n")
    sleeper.chmod(0o755)

    with pytest.raises(PdfUnavailable) as refused:
        await html_to_pdf("<p>Pārskats</p>", str(sleeper), seconds=0.5)

    assert "did not print the document within 0.5 s" in str(refused.value) and "AFISA_CHROMIUM" in str(refused.value)


def test_annual_report_chromium_setting_reads_afisa_chromium(monkeypatch):
    monkeypatch.setenv("AFISA_SECRET_KEY", "k" * 48)
    monkeypatch.setenv("AFISA_CHROMIUM", "/opt/chromium/chrome")
    chosen = Settings.from_env().chromium
    monkeypatch.setenv("AFISA_CHROMIUM", "")
    switched_off = Settings.from_env().chromium
    monkeypatch.delenv("AFISA_CHROMIUM")

    assert (chosen, switched_off, Settings.from_env().chromium) == ("/opt/chromium/chrome", "", default_chromium())


NOTE_TAIL = ("Iedzīvotāju skaits — {}. gada dati no bibliotēkas lapas (oficiālās statistikas tabula RIG010); bibliotekārais aptvērums: "
             "aktīvie lietotāji uz 100 iedzīvotājiem.")


async def test_annual_report_current_year_with_every_ended_month_imported_shows_no_gap(librarian_client, branch):
    for month in range(1, 11):
        await library_month(branch["id"], 2026, month, visits=10)

    document, _ = await download(librarian_client, YEAR)

    assert paragraphs_under(document, "Bibliotēkas pamatrādītāji") == [
        "Bibliotēkas sistēmas dati importēti par mēnešiem: 10 / 10. " + NOTE_TAIL.format(2026)]


async def test_annual_report_network_does_not_expect_the_months_of_a_library_closed_before_the_year(client, coordinator, branch, other_branch):
    await Branch.insert(Branch(name="Sen slēgtā bibliotēka", short_name="Sen slēgtā", slug="sen-slegta", closed_on=date(2024, 12, 31)))
    for branch_id in (branch["id"], other_branch["id"]):
        for month in range(1, 13):
            await library_month(branch_id, 2025, month, visits=10)
    await login(client, coordinator)

    document, _ = await download(client, "year=2025&branch=network")

    assert paragraphs_under(document, "Bibliotēkas pamatrādītāji") == [
        "Bibliotēkas sistēmas dati importēti par mēnešiem: 24 / 24. " + NOTE_TAIL.format(2025)]


async def test_annual_report_lists_a_service_point_closed_last_year_in_last_years_report_only(librarian_client, branch):
    await Place.insert(Place(branch=branch["id"], name="Pagasta māja", kind=PlaceKind.SERVICE_POINT.value, active=False,
                             opened_on=date(2020, 5, 1), closed_on=date(2025, 9, 30)))
    await Place.insert(Place(branch=branch["id"], name="Skola", kind=PlaceKind.SERVICE_POINT.value, opened_on=date(2026, 2, 1)))

    last_year, _ = await download(librarian_client, "year=2025")
    this_year, _ = await download(librarian_client, YEAR)

    heading = "Informācija par ārējiem apkalpošanas punktiem"
    assert (paragraphs_under(last_year, heading), paragraphs_under(this_year, heading)) == (["Pagasta māja"], ["Skola"])
