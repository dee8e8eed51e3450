"""The statistics page's tables as headings and rows (text or whole numbers), built once for the
page, the downloads (always in Latvian) and the API: the main figures, month by month, service
points, the basic indicators, partners and literacy areas."""
from __future__ import annotations

from models.kernel.i18n import N_

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from app.kernel.i18n import MONTHS_LV_ACCUSATIVE, format_day, label, month_title, translate
from app.partners import type_label
from models.statistics.outreach import books_per_reader, books_per_reader_change
from models.statistics.period import NO_CHANGE, Period, format_change
from models.kernel.clock import local_today
from models.statistics.report_tables import cooperation_tables, coverage_change

# (figure, Latvian label, indented as "of which")
SUMMARY_ROWS = (
    ("events", N_("Pasākumi"), 0), ("events_young", N_("t. sk. bērniem un jauniešiem"), 1),
    ("events_outside", N_("t. sk. ārpus bibliotēkas"), 1), ("events_online", N_("t. sk. tiešsaistē"), 1),
    ("attendance", N_("Pasākumu apmeklējums klātienē"), 0), ("attendance_children", N_("t. sk. bērni līdz 18 g."), 1),
    ("attendance_adults", N_("t. sk. pieaugušie"), 1), ("attendance_online", N_("Pasākumu dalībnieki tiešsaistē"), 0),
    ("exhibitions", N_("Izstādes"), 0), ("exhibitions_virtual", N_("t. sk. virtuālās"), 1),
    ("lessons", N_("Bibliotekārās stundas"), 0), ("lesson_participants", N_("stundu dalībnieki"), 1),
    ("book_start", N_("Grāmatu starta nodarbības"), 0), ("book_start_children", N_("bērni"), 1),
    ("book_start_kits", N_("izsniegtie komplekti"), 1),
    ("deliveries", N_("Piegādes apkalpošanas punktiem"), 0), ("delivery_items_out", N_("izsniegtie izdevumi"), 1),
    ("delivery_items_back", N_("atgrieztie izdevumi"), 1), ("delivery_readers", N_("apkalpotie lasītāji"), 1),
    ("home_deliveries", N_("Piegādes mājās"), 0), ("home_readers", N_("apkalpotie lasītāji"), 1), ("home_items", N_("piegādātie izdevumi"), 1),
    ("home_books_per_reader", N_("izdevumi vienam lasītājam"), 1),
    ("sets_in_circulation", N_("Grāmatu kopas apritē"), 0),
    # registrations (models/statistics/registrations.py): came and no-shows only where who came was ticked
    ("registration_items", N_("Aktivitātes ar pieteikšanos"), 0), ("registration_marked", N_("t. sk. ar atzīmētu, kas atnāca"), 1),
    ("registration_places", N_("Piedāvātās vietas"), 0), ("registered_people", N_("Pieteikušies cilvēki"), 0),
    ("registration_came", N_("t. sk. atnāca"), 1), ("no_shows", N_("t. sk. neatnāca"), 1),
    ("waiting_people", N_("Palika rindā bez vietas"), 0), ("cancelled_people", N_("Atsaukto pieteikumu cilvēki"), 0),
)
# figures that are not whole numbers summed up: the row is built by _ratio_row
RATIO_KEYS = frozenset({"home_books_per_reader"})
# the coverage (a per cent to one decimal) and the active users and population it is made of
COVERAGE_OF = {"coverage": ("active_users", "population"), "coverage_children": ("active_users_children", "children_population")}
# the indicators that may not be known (null in the API): the file's optional columns and the population
OPTIONAL_INDICATORS = ("loans_books", "loans_periodicals", "interlibrary_received", "interlibrary_sent", "population", "children_population")
# what the library system gives: not known ("—", not 0) for a period without an imported month
LIBRARY_SYSTEM_KEYS = frozenset({"visits", "visits_children", "loans", "loans_children", "active_users", "active_users_children",
                                 "loans_books", "loans_periodicals", "interlibrary_received", "interlibrary_sent"})
