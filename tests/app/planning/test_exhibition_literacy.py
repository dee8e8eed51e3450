"""An exhibition's literacy area (the annual report's school table) through the item dialog and the
API: saved, shown again in the dialog and on the item's page, answered by the API."""
from __future__ import annotations

import re

import pytest

from models.kernel.tables import Item
from tests.app.api.test_api import create, event_body
from tests.app.conftest import post_form

# the exhibition below runs through December 2026, as seen from 01.12.2026
pytestmark = pytest.mark.clock("01.12.2026 09:00")


def exhibition_form(branch_id: int, **overrides) -> dict:
    form = {"kind": "exhibition", "title": "Latvijas simboli", "branch_id": str(branch_id), "all_day": "1", "start_date": "02.12.2026.",
            "end_date": "30.12.2026.", "start_time": "", "end_time": "", "status": "planned", "is_public": "1", "repeat": "none",
            "exhibition_form": "physical", "override": "1"}
    form.update(overrides)
    return form


async def test_item_dialog_exhibition_literacy_area_is_saved_and_shown(librarian_client, branch):
    response = await post_form(librarian_client, "/items/", exhibition_form(branch["id"], literacy_area="social_civic"))
    saved = await Item.select(Item.id, Item.kind, Item.literacy_area).first()

    dialog = await librarian_client.get(f"/items/{saved['id']}/edit", headers={"HX-Request": "true"})
    page = await librarian_client.get(f"/items/{saved['id']}")

    assert response.status_code == 200
    assert (saved["kind"], saved["literacy_area"]) == ("exhibition", "social_civic")
    assert re.search(r'<fieldset class="kind-fields [^"]*only-exhibition[^"]*"><legend>Sasaiste ar skolu</legend>', dialog.text)
    assert '<option value="social_civic" selected>' in dialog.text
    assert "<dt>Pratības joma</dt><dd>Sociālā un pilsoniskā pratība</dd>" in page.text


async def test_item_dialog_book_start_drops_the_literacy_area(librarian_client, branch):
    form = exhibition_form(branch["id"], kind="book_start", title="Pūčulēnu skola", all_day="", start_date="02.12.2026.",
                           end_date="02.12.2026.", start_time="10:00", end_time="11:00", literacy_area="social_civic")

    response = await post_form(librarian_client, "/items/", form)

    assert response.status_code == 200
    assert await Item.select(Item.kind, Item.literacy_area).first() == {"kind": "book_start", "literacy_area": ""}


async def test_api_exhibition_literacy_area_is_saved_and_answered(librarian_client, branch):
    body = event_body(branch["id"], kind="exhibition", title="Latvijas simboli", all_day=True, start_date="2026-12-02",
                      end_date="2026-12-30", start_time=None, end_time=None, exhibition_form="virtual", literacy_area="digital")

    created = await create(librarian_client, body)
    answered = (await librarian_client.get(f"/api/v1/items/{created['id']}")).json()

    assert (created["kind"], created["literacy_area"], created["exhibition_form"]) == ("exhibition", "digital", "virtual")
    assert (answered["literacy_area"], answered["exhibition_form"]) == ("digital", "virtual")
    assert await Item.select(Item.literacy_area).where(Item.id == created["id"]).first() == {"literacy_area": "digital"}
