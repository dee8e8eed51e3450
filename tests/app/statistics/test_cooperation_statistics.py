"""The annual report's three partner tables on the statistics page, in its downloads and in the
API: counted as the partner table counts, worded by the library's saved text or the prefill, with
a partner credited for cooperation that is no programme item."""
from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from models.kernel.tables import Partner
from models.partners.cooperation import CooperationDraft, save_cooperation, set_credited
from tests.app.statistics.test_school_table import table_rows
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

YEAR = "period=year&year=2026"


async def plan_year(branch, school) -> dict[str, int]:
    """Rožupe, 2026: poetry days with the school twice, a seniors' evening ticked for local history,
    and the central library credited for its advice with no item."""
    poetry = await make_item(branch["id"], title="Dzejas dienas", audiences=("children",), partners=(school["id"],))
    await session(poetry, "12.03.2026 17:00", total=30, children=20, adults=10)
    await session(poetry, "14.09.2026 17:00", total=25, children=20, adults=5)
    seniors = (await Partner.insert(Partner(name="Rožupes senioru apvienība", type="seniors")).returning(Partner.id))[0]["id"]
    evening = await make_item(branch["id"], title="Atmiņu vakars", audiences=("seniors",), partners=(seniors,))
    await session(evening, "06.05.2026 17:00", total=14, adults=14)
    await save_cooperation(seniors, branch["id"], 2026, CooperationDraft(
        "Piedalīšanās izstāžu organizēšanā, radošajās nodarbībās.", None, "Atmiņu stāsti novadpētniecībai.", False, True), version=0)
    lncb = (await Partner.insert(Partner(name="LNCB, novada bibliotēkas", type="library")).returning(Partner.id))[0]["id"]
    await set_credited(lncb, branch["id"], 2026, True)
    await save_cooperation(lncb, branch["id"], 2026, CooperationDraft(
        "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms.", None, None, False, False), version=1)
    return {"seniors": seniors, "lncb": lncb}


async def test_cooperation_tables_on_the_statistics_page(librarian_client, branch, school):
    await plan_year(branch, school)

    response = await librarian_client.get(f"/statistics?{YEAR}")

    assert response.status_code == 200
    assert table_rows(response.text, "partners_children") == [
        ["Rožupes pamatskola", "Skola", "2", "55", "Pasākumi: „Dzejas dienas” (2 reizes)."]]
    assert table_rows(response.text, "partners_local_history") == [
        ["Rožupes senioru apvienība", "Senioru apvienība", "1", "14", "Atmiņu stāsti novadpētniecībai."]]
    assert table_rows(response.text, "partners_all") == [
        ["LNCB, novada bibliotēkas", "Bibliotēka", "0", "—", "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms."],
        ["Rožupes pamatskola", "Skola", "2", "55", "Pasākumi: „Dzejas dienas” (2 reizes)."],
        ["Rožupes senioru apvienība", "Senioru apvienība", "1", "14", "Piedalīšanās izstāžu organizēšanā, radošajās nodarbībās."],
    ]
    assert f'href="/partners/cooperation?year=2026&amp;branch={branch["id"]}"' in response.text


async def test_cooperation_tables_on_the_partners_print_page(librarian_client, branch, school):
    await plan_year(branch, school)

    response = await librarian_client.get(f"/statistics/partners?{YEAR}")

    assert [row[0] for row in table_rows(response.text, "partners_all")] == [
        "LNCB, novada bibliotēkas", "Rožupes pamatskola", "Rožupes senioru apvienība"]


async def test_cooperation_download_csv_of_partners_all(librarian_client, branch, school):
    await plan_year(branch, school)

    response = await librarian_client.get(f"/statistics/download?table=partners_all&format=csv&{YEAR}")

    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")) == [
        ["Sadarbības partneris", "Partnera veids", "Reizes", "Apmeklējums", "Sadarbības formas, aktivitātes"],
        ["LNCB, novada bibliotēkas", "Bibliotēka", "0", "—", "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms."],
        ["Rožupes pamatskola", "Skola", "2", "55", "Pasākumi: „Dzejas dienas” (2 reizes)."],
        ["Rožupes senioru apvienība", "Senioru apvienība", "1", "14", "Piedalīšanās izstāžu organizēšanā, radošajās nodarbībās."],
    ]


async def test_cooperation_download_xlsx_of_the_network_names_each_library(client, coordinator, branch, school):
    from tests.app.conftest import login

    await plan_year(branch, school)
    await login(client, coordinator)

    response = await client.get(f"/statistics/download?table=partners_local_history&format=xlsx&{YEAR}")

    rows = [list(r) for r in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[-2:] == [
        ["Sadarbības partneris", "Partnera veids", "Bibliotēka", "Reizes", "Apmeklējums", "Sadarbības raksturojums"],
        ["Rožupes senioru apvienība", "Senioru apvienība", "Rožupe", 1, 14, "Atmiņu stāsti novadpētniecībai."],
    ]


async def test_cooperation_download_of_a_year_with_no_data_is_headings_only(librarian_client, branch):
    response = await librarian_client.get("/statistics/download?table=partners_children&format=csv&period=year&year=2019")

    assert response.status_code == 200
    assert list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")) == [
        ["Sadarbības partneris", "Partnera veids", "Reizes", "Apmeklējums", "Aktivitāte"]]


async def test_cooperation_api_field_lists_the_three_tables(librarian_client, branch, school):
    ids = await plan_year(branch, school)

    response = await librarian_client.get(f"/api/v1/statistics?{YEAR}")

    assert response.status_code == 200
    school_row = {"partner_id": school["id"], "name": "Rožupes pamatskola", "branch_name": "Rožupe", "times": 2, "attendance": 55,
                  "credited": False, "text": "Pasākumi: „Dzejas dienas” (2 reizes)."}
    assert response.json()["cooperation"] == {
        "children": [school_row],
        "local_history": [{"partner_id": ids["seniors"], "name": "Rožupes senioru apvienība", "branch_name": "Rožupe", "times": 1,
                           "attendance": 14, "credited": False, "text": "Atmiņu stāsti novadpētniecībai."}],
        "all": [
            {"partner_id": ids["lncb"], "name": "LNCB, novada bibliotēkas", "branch_name": "Rožupe", "times": 0, "attendance": None,
             "credited": True, "text": "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms."},
            {**school_row},
            {"partner_id": ids["seniors"], "name": "Rožupes senioru apvienība", "branch_name": "Rožupe", "times": 1, "attendance": 14,
             "credited": False, "text": "Piedalīšanās izstāžu organizēšanā, radošajās nodarbībās."},
        ],
    }


async def test_cooperation_api_of_a_year_with_no_data_is_three_empty_lists(librarian_client, branch):
    response = await librarian_client.get("/api/v1/statistics?period=year&year=2019")

    assert response.json()["cooperation"] == {"children": [], "local_history": [], "all": []}