# the report's basic indicators in its order (section 5), its interlibrary loans, then Afiša's own counts
INDICATOR_ROWS = (
    ("active_users", N_("Aktīvo lietotāju skaits"), 0, "BIS ALISE"), ("active_users_children", N_("t. sk. bērni līdz 18 g."), 1, "BIS ALISE"),
    ("visits", N_("Bibliotēkas apmeklējums"), 0, "BIS ALISE"), ("visits_children", N_("t. sk. bērni līdz 18 g."), 1, "BIS ALISE"),
    ("loans", N_("Izsniegums kopā"), 0, "BIS ALISE"), ("loans_books", N_("t. sk. grāmatas"), 1, "BIS ALISE"),
    ("loans_periodicals", N_("t. sk. periodiskie izdevumi"), 1, "BIS ALISE"), ("loans_children", N_("t. sk. bērniem līdz 18 g."), 1, "BIS ALISE"),
    ("coverage", N_("Bibliotekārais aptvērums, % no iedzīvotāju skaita"), 0, "BIS ALISE, RIG010"),
    ("coverage_children", N_("t. sk. bērni līdz 18 g."), 1, "BIS ALISE, RIG010"),
    ("population", N_("Iedzīvotāju skaits"), 0, "RIG010"), ("children_population", N_("t. sk. bērni līdz 18 g."), 1, "RIG010"),
    ("interlibrary_received", N_("SBA: no citām Latvijas bibliotēkām saņemto dokumentu skaits"), 0, "BIS ALISE"),
    ("interlibrary_sent", N_("SBA: uz citām Latvijas bibliotēkām nosūtīto dokumentu skaits"), 0, "BIS ALISE"),
    ("events", N_("Pasākumi"), 0, "Afiša"), ("attendance", N_("Pasākumu apmeklējums klātienē"), 0, "Afiša"),
    ("attendance_children", N_("t. sk. bērni līdz 18 g."), 1, "Afiša"), ("exhibitions", N_("Izstādes"), 0, "Afiša"),
    ("lessons", N_("Bibliotekārās stundas"), 0, "Afiša"), ("book_start", N_("Grāmatu starta nodarbības"), 0, "Afiša"),
    ("deliveries", N_("Piegādes apkalpošanas punktiem"), 0, "Afiša"), ("home_deliveries", N_("Piegādes mājās"), 0, "Afiša"),
)
TABLE_TITLES = {
    "summary": N_("Galvenie rādītāji"), "months": N_("Pa mēnešiem"), "service_points": N_("Piegādes apkalpošanas punktiem"),
    "deliveries": N_("Piegādes pa mēnešiem"), "registrations": N_("Pieteikšanās pa mēnešiem"),
    "indicators": N_("Bibliotēkas pamatrādītāji"), "partners": N_("Sadarbības partneri"), "schools": N_("Sasaiste ar skolu: pratības jomas"),
    # the annual report's three partner tables (models/statistics/report_tables.py, cooperation_tables)
    "partners_children": N_("Bibliotēkas sadarbības tīkls darbā ar bērniem un jauniešiem"),
    "partners_local_history": N_("Sadarbība novadpētniecības jomā"),
    "partners_all": N_("Sadarbības partneri, sadarbības formas un aktivitātes"),
}
# each table's column of words, as the report heads it
COOPERATION_TABLES = {"partners_children": ("children", N_("Aktivitāte")),
                      "partners_local_history": ("local_history", N_("Sadarbības raksturojums")),
                      "partners_all": ("all", N_("Sadarbības formas, aktivitātes"))}
# "%(percent)s", not "%": a bare "% s…" reads to gettext as a placeholder
CHANGE_HEADING = N_("%(percent)s salīdzinot ar iepr. gadu")


def period_label(period: Period, lang: str, *, accusative: bool = False) -> str:
    """2026; 2026. gada novembris; 01.03.2026.–31.05.2026.; a month or year so far: 2026 (līdz 30.11.).
    `accusative`: after "salīdzinot ar", a Latvian month is "2025. gada novembri"."""
    if period.kind == "range":
        return f"{format_day(period.first)}–{format_day(period.last)}"
    if period.kind == "year":
        name = str(period.first.year)
    elif lang == "lv" and accusative:
        name = f"{period.first.year}. gada {MONTHS_LV_ACCUSATIVE[period.first.month - 1]}"
    else:
        name = month_title(period.first, lang)
    return f"{name} ({translate('līdz', lang)} {period.last:%d.%m.})" if period.cut else name


