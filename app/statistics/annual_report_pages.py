"""The annual report's pages (issue 15). GET /statistics/annual-report?year=&branch= shows the
report as it prints (A4), with its two downloads; GET /statistics/annual-report/download?year=
&branch=&format=docx|pdf gives it as a Word document or a PDF. Whose report: as the statistics
page (a librarian her own library's; a coordinator the network's, the default, or any library's).

The year is a whole year up to this one (this year's so far, compared with the same days of last
year, as the statistics page does); without one, the year whose report is being written
(models/statistics/period.report_year: last year's until the end of March)."""
from __future__ import annotations

from models.kernel.i18n import N_

import asyncio
import logging
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.di import NamedDependency
from litestar.response import Template
from markupsafe import Markup

from app.kernel.i18n import translate
from app.statistics import exports
from app.statistics.annual_report import build_report
from app.statistics.report_docx import to_docx
from app.kernel.printing import CHROMIUM_SETTING, PdfUnavailable, html_to_pdf
from app.statistics.view import NETWORK, Refused, error_messages, read_request
from models.kernel.clock import local_today
from models.kernel.permissions import is_coordinator
from models.kernel.validation import EARLIEST_YEAR
from models.planning import branches
from models.statistics.period import report_year

log = logging.getLogger("afisa")
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "annual-report.css"
FORMATS = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "pdf": "application/pdf"}
YEAR_RANGE = N_("Ierakstiet gadu no %(first)d līdz %(last)d.")
FORMAT_CHOICE = N_("Izvēlieties formātu: docx vai pdf.")
PDF_UNAVAILABLE = N_("PDF šobrīd nevar izveidot. Atveriet pārskatu un izdrukājiet to no pārlūka kā PDF (Drukāt → Saglabāt kā PDF) "
                     "vai lejupielādējiet DOCX.")


class YearRefused(Exception):
    pass


def read_year(raw: str, today: date) -> int:
    text = raw.strip()
    if not text:
        return report_year(today)
    if not (text.isascii() and text.isdigit() and len(text) == 4 and EARLIEST_YEAR <= int(text) <= today.year):
        raise YearRefused()
    return int(text)


async def _report(request: Request, staff: dict):
    """(the report, the query naming it) or Refused with the messages to show."""
    lang, today = request.state.lang, local_today()
    raw_year, raw_branch = (request.query_params.get("year") or "")[:40], (request.query_params.get("branch") or "")[:40]
    try:
        year = read_year(raw_year, today)
    except YearRefused:
        raise Refused(422, {"year": translate(YEAR_RANGE, lang) % {"first": EARLIEST_YEAR, "last": today.year}}) from None
    try:
        period, branch_id, _ = await read_request({"period": "year", "year": str(year), "branch": raw_branch}, staff)
    except Refused as refused:
        raise Refused(refused.status, error_messages(refused.errors, lang)) from None
    query = {"year": year, **({"branch": branch_id if branch_id is not None else NETWORK} if is_coordinator(staff) else {})}
    return await build_report(period, branch_id, today, lang), urlencode(query)


@get("/statistics/annual-report", name="annual_report", include_in_schema=False)
async def annual_report_page(request: Request, staff: NamedDependency[dict]) -> Template:
    coordinator = is_coordinator(staff)
    context = {"coordinator": coordinator, "branches": await branches() if coordinator else [], "network": NETWORK, "errors": {},
               "raw": {name: (request.query_params.get(name) or "")[:40] for name in ("year", "branch")}, "report": None}
    try:
        context["report"], context["query"] = await _report(request, staff)
    except Refused as refused:
        context["errors"] = refused.errors
        return Template("statistics/annual_report.html", context=context, status_code=refused.status)
    context["raw"]["year"] = str(context["report"].year)
    return Template("statistics/annual_report.html", context=context)


def print_html(request: Request, report) -> str:
    """The print page's HTML for Chromium: the same blocks, the stylesheet inlined."""
    template = request.app.template_engine.get_template("statistics/annual_report_print.html")
    return template.render(report=report, stylesheet=Markup(STYLESHEET.read_text(encoding="utf-8")))


async def _file(request: Request, report, file_format: str) -> bytes:
    if file_format == "docx":  # a network's report is thousands of paragraphs: built beside the event loop
        return await asyncio.to_thread(to_docx, report, datetime.combine(local_today(), time()))
    return await html_to_pdf(print_html(request, report), request.app.state.settings.chromium)


@get("/statistics/annual-report/download", include_in_schema=False)
async def annual_report_download(request: Request, staff: NamedDependency[dict]) -> Response:
    lang, file_format = request.state.lang, request.query_params.get("format") or ""
    try:
        if file_format not in FORMATS:
            raise Refused(422, {"format": translate(FORMAT_CHOICE, lang)})
        report, query = await _report(request, staff)
        body = await _file(request, report, file_format)
    except Refused as refused:
        context = {"status": refused.status, "message": " ".join(refused.errors.values())}
        return Template("errors/page.html", context=context, status_code=refused.status)
    except PdfUnavailable as why:
        log.warning("annual report PDF not made: %s", why)
        context = {"message": translate(PDF_UNAVAILABLE, lang), "query": query, "setting": CHROMIUM_SETTING}
        return Template("statistics/annual_report_no_pdf.html", context=context, status_code=503)
    disposition = exports.content_disposition(f"{report.file_stem}.{file_format}")
    return Response(body, media_type=FORMATS[file_format], headers={"Content-Disposition": disposition})


ANNUAL_REPORT_HANDLERS: list = [annual_report_page, annual_report_download]
