"""Tests of the domain layer (models/). Shared builders for item forms live here."""
from __future__ import annotations

from typing import Any

from models.planning.validation import ItemDraft, validate_item


def item_form(branch_id: int, **overrides: Any) -> dict[str, Any]:
    """The raw values of an item form as the planner posts them: one Poetry Days evening."""
    raw: dict[str, Any] = {
        "kind": "event",
        "title": "Dzejas dienas",
        "description": "Dzejas lasījumi Lasītavā",
        "branch_id": str(branch_id),
        "start_date": "10.09.2026.",
        "start_time": "17:00",
        "end_time": "18:30",
        "status": "planned",
        "is_public": "on",
    }
    raw.update(overrides)
    return raw


async def make_draft(branch_id: int, staff: dict, **overrides: Any) -> ItemDraft:
    return await validate_item(item_form(branch_id, **overrides), staff)
