"""Planning a month in minutes: last month's (or a week's) programme copied into this one as
drafts after a preview, and many items published, planned, cancelled or moved at once, with an undo."""
from __future__ import annotations

import re
import secrets
from datetime import date, datetime, time, timedelta

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.kernel.i18n import N_, error_text, label, ngettext, translate
from app.kernel.web import digits, require_branch, say
from models.kernel.clock import local_today
from models.kernel.enums import Status
from models.kernel.permissions import can_edit_branch
from models.kernel.tables import Item
from models.kernel.validation import as_int
from models.planning import Period, PlannerFilter, branches, copy_items, copy_plan, occurrences_between, set_statuses, shift_items

FLAGS = {
    "holiday": N_("svētku diena"), "moved_workday": N_("pārceltā darba diena"), "school_break": N_("skolēnu brīvdienas"),
    "closed": N_("bibliotēka slēgta"), "planned": N_("jau ieplānots"), "no_day": N_("šajā mēnesī tādas dienas nav"),
    "continues": N_("sērija turpinās pati"),
}
# what the selection page can do to many items at once
ACTIONS = {"publish": Status.PUBLISHED, "plan": Status.PLANNED, "cancel": Status.CANCELLED}
UNDO_KEPT = 5
MAX_SHIFT_DAYS = 366
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def _day(text: str | None, default: date) -> date:
    """A month ("2026-11", as <input type=month> sends it) or a day ("2026-11-23" or "23.11.2026.")."""
    text = (text or "").strip()
    try:
        if match := _MONTH.fullmatch(text):
            return date(int(match.group(1)), int(match.group(2)), 1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
        if match := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?", text):
            return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        pass
    return default


def _periods(mode: str, source: str | None, target: str | None) -> tuple[str, Period, Period]:
    today = local_today()
    if mode == "week":
        to = Period.week(_day(target, today + timedelta(days=7)))
        return "week", Period.week(_day(source, to.first - timedelta(days=7))), to
    to = Period.month(_day(target, today))
    return "month", Period.month(_day(source, to.first - timedelta(days=1))), to


def _branch_for(staff: dict, value: str | None, all_branches: list[dict]) -> int | None:
    chosen = digits(value)
    if chosen in {b["id"] for b in all_branches} and can_edit_branch(staff, chosen):
        return chosen
    return staff["branch"] if staff["branch"] else None


def _keep_undo(request: Request, record: dict) -> str:
    """What undoes a bulk change (the statuses the items had, or the days they moved), kept in her
    session (not in the page) for the undo button."""
    key = secrets.token_urlsafe(9)
    kept = dict(list((request.session.get("undo") or {}).items())[-(UNDO_KEPT - 1):])
    kept[key] = record
    request.session["undo"] = kept
    return key


class BulkController(Controller):
    path = "/planner"
    include_in_schema = False

    @get("/copy")
    async def copy_preview(self, request: Request, staff: NamedDependency[dict], mode: FromQuery[str] = "month",
                           source: FromQuery[str | None] = None, target: FromQuery[str | None] = None,
                           branch: FromQuery[str | None] = None) -> Template:
        all_branches = await branches()
        branch_id = _branch_for(staff, branch, all_branches)
        mode, source_period, target_period = _periods(mode, source, target)
        rows = await copy_plan(branch_id, source_period, target_period, request.state.lang) if branch_id else []
        context = {"staff": staff, "mode": mode, "source": source_period, "target": target_period, "rows": rows, "flags": FLAGS,
                   "branch_id": branch_id, "branches": [b for b in all_branches if can_edit_branch(staff, b["id"])]}
        return Template("planning/copy.html", context=context)

    @post("/copy")
    async def copy(self, request: Request, staff: NamedDependency[dict]) -> Redirect:
        form = await request.form()
        all_branches = await branches()
        branch_id = _branch_for(staff, form.get("branch"), all_branches)
        require_branch(staff, branch_id)
        mode, source_period, target_period = _periods(str(form.get("mode") or "month"), form.get("source"), form.get("target"))
        chosen = [n for n in map(digits, form.getall("item") if "item" in form else []) if n is not None]
        made = await copy_items(branch_id, source_period, target_period, chosen, staff["id"])
        lang = request.state.lang
        if not made:
            say(request, translate("Nekas netika nokopēts: atzīmējiet ierakstus, ko kopēt.", lang), level="error")
            return Redirect(path=f"/planner/copy?mode={mode}&source={source_period.first}&target={target_period.first}&branch={branch_id}",
                            status_code=303)
        say(request, ngettext("Nokopēts %(num)d ieraksts kā melnraksts. Pārbaudiet un publicējiet to šeit.",
                              "Nokopēti %(num)d ieraksti kā melnraksti. Pārbaudiet un publicējiet tos šeit.", len(made), lang))
        view = "week" if mode == "week" else "month"
        return Redirect(path=f"/planner/select?view={view}&day={target_period.first}&branch={branch_id}&status=draft", status_code=303)

    @get("/select")
    async def select(self, request: Request, staff: NamedDependency[dict], view: FromQuery[str] = "month", day: FromQuery[str | None] = None,
                     branch: FromQuery[str | None] = None, status: FromQuery[str | None] = None) -> Template:
        all_branches = await branches()
        branch_id = _branch_for(staff, branch, all_branches)
        period = Period.week(_day(day, local_today())) if view == "week" else Period.month(_day(day, local_today()))
        items = await _items_of(branch_id, period, status) if branch_id else []
        context = {"staff": staff, "view": view, "period": period, "items": items, "status": status or "", "branch_id": branch_id,
                   "branches": [b for b in all_branches if can_edit_branch(staff, b["id"])], "statuses": list(Status)}
        return Template("planning/select.html", context=context)

    @post("/select")
    async def apply(self, request: Request, staff: NamedDependency[dict]) -> Redirect:
        form = await request.form()
        back = str(form.get("back") or "/planner/select")
        back = back if back.startswith("/planner") and not back.startswith("//") else "/planner/select"
        action = str(form.get("action") or "")
        lang = request.state.lang
        chosen = [n for n in map(digits, form.getall("item") if "item" in form else []) if n is not None]
        allowed = await _editable(staff, chosen)
        try:
            days = as_int(str(form.get("days") or "").replace("+", ""))
        except ValueError:
            days = None
        if (action not in ACTIONS and action != "move") or not allowed:
            say(request, translate("Atzīmējiet vismaz vienu ierakstu un izvēlieties darbību.", lang), level="error")
            return Redirect(path=back, status_code=303)
        if action == "move" and (days is None or days == 0 or abs(days) > MAX_SHIFT_DAYS):
            say(request, translate("Ierakstiet, par cik dienām pārcelt: no -366 līdz 366, ne 0.", lang), level="error")
            return Redirect(path=back, status_code=303)
        if action == "move":
            result = await shift_items(allowed, days, staff["id"])
            said = ngettext("Pārcelts par {days} d.: %(num)d ieraksts.", "Pārcelti par {days} d.: %(num)d ieraksti.", len(result.changed), lang)
            record, text = {"kind": "shift", "days": days, "items": [i for i, _ in result.changed]}, said.format(days=f"{days:+d}")
        else:
            result = await set_statuses(allowed, ACTIONS[action], staff["id"])
            said = ngettext("Statuss „{status}” — %(num)d ierakstam.", "Statuss „{status}” — %(num)d ierakstiem.", len(result.changed), lang)
            record, text = {"kind": "status", "pairs": result.changed}, said.format(status=label(ACTIONS[action].value, lang))
        if result.changed:
            say(request, text, undo=f"/planner/undo/{_keep_undo(request, record)}")
        for title, code in result.refused:
            say(request, f"„{title}”: {error_text(code, lang)}", level="error")
        return Redirect(path=back, status_code=303)

    @post("/undo/{key:str}")
    async def undo(self, request: Request, staff: NamedDependency[dict], key: FromPath[str]) -> Redirect:
        kept = request.session.get("undo") or {}
        record = kept.pop(key, None)
        request.session["undo"] = kept
        if not isinstance(record, dict):
            raise NotFoundException()
        lang = request.state.lang
        if record.get("kind") == "shift":
            allowed = await _editable(staff, [int(i) for i in record["items"]])
            result = await shift_items(allowed, -int(record["days"]), staff["id"])
            say(request, ngettext("Atsaukts: %(num)d ieraksts atpakaļ savā vietā.", "Atsaukts: %(num)d ieraksti atpakaļ savās vietās.",
                                  len(result.changed), lang))
        else:
            previous = {int(item_id): status for item_id, status in record["pairs"]}
            allowed = await _editable(staff, list(previous))
            result = await set_statuses(allowed, Status.DRAFT, staff["id"], undoing={i: previous[i] for i in allowed})
            say(request, ngettext("Atsaukts: %(num)d ierakstam atjaunots iepriekšējais statuss.",
                                  "Atsaukts: %(num)d ierakstiem atjaunots iepriekšējais statuss.", len(result.changed), lang))
        back = str((await request.form()).get("next") or "")
        return Redirect(path=back if back.startswith("/planner") and not back.startswith("//") else "/planner", status_code=303)


async def _editable(staff: dict, item_ids: list[int]) -> list[int]:
    if not item_ids:
        return []
    rows = await Item.select(Item.id, Item.branch).where(Item.id.is_in(sorted(set(item_ids))))
    return [row["id"] for row in rows if can_edit_branch(staff, row["branch"])]


async def _items_of(branch_id: int, period: Period, status: str | None) -> list[dict]:
    """The period's items, once each (a series by its first session in the period), earliest first."""
    flt = PlannerFilter(branch_ids=[branch_id], statuses=[status] if status in {s.value for s in Status} else [])
    rows = await occurrences_between(datetime.combine(period.first, time.min), datetime.combine(period.last + timedelta(days=1), time.min), flt)
    items: dict[int, dict] = {}
    for row in rows:
        item = items.setdefault(row["item_id"], {**row, "sessions": 0})
        item["sessions"] += 1
    return list(items.values())

