"""The item form: from an HTML form to the ItemFields models.planning.validation reads, from a
stored item back to the form's fields, and the lists the form offers."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from app.kernel.i18n import N_, format_day, format_time, translate
from models.planning.clashes import Warning
from models.kernel.clock import local_today
from models.kernel.enums import Audience, DeliveryKind, ExhibitionForm, Kind, LiteracyArea, PartnerRole, Status
from models.kernel.permissions import can_edit_branch
from models.planning.fields import LIST_FIELDS, ItemFields, PartnerLinkIn, stored_fields
from models.planning.queries import branches, partners_list, places_of, staff_list
from models.planning.status import allowed_statuses

PARTNER_ROWS = 3


def form_to_fields(form) -> ItemFields:
    values: dict[str, Any] = {name: form.getall(name, []) if name in LIST_FIELDS else form.get(name) for name in ItemFields.__struct_fields__}
    # the partner rows post two parallel lists; a row without a partner is an unused one
    values["partners"] = [(p, r) for p, r in zip(form.getall("partner", []), form.getall("partner_role", [])) if p]
    return ItemFields.from_form(values)


def item_to_fields(item: dict, occurrence: dict | None = None) -> ItemFields:
    """A stored item (or one session of it) as the form's values: models.planning's stored_fields,
    with days as the form writes them and the partners as the form's links."""
    values = stored_fields(item, occurrence, day=format_day)
    values["partners"] = [PartnerLinkIn(p["partner_id"], p["role"]) for p in values["partners"]]
    return ItemFields(**values)


def blank_fields(staff: dict, day: date | None, branch_id: int | None) -> ItemFields:
    day = day or local_today()
    return ItemFields(
        kind=Kind.EVENT.value, status=Status.PLANNED.value, is_public=True, all_day=False,
        branch_id=branch_id or staff["branch"], start_date=format_day(day), end_date=format_day(day),
        start_time="14:00", end_time="15:00", repeat="none", interval=1, monthly_mode="day", responsible_id=staff["id"],
    )


def partner_rows(fields: ItemFields) -> list[tuple[str, str]]:
    rows = [(str(link.partner_id), str(link.role or "")) for link in fields.partners]
    return rows + [("", PartnerRole.PARTICIPANT.value)] * max(1, PARTNER_ROWS - len(rows))


async def form_choices(staff: dict, fields: ItemFields, current_status: str | None = None) -> dict[str, Any]:
    all_branches = await branches()
    return {
        # a closed library plans nothing new, but an item of its own keeps it as its library
        "branches": [b for b in all_branches if can_edit_branch(staff, b["id"]) and (b["closed_on"] is None or str(b["id"]) == str(fields.branch_id))],
        # her own library's rooms and service points (a coordinator's: every library's), and the one already chosen
        "places": [p for p in await places_of() if can_edit_branch(staff, p["branch"]) or str(p["id"]) == str(fields.place_id)],
        "partners": await partners_list(),
        "people": await staff_list(),
        "kinds": list(Kind), "audiences": list(Audience), "roles": list(PartnerRole), "literacy_areas": list(LiteracyArea),
        "exhibition_forms": list(ExhibitionForm), "delivery_kinds": list(DeliveryKind),
        "statuses": allowed_statuses(Status(current_status)) if current_status else [s for s in Status if s not in (Status.HELD, Status.CANCELLED)],
        "partner_rows": partner_rows(fields),
        "selected_audiences": {str(a) for a in fields.audiences or []},
        "selected_weekdays": {str(d) for d in fields.weekdays or []},
    }


WARNINGS_LV = {
    "room_busy": N_("{day}: telpa jau aizņemta — „{title}” {start}–{end}."),
    "staff_busy": N_("{day}: atbildīgajai personai tajā laikā jau ir „{title}” {start}–{end}."),
    "holiday": N_("{day}: svētku diena — {name}."),
    "moved_workday": N_("{day}: pārceltā darba diena (brīvdiena pārcelta uz {day_off})."),
    "school_break": N_("{day}: skolēnu brīvdienas — {name}."),
    "branch_closed": N_("{day}: bibliotēka šajā dienā slēgta — {reason}."),
    "place_inactive": N_("{day}: vieta „{name}” vairs netiek izmantota."),
    "in_the_past": N_("{day}: šis laiks jau pagājis. Ja ierakstāt to, kas jau noticis, saglabājiet; citādi labojiet datumu."),
}


def warning_texts(warnings: list[Warning], language: str) -> list[str]:
    texts = []
    for warning in warnings:
        params = dict(warning.params)
        for key in ("start", "end"):
            if isinstance(params.get(key), datetime):
                params[key] = format_time(params[key])
        if isinstance(params.get("day_off"), date):
            params["day_off"] = format_day(params["day_off"])
        texts.append(translate(WARNINGS_LV[warning.code], language).format(day=format_day(warning.day), **params))
    return list(dict.fromkeys(texts))


def scope_note(language: str) -> str:
    return translate("Vienai reizei mainās tikai laiks, vieta un atcelšana.", language)
