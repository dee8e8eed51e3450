"""The statistics page's tables as headings and rows (text or whole numbers), built once for the
page, the downloads (always in Latvian) and the API: the main figures, month by month, service
points, the basic indicators, partners and literacy areas."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.i18n import MONTHS_LV_ACCUSATIVE, format_day, label, month_title, translate
from app.partners import type_label
from models.statistics.period import NO_CHANGE, Period, format_change

# (figure, Latvian label, indented as "of which")
SUMMARY_ROWS = (
    ("events", "Pasākumi", 0), ("events_young", "t. sk. bērniem un jauniešiem", 1),
    ("events_outside", "t. sk. ārpus bibliotēkas", 1), ("events_online", "t. sk. tiešsaistē", 1),
    ("attendance", "Pasākumu apmeklējums klātienē", 0), ("attendance_children", "t. sk. bērni līdz 18 g.", 1),
    ("attendance_adults", "t. sk. pieaugušie", 1), ("attendance_online", "Pasākumu dalībnieki tiešsaistē", 0),
    ("exhibitions", "Izstādes", 0), ("exhibitions_virtual", "t. sk. virtuālās", 1),
    ("lessons", "Bibliotekārās stundas", 0), ("lesson_participants", "stundu dalībnieki", 1),
    ("book_start", "Grāmatu starta nodarbības", 0), ("book_start_children", "bērni", 1),
    ("book_start_kits", "izsniegtie komplekti", 1),
    ("deliveries", "Piegādes apkalpošanas punktiem", 0), ("delivery_items_out", "izsniegtie izdevumi", 1),
    ("delivery_items_back", "atgrieztie izdevumi", 1),
    ("home_deliveries", "Piegādes mājās", 0), ("home_readers", "apkalpotie lasītāji", 1), ("home_items", "piegādātie izdevumi", 1),
)
INDICATOR_ROWS = (
    ("active_users", "Aktīvo lietotāju skaits", 0, "BIS ALISE"), ("active_users_children", "t. sk. bērni līdz 18 g.", 1, "BIS ALISE"),
    ("visits", "Bibliotēkas apmeklējums", 0, "BIS ALISE"), ("visits_children", "t. sk. bērni līdz 18 g.", 1, "BIS ALISE"),
    ("loans", "Izsniegums kopā", 0, "BIS ALISE"), ("loans_children", "t. sk. bērniem līdz 18 g.", 1, "BIS ALISE"),
    ("events", "Pasākumi", 0, "Afiša"), ("attendance", "Pasākumu apmeklējums klātienē", 0, "Afiša"),
    ("attendance_children", "t. sk. bērni līdz 18 g.", 1, "Afiša"), ("exhibitions", "Izstādes", 0, "Afiša"),
    ("lessons", "Bibliotekārās stundas", 0, "Afiša"), ("book_start", "Grāmatu starta nodarbības", 0, "Afiša"),
    ("deliveries", "Piegādes apkalpošanas punktiem", 0, "Afiša"), ("home_deliveries", "Piegādes mājās", 0, "Afiša"),
)
TABLE_TITLES = {
    "summary": "Galvenie rādītāji", "months": "Pa mēnešiem", "service_points": "Piegādes apkalpošanas punktiem",
    "indicators": "Bibliotēkas pamatrādītāji", "partners": "Sadarbības partneri", "schools": "Sasaiste ar skolu: pratības jomas",
}
CHANGE_HEADING = "% salīdzinot ar iepr. gadu"


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


def _figure_rows(rows, this: dict, last: dict, lang: str, source: bool = False) -> tuple[list, list, list]:
    cells, levels, keys = [], [], []
    for key, text, level, *origin in rows:
        change = NO_CHANGE if this[key] is None or last[key] is None else format_change(this[key], last[key])
        row = [translate(text, lang), this[key], last[key], change]
        cells.append(row + ([origin[0]] if source else []))
        levels.append(level)
        keys.append(key)
    return cells, levels, keys


def _imported(figures: dict) -> dict:
    return figures if figures["months_imported"] else {key: None for key in figures}


def month_label(year: int, month: int, lang: str) -> str:
    """2026. gada novembris, as the page's heading writes a month."""
    return month_title(date(year, month, 1), lang)