@dataclass
class Table:
    key: str
    title: str
    headings: list[str]
    rows: list[list]  # cells: text or whole numbers
    levels: list[int]  # 1: an "of which" row, indented on the page
    keys: list[str]  # the figure each row shows ("" where none)


def ratio_cell(value: Decimal | None) -> Decimal | str:
    """Books per reader as a table cell: the number (the page and the CSV write it with a decimal
    comma, the XLSX keeps it a number), "—" when no reader was served."""
    return NO_CHANGE if value is None else value


def figure_values(figures) -> dict:
    """A period's figures for the summary's rows: the totals, the sets in circulation and the
    books per home reader (PeriodFigures of models/statistics/summary.py)."""
    return {**figures.total.as_dict(), "sets_in_circulation": figures.sets.total, "home_books_per_reader": figures.books_per_home_reader}


def _change(key: str, this: dict, last: dict) -> str:
    if key in COVERAGE_OF:
        active, population = COVERAGE_OF[key]
        return coverage_change(this[active], this[population], last[active], last[population])
    if key in RATIO_KEYS:
        return books_per_reader_change(this["home_items"], this["home_readers"], last["home_items"], last["home_readers"])
    return NO_CHANGE if this[key] is None or last[key] is None else format_change(this[key], last[key])


def _figure_rows(rows, this: dict, last: dict, lang: str, source: bool = False) -> tuple[list, list, list]:
    cells, levels, keys = [], [], []
    for key, text, level, *origin in rows:
        if key in RATIO_KEYS or key in COVERAGE_OF:
            row = [translate(text, lang), ratio_cell(this[key]), ratio_cell(last[key]), _change(key, this, last)]
        elif source:  # the indicators: a figure not known is "—" in the downloads too
            row = [translate(text, lang), _known(this[key]), _known(last[key]), _change(key, this, last)]
        else:
            row = [translate(text, lang), this[key], last[key], _change(key, this, last)]
        cells.append(row + ([origin[0]] if source else []))
        levels.append(level)
        keys.append(key)
    return cells, levels, keys


def _known(value):
    return NO_CHANGE if value is None else value


def _imported(figures: dict) -> dict:
    """The library system's figures are not known without an imported month; the population is."""
    return figures if figures["months_imported"] else {key: None if key in LIBRARY_SYSTEM_KEYS else value for key, value in figures.items()}


def month_label(year: int, month: int, lang: str) -> str:
    """2026. gada novembris, as the page's heading writes a month."""
    return month_title(date(year, month, 1), lang)


async def load_cooperation(stats, lang: str) -> dict[str, list[dict]]:
    """The report's three partner tables of the statistics' period and scope, from the partner
    table the statistics have counted already (nothing counted twice), worded in `lang`."""
    return await cooperation_tables(stats.period, stats.branch_id, local_today(), lang, partners=stats.partners)


