"""The outreach area's front page: what is due this week at a glance, and the way into the sets,
the rotation, the home readers and the rounds."""
from __future__ import annotations

from datetime import datetime, time

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from models.kernel.clock import local_today
from models.kernel.permissions import is_coordinator
from models.outreach import can_see, planned_deliveries, proposals, readers_of, rounds_of, sets_of


def branch_scope(staff: dict) -> list[int] | None:
    """The branches a page shows: the coordinator's whole network, a librarian's own library."""
    if is_coordinator(staff):
        return None
    return [staff["branch"]] if staff.get("branch") else []


@get("/outreach", include_in_schema=False)
async def overview(request: Request, staff: NamedDependency[dict]) -> Template:
    today, branches = local_today(), branch_scope(staff)
    sets = await sets_of(branches, today=today)
    readers = await readers_of(staff["branch"], include_inactive=False) if can_see(staff, staff.get("branch")) else None
    context = {
        "today": today,
        "proposals": await proposals(branches, today=today, repeat_months=request.app.state.settings.set_repeat_months),
        "deliveries": await planned_deliveries(branches, datetime.combine(today, time.min)),
        "sets_total": len([s for s in sets if s["active"]]),
        "sets_out": len([s for s in sets if s["out"] and not s["scheduled"]]),
        "sets_overdue": [s for s in sets if s["overdue"]],
        "readers": readers,
        "rounds": await rounds_of(branches, limit=5),
        "network": branches is None,
    }
    return Template("outreach/overview.html", context=context)


OVERVIEW_HANDLERS = [overview]
