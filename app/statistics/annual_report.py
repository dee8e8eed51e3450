"""The annual report, "Pārskats par bibliotēkas darbību … gadā" (issue 15): its content in the
order of the template the libraries write it in (the seed report's sections 1-11), as the blocks of
app/statistics/report_document.py (its tables are app/statistics/annual_report_tables.py's), built once for
the preview page, the PDF printed from that page's HTML (app/kernel/printing.py) and the
DOCX (app/statistics/report_docx.py).

- What Afiša counts fills the tables and lists: the basic indicators, the main figures, the events
  and exhibitions month by month with their titles, the campaigns, the service points and home
  delivery, the lessons by literacy area, Book Start and the three partner tables. The sections it
  cannot fill (finance, premises, staff, collection, projects, publicity, and the descriptions)
  keep their headings with a note that the library writes them.
- A network's report: the network's summary, then each library's own report (its sections one
  heading level down).
- Every cell is text as the statistics page writes it (12 345 with a no-break space, a decimal
  comma, "—" for not known), taken from the same tables (app/statistics/report.py's build_tables)
  and so equal to the statistics API's numbers; years run left to right as in the template."""
from __future__ import annotations

from models.kernel.i18n import N_, unquoted

import asyncio
from dataclasses import dataclass
from datetime import date


from app.kernel.i18n import format_day, format_number, ngettext, translate
from app.statistics.exports import slug
from app.statistics.report import Table, build_tables
from app.statistics.annual_report_tables import (
    PARTNER_TABLES, campaigns, home_delivery, month_in, month_name, partners, picked, schools, service_points, years,
)
from app.statistics.report_document import AnnualReport, Block, ReportTable, cell
from app.statistics.view import Statistics, load_statistics
from models.network import network_name
from models.planning import branches
from models.statistics import MonthLists, NO_CHANGE, Period, cooperation_tables, programme_lists
from models.statistics.state_form import month_coverage, service_points_open_in
from models.statistics.summary import Figures

# the template's sections, in its order (the seed report); a heading is "5. Pakalpojumu piedāvājums un pieejamība"
SECTIONS = (
    ("general", N_("Vispārīgs bibliotēkas raksturojums")), ("finance", N_("Finansiālais nodrošinājums")),
    ("premises", N_("Materiālā un tehniskā stāvokļa vērtējums")), ("staff", N_("Personāls")),
    ("services", N_("Pakalpojumu piedāvājums un pieejamība")), ("collection", N_("Krājums")),
    ("children", N_("Darbs ar bērniem un jauniešiem")), ("local_history", N_("Novadpētniecība")), ("projects", N_("Projekti")),
    ("publicity", N_("Publicitāte")), ("network", N_("Sadarbības tīkla raksturojums")),
)
FILL_IN = N_("Aizpilda bibliotēka.")
# the sections Afiša cannot fill: the template's subheadings, each left for the library
BLANK_PARTS = {
    "finance": (N_("Bibliotēkas finansiālais nodrošinājums"), N_("Bibliotēkas izdevumi")),
    "premises": (N_("Veiktie un plānotie telpu un ēku rekonstrukcijas projekti un remontdarbi"),
                 N_("Iekārtas, aprīkojums (t. sk. IKT nodrošinājums)"), N_("Problēmas un to risinājumi materiālā un tehniskā stāvokļa jomā")),
    "staff": (N_("Personāla raksturojums (skaits, slodzes, izglītība, izmaiņas personāla sastāvā)"),
              N_("Apmeklētie profesionālās pilnveides pasākumi")),
    "collection": (N_("Krājuma komplektēšanas politika un organizācija"), N_("Krājuma komplektēšanas finansiālais nodrošinājums"),
                   N_("Krājuma rādītāji (jaunieguvumi, apgrozība u. c.)")),
    "projects": (N_("Atbalstītie un realizētie projekti"),),
}
# the children's general figures: (key, label); the keys of build_tables' summary and indicator rows
CHILDREN_ROWS = (
    ("active_users_children", N_("Aktīvie lietotāji — bērni un jaunieši līdz 18 g.")),
    ("visits_children", N_("Bibliotēkas apmeklējums — bērni un jaunieši līdz 18 g.")),
    ("loans_children", N_("Izsniegums bērniem un jauniešiem līdz 18 g.")),
    ("events_young", N_("Pasākumi bērniem un jauniešiem")), ("attendance_children", N_("Pasākumu apmeklējums — bērni līdz 18 g.")),
    ("lessons", N_("Bibliotekārās stundas")), ("lesson_participants", N_("Bibliotekāro stundu dalībnieki")),
)
BOOK_START_ROWS = (
    ("book_start", N_("Grāmatu starta nodarbības")), ("book_start_children", N_("Bērni, kas piedalījās")),
    ("book_start_kits", N_("Izsniegtie Grāmatu starta komplekti")),
)


