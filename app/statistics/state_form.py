"""The state statistics form (issue 15): the year's figures in the form's order and with its row
names, as a page to copy from and as XLSX, with the check of what is still missing on top.

GET /statistics/state-form?year=&branch= — a librarian sees her own library, a coordinator the
network (the default) or any library, as on the statistics page; to an HTMX request (the form
changed) only the result section is answered. GET /statistics/state-form/download?year=&branch=
gives the XLSX: the rows on the first sheet, the check on the second. The rows and the check are
models/statistics/state_form.py's."""
from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote, urlencode

from litestar import Response, get
from litestar.di import NamedDependency
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.kernel.i18n import MONTHS_LV, format_day, format_number, format_time, translate
from app.statistics import exports
from app.statistics.report import period_label
from app.statistics.view import NETWORK, Refused, error_messages, read_request
from app.kernel.web import page_or_fragment
from models.kernel.clock import local_today, utcnow
from models.kernel.i18n import N_
from models.kernel.permissions import is_coordinator
from models.planning import branches
from models.statistics.period import NO_CHANGE, report_year
from models.statistics.state_form import (
    ATTENDANCE_MISSING, BY_LIBRARY, MONTH_MISSING, POPULATION_MISSING, SOURCE_LABELS, state_form, state_form_check,
)

PAGE, RESULT = "statistics/state_form.html", "statistics/_state_form.html"
SESSIONS_SHOWN = 50  # sessions without attendance listed on the page; the attendance page has them all
FIRST_YEAR = 2000
TITLE = N_("Valsts statistikas pārskats")
# the year is of the form only when it has begun: a later one has nothing to report
YEAR_TEXT = N_("Ierakstiet gadu no %(first)d līdz %(last)d.")


async def _read(params, staff: dict) -> tuple[int, int | None, dict]:
    """(year, branch id or None, raw parameters); Refused with per-parameter error codes, as the
    statistics page's (app/statistics/view.py), the year only up to this one."""
    today = local_today()
    raw = {name: (params.get(name) or "").strip()[:40] for name in ("year", "branch")}
    period, branch_id, _ = await read_request({"period": "year", "year": raw["year"] or str(report_year(today)), "branch": raw["branch"]}, staff)
    if period.first.year > today.year:
        raise Refused(422, {"year": "year_range"})
    raw["year"] = str(period.first.year)
    return period.first.year, branch_id, raw


def _messages(errors: dict[str, str], lang: str) -> dict[str, str]:
    """The statistics page's messages; the year's names the years this form has."""
    messages = error_messages(errors, lang, named=True)
    if "year" in errors:
        messages["year"] = f"{translate('Gads', lang)}: " + translate(YEAR_TEXT, lang) % {"first": FIRST_YEAR, "last": local_today().year}
    return messages


def _scope_name(branch_id: int | None, all_branches: list[dict], lang: str) -> str:
    if branch_id is None:
        return translate("Viss tīkls", lang)
    return next((b["short_name"] for b in all_branches if b["id"] == branch_id), "")


def value_text(value) -> str:
    """As the page writes a figure: 12 345; a coverage 48,5; "—" when not known."""
    if value is None:
        return NO_CHANGE
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return format_number(value)


def form_sections(form, lang: str) -> list[dict]:
    """The form's sections with their rows, texts in `lang`."""
    sections: list[dict] = []
    current = None
    for section, line, value in form.rows():
        if current is None or current["section"] is not section:
            current = {"section": section, "number": section.number, "title": translate(section.title, lang), "in_form": section.in_form, "rows": []}
            sections.append(current)
        current["rows"].append({"number": line.number, "name": translate(line.name, lang), "level": line.level, "key": line.key,
                                "value": value, "text": value_text(value), "source": translate(SOURCE_LABELS[line.source], lang),
                                "by_library": line.source == BY_LIBRARY})
    return sections


def _when(problem) -> str:
    if problem.starts_at is None:
        return ""
    return format_day(problem.starts_at) if problem.details.get("all_day") else f"{format_day(problem.starts_at)} {format_time(problem.starts_at)}"


def check_view(problems: list, year: int, query: str, lang: str) -> dict:
    """The check grouped for the page and the download: the missing months per library (with the
    figures page of that library and year), the libraries without the year's population (their
    page), and the sessions without attendance (each its attendance page, coming back here; their
    number is the check's sessions_lacking, the page's check holding only the first ones)."""
    months: dict[int, dict] = {}
    for p in problems:
        if p.kind == MONTH_MISSING:
            entry = months.setdefault(p.branch_id, {"branch_id": p.branch_id, "branch_name": p.branch_name, "months": [],
                                                    "link": f"/figures?{urlencode({'branch': p.branch_id, 'year': year})}"})
            entry["months"].append(p.month)
    for entry in months.values():
        entry["month_names"] = [translate(MONTHS_LV[m - 1], lang) for m in entry["months"]]
    back = quote(f"/statistics/state-form?{query}", safe="")
    population = [{"branch_id": p.branch_id, "branch_name": p.branch_name, "link": f"/libraries/{p.branch_id}#population"}
                  for p in problems if p.kind == POPULATION_MISSING]
    sessions = [{"occurrence_id": p.occurrence_id, "title": p.title, "branch_name": p.branch_name, "when": _when(p),
                 "link": f"/attendance/{p.occurrence_id}?next={back}"} for p in problems if p.kind == ATTENDANCE_MISSING]
    count = max(getattr(problems, "sessions_lacking", 0), len(sessions))  # the check may hold only the first of them
    return {"months": list(months.values()), "population": population, "sessions": sessions[:SESSIONS_SHOWN],
            "sessions_count": count, "all_sessions": sessions, "empty": not problems}


