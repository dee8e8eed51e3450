"""What the statistics page, its downloads and the JSON API share: reading the parameters, whose
statistics they are (the branch scope a staff member may see), the error messages, and loading the
figures of the period and of last year (the tables are app/statistics/report.py's)."""
from __future__ import annotations

from models.kernel.i18n import N_

import asyncio
from dataclasses import dataclass
from datetime import date

from app.kernel.i18n import error_text, translate
from models.kernel.clock import local_today
from models.kernel.enums import Role
from models.kernel.permissions import is_coordinator
from models.statistics.summary import PeriodFigures, compare_figures
from models.statistics.period import Period, PeriodInvalid, parse_period
from models.statistics.report_tables import indicators, partner_table, school_table
from models.kernel.network_tables import Branch

NETWORK = "network"


class ScopeRefused(Exception):
    """A librarian asked for another branch's statistics, or the network's."""


class ScopeUnknown(ValueError):
    """No branch with that id."""


async def resolve_scope(staff: dict, raw: str | None) -> int | None:
    """The branch whose statistics to show (None: the whole network). A coordinator chooses any
    branch or the network (the default); a librarian sees only her own branch."""
    text = (raw or "").strip()
    if not is_coordinator(staff):
        own = staff.get("branch")
        if own is None or staff.get("role") != Role.LIBRARIAN.value or text not in ("", str(own)):
            raise ScopeRefused()
        return own
    if text in ("", NETWORK):
        return None
    if not (text.isascii() and text.isdigit() and len(text) < 10):
        raise ScopeUnknown()
    if not await Branch.exists().where(Branch.id == int(text)):
        raise ScopeUnknown()
    return int(text)


@dataclass
class Statistics:
    period: Period
    branch_id: int | None
    this: PeriodFigures
    last: PeriodFigures
    partners: list[dict]
    schools: list[dict]
    indicators: dict
    indicators_last: dict


async def load_statistics(period: Period, branch_id: int | None, today: date) -> Statistics:
    previous = period.previous()
    # independent reads: on PostgreSQL's connection pool they run side by side
    (this, last), partners, schools, now, then = await asyncio.gather(
        compare_figures(period, branch_id, today), partner_table(period, branch_id, today), school_table(period, branch_id, today),
        indicators(period, branch_id), indicators(previous, branch_id))
    return Statistics(period, branch_id, this, last, partners, schools, now, then)


# Latvian messages of the period's and the scope's own error codes (the rest are app/i18n's)
ERROR_TEXTS = {
    "period_choice": N_("Izvēlieties periodu: mēnesis, gads vai datumu intervāls."),
    "year_range": N_("Ierakstiet gadu no 2000 līdz 2100."),
    "month_range": N_("Izvēlieties mēnesi no 1 līdz 12."),
    "range_order": N_("Perioda beigām jābūt ne agrāk par sākumu."),
    "range_too_long": N_("Periods ir pārāk garš: ne vairāk kā pieci gadi."),
    "branch_refused": N_("Jūs varat skatīt tikai savas bibliotēkas statistiku."),
    "branch_unknown": N_("Tādas bibliotēkas nav — izvēlieties no saraksta."),
    "table_choice": N_("Tādas tabulas nav — izvēlieties no saraksta."),
    "format_choice": N_("Izvēlieties formātu: csv vai xlsx."),
    "range_dates": N_("Ierakstiet intervāla sākuma un beigu datumu (dd.mm.gggg.)."),
}
# the form's labels, named before a message about their field
FIELD_LABELS = {"period": N_("Perioda veids"), "year": N_("Gads"), "month": N_("Mēnesis"), "from": N_("No"), "to": N_("Līdz"), "branch": N_("Bibliotēka"),
                "table": N_("Tabula"), "format": N_("Formāts")}


def error_messages(errors: dict[str, str], lang: str, *, named: bool = False) -> dict[str, str]:
    """{parameter: message}; `named`: for a page, each message names its field ("Līdz: šis lauks ir
    obligāts."), as the API's keys do."""
    return {name: f"{translate(FIELD_LABELS[name], lang)}: " * (named and name in FIELD_LABELS and code != "range_dates")
            + (translate(ERROR_TEXTS[code], lang) if code in ERROR_TEXTS else error_text(code, lang))
            for name, code in errors.items()}


PARAMS = ("period", "year", "month", "from", "to", "branch")


class Refused(Exception):
    def __init__(self, status: int, errors: dict[str, str]):
        super().__init__(errors)
        self.status, self.errors = status, errors


async def read_request(params, staff: dict):
    """(period, branch id or None, the raw parameters); Refused with per-parameter error codes."""
    raw = {name: (params.get(name) or "").strip()[:40] for name in PARAMS}
    try:
        branch_id = await resolve_scope(staff, raw["branch"])
    except ScopeRefused:
        raise Refused(403, {"branch": "branch_refused"}) from None
    except ScopeUnknown:
        raise Refused(422, {"branch": "branch_unknown"}) from None
    if raw["period"] == "range" and not raw["from"] and not raw["to"]:
        # the range was just chosen, no day typed yet: this month so far, in the fields to change, not a red error
        today = local_today()
        raw["from"], raw["to"] = today.replace(day=1).strftime("%d.%m.%Y."), today.strftime("%d.%m.%Y.")
    try:
        period = parse_period(raw, local_today())
    except PeriodInvalid as invalid:
        raise Refused(422, invalid.errors) from None
    # the form and the download links name the period shown, also when it was the default
    if period.kind != "range":
        raw["period"], raw["year"] = period.kind, str(period.first.year)
    if period.kind == "month":
        raw["month"] = str(period.first.month)
    return period, branch_id, raw