@dataclass
class _Library:
    """One library's (or the network's) statistics and lists for the report."""
    stats: Statistics
    tables: dict[str, Table]
    lists: list[MonthLists]
    cooperation: dict[str, list[dict]]
    service_points: list[str]  # the library's service points open in the year, in use now or not
    months: tuple[int, int]  # the library system's months (imported, expected) as the state form's check counts them


async def _library(period: Period, branch_id: int | None, today: date, lang: str, lists: bool = True) -> _Library:
    year = period.first.year
    stats, months, cooperation, places, coverage = await asyncio.gather(
        load_statistics(period, branch_id, today), programme_lists(period, branch_id, today) if lists else _nothing(),
        cooperation_tables(period, branch_id, today, lang), service_points_open_in(year, branch_id) if branch_id is not None else _nothing(),
        month_coverage(year, branch_id, today))
    points = [p["name"] for p in places]
    return _Library(stats, build_tables(stats, lang, activity_rows=False), months or [], cooperation, points, coverage)


async def _nothing() -> list:
    return []


class _Writer:
    """The blocks of a report as they are written, in the report's language."""

    def __init__(self, lang: str):
        self.lang, self.blocks = lang, []

    def _(self, text: str) -> str:
        return translate(text, self.lang)

    def heading(self, level: int, text: str, anchor: str = "") -> None:
        self.blocks.append(Block("heading", text, level=level, anchor=anchor))

    def text(self, text: str) -> None:
        self.blocks.append(Block("text", text))

    def note(self, text: str) -> None:
        self.blocks.append(Block("note", text))

    def items(self, items: list[str]) -> None:
        self.blocks.append(Block("list", items=items))

    def table(self, table: ReportTable) -> None:
        if not table.rows:  # a table without rows keeps a row to write in, and says there is nothing
            table.rows, table.levels = [[NO_CHANGE] * len(table.headings)], [0]
        self.blocks.append(Block("table", table=table))

    def blank(self, level: int, text: str) -> None:
        self.heading(level, self._(text))
        self.note(self._(FILL_IN))


def _section_heading(number: int, level: int, lang: str, anchor: str) -> Block:
    return Block("heading", f"{number}. {translate(SECTIONS[number - 1][1], lang)}", level=level, anchor=anchor)


def _month_blocks(out: _Writer, library: _Library, level: int) -> None:
    lang, _ = out.lang, out._
    for lists in library.lists:
        figures = library.stats.this.months.get((lists.year, lists.month)) or Figures()
        out.heading(level, month_name(lists.month, lang))
        month = month_in(lists.month, lang)
        if figures.events:
            out.text(ngettext("Bibliotēkā %(month)s notika %(num)d pasākums (apmeklējums: %(attendance)s).",
                              "Bibliotēkā %(month)s notika %(num)d pasākumi (apmeklējums: %(attendance)s).", figures.events, lang,
                              month=month, attendance=format_number(figures.attendance)))
        else:
            out.text(_("Bibliotēkā %(month)s pasākumu nebija.") % {"month": month})
        if figures.exhibitions:
            out.text(_opened(figures.exhibitions, lang))
        if lists.events:
            out.text(f"{_('Pasākumi')}:")
            out.items([_event_item(event, lang) for event in lists.events])
        if lists.exhibitions:
            out.text(f"{_('Izstādes')}:")
            out.items([_exhibition_item(exhibition, lang) for exhibition in lists.exhibitions])


def _opened(exhibitions: int, lang: str) -> str:
    return ngettext("Bibliotēka atklāja %(num)d izstādi.", "Bibliotēka atklāja %(num)d izstādes.", exhibitions, lang)


def _event_item(event, lang: str) -> str:
    days = ", ".join(format_day(day) for day in dict.fromkeys(event.days))
    values = {"title": unquoted(event.title), "days": days, "attendance": format_number(event.attendance), "online": format_number(event.online)}
    if event.online:
        return translate("„%(title)s”: %(days)s; apmeklējums: %(attendance)s, tiešsaistē: %(online)s", lang) % values
    return translate("„%(title)s”: %(days)s; apmeklējums: %(attendance)s", lang) % values


