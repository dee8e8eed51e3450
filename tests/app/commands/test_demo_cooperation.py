"""The demo's cooperation with partners: Rožupe's words of its annual report for the demo's years,
the central library credited for its advice, and the local-history ticks."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.commands.demo.build import load_demo
from models.kernel.network_tables import Branch
from models.kernel.tables import PartnerCooperation
from models.statistics.period import year_period
from models.statistics.report_tables import cooperation_tables

pytestmark = pytest.mark.clock("25.11.2026 12:00")

TODAY = date(2026, 11, 25)


async def test_demo_cooperation_writes_rozupes_words_and_credits_the_central_library(db):
    await load_demo(TODAY, lambda password: "plain$" + password, now=datetime(2026, 11, 25, 12, 0))
    rozupe = (await Branch.select(Branch.id).where(Branch.slug == "rozupe").first())["id"]

    tables = await cooperation_tables(year_period(2026), rozupe, TODAY)

    assert await PartnerCooperation.count() == 6
    assert [(r["name"], r["credited"], r["text"]) for r in tables["all"] if r["credited"]] == [
        ("Līvānu novada Centrālā bibliotēka", True, "SBA pakalpojumu izmantošana. Aktuāla informācija, pieredze, padoms.")]
    assert [r["name"] for r in tables["local_history"]] == ["Rožupes Kultūras nams", "Rožupes pamatskola", "Rožupes senioru apvienība"]
    assert [r["text"] for r in tables["local_history"] if r["name"] == "Rožupes pamatskola"] == [
        "Novadpētniecības stundas. Skolēnu darbu izstādes: zīmējumu, rokdarbu, radošo darbu. Iesaistīšanās karjeras nedēļas "
        "pasākumos. Virtuālās fotoizstādes."]
