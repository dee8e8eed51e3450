"""The statistics page and its downloads (issue 5). GET /statistics?period=month|year|range&year=
&month=&from=&to=&branch=: a librarian sees her own branch, a coordinator the network (default) or
any branch. To an HTMX request (the period form changed) only the result section is answered.
GET /statistics/download?table=…&format=csv|xlsx with the same parameters gives one table."""
from __future__ import annotations

from models.kernel.i18n import N_

from collections import defaultdict
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Template

from app.statistics import exports
from app.kernel.i18n import MONTHS_LV, label, translate
from app.partners import TYPE_LABELS_LV
from app.statistics.chart import bar_chart
from app.statistics.report import COOPERATION_TABLES, TABLE_TITLES, build_tables, load_cooperation, month_label, period_label
from app.statistics.view import NETWORK, PARAMS, Refused, error_messages, load_statistics, read_request
from app.kernel.web import page_or_fragment
from models.kernel.clock import local_today
from models.kernel.enums import Kind
from models.kernel.permissions import is_coordinator
from models.planning import branches

# beyond this many activities (a network's year) the overview shows the partner and school tables
# summed up, and their own pages (/statistics/partners, /statistics/schools) show every activity
FULL_TABLE_ROWS = 150


def _bar_label(year: int, month: int, single_year: bool, lang: str) -> str:
    """Under a bar: "mar" (Latvian) or "03" within one year; "03.26" when the period spans years."""
    if not single_year:
        return f"{month:02d}.{year % 100:02d}"
    return MONTHS_LV[month - 1][:3] if lang == "lv" else f"{month:02d}"


def _charts(stats, lang: str) -> list[dict]:
    single_year = len({y for y, _ in stats.this.months}) == 1
    labels = [_bar_label(y, m, single_year, lang) for y, m in stats.this.months]
    names = [month_label(y, m, lang) for y, m in stats.this.months]
    charts = []
    for key, title in (("events", N_("Pasākumi pa mēnešiem")), ("attendance", N_("Pasākumu apmeklējums pa mēnešiem"))):
        this = [getattr(f, key) for f in stats.this.months.values()]
        last = [getattr(f, key) for f in stats.last.months.values()]
        chart = bar_chart(labels, this, last)
        chart.update(key=key, title=translate(title, lang),
                     desc="; ".join(f"{n}: {a} ({b})" for n, a, b in zip(names, this, last)))
        charts.append(chart)
    return charts


def _scope_name(branch_id: int | None, all_branches: list[dict], lang: str) -> str:
    """What the statistics cover, as the page and the downloads' print header name it."""
    if branch_id is None:
        return translate("Viss tīkls", lang)
    return next((b["short_name"] for b in all_branches if b["id"] == branch_id), "")


async def _context(request: Request, staff: dict, only: str = "") -> tuple[dict, int]:
    lang = request.state.lang
    coordinator = is_coordinator(staff)
    context = {"raw": {}, "errors": {}, "coordinator": coordinator, "months": MONTHS_LV, "network": NETWORK, "only": only,
               "action": request.url.path,
               "branches": await branches() if coordinator else []}
    try:
        period, branch_id, raw = await read_request(request.query_params, staff)
    except Refused as refused:
        context["raw"] = {name: (request.query_params.get(name) or "")[:40] for name in PARAMS}
        context["errors"] = error_messages(refused.errors, lang, named=True)
        return context, refused.status
    stats = await load_statistics(period, branch_id, local_today())
    scope = _scope_name(branch_id, context["branches"], lang) or staff.get("branch_name") or ""
    cooperation = await load_cooperation(stats, lang)
    context.update(
        raw=raw, stats=stats, cooperation=cooperation, tables=build_tables(stats, lang, activity_rows=False, cooperation=cooperation),
        charts=_charts(stats, lang), scope=scope,
        network_scope=branch_id is None,
        period_label=period_label(period, lang), previous_label=period_label(period.previous(), lang),
        compared_label=period_label(period.previous(), lang, accusative=True),
        query=urlencode({k: v for k, v in raw.items() if v}), full_limit=FULL_TABLE_ROWS,
        partner_rows=sum(len(p["activities"]) for p in stats.partners), school_rows=sum(len(a["activities"]) for a in stats.schools),
        # labels looked up once, not in every one of a network's thousands of table rows
        kind_labels={kind.value: label(kind.value, lang) for kind in Kind},
        type_labels=defaultdict(str, {code: translate(text, lang) for code, text in TYPE_LABELS_LV.items()}),
    )
    return context, 200


def _answer(request: HTMXRequest, context: dict, status: int) -> Template:
    return page_or_fragment(request, "statistics/page.html", "statistics/_result.html", context, status_code=status)


@get("/statistics", name="statistics", include_in_schema=False)
async def statistics_page(request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
    context, status = await _context(request, staff)
    return _answer(request, context, status)


@get("/statistics/partners", include_in_schema=False)
async def statistics_partners(request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
    """The partner table alone, to print."""
    context, status = await _context(request, staff, "partners")
    return _answer(request, context, status)


@get("/statistics/schools", include_in_schema=False)
async def statistics_schools(request: HTMXRequest, staff: NamedDependency[dict]) -> Template:
    """The school table (literacy areas) alone, to print."""
    context, status = await _context(request, staff, "schools")
    return _answer(request, context, status)


def _filename(table_key: str, branch_id: int | None, period, file_format: str, all_branches: list[dict]) -> str:
    """statistika-galvenie-raditaji-rozupe-2026.csv; "tikls" for the network."""
    slugs = {b["id"]: b["slug"] for b in all_branches}
    scope = "tikls" if branch_id is None else exports.slug(slugs.get(branch_id, str(branch_id)))
    return f"statistika-{exports.slug(TABLE_TITLES[table_key])}-{scope}-{exports.slug(period_label(period, 'lv'))}.{file_format}"


@get("/statistics/download", include_in_schema=False)
async def statistics_download(request: HTMXRequest, staff: NamedDependency[dict]) -> Response:
    table_key, file_format = request.query_params.get("table") or "", request.query_params.get("format") or ""
    errors = {}
    if table_key not in TABLE_TITLES:
        errors["table"] = "table_choice"
    if file_format not in exports.FORMATS:
        errors["format"] = "format_choice"
    try:
        period, branch_id, raw = await read_request(request.query_params, staff)
    except Refused as refused:
        errors, status = {**errors, **refused.errors}, refused.status
    else:
        status = 422
    if errors:
        context = {"status": status, "message": " ".join(error_messages(errors, request.state.lang, named=True).values())}
        return Template(template_name="errors/page.html", context=context, status_code=status)
    stats = await load_statistics(period, branch_id, local_today())
    cooperation = await load_cooperation(stats, "lv") if table_key in COOPERATION_TABLES else None
    table = build_tables(stats, "lv", cooperation=cooperation)[table_key]
    all_branches = await branches()
    name = _filename(table_key, branch_id, period, file_format, all_branches)
    body = exports.to_csv(table.headings, table.rows) if file_format == "csv" else exports.to_xlsx(
        table.title, table.headings, table.rows, subtitle=f"{_scope_name(branch_id, all_branches, 'lv')} · {period_label(period, 'lv')}")
    return Response(body, media_type=exports.FORMATS[file_format], headers={"Content-Disposition": exports.content_disposition(name)})


STATISTICS_HANDLERS: list = [statistics_page, statistics_partners, statistics_schools, statistics_download]