def build_tables(stats, lang: str, *, activity_rows: bool = True, cooperation: dict[str, list[dict]] | None = None) -> dict[str, Table]:
    """Every table of the page, in the page's order, with texts in `lang`; without `activity_rows`
    the partner and school tables have their titles and headings but no rows: the page shows these
    two from the statistics themselves (grouped, or summed up for a network), and their rows, one
    per activity and thousands for a network's year, are built for downloads only. The three
    cooperation tables have rows when `cooperation` (load_cooperation) is given."""
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    now, then = period_label(stats.period, lang), period_label(stats.period.previous(), lang)
    figure_headings = [_("Rādītājs"), now, then, _(CHANGE_HEADING) % {"percent": "%"}]
    tables: dict[str, Table] = {}
    cells, levels, keys = _figure_rows(SUMMARY_ROWS, figure_values(stats.this), figure_values(stats.last), lang)
    tables["summary"] = Table("summary", _(TABLE_TITLES["summary"]), figure_headings, cells, levels, keys)
    rows = []
    for (ym, fig), last in zip(stats.this.months.items(), stats.last.months.values()):
        rows.append([month_label(*ym, lang), fig.events, last.events, fig.attendance, last.attendance, fig.exhibitions, last.exhibitions])
    tables["months"] = Table("months", _(TABLE_TITLES["months"]), [
        _("Mēnesis"), f"{_('Pasākumi')} {now}", f"{_('Pasākumi')} {then}", f"{_('Pasākumu apmeklējums')} {now}",
        f"{_('Pasākumu apmeklējums')} {then}", f"{_('Izstādes')} {now}", f"{_('Izstādes')} {then}"], rows, [0] * len(rows), [""] * len(rows))
    tables["service_points"] = _service_point_table(stats, lang, now, then)
    tables["deliveries"] = _delivery_month_table(stats, lang, now, then)
    tables["registrations"] = _registration_month_table(stats, lang, now, then)
    # a period without any imported month has no library-system figures: "—", not 0
    this_ind = {**_imported(stats.indicators), **stats.this.total.as_dict()}
    last_ind = {**_imported(stats.indicators_last), **stats.last.total.as_dict()}
    cells, levels, keys = _figure_rows(INDICATOR_ROWS, this_ind, last_ind, lang, source=True)
    tables["indicators"] = Table("indicators", _(TABLE_TITLES["indicators"]), figure_headings + [_("Avots")], cells, levels, keys)
    network = stats.branch_id is None  # a network's tables name the library of each activity
    library = [_("Bibliotēka")] if network else []
    rows = [[p["name"], type_label(p["type"], lang), *([a["branch_name"]] if network else []), a["title"], label(a["kind"], lang),
             a["times"], a["attendance"]] for p in stats.partners for a in p["activities"]] if activity_rows else []
    tables["partners"] = Table("partners", _(TABLE_TITLES["partners"]), [
        _("Sadarbības partneris"), _("Partnera veids"), *library, _("Aktivitāte"), _("Veids"), _("Reizes"), _("Apmeklējums")],
        rows, [0] * len(rows), [""] * len(rows))
    rows = [[label(area["area"], lang), *([a["branch_name"]] if network else []), a["title"], label(a["kind"], lang), a["lesson_class"],
             a["sessions"], NO_CHANGE if a["participants"] is None else a["participants"], ", ".join(a["schools"])]
            for area in stats.schools for a in area["activities"]] if activity_rows else []
    tables["schools"] = Table("schools", _(TABLE_TITLES["schools"]), [
        _("Pratības joma"), *library, _("Aktivitāte"), _("Veids"), _("Klase"), _("Reizes"), _("Dalībnieki"), _("Izglītības iestāde")],
        rows, [0] * len(rows), [""] * len(rows))
    for key, (part, words) in COOPERATION_TABLES.items():
        rows = [[p["name"], type_label(p["type"], lang), *([p["branch_name"]] if network else []), p["times"],
                 NO_CHANGE if p["attendance"] is None else p["attendance"], p["text"]] for p in (cooperation or {}).get(part, [])]
        tables[key] = Table(key, _(TABLE_TITLES[key]), [
            _("Sadarbības partneris"), _("Partnera veids"), *library, _("Reizes"), _("Apmeklējums"), _(words)],
            rows, [0] * len(rows), [""] * len(rows))
    return tables


def service_points(stats) -> list[dict]:
    """This year's and last year's figures side by side, per service point."""
    merged: dict = {}
    for which, rows in (("this", stats.this.service_points), ("last", stats.last.service_points)):
        for row in rows:
            entry = merged.setdefault(row["place_id"], {"place_id": row["place_id"], "name": row["name"] or "",
                                                        "branch_name": row["branch_name"], "this": None, "last": None})
            entry[which] = row
    zero = {"sessions": 0, "items_out": 0, "items_back": 0, "readers_served": 0}
    answer = []
    for entry in merged.values():
        entry["this"], entry["last"] = entry["this"] or zero, entry["last"] or zero
        answer.append(entry)
    return sorted(answer, key=lambda e: (e["branch_name"].casefold(), e["name"].casefold()))


