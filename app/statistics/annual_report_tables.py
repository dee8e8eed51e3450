"""The annual report's tables (app/statistics/annual_report.py puts them in its sections): the
figure tables of build_tables in the template's order (last year, this year, the change), the
campaigns, service points, home delivery, lessons by literacy area and the partner tables, every
cell text as the statistics page writes it; and the words they are written with (a month as a
heading and after "in", a title in „…” quotes)."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date

from app.kernel.i18n import MONTHS_LV, MONTHS_LV_LOCATIVE, format_day, label, translate
from app.partners import type_label
from app.statistics.report import CHANGE_HEADING, Table, period_label, service_points as service_point_rows
from app.statistics.report_document import ReportTable, cell
from app.statistics.view import Statistics
from models.kernel.i18n import N_, unquoted
from models.statistics import MonthLists, books_per_reader, format_change

# the partner tables: which of cooperation_tables', the section and subheading, the words' column
PARTNER_TABLES = {
    "children": (N_("Bibliotēkas sadarbības tīkls darbā ar bērniem un jauniešiem"), N_("Aktivitāte")),
    "local_history": (N_("Sadarbība novadpētniecības jomā"), N_("Sadarbības raksturojums")),
    "all": (N_("Sadarbības partneri, sadarbības formas un aktivitātes"), N_("Sadarbības formas, aktivitātes")),
}


def month_name(month: int, lang: str) -> str:
    """A month as a heading: "Janvāris"."""
    return MONTHS_LV[month - 1].capitalize() if lang == "lv" else format_date(date(2000, month, 1), "LLLL", locale=lang)


def month_in(month: int, lang: str) -> str:
    """A month in running text after "in": Latvian's locative ("janvārī"), the name in English."""
    return MONTHS_LV_LOCATIVE[month - 1] if lang == "lv" else format_date(date(2000, month, 1), "LLLL", locale=lang)


def quoted(title: str, lang: str) -> str:
    return translate("„%(title)s”", lang) % {"title": unquoted(title)}


def years(table: Table) -> ReportTable:
    """A figure table of build_tables in the template's order: last year, this year, the change."""
    rows = [[row[0], cell(row[2]), cell(row[1]), cell(row[3]), *[cell(c) for c in row[4:]]] for row in table.rows]
    headings = [table.headings[0], table.headings[2], table.headings[1], *table.headings[3:]]
    numeric = [False, True, True, True] + [False] * (len(headings) - 4)
    return ReportTable(headings, rows, numeric, list(table.levels), key=table.key)


def picked(tables: dict[str, Table], rows: tuple, lang: str, key: str) -> ReportTable:
    """Rows of the summary and the indicators by figure, under labels of their own."""
    found = {}
    for name in ("indicators", "summary"):
        found.update({k: row for k, row in zip(tables[name].keys, tables[name].rows)})
    base = years(tables["summary"])
    picked = [[translate(text, lang), cell(found[k][2]), cell(found[k][1]), cell(found[k][3])] for k, text in rows]
    return ReportTable(base.headings[:4], picked, base.numeric[:4], [0] * len(picked), key=key)


def campaigns(lists: list[MonthLists], lang: str) -> ReportTable:
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    rows = [[c.title, f"{format_day(c.first)}–{format_day(c.last)}", cell(c.attendance)] for m in lists for c in m.campaigns]
    return ReportTable([_("Kampaņa"), _("Laiks"), _("Apmeklējums")], rows, [False, False, True], [0] * len(rows), key="campaigns")


def service_points(stats: Statistics, lang: str, network: bool) -> ReportTable:
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    now, then = period_label(stats.period, lang), period_label(stats.period.previous(), lang)
    rows = []
    for point in service_point_rows(stats):
        this, last = point["this"], point["last"]
        rows.append([point["name"] or _("(bez vietas)"), *([point["branch_name"]] if network else []), cell(last["sessions"]),
                     cell(this["sessions"]), format_change(this["sessions"], last["sessions"]), cell(this["items_out"]), cell(this["items_back"]),
                     cell(this["readers_served"])])
    headings = [_("Apkalpošanas punkts"), *([_("Bibliotēka")] if network else []), f"{_('Piegādes')} {then}", f"{_('Piegādes')} {now}",
                _(CHANGE_HEADING) % {"percent": "%"}, f"{_('Izsniegti izdevumi')} {now}", f"{_('Atgriezti izdevumi')} {now}",
                f"{_('Apkalpotie lasītāji')} {now}"]
    return ReportTable(headings, rows, [False] * (1 + network) + [True] * 6, [0] * len(rows), key="service_points")


def home_delivery(stats: Statistics, lang: str) -> ReportTable:
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    rows = [[month_name(month, lang), cell(f.home_deliveries), cell(f.home_readers), cell(f.home_items),
             cell(books_per_reader(f.home_items, f.home_readers))] for (_year, month), f in stats.this.months.items()]
    total = stats.this.total
    rows.append([_("Kopā"), cell(total.home_deliveries), cell(total.home_readers), cell(total.home_items), cell(stats.this.books_per_home_reader)])
    headings = [_("Mēnesis"), _("Piegādes mājās"), _("Lasītāji, kam piegādā mājās"), _("Mājās piegādātie izdevumi"), _("Izdevumi vienam lasītājam")]
    return ReportTable(headings, rows, [False, True, True, True, True], [0] * len(rows), total_last=True, key="home_delivery")


def schools(stats: Statistics, lang: str, network: bool) -> ReportTable:
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    rows = []
    for area in stats.schools:
        activities = []
        for a in area["activities"]:
            details = [d for d in (a["lesson_class"], a["branch_name"] if network else "") if d]
            activities.append(quoted(a["title"], lang) + (f" ({', '.join(details)})" if details else ""))
        rows.append([label(area["area"], lang), "; ".join(activities), cell(area["sessions"]), cell(area["participants"]), ", ".join(area["schools"])])
    headings = [_("Pratības joma"), _("Aktivitātes"), _("Reizes"), _("Dalībnieki"), _("Izglītības iestāde")]
    return ReportTable(headings, rows, [False, False, True, True, False], [0] * len(rows), key="schools")


def partners(rows: list[dict], which: str, lang: str, network: bool) -> ReportTable:
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    cells = [[f"{row['name']} ({type_label(row['type'], lang)})" if row["type"] else row["name"], *([row["branch_name"]] if network else []),
              row["text"] or "", cell(row["times"]), cell(row["attendance"])] for row in rows]
    headings = [_("Sadarbības partneris"), *([_("Bibliotēka")] if network else []), _(PARTNER_TABLES[which][1]), _("Reizes"), _("Apmeklējums")]
    return ReportTable(headings, cells, [False] * (2 + network) + [True, True], [0] * len(cells), key=f"partners_{which}")
