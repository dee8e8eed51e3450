"""The item form: from an HTML form to the raw values models.planning.validation reads, from a stored
item back to form values, and the lists the form offers."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from app.i18n import format_day, format_time, translate
from models.planning.clashes import Warning
from models.kernel.clock import local_today
from models.kernel.enums import Audience, DeliveryKind, ExhibitionForm, Kind, LiteracyArea, PartnerRole, Status
from models.kernel.permissions import can_edit_branch
from models.planning.queries import branches, partners_list, places_of, staff_list
from models.planning.recurrence import parse_rrule
from models.planning.status import allowed_statuses

SIMPLE_FIELDS = (
    "kind", "title", "description", "branch_id", "place_id", "all_day", "start_date", "start_time", "end_date",
    "end_time", "repeat", "interval", "monthly_mode", "until", "count", "responsible_id", "is_public", "status",
    "lesson_class", "lesson_teacher", "literacy_area", "book_start_group", "age_band", "exhibition_form",
    "delivery_kind", "version",
)
PARTNER_ROWS = 3


def form_to_raw(form) -> dict[str, Any]:
    raw: dict[str, Any] = {name: form.get(name) for name in SIMPLE_FIELDS}
    raw["audiences"] = form.getall("audiences", [])
    raw["weekdays"] = form.getall("weekdays", [])
    raw["partners"] = [(p, r) for p, r in zip(form.getall("partner", []), form.getall("partner_role", [])) if p]
    return raw


def item_to_raw(item: dict, occurrence: dict | None = None) -> dict[str, Any]:
    start, end = (occurrence["starts_at"], occurrence["ends_at"]) if occurrence else (item["starts_at"], item["ends_at"])
    end_day = (end - timedelta(days=1)).date() if item["all_day"] else end.date()
    raw: dict[str, Any] = {
        name: item.get(name, "") for name in ("kind", "title", "description", "status", "lesson_class", "lesson_teacher",
                                              "literacy_area", "book_start_group", "age_band", "exhibition_form", "delivery_kind")
    }
    raw.update(
        branch_id=item["branch"], place_id=(occurrence or {}).get("place") or item["place"], all_day=item["all_day"],
        start_date=format_day(start), start_time=format_time(start), end_date=format_day(end_day), end_time=format_time(end),
        responsible_id=item["responsible"], is_public=item["is_public"], version=item["version"],
        audiences=item.get("audiences", []), partners=[(p["partner_id"], p["role"]) for p in item.get("partners", [])],
        repeat="none", interval=1, weekdays=[], monthly_mode="day", until="", count="",
    )
    if item["rrule"]:
        rule = parse_rrule(item["rrule"])
        raw.update(repeat=rule.freq, interval=rule.interval, weekdays=[str(d) for d in rule.weekdays],
                   monthly_mode=rule.monthly_mode, until=format_day(rule.until), count=rule.count or "")
    return raw


def blank_raw(staff: dict, day: date | None, branch_id: int | None) -> dict[str, Any]:
    day = day or local_today()
    return {
        "kind": Kind.EVENT.value, "status": Status.PLANNED.value, "is_public": True, "all_day": False,
        "branch_id": branch_id or staff["branch"], "start_date": format_day(day), "end_date": format_day(day),
        "start_time": "14:00", "end_time": "15:00", "repeat": "none", "interval": 1, "monthly_mode": "day",
        "weekdays": [], "audiences": [], "partners": [], "responsible_id": staff["id"],
    }


def partner_rows(raw: dict) -> list[tuple[str, str]]:
    rows = [(str(p), str(r)) for p, r in raw.get("partners") or []]
    return rows + [("", PartnerRole.PARTICIPANT.value)] * max(1, PARTNER_ROWS - len(rows))


async def form_choices(staff: dict, raw: dict, current_status: str | None = None) -> dict[str, Any]:
    all_branches = await branches()
    return {
        "branches": [b for b in all_branches if can_edit_branch(staff, b["id"])],
        "places": await places_of(),
        "partners": await partners_list(),
        "people": await staff_list(),
        "kinds": list(Kind), "audiences": list(Audience), "roles": list(PartnerRole), "literacy_areas": list(LiteracyArea),
        "exhibition_forms": list(ExhibitionForm), "delivery_kinds": list(DeliveryKind),
        "statuses": allowed_statuses(Status(current_status)) if current_status else [s for s in Status if s not in (Status.HELD, Status.CANCELLED)],
        "partner_rows": partner_rows(raw),
        "selected_audiences": {str(a) for a in raw.get("audiences") or []},
        "selected_weekdays": {str(d) for d in raw.get("weekdays") or []},
    }


WARNINGS_LV = {
    "room_busy": "{day}: telpa jau aizņemta — “{title}” {start}–{end}.",
    "staff_busy": "{day}: atbildīgajai personai tajā laikā jau ir “{title}” {start}–{end}.",
    "holiday": "{day}: svētku diena — {name}.",
    "moved_workday": "{day}: pārceltā darba diena (brīvdiena pārcelta uz {day_off}).",
    "school_break": "{day}: skolēnu brīvdienas — {name}.",
}
WARNINGS_EN = {
    "room_busy": "{day}: the room is already taken — “{title}” {start}–{end}.",
    "staff_busy": "{day}: the person responsible already has “{title}” {start}–{end}.",
    "holiday": "{day}: public holiday — {name}.",
    "moved_workday": "{day}: a moved working day (the day off moved to {day_off}).",
    "school_break": "{day}: school holidays — {name}.",
}


def warning_texts(warnings: list[Warning], language: str) -> list[str]:
    table = WARNINGS_EN if language == "en" else WARNINGS_LV
    texts = []
    for warning in warnings:
        params = dict(warning.params)
        for key in ("start", "end"):
            if isinstance(params.get(key), datetime):
                params[key] = format_time(params[key])
        if isinstance(params.get("day_off"), date):
            params["day_off"] = format_day(params["day_off"])
        texts.append(table[warning.code].format(day=format_day(warning.day), **params))
    return list(dict.fromkeys(texts))


def scope_note(language: str) -> str:
    return translate("Vienai reizei mainās tikai laiks, vieta un atcelšana.", language)
