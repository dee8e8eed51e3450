"""The item API's own steps (app/planning/api.py): validate, check clashes, answer with the saved
item and its sessions, read a range; the item's refusals beside the API's shared ones (app/api/common.py)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.openapi.datastructures import ResponseSpec

from app.api.common import ApiRefusal, field_errors
from app.planning.api_schemas import ConflictOut, ItemOut, OccurrenceOut, PartnerLinkOut
from app.planning.forms import warning_texts
from app.kernel.i18n import N_, translate
from models.planning import find_clashes
from models.kernel.clock import aware_local, local_wall_time
from models.planning import audiences_of, item_detail
from models.kernel.tables import Item, ItemPartner
from models.planning import ItemDraft, ItemFields, stored_fields, validate_item
from models.kernel.validation import ValidationFailed

MAX_RANGE_DAYS = 400

# Texts the API says itself (the rest come from app/i18n).
RANGE_TEXTS = {
    "range_order": N_("Perioda beigām (to) jābūt ne agrāk par sākumu (from)."),
    "range_too_long": N_("Periods ir pārāk garš: ne vairāk kā {days} dienas."),
}


def range_error(request: Request, code: str) -> ApiRefusal:
    return ApiRefusal(400, {"status_code": 400, "detail": translate(RANGE_TEXTS[code], request.state.lang).format(days=MAX_RANGE_DAYS)})


R409_WRITE = ResponseSpec(data_container=ConflictOut, description="Clash warnings (nothing saved), or a stale version.")


# --- shared steps -------------------------------------------------------------------------------

async def validated(request: Request, fields: ItemFields, staff: dict) -> ItemDraft:
    try:
        return await validate_item(fields, staff)
    except ValidationFailed as failed:
        raise field_errors(request, failed.errors) from None


async def check_clashes(
    request: Request, sessions: list[tuple[datetime, datetime]], draft_like: dict[str, Any],
    *, exclude_item_id: int | None, override: bool,
) -> list[str]:
    """The clash warnings as texts; refuses with 409 unless the client overrides them."""
    warnings = await find_clashes(sessions, exclude_item_id=exclude_item_id, language=request.state.lang, **draft_like)
    texts = warning_texts(warnings, request.state.lang)
    if texts and not override:
        raise ApiRefusal(409, {"warnings": texts})
    return texts


def clash_subject(draft: ItemDraft) -> dict[str, Any]:
    return {"kind": draft.kind, "place_id": draft.place_id, "responsible_id": draft.responsible_id, "all_day": draft.all_day,
            "branch_id": draft.branch_id}


async def load_item(item_id: int) -> dict:
    item = await item_detail(item_id)
    if item is None:
        raise NotFoundException()
    return item


def occurrence_out(row: dict) -> OccurrenceOut:
    # the library's wall-clock times with their offset (+02:00, +03:00 in summer): the schema's
    # date-time, which a client in another zone reads right
    return OccurrenceOut(
        id=row["id"], item_id=row["item"], recurrence_id=aware_local(row["recurrence_id"]), starts_at=aware_local(row["starts_at"]),
        ends_at=aware_local(row["ends_at"]), cancelled=row["cancelled"], moved=row["starts_at"] != row["recurrence_id"],
        place_id=row["place"], note=row["note"], sequence=row["sequence"],
    )


def _item_out(item: dict, occurrences: list[dict]) -> ItemOut:
    """The item's fields as models.planning's stored_fields reads them (ISO days), and the API's own keys."""
    values = stored_fields(item)
    values["partners"] = [PartnerLinkOut(partner_id=p["partner_id"], name=p["name"], role=p["role"], confirmation=p["confirmation"])
                          for p in values["partners"]]
    return ItemOut(
        id=item["id"], uid=item["uid"], starts_at=aware_local(item["starts_at"]), ends_at=aware_local(item["ends_at"]), rrule=item["rrule"],
        sequence=item["sequence"], updated_at=aware_local(item["updated_at"]), occurrences=[occurrence_out(row) for row in occurrences],
        **values,
    )


async def item_answer(item_id: int) -> ItemOut:
    item = await load_item(item_id)
    return _item_out(item, item["occurrences"])


async def items_with(occurrences_by_item: dict[int, list[dict]]) -> list[ItemOut]:
    """Items with the given sessions, loaded in a few queries (not one item_detail per item)."""
    ids = list(occurrences_by_item)
    if not ids:
        return []
    items = {row["id"]: row for row in await Item.select().where(Item.id.is_in(ids))}
    audiences = await audiences_of(ids)
    partners: dict[int, list[dict]] = {}
    for row in await ItemPartner.select(
        ItemPartner.item, ItemPartner.partner.as_alias("partner_id"), ItemPartner.partner.name.as_alias("name"),
        ItemPartner.role, ItemPartner.confirmation,
    ).where(ItemPartner.item.is_in(ids)).order_by(ItemPartner.id):
        partners.setdefault(row["item"], []).append(row)
    answer = []
    for item_id in ids:
        item = items[item_id]
        item["audiences"] = audiences.get(item_id, [])
        item["partners"] = partners.get(item_id, [])
        answer.append(_item_out(item, occurrences_by_item[item_id]))
    return answer


def wall_clock(request: Request, value: datetime | None) -> datetime | None:
    """A datetime with an offset becomes the library's wall-clock time, as items are stored."""
    if value is None or value.tzinfo is None:
        return value
    return local_wall_time(value)

