from datetime import date

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.planning.grid import VIEWS, bounds, build_days, by_branch, decorate, hour_rows, step, view_range, weeks
from app.overlays import planner_overlays
from app.kernel.web import digits, page_or_fragment
from models.kernel.clock import local_now, local_today
from models.kernel.enums import Audience, Kind, Status
from models.partners import marks as partner_marks
from models.kernel.permissions import is_coordinator
from models.planning.queries import PlannerFilter, branches, occurrences_between, partners_list


def _anchor(value: str | None) -> date:
    try:
        return date.fromisoformat(value) if value else local_today()
    except ValueError:
        return local_today()


def _ints(values: list[str] | None) -> list[int]:
    return [n for n in map(digits, values or []) if n is not None]


def _known(values: list[str] | None, enum) -> list[str]:
    codes = {member.value for member in enum}
    return [v for v in values or [] if v in codes]


class PlannerController(Controller):
    path = "/"

    @get("/", include_in_schema=False)
    async def home(self, request: HTMXRequest) -> Redirect:
        """Residents come to the programme (its footer leads staff to the login); staff to the planner."""
        return Redirect(path="/planner" if request.state.staff else "/programme")

    @get("/planner", include_in_schema=False)
    async def planner(
        self, request: HTMXRequest, staff: NamedDependency[dict], view: FromQuery[str] = "month", day: FromQuery[str | None] = None,
        branch: FromQuery[str | None] = None, kind: FromQuery[list[str] | None] = None,
        audience: FromQuery[list[str] | None] = None, status: FromQuery[list[str] | None] = None,
        partner: FromQuery[list[str] | None] = None, overlays: FromQuery[list[str] | None] = None, q: FromQuery[str | None] = None,
    ) -> Template:
        view = view if view in VIEWS else "month"
        anchor = _anchor(day)
        all_branches = await branches()
        known_ids = {b["id"] for b in all_branches}
        if branch == "all" or (branch is None and (staff["branch"] is None or is_coordinator(staff))):  # a coordinator starts with the network
            branch_ids = None
        elif digits(branch) in known_ids:
            branch_ids = [digits(branch)]
        else:
            branch_ids = [staff["branch"]] if staff["branch"] else None
        flt = PlannerFilter(
            branch_ids=branch_ids, kinds=_known(kind, Kind), audiences=_known(audience, Audience),
            statuses=_known(status, Status), partner_ids=_ints(partner), query=(q or "").strip()[:100],
        )
        first, last = view_range(view, anchor)
        rows = await occurrences_between(*bounds(first, last), flt)
        sessions = decorate(rows, staff, request.state.lang, await partner_marks(sorted({r["item_id"] for r in rows})),
                            branch_tag=branch_ids is None and view == "month")
        days = build_days(first, last, anchor, sessions, local_today(), request.state.lang)
        shown = [b for b in all_branches if branch_ids is None or b["id"] in branch_ids]
        context = {
            "staff": staff, "view": view, "anchor": anchor, "days": days, "weeks": weeks(days),
            "network": branch_ids is None, "network_rows": by_branch(days, [b["id"] for b in shown]) if branch_ids is None else [],
            **(dict(zip(("week_all_day", "week_rows"), hour_rows(days))) if view == "week" and branch_ids is not None else {}),
            "branches": all_branches, "shown_branches": shown, "branch_param": "all" if branch_ids is None else str(branch_ids[0]),
            "flt": flt, "partners": await partners_list(), "kinds": list(Kind), "audiences": list(Audience), "statuses": list(Status),
            "prev_day": step(view, anchor, -1).isoformat(), "next_day": step(view, anchor, 1).isoformat(),
            "today": local_today(), "now": local_now(), "can_edit_any": is_coordinator(staff) or bool(staff["branch"]),
            "session_count": len(sessions),
            # external calendars; ?overlays=0 hides them (the checkbox sends 0, then 1 when ticked)
            **await planner_overlays(branch_ids, first, last, request.state.lang, show=not overlays or overlays[-1] != "0"),
        }
        return page_or_fragment(request, "planning/planner/page.html", "planning/planner/_view.html", context)
