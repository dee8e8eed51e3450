"""The outreach front page: what is due, in the librarian's language."""
from __future__ import annotations

import pytest

from models.outreach import parse_pasted, replace_titles, save_set, validate_set
from tests.app.conftest import login

pytestmark = pytest.mark.clock("02.02.2026 09:00")


async def test_overview_shows_a_due_rotation_and_the_sets(librarian_client, branch, care_centre, librarian):
    set_id = await save_set(await validate_set({"branch_id": branch["id"], "name": "Detektīvi", "place_id": care_centre["id"]}, librarian))
    await replace_titles(set_id, parse_pasted("Agata Kristi — Desmit mazi nēģerīši"))

    response = await librarian_client.get("/outreach")

    assert response.status_code == 200
    assert "1 piegāde jāplāno" in response.text
    assert "03.02.2026. — Sociālās aprūpes centrs „Rožlejas”" in response.text
    assert "1 kopa, 0 ārpus bibliotēkas." in response.text
    assert "0 aktīvu lasītāju." in response.text


async def test_overview_tells_a_coordinator_the_reader_cards_stay_with_each_library(client, coordinator):
    await login(client, coordinator)

    response = await client.get("/outreach")

    assert response.status_code == 200
    assert "Lasītāju kartes glabā katra bibliotēka: tās redz tikai tās darbinieki." in response.text