def _service_point_table(stats, lang: str, now: str, then: str) -> Table:
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    rows = []
    for point in service_points(stats):
        this, last = point["this"], point["last"]
        rows.append([point["name"] or _("(bez vietas)"), point["branch_name"], this["sessions"], last["sessions"],
                     format_change(this["sessions"], last["sessions"]), this["items_out"], last["items_out"],
                     format_change(this["items_out"], last["items_out"]), this["items_back"], this["readers_served"], last["readers_served"],
                     format_change(this["readers_served"], last["readers_served"])])
    change = _(CHANGE_HEADING) % {"percent": "%"}
    headings = [_("Apkalpošanas punkts"), _("Bibliotēka"), f"{_('Piegādes')} {now}", f"{_('Piegādes')} {then}", change,
                f"{_('Izsniegti izdevumi')} {now}", f"{_('Izsniegti izdevumi')} {then}", change,
                f"{_('Atgriezti izdevumi')} {now}", f"{_('Apkalpotie lasītāji')} {now}", f"{_('Apkalpotie lasītāji')} {then}", change]
    return Table("service_points", _(TABLE_TITLES["service_points"]), headings, rows, [0] * len(rows), [""] * len(rows))


def _delivery_month_table(stats, lang: str, now: str, then: str) -> Table:
    """Deliveries month by month beside the same month last year: to service points (deliveries,
    items, readers served), home delivery (readers, items, items per reader) and the sets out."""
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    rows = []
    for (ym, fig), (last_ym, last) in zip(stats.this.months.items(), stats.last.months.items()):
        rows.append([month_label(*ym, lang), fig.deliveries, last.deliveries, fig.delivery_items_out, last.delivery_items_out,
                     fig.delivery_readers, last.delivery_readers, fig.home_readers, last.home_readers, fig.home_items, last.home_items,
                     ratio_cell(books_per_reader(fig.home_items, fig.home_readers)), ratio_cell(books_per_reader(last.home_items, last.home_readers)),
                     stats.this.sets.months.get(ym, 0), stats.last.sets.months.get(last_ym, 0)])
    headings = [_("Mēnesis")]
    for text in (N_("Piegādes apkalpošanas punktiem"), N_("Izsniegti izdevumi"), N_("Apkalpotie lasītāji apkalpošanas punktos"),
                 N_("Lasītāji, kam piegādā mājās"), N_("Mājās piegādātie izdevumi"), N_("Izdevumi vienam lasītājam"), N_("Grāmatu kopas apritē")):
        headings += [f"{_(text)} {now}", f"{_(text)} {then}"]
    return Table("deliveries", _(TABLE_TITLES["deliveries"]), headings, rows, [0] * len(rows), [""] * len(rows))


REGISTRATION_MONTH_COLUMNS = (("registration_items", N_("Aktivitātes ar pieteikšanos")), ("registration_places", N_("Piedāvātās vietas")),
                              ("registered_people", N_("Pieteikušies")), ("registration_came", N_("Atnāca")),
                              ("no_shows", N_("Neatnāca")), ("waiting_people", N_("Palika rindā")))


def _registration_month_table(stats, lang: str, now: str, then: str) -> Table:
    """Registrations month by month beside the same month last year: the items with registration
    first held in the month, their places, who registered, came, did not come, and was left waiting."""
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    rows = []
    for (ym, fig), last in zip(stats.this.months.items(), stats.last.months.values()):
        rows.append([month_label(*ym, lang), *[value for key, _text in REGISTRATION_MONTH_COLUMNS
                                               for value in (getattr(fig, key), getattr(last, key))]])
    headings = [_("Mēnesis")]
    for _key, text in REGISTRATION_MONTH_COLUMNS:
        headings += [f"{_(text)} {now}", f"{_(text)} {then}"]
    return Table("registrations", _(TABLE_TITLES["registrations"]), headings, rows, [0] * len(rows), [""] * len(rows))
