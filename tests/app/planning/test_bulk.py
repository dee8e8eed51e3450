"""Copying a month and changing many items over HTTP: branch-scoped, with an undo kept in the
librarian's own session."""
from __future__ import annotations

import json
import re

import pytest

from models.kernel.tables import Item, Occurrence
from models.planning.programme import create_item
from tests.app.conftest import post_form
from tests.conftest import at
from tests.models import make_draft

# November is copied into December, as seen from the end of November
pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def plan(branch, staff, title: str, day: str, status: str = "published") -> int:
    draft = await make_draft(branch["id"], staff, title=title, start_date=day, start_time="17:00", end_time="18:00", status=status)
    return await create_item(draft, staff["id"])


async def test_copy_preview_lists_the_month_with_the_new_days(librarian_client, branch, librarian):
    await plan(branch, librarian, "Dzejas vakars", "12.11.2026.")

    page = await librarian_client.get("/planner/copy?mode=month&source=2026-11&target=2026-12")

    assert page.status_code == 200
    assert re.search(r'<strong>ceturtdiena, 10\.12\.2026\.</strong> 17:00', page.text)
    assert 'name="item" value="1" id="copy-1" checked' in page.text


async def test_copy_of_another_branch_is_not_offered_and_its_items_are_not_changed(librarian_client, branch, other_branch, other_librarian):
    theirs = await plan(other_branch, other_librarian, "Citu pasākums", "12.11.2026.")

    preview = await librarian_client.get(f"/planner/copy?source=2026-11&target=2026-12&branch={other_branch['id']}")
    copied = await post_form(librarian_client, "/planner/copy", {"source": "2026-11-01", "target": "2026-12-01", "branch": str(other_branch["id"]),
                                                                 "item": [str(theirs)]}, htmx=False)
    changed = await post_form(librarian_client, "/planner/select", {"action": "cancel", "item": [str(theirs)]}, htmx=False)

    assert "Citu pasākums" not in preview.text
    assert "Nekas netika nokopēts" in copied.text
    assert "Atzīmējiet vismaz vienu ierakstu" in changed.text
    assert await Item.select(Item.title, Item.status).order_by(Item.id) == [{"title": "Citu pasākums", "status": "published"}]


async def test_undo_of_a_bulk_change_answers_only_once(librarian_client, branch, librarian):
    draft = await plan(branch, librarian, "Melnraksts", "07.12.2026.", status="draft")
    published = await post_form(librarian_client, "/planner/select", {"action": "publish", "item": [str(draft)], "back": "/planner/select"}, htmx=False)
    key = re.search(r'action="/planner/undo/([A-Za-z0-9_-]+)"', published.text).group(1)

    undone = await post_form(librarian_client, f"/planner/undo/{key}", {"next": "/planner/select"}, htmx=False)
    again = await post_form(librarian_client, f"/planner/undo/{key}", {"next": "/planner/select"}, htmx=False)

    assert "Statuss „Publicēts” — 1 ierakstam." in published.text
    assert "Atsaukts: 1 ierakstam atjaunots iepriekšējais statuss." in undone.text
    assert again.status_code == 404
    assert await Item.select(Item.status).first() == {"status": "draft"}


async def test_dragging_a_session_to_a_plain_day_moves_it_with_an_undo(librarian_client, branch, librarian):
    item_id = await plan(branch, librarian, "Galda spēles", "02.12.2026.")
    session = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()

    moved = await post_form(librarian_client, f"/occurrences/{session['id']}/move", {"day": "2026-12-09"})

    trigger = json.loads(moved.headers["hx-trigger"])
    assert trigger["afisa-notice"]["text"] == "„Galda spēles” pārcelts uz 09.12.2026."
    assert trigger["afisa-notice"]["undo"].endswith("/move?day=2026-12-02&hour=17&override=1")
    assert await Item.select(Item.starts_at).where(Item.id == item_id).first() == {"starts_at": at("09.12.2026 17:00")}


async def test_dragging_a_session_onto_a_holiday_opens_the_dialog_with_the_warning(librarian_client, branch, librarian):
    item_id = await plan(branch, librarian, "Galda spēles", "22.12.2026.")
    session = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()

    answer = await post_form(librarian_client, f"/occurrences/{session['id']}/move", {"day": "2026-12-24", "hour": "10"})

    assert (answer.headers["hx-retarget"], answer.headers["hx-reswap"]) == ("#dialog-body", "innerHTML")
    assert "24.12.2026.: svētku diena — Ziemassvētku vakars." in answer.text
    assert 'name="start_date" id="f-start-date" value="2026-12-24"' in answer.text and 'value="10:00"' in answer.text
    assert await Item.select(Item.starts_at).where(Item.id == item_id).first() == {"starts_at": at("22.12.2026 17:00")}


async def test_moving_many_items_a_week_later_keeps_their_times_and_undo_brings_them_back(librarian_client, branch, librarian):
    single = await plan(branch, librarian, "Galda spēles", "02.12.2026.")
    series = await create_item(await make_draft(branch["id"], librarian, title="Lasīšanas klubs", start_date="03.12.2026.", start_time="15:00",
                                                end_time="16:00", repeat="weekly", weekdays=["3"], until="17.12.2026."), librarian["id"])

    moved = await post_form(librarian_client, "/planner/select", {"action": "move", "days": "7", "item": [str(single), str(series)],
                                                                  "back": "/planner/select"}, htmx=False)
    after = [row["starts_at"] for row in await Occurrence.select(Occurrence.starts_at).order_by(Occurrence.starts_at)]
    key = re.search(r'action="/planner/undo/([A-Za-z0-9_-]+)"', moved.text).group(1)
    await post_form(librarian_client, f"/planner/undo/{key}", {"next": "/planner/select"}, htmx=False)
    undone = [row["starts_at"] for row in await Occurrence.select(Occurrence.starts_at).order_by(Occurrence.starts_at)]

    assert "Pārcelti par +7 d.: 2 ieraksti." in moved.text
    assert after == [at("09.12.2026 17:00"), at("10.12.2026 15:00"), at("17.12.2026 15:00"), at("24.12.2026 15:00")]
    assert undone == [at("02.12.2026 17:00"), at("03.12.2026 15:00"), at("10.12.2026 15:00"), at("17.12.2026 15:00")]


async def test_moving_by_zero_or_junk_days_says_what_to_type(librarian_client, branch, librarian):
    item_id = await plan(branch, librarian, "Galda spēles", "02.12.2026.")

    for days in ("0", "septiņas", "9999"):
        answer = await post_form(librarian_client, "/planner/select", {"action": "move", "days": days, "item": [str(item_id)]}, htmx=False)
        assert "Ierakstiet, par cik dienām pārcelt" in answer.text
    assert await Item.select(Item.starts_at).first() == {"starts_at": at("02.12.2026 17:00")}