async def _context(request: HTMXRequest, staff: dict) -> tuple[dict, int]:
    lang = request.state.lang
    coordinator = is_coordinator(staff)
    all_branches = await branches()
    today = local_today()
    context = {"raw": {}, "errors": {}, "coordinator": coordinator, "network": NETWORK, "action": request.url.path,
               "branches": all_branches if coordinator else []}
    try:
        year, branch_id, raw = await _read(request.query_params, staff)
    except Refused as refused:
        context["raw"] = {name: (request.query_params.get(name) or "")[:40] for name in ("year", "branch")}
        context["errors"] = _messages(refused.errors, lang)
        return context, refused.status
    form = await state_form(year, branch_id, today)
    query = urlencode({k: v for k, v in raw.items() if v})
    context.update(
        raw=raw, form=form, year=year, sections=form_sections(form, lang), query=query,
        scope=_scope_name(branch_id, all_branches, lang) or staff.get("branch_name") or "", network_scope=branch_id is None,
        period_label=period_label(form.period, lang), year_so_far=form.period.cut,
        check=check_view(await state_form_check(year, branch_id, utcnow(), sessions_limit=SESSIONS_SHOWN), year, query, lang),
    )
    return context, 200


@get("/statistics/state-form", name="state_form", include_in_schema=False)
async def state_form_page(request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
    context, status = await _context(request, staff)
    return page_or_fragment(request, PAGE, RESULT, context, status_code=status)


def workbook(form, check: dict, scope: str, base_url: str) -> bytes:
    """The form's rows (always in Latvian, as the portal is) on the first sheet: number, row name,
    the figure (a number stays a number; "—" not known or filled by the library) and its source;
    the check on the second, with the address that fixes each problem."""
    _ = lambda text: translate(text, "lv")  # noqa: E731 - named _ so that `make messages` finds its texts
    label = period_label(form.period, "lv")
    rows: list[list] = []
    for section in form_sections(form, "lv"):
        rows.append([section["number"], section["title"], None, None])
        for row in section["rows"]:
            rows.append([row["number"], row["name"], NO_CHANGE if row["value"] is None else row["value"], row["source"]])
    headings = [_("Nr."), _("Rādītājs"), f"{scope} {label}", _("Avots")]
    body = exports.to_xlsx(_(TITLE), headings, rows, subtitle=f"{scope} · {label}")
    site = base_url.rstrip("/")
    problems = [[entry["branch_name"], _("Nav ielādēti bibliotēkas sistēmas dati"), f"{m:02d}.{form.year}.", site + entry["link"]]
                for entry in check["months"] for m in entry["months"]]
    problems += [[entry["branch_name"], _("Nav zināms gada iedzīvotāju skaits (RIG010)"), str(form.year), site + entry["link"]]
                 for entry in check["population"]]
    problems += [[s["branch_name"], f"{_('Trūkst apmeklējuma')}: „{s['title']}”", s["when"], site + s["link"]] for s in check["all_sessions"]]
    if not problems:
        problems = [["", _("Viss kārtībā"), "", ""]]
    return exports.with_sheet(body, _("Pārbaude"), [_("Bibliotēka"), _("Trūkst"), _("Datums"), _("Kur labot")], problems)


@get("/statistics/state-form/download", include_in_schema=False)
async def state_form_download(request: HTMXRequest, staff: NamedDependency[dict]) -> Response | Template:
    try:
        year, branch_id, raw = await _read(request.query_params, staff)
    except Refused as refused:
        message = " ".join(_messages(refused.errors, request.state.lang).values())
        return Template(template_name="errors/page.html", context={"status": refused.status, "message": message}, status_code=refused.status)
    today, all_branches = local_today(), await branches()
    form = await state_form(year, branch_id, today)
    query = urlencode({k: v for k, v in raw.items() if v})
    check = check_view(await state_form_check(year, branch_id, utcnow()), year, query, "lv")
    scope = _scope_name(branch_id, all_branches, "lv") or staff.get("branch_name") or ""
    body = workbook(form, check, scope, request.app.state.settings.base_url)
    slugs = {b["id"]: b["slug"] for b in all_branches}
    name = f"valsts-parskats-{'tikls' if branch_id is None else exports.slug(slugs.get(branch_id, str(branch_id)))}-{year}.xlsx"
    return Response(body, media_type=exports.FORMATS["xlsx"], headers={"Content-Disposition": exports.content_disposition(name)})


STATE_FORM_HANDLERS: list = [state_form_page, state_form_download]
