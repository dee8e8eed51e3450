"""The annual report's three partner tables (children and young people, local history, all) on
hand-made years: counted from the partner table's rows, worded by the library's saved text or the
prefill, with partners credited for cooperation that is no programme item, one row per partner
and library in the network."""
from __future__ import annotations

from datetime import date

import pytest

from models.kernel.tables import Partner
from models.partners.cooperation import CooperationDraft, save_cooperation, set_credited
from models.statistics.period import month_period, year_period
from models.statistics.report_tables import cooperation_tables, partner_table
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

TODAY = date(2026, 11, 25)
YEAR = year_period(2026)


async def partner(name: str, type_: str = "other") -> int:
    return (await Partner.insert(Partner(name=name, type=type_)).returning(Partner.id))[0]["id"]


def words(forms: str | None = None, children: str | None = None, local_history: str | None = None, *, in_children: bool = False,
          in_local_history: bool = False) -> CooperationDraft:
    return CooperationDraft(forms=forms or "", children_text=children or "", local_history_text=local_history or "",
                            in_children=in_children, in_local_history=in_local_history)


def table_view(rows: list[dict]) -> list[tuple]:
    return [(r["name"], r["branch_name"], r["times"], r["attendance"], r["credited"], r["text"]) for r in rows]


async def test_cooperation_tables_prefill_from_activities_done_together(branch, school):
    poetry = await make_item(branch["id"], title="Dzejas dienas", partners=(school["id"],))
    await session(poetry, "12.03.2026 17:00", total=30, children=20, adults=10)
    await session(poetry, "14.09.2026 17:00", total=25, children=20, adults=5)
    lessons = await make_item(branch["id"], "lesson", title="Esi informēts", partners=(school["id"],))
    await session(lessons, "03.03.2026 12:30", total=15, children=15)

    tables = await cooperation_tables(YEAR, branch["id"], TODAY)

    text = "Pasākumi: „Dzejas dienas” (2 reizes); bibliotekārās stundas: „Esi informēts”."
    assert table_view(tables["all"]) == [("Rožupes pamatskola", "Rožupe", 3, 70, False, text)]
    assert table_view(tables["children"]) == [("Rožupes pamatskola", "Rožupe", 3, 70, False, "Bibliotekārās stundas: „Esi informēts”.")]
    assert tables["local_history"] == []
    assert tables["all"][0]["activities"] == (await partner_table(YEAR, branch["id"], TODAY))[0]["activities"]


async def test_cooperation_tables_saved_text_wins_over_the_prefill(branch, school):
    poetry = await make_item(branch["id"], title="Dzejas dienas", partners=(school["id"],))
    await session(poetry, "12.03.2026 17:00", total=30, children=20, adults=10)
    await save_cooperation(school["id"], branch["id"], 2026, words("Literārie pasākumi, ekskursijas, mācību stundas bibliotēkā.",
                                                                   local_history="Novadpētniecības materiālu vākšana.",
                                                                   in_local_history=True), version=0)

    tables = await cooperation_tables(YEAR, branch["id"], TODAY)

    assert [r["text"] for r in tables["all"]] == ["Literārie pasākumi, ekskursijas, mācību stundas bibliotēkā."]
    assert [r["text"] for r in tables["local_history"]] == ["Novadpētniecības materiālu vākšana."]
    assert [r["text"] for r in tables["children"]] == [""]  # saved blank: the school is there by its type, with no words


async def test_cooperation_tables_credited_partner_without_item_is_in_all_with_its_text(branch, school):
    lncb = await partner("LNCB, novada bibliotēkas", "library")
    await set_credited(lncb, branch["id"], 2026, True)
    await save_cooperation(lncb, branch["id"], 2026, words("SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms."), version=1)
    seniors = await partner("Senioru klubs „Sidrabs”", "seniors")
    await set_credited(seniors, branch["id"], 2026, True)

    tables = await cooperation_tables(YEAR, branch["id"], TODAY)

    assert table_view(tables["all"]) == [
        ("LNCB, novada bibliotēkas", "Rožupe", 0, None, True, "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms."),
        ("Senioru klubs „Sidrabs”", "Rožupe", 0, None, True, ""),
    ]
    assert (tables["children"], tables["local_history"]) == ([], [])


async def test_cooperation_tables_uncredited_partner_without_item_or_words_is_nowhere(branch):
    lncb = await partner("LNCB", "library")
    await set_credited(lncb, branch["id"], 2026, True)
    await set_credited(lncb, branch["id"], 2026, False)

    tables = await cooperation_tables(YEAR, branch["id"], TODAY)

    assert tables == {"children": [], "local_history": [], "all": []}