def build_tables(stats, lang: str, *, activity_rows: bool = True) -> dict[str, Table]:
    """Every table of the page, in the page's order, with texts in `lang`; without `activity_rows`
    the partner and school tables have their titles and headings but no rows: the page shows these
    two from the statistics themselves (grouped, or summed up for a network), and their rows, one
    per activity and thousands for a network's year, are built for downloads only."""
    t = lambda text: translate(text, lang)  # noqa: E731
    now, then = period_label(stats.period, lang), period_label(stats.period.previous(), lang)
    figure_headings = [t("Rādītājs"), now, then, t(CHANGE_HEADING)]
    tables: dict[str, Table] = {}
    cells, levels, keys = _figure_rows(SUMMARY_ROWS, stats.this.total.as_dict(), stats.last.total.as_dict(), lang)
    tables["summary"] = Table("summary", t(TABLE_TITLES["summary"]), figure_headings, cells, levels, keys)
    rows = []
    for (ym, fig), last in zip(stats.this.months.items(), stats.last.months.values()):
        rows.append([month_label(*ym, lang), fig.events, last.events, fig.attendance, last.attendance, fig.exhibitions, last.exhibitions])
    tables["months"] = Table("months", t(TABLE_TITLES["months"]), [
        t("Mēnesis"), f"{t('Pasākumi')} {now}", f"{t('Pasākumi')} {then}", f"{t('Pasākumu apmeklējums')} {now}",
        f"{t('Pasākumu apmeklējums')} {then}", f"{t('Izstādes')} {now}", f"{t('Izstādes')} {then}"], rows, [0] * len(rows), [""] * len(rows))
    tables["service_points"] = _service_point_table(stats, lang, now, then)
    # a period without any imported month has no library-system figures: "—", not 0
    this_ind = {**_imported(stats.indicators), **stats.this.total.as_dict()}
    last_ind = {**_imported(stats.indicators_last), **stats.last.total.as_dict()}
    cells, levels, keys = _figure_rows(INDICATOR_ROWS, this_ind, last_ind, lang, source=True)
    tables["indicators"] = Table("indicators", t(TABLE_TITLES["indicators"]), figure_headings + [t("Avots")], cells, levels, keys)
    network = stats.branch_id is None  # a network's tables name the library of each activity
    library = [t("Bibliotēka")] if network else []
    rows = [[p["name"], type_label(p["type"], lang), *([a["branch_name"]] if network else []), a["title"], label(a["kind"], lang),
             a["times"], a["attendance"]] for p in stats.partners for a in p["activities"]] if activity_rows else []
    tables["partners"] = Table("partners", t(TABLE_TITLES["partners"]), [
        t("Sadarbības partneris"), t("Partnera veids"), *library, t("Aktivitāte"), t("Veids"), t("Reizes"), t("Apmeklējums")],
        rows, [0] * len(rows), [""] * len(rows))
    rows = [[label(area["area"], lang), *([a["branch_name"]] if network else []), a["title"], label(a["kind"], lang), a["lesson_class"],
             a["sessions"], a["participants"], ", ".join(a["schools"])]
            for area in stats.schools for a in area["activities"]] if activity_rows else []
    tables["schools"] = Table("schools", t(TABLE_TITLES["schools"]), [
        t("Pratības joma"), *library, t("Aktivitāte"), t("Veids"), t("Klase"), t("Reizes"), t("Dalībnieki"), t("Izglītības iestāde")],
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
    t = lambda text: translate(text, lang)  # noqa: E731
    rows = []
    for point in service_points(stats):
        this, last = point["this"], point["last"]
        rows.append([point["name"] or t("(bez vietas)"), point["branch_name"], this["sessions"], last["sessions"],
                     format_change(this["sessions"], last["sessions"]), this["items_out"], last["items_out"],
                     format_change(this["items_out"], last["items_out"]), this["items_back"], this["readers_served"]])
    headings = [t("Apkalpošanas punkts"), t("Bibliotēka"), f"{t('Piegādes')} {now}", f"{t('Piegādes')} {then}", t(CHANGE_HEADING),
                f"{t('Izsniegti izdevumi')} {now}", f"{t('Izsniegti izdevumi')} {then}", t(CHANGE_HEADING),
                f"{t('Atgriezti izdevumi')} {now}", f"{t('Apkalpotie lasītāji')} {now}"]
    return Table("service_points", t(TABLE_TITLES["service_points"]), headings, rows, [0] * len(rows), [""] * len(rows))