def _exhibition_item(exhibition, lang: str) -> str:
    values = {"title": unquoted(exhibition.title), "from": format_day(exhibition.opens), "to": format_day(exhibition.closes)}
    if exhibition.virtual:
        return translate("„%(title)s” (virtuālā izstāde): %(from)s–%(to)s", lang) % values
    return translate("„%(title)s”: %(from)s–%(to)s", lang) % values


def _indicator_note(library: _Library, lang: str) -> str:
    """The months of the library system's figures as the state form's check counts them (the months
    of the year ended by today, of the libraries open in them), and where the population is from."""
    _ = lambda text: translate(text, lang)  # noqa: E731 - named _ so that `make messages` finds its texts
    imported, expected = library.months
    return (f"{_('Bibliotēkas sistēmas dati importēti par mēnešiem:')} {imported} / {expected}. "
            + _("Iedzīvotāju skaits — %(year)s. gada dati no bibliotēkas lapas (oficiālās statistikas tabula RIG010); bibliotekārais "
                "aptvērums: aktīvie lietotāji uz 100 iedzīvotājiem.") % {"year": library.stats.indicators["population_year"]})


def _library_sections(out: _Writer, library: _Library, level: int, prefix: str) -> None:
    """Sections 1-11 of one library's report, the sections at heading `level`."""
    lang, _, stats, tables = out.lang, out._, library.stats, library.tables
    sub = level + 1

    def section(number: int) -> None:
        out.blocks.append(_section_heading(number, level, lang, f"{prefix}s{number}"))

    section(1)
    out.blank(sub, N_("Bibliotēkas darbības teritoriālais un institucionālais raksturojums"))
    out.heading(sub, _("Informācija par ārējiem apkalpošanas punktiem"))
    if library.service_points:
        out.items(library.service_points)
    else:
        out.text(_("Ārējo apkalpošanas punktu nav."))
    out.blank(sub, N_("Bibliotēku akreditācija"))
    for number, key in ((2, "finance"), (3, "premises"), (4, "staff")):
        section(number)
        for part in BLANK_PARTS[key]:
            out.blank(sub, part)
    section(5)
    out.heading(sub, _("Bibliotēkas pamatrādītāji"))
    out.table(years(tables["indicators"]))
    out.note(_indicator_note(library, lang))
    out.heading(sub, _("Galvenie rādītāji"))
    out.table(years(tables["summary"]))
    out.heading(sub, _("Pasākumi un izstādes pa mēnešiem"))
    if any(m.campaigns for m in library.lists):
        out.note(_("Pasākumu skaits ietver arī kampaņas — vairāku dienu pasākumus, kas uzskaitīti sadaļā „Kampaņas”."))
    _month_blocks(out, library, sub + 1)
    out.heading(sub, _("Kampaņas"))
    out.table(campaigns(library.lists, lang))
    out.heading(sub, _("Ārējie apkalpošanas punkti"))
    out.table(service_points(stats, lang, network=False))
    out.heading(sub, _("Grāmatu piegāde mājās"))
    out.table(home_delivery(stats, lang))
    out.blank(sub, N_("Pakalpojumu attīstība, jauninājumi, pieejamība"))
    section(6)
    for part in BLANK_PARTS["collection"]:
        out.blank(sub, part)
    section(7)
    out.heading(sub, _("Darba ar bērniem un jauniešiem vispārīgie rādītāji"))
    out.table(picked(tables, CHILDREN_ROWS, lang, "children"))
    out.heading(sub, _("Sasaiste ar skolu: pratības jomas"))
    out.table(schools(stats, lang, network=False))
    out.heading(sub, _("Grāmatu starts"))
    out.table(picked(tables, BOOK_START_ROWS, lang, "book_start"))
    out.heading(sub, _(PARTNER_TABLES["children"][0]))
    out.table(partners(library.cooperation["children"], "children", lang, network=False))
    section(8)
    out.blank(sub, N_("Novadpētniecības darba virzieni un pakalpojumi"))
    out.heading(sub, _(PARTNER_TABLES["local_history"][0]))
    out.table(partners(library.cooperation["local_history"], "local_history", lang, network=False))
    section(9)
    for part in BLANK_PARTS["projects"]:
        out.blank(sub, part)
    section(10)
    out.blank(sub, N_("Bibliotēkas tēla veidošana, publicitāte, sabiedrības informēšana"))
    out.heading(sub, _("Veiksmīgākie bibliotēku popularizējošie pasākumi"))
    total = stats.this.total
    sentences = [ngettext("Pārskata periodā notika %(num)d pasākums.", "Pārskata periodā notika %(num)d pasākumi.", total.events, lang)
                 if total.events else _("Pārskata periodā pasākumu nebija.")]
    if total.exhibitions:
        sentences.append(_opened(total.exhibitions, lang))
    out.text(" ".join(sentences))
    out.note(_(FILL_IN))
    section(11)
    out.heading(sub, _(PARTNER_TABLES["all"][0]))
    out.table(partners(library.cooperation["all"], "all", lang, network=False))