async def test_cooperation_tables_children_by_young_audience_type_or_tick(branch, school):
    house = await partner("Rožupes Kultūras nams", "culture_house")
    seniors = await partner("Senioru klubs „Sidrabs”", "seniors")
    parents = await partner("Vecāku biedrība", "ngo")
    tales = await make_item(branch["id"], title="Pasaku pēcpusdiena", audiences=("children",), partners=(house,))
    await session(tales, "05.03.2026 15:00", total=12, children=10, adults=2)
    evening = await make_item(branch["id"], title="Atmiņu vakars", audiences=("seniors",), partners=(seniors, school["id"], parents))
    await session(evening, "06.03.2026 17:00", total=20, adults=20)
    await save_cooperation(parents, branch["id"], 2026, words(in_children=True), version=0)
    shown = "Pasākumi: „Atmiņu vakars”."  # the ticks saved with the prefill the form showed, unchanged
    await save_cooperation(seniors, branch["id"], 2026, words(shown, shown, shown, in_local_history=True), version=0,
                           prefills={"forms": shown, "children_text": shown, "local_history_text": shown})

    tables = await cooperation_tables(YEAR, branch["id"], TODAY)

    assert [r["name"] for r in tables["all"]] == ["Rožupes Kultūras nams", "Rožupes pamatskola", "Senioru klubs „Sidrabs”", "Vecāku biedrība"]
    assert [r["name"] for r in tables["children"]] == ["Rožupes Kultūras nams", "Rožupes pamatskola", "Vecāku biedrība"]
    assert [(r["name"], r["text"]) for r in tables["local_history"]] == [("Senioru klubs „Sidrabs”", "Pasākumi: „Atmiņu vakars”.")]


async def test_cooperation_tables_exhibition_for_children_counts_for_the_childrens_table(branch):
    kindergarten = await partner("PII „Zīļuki”", "other")
    drawings = await make_item(branch["id"], "exhibition", title="Bērnu zīmējumi", audiences=("preschool",), partners=(kindergarten,))
    await session(drawings, "20.03.2026 10:00", end="20.04.2026 10:00")

    tables = await cooperation_tables(YEAR, branch["id"], TODAY)

    assert table_view(tables["children"]) == [("PII „Zīļuki”", "Rožupe", 1, None, False, "Izstādes: „Bērnu zīmējumi”.")]


async def test_cooperation_tables_of_the_network_one_row_per_partner_and_library(branch, other_branch, school):
    for branch_id, total in ((branch["id"], 10), (other_branch["id"], 7)):
        poetry = await make_item(branch_id, title="Dzejas dienas", partners=(school["id"],))
        await session(poetry, "12.03.2026 17:00", total=total, children=total)
    await save_cooperation(school["id"], other_branch["id"], 2026, words("Rudzātu vārdi"), version=0)

    tables = await cooperation_tables(YEAR, None, TODAY)
    own = await cooperation_tables(YEAR, branch["id"], TODAY)

    assert table_view(tables["all"]) == [("Rožupes pamatskola", "Rožupe", 1, 10, False, "Pasākumi: „Dzejas dienas”."),
                                         ("Rožupes pamatskola", "Rudzāti", 1, 7, False, "Rudzātu vārdi")]
    assert table_view(own["all"]) == [("Rožupes pamatskola", "Rožupe", 1, 10, False, "Pasākumi: „Dzejas dienas”.")]


async def test_cooperation_tables_month_uses_its_years_words(branch, school):
    poetry = await make_item(branch["id"], title="Dzejas dienas", partners=(school["id"],))
    await session(poetry, "12.03.2026 17:00", total=30, children=30)
    await save_cooperation(school["id"], branch["id"], 2025, words("Pagājušā gada vārdi"), version=0)

    march = await cooperation_tables(month_period(2026, 3), branch["id"], TODAY)
    last_year = await cooperation_tables(year_period(2025), branch["id"], TODAY)

    assert table_view(march["all"]) == [("Rožupes pamatskola", "Rožupe", 1, 30, False, "Pasākumi: „Dzejas dienas”.")]
    assert table_view(last_year["all"]) == [("Rožupes pamatskola", "Rožupe", 0, None, False, "Pagājušā gada vārdi")]


async def test_cooperation_tables_year_with_no_data_is_three_empty_tables(branch):
    tables = await cooperation_tables(year_period(2019), branch["id"], TODAY)

    assert tables == {"children": [], "local_history": [], "all": []}


async def test_cooperation_tables_given_the_partner_tables_rows_counts_nothing_again(branch, school, monkeypatch):
    poetry = await make_item(branch["id"], title="Dzejas dienas", partners=(school["id"],))
    await session(poetry, "12.03.2026 17:00", total=30, children=30)
    counted = await partner_table(YEAR, branch["id"], TODAY)
    expected = await cooperation_tables(YEAR, branch["id"], TODAY)

    async def no_second_count(*args):
        raise AssertionError("counted twice")

    monkeypatch.setattr("models.statistics.report_tables.partner_table", no_second_count)
    given = await cooperation_tables(YEAR, branch["id"], TODAY, partners=counted)

    assert given == expected
