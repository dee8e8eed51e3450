"""GET /api/v1/statistics: the figures the statistics page shows, for other programs. The same
parameters as the page (period=month|year|range, year, month, from, to, branch), the same scope
rules (a librarian: only her branch; a coordinator: the network by default, or a branch), and the
same numbers, read from the same tables (app/statistics/view.py)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

import msgspec
from litestar import Request, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import QueryParameter

from app.api.common import R401, ApiRefusal
from app.api.schemas import ErrorOut, FieldErrorsOut
from app.kernel.i18n import label, translate
from app.statistics.report import COVERAGE_OF, INDICATOR_ROWS, OPTIONAL_INDICATORS, RATIO_KEYS, SUMMARY_ROWS, figure_values, period_label, service_points
from app.statistics.view import Refused, error_messages, load_statistics, read_request
from models.kernel.clock import local_today
from models.statistics import (NO_CHANGE, Period, books_per_reader_change, cooperation_tables, coverage_change, format_books_per_reader,
                               format_change)


class PeriodOut(msgspec.Struct):
    kind: str
    from_: date = msgspec.field(name="from")
    to: date
    label: str


class FigureOut(msgspec.Struct):
    key: str
    label: str
    this: int
    last: int
    change: Annotated[str, msgspec.Meta(description='As the report writes it: "+45,6%", "-7,7%"; "—" when last is 0.')]


class MonthOut(msgspec.Struct):
    year: int
    month: int
    this: dict[str, int]
    last: dict[str, int]


class ServicePointOut(msgspec.Struct):
    place_id: int | None
    name: str
    branch: str
    this: dict[str, int]
    last: dict[str, int]


class PartnerActivityOut(msgspec.Struct):
    title: str
    kind: str
    branch_name: str
    item_ids: list[int]
    times: int
    attendance: Annotated[int | None, msgspec.Meta(description="None for deliveries and exhibitions, which have no headcount here.")]


class PartnerTableOut(msgspec.Struct):
    partner_id: int
    name: str
    type: str
    times: int
    attendance: int | None
    activities: list[PartnerActivityOut]


class SchoolActivityOut(msgspec.Struct):
    title: str
    kind: str
    lesson_class: str
    branch_name: str
    item_ids: list[int]
    sessions: Annotated[int, msgspec.Meta(description="Held sessions; an exhibition counts once, in the period it opens.")]
    participants: Annotated[int | None, msgspec.Meta(description="None for exhibitions, which have no headcount here.")]
    schools: list[str]


class LiteracyAreaOut(msgspec.Struct):
    area: str
    label: str
    sessions: int
    participants: Annotated[int | None, msgspec.Meta(description="None when no activity of the area has a headcount (exhibitions only).")]
    schools: list[str]
    activities: list[SchoolActivityOut]


class CooperationRowOut(msgspec.Struct):
    partner_id: int
    name: str
    branch_name: Annotated[str, msgspec.Meta(description="The library whose cooperation it is: in the network one row per partner and library.")]
    times: Annotated[int, msgspec.Meta(description="Held sessions and opened exhibitions together in the period, as in `partners`; 0 for a "
                                                   "partner credited with no programme item.")]
    attendance: Annotated[int | None, msgspec.Meta(description="None where no activity has a headcount.")]
    credited: Annotated[bool, msgspec.Meta(description="Credited as a partner of the year with no programme item needed.")]
    text: Annotated[str, msgspec.Meta(description="The table's words: the library's saved text for the period's (last) year, else made from "
                                                  "the activities done together.")]


class CooperationOut(msgspec.Struct):
    children: Annotated[list[CooperationRowOut], msgspec.Meta(description="The children's and young people's partners.")]
    local_history: Annotated[list[CooperationRowOut], msgspec.Meta(description="The partners of local history work (ticked by the library).")]
    all: Annotated[list[CooperationRowOut], msgspec.Meta(description="Every partner of the period, with the forms of cooperation.")]


class RatioOut(msgspec.Struct):
    key: str
    label: str
    this: Annotated[float | None, msgspec.Meta(description="To one decimal; null when no reader was served.")]
    last: float | None
    this_text: Annotated[str, msgspec.Meta(description='As the report writes it: "2,5"; "—" when no reader was served.')]
    last_text: str
    change: Annotated[str, msgspec.Meta(description='The change of the exact ratios: "+12,5%"; "—" when either year served no reader.')]


class OutreachOut(msgspec.Struct):
    sets_in_circulation: Annotated[FigureOut, msgspec.Meta(description="Book sets out (at a service point, a group or a partner) during the period, each once.")]
    books_per_home_reader: Annotated[RatioOut, msgspec.Meta(description="Home delivery's items per reader served.")]


class IndicatorOut(msgspec.Struct):
    key: str
    label: str
    this: Annotated[int | None, msgspec.Meta(description="null: not known (a column the library system's file did not have, or no population).")]
    last: int | None
    change: Annotated[str, msgspec.Meta(description='As the report writes it: "+45,6%", "-7,7%"; "—" when last is 0 or not known.')]


class CoverageOut(msgspec.Struct):
    key: str
    label: str
    this: Annotated[float | None, msgspec.Meta(description="Active users per 100 residents, to one decimal; null without a month imported or a population.")]
    last: float | None
    this_text: Annotated[str, msgspec.Meta(description='As the report writes it: "48,5"; "—" when not known.')]
    last_text: str
    change: Annotated[str, msgspec.Meta(description='The change of the exact ratios: "+8,9%"; "—" when either year has no coverage.')]


class IndicatorsOut(msgspec.Struct):
    figures: Annotated[list[FigureOut], msgspec.Meta(description="Visits, loans and active users (0 without a month imported), and Afiša's own counts.")]
    months_imported: int
    months_expected: int
    more: Annotated[list[IndicatorOut], msgspec.Meta(description="The optional figures of the file (loans of books and of periodicals, "
                                                                 "interlibrary loans) and the population of the period's year.")]
    coverage: list[CoverageOut]
    population_year: int


class StatisticsOut(msgspec.Struct):
    period: PeriodOut
    previous: PeriodOut
    branch_id: Annotated[int | None, msgspec.Meta(description="null: the whole network")]
    figures: list[FigureOut]
    months: list[MonthOut]
    service_points: list[ServicePointOut]
    outreach: OutreachOut
    indicators: IndicatorsOut
    partners: list[PartnerTableOut]
    schools: list[LiteracyAreaOut]
    cooperation: Annotated[CooperationOut, msgspec.Meta(description="The annual report's three partner tables, by partner name.")]


COOPERATION_KEYS = ("partner_id", "name", "branch_name", "times", "attendance", "credited", "text")


def _period(period: Period, lang: str) -> PeriodOut:
    return PeriodOut(kind=period.kind, from_=period.first, to=period.last, label=period_label(period, lang))


def _figures(rows, this: dict, last: dict, lang: str) -> list[FigureOut]:
    return [FigureOut(key=key, label=translate(text, lang), this=this[key], last=last[key], change=format_change(this[key], last[key]))
            for key, text, *_ in rows]


def _indicators(stats, this: dict, last: dict, lang: str) -> IndicatorsOut:
    now, then = stats.indicators, stats.indicators_last
    plain = [row for row in INDICATOR_ROWS if row[0] not in OPTIONAL_INDICATORS and row[0] not in COVERAGE_OF]
    more = [IndicatorOut(key=key, label=translate(text, lang), this=now[key], last=then[key],
                         change=NO_CHANGE if now[key] is None or then[key] is None else format_change(now[key], then[key]))
            for key, text, *_ in INDICATOR_ROWS if key in OPTIONAL_INDICATORS]
    coverage = [CoverageOut(key=key, label=translate(text, lang), this=None if now[key] is None else float(now[key]),
                            last=None if then[key] is None else float(then[key]), this_text=_decimal_text(now[key]), last_text=_decimal_text(then[key]),
                            change=coverage_change(now[COVERAGE_OF[key][0]] if now["months_imported"] else None, now[COVERAGE_OF[key][1]],
                                                   then[COVERAGE_OF[key][0]] if then["months_imported"] else None, then[COVERAGE_OF[key][1]]))
                for key, text, *_ in INDICATOR_ROWS if key in COVERAGE_OF]
    return IndicatorsOut(figures=_figures(plain, {**now, **this}, {**then, **last}, lang), months_imported=now["months_imported"],
                         months_expected=now["months_expected"], more=more, coverage=coverage, population_year=now["population_year"])


def _decimal_text(value) -> str:
    return NO_CHANGE if value is None else str(value).replace(".", ",")


def _outreach(stats, lang: str) -> OutreachOut:
    this, last = figure_values(stats.this), figure_values(stats.last)
    [sets] = _figures([row for row in SUMMARY_ROWS if row[0] == "sets_in_circulation"], this, last, lang)
    text = next(text for key, text, *_ in SUMMARY_ROWS if key == "home_books_per_reader")
    now, then = stats.this.books_per_home_reader, stats.last.books_per_home_reader
    return OutreachOut(sets_in_circulation=sets, books_per_home_reader=RatioOut(
        key="home_books_per_reader", label=translate(text, lang), this=None if now is None else float(now),
        last=None if then is None else float(then), this_text=format_books_per_reader(stats.this.total.home_items, stats.this.total.home_readers),
        last_text=format_books_per_reader(stats.last.total.home_items, stats.last.total.home_readers),
        change=books_per_reader_change(stats.this.total.home_items, stats.this.total.home_readers, stats.last.total.home_items,
                                       stats.last.total.home_readers)))


def _point(row: dict) -> dict[str, int]:
    return {key: row[key] for key in ("sessions", "items_out", "items_back", "readers_served")}


@get(
    "/statistics", summary="The statistics of a period", tags=["statistics"],
    description="The figures of the statistics page for a month, a year or a range, with last year's figures and the change "
                "in per cent. Counted by the counting rules of the README (held sessions; exhibitions once, when they open).",
    responses={403: ResponseSpec(data_container=ErrorOut, description="Another branch's statistics (a librarian)."),
               422: ResponseSpec(data_container=FieldErrorsOut, description="Bad parameters, per parameter."), 401: R401},
)
async def statistics_api(
    request: Request, staff: NamedDependency[dict],
    period: Annotated[str | None, QueryParameter(description="month, year (default) or range")] = None,
    year: Annotated[str | None, QueryParameter(description="The year (default: this year)")] = None,
    month: Annotated[str | None, QueryParameter(description="1-12, for period=month (default: this month)")] = None,
    from_: Annotated[str | None, QueryParameter(name="from", description="For period=range: dd.mm.yyyy. or YYYY-MM-DD")] = None,
    to: Annotated[str | None, QueryParameter(description="For period=range: the last day, inclusive")] = None,
    branch: Annotated[str | None, QueryParameter(description="A branch id, or 'network' (coordinators; the default for them)")] = None,
) -> StatisticsOut:
    lang = request.state.lang
    try:
        chosen, branch_id, _ = await read_request(request.query_params, staff)
    except Refused as refused:
        messages = error_messages(refused.errors, lang)
        if refused.status == 403:
            raise ApiRefusal(403, {"status_code": 403, "detail": " ".join(messages.values())}) from None
        raise ApiRefusal(422, {"errors": messages}) from None
    stats = await load_statistics(chosen, branch_id, local_today())
    cooperation = await cooperation_tables(chosen, branch_id, local_today(), lang, partners=stats.partners)
    this, last = stats.this.total.as_dict(), stats.last.total.as_dict()
    return StatisticsOut(
        period=_period(chosen, lang), previous=_period(chosen.previous(), lang), branch_id=branch_id,
        figures=_figures([row for row in SUMMARY_ROWS if row[0] not in RATIO_KEYS], figure_values(stats.this), figure_values(stats.last), lang),
        months=[MonthOut(year=y, month=m, this={**f.as_dict(), "sets_in_circulation": stats.this.sets.months.get((y, m), 0)},
                         last={**p.as_dict(), "sets_in_circulation": stats.last.sets.months.get(last_ym, 0)})
                for ((y, m), f), (last_ym, p) in zip(stats.this.months.items(), stats.last.months.items())],
        service_points=[ServicePointOut(place_id=s["place_id"], name=s["name"], branch=s["branch_name"], this=_point(s["this"]),
                                        last=_point(s["last"])) for s in service_points(stats)],
        outreach=_outreach(stats, lang),
        indicators=_indicators(stats, this, last, lang),
        partners=[PartnerTableOut(partner_id=p["partner_id"], name=p["name"], type=p["type"], times=p["times"], attendance=p["attendance"],
                             activities=[PartnerActivityOut(**a) for a in p["activities"]]) for p in stats.partners],
        schools=[LiteracyAreaOut(area=a["area"], label=label(a["area"], lang), sessions=a["sessions"], participants=a["participants"],
                                 schools=a["schools"], activities=[SchoolActivityOut(**x) for x in a["activities"]]) for a in stats.schools],
        cooperation=CooperationOut(**{part: [CooperationRowOut(**{key: row[key] for key in COOPERATION_KEYS}) for row in rows]
                                      for part, rows in cooperation.items()}),
    )


STATISTICS_API_HANDLERS: list = [statistics_api]