def _network_summary(out: _Writer, network: _Library, libraries: list[tuple[dict, _Library]]) -> None:
    lang, _, stats, tables = out.lang, out._, network.stats, network.tables
    out.heading(1, _("Tīkla kopsavilkums"), "network")
    out.heading(2, _("Bibliotēkas pamatrādītāji"))
    out.table(years(tables["indicators"]))
    out.note(_indicator_note(network, lang))
    out.heading(2, _("Galvenie rādītāji"))
    out.table(years(tables["summary"]))
    out.heading(2, _("Bibliotēku rādītāji"))
    rows = []
    for branch, library in libraries:
        f = library.stats.this.total
        rows.append([branch["short_name"], *[cell(v) for v in (f.events, f.attendance, f.exhibitions, f.lessons, f.book_start,
                                                               f.deliveries + f.home_deliveries)]])
    f = stats.this.total
    rows.append([_("Kopā"), *[cell(v) for v in (f.events, f.attendance, f.exhibitions, f.lessons, f.book_start, f.deliveries + f.home_deliveries)]])
    out.table(ReportTable([_("Bibliotēka"), _("Pasākumi"), _("Pasākumu apmeklējums klātienē"), _("Izstādes"), _("Bibliotekārās stundas"),
                           _("Grāmatu starta nodarbības"), _("Piegādes")], rows, [False] + [True] * 6, [0] * len(rows), total_last=True, key="libraries"))
    out.heading(2, _("Ārējie apkalpošanas punkti"))
    out.table(service_points(stats, lang, network=True))
    out.heading(2, _("Sasaiste ar skolu: pratības jomas"))
    out.table(schools(stats, lang, network=True))
    out.heading(2, _("Grāmatu starts"))
    out.table(picked(tables, BOOK_START_ROWS, lang, "book_start"))
    out.heading(2, _(PARTNER_TABLES["all"][0]))
    out.table(partners(network.cooperation["all"], "all", lang, network=True))


def _open_in(branch: dict, year: int) -> bool:
    return branch.get("closed_on") is None or branch["closed_on"] >= date(year, 1, 1)


async def build_report(period: Period, branch_id: int | None, today: date, lang: str) -> AnnualReport:
    """The report of the period's year for a library, or for the network (None)."""
    year = period.first.year
    all_branches = await branches()
    out = _Writer(lang)
    if branch_id is not None:
        branch = next(b for b in all_branches if b["id"] == branch_id)
        _library_sections(out, await _library(period, branch_id, today, lang), 1, "")
        name, title = branch["name"], translate("Pārskats par bibliotēkas darbību %(year)s. gadā", lang)
        stem = f"parskats-{slug(branch['slug'])}-{year}"
    else:
        network = await _library(period, None, today, lang, lists=False)
        libraries = [(b, await _library(period, b["id"], today, lang)) for b in all_branches if _open_in(b, year)]
        _network_summary(out, network, libraries)
        for branch, library in libraries:
            out.heading(1, branch["name"], f"b{branch['id']}")
            _library_sections(out, library, 2, f"b{branch['id']}-")
        name = await network_name() or translate("Viss tīkls", lang)
        title, stem = translate("Pārskats par bibliotēku darbību %(year)s. gadā", lang), f"parskats-tikls-{year}"
    lines = []
    if period.cut:
        lines.append(translate("Gads vēl nav beidzies: skaitļi līdz %(day)s, salīdzinot ar tām pašām iepriekšējā gada dienām.", lang)
                     % {"day": format_day(period.last)})
    lines.append(translate("Sagatavots Afišā %(day)s", lang) % {"day": format_day(today)})
    lines.append(translate("Tabulas un sarakstus aizpilda Afiša no plānotā un notikušā un no bibliotēkas sistēmas datiem; pārējās sadaļas "
                           "aizpilda bibliotēka.", lang))
    return AnnualReport(lang, year, branch_id is None, name, title % {"year": year}, lines, out.blocks, stem)
