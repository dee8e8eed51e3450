"""The demo's outreach (issue 14), from the report's "Ārējie apkalpošanas punkti": Rožupe's two
service points, the social care centre „Rožlejas” (a visit every month, its book set changed
every other month) and the settlement „Druvas” (used less each year: every other month last year,
only to change its set this year); their standing book sets, a set of new books kept for any
service point, the „Bibliokofers” suitcase of the pre-school group, and four readers whose books
reach their homes through a neighbour, a relative, a social worker and the postman.

Last year's and this year's past months are run as the librarian runs them: each delivery day is
a round (models/outreach plan_round), each stop finished with its figures, and the round finished,
which records them as the delivery sessions' attendance; the statistics then have a year to
compare with. Sets go out with the delivery that brings them and come back with the one that
takes them; the set at „Rožlejas” now is due back in ten days, so /outreach/rotation proposes
its change, and one book did not come back once. Everything is reckoned from `today`."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from app.commands.demo.dates import FRI, THU, month_start, nth_weekday, working_day
from models.kernel.clock import utc_of_wall
from models.kernel.enums import Audience, DeliveryKind, Kind, PartnerRole, Status
from models.kernel.outreach_tables import BookSetTitle, HomeLoan, HomeReader, RoundStop, SetPlacement
from models.kernel.tables import Occurrence
from models.outreach import SetDraft, due_readers, finish_round, parse_pasted, plan_round, replace_titles, save_reader, save_set, validate_reader

if TYPE_CHECKING:
    from app.commands.demo.build import Planner

HOME_TITLE = "Grāmatu piegāde mājās"
POINT_TITLES = {"rozlejas": "Grāmatu kopa sociālās aprūpes centram „Rožlejas”", "druvas": "Grāmatu kopa apkalpošanas punktam „Druvas”"}
DUE_IN_DAYS = 10  # the set at „Rožlejas” now: due back soon, so the rotation page proposes its change

# (key, name, theme, place key or None, receiver, group, rotation days, prefix of the barcodes, titles "Author — Title")
SETS = [
    ("klasika", "Latviešu klasika", "Lasāmais, ko aprūpes centra iemītnieki paši lūdz", "rozlejas", "service_point", "", 60, "RZ1", [
        "Rūdolfs Blaumanis — Zagļi", "Rūdolfs Blaumanis — Nāves ēnā", "Jānis Poruks — Kukažiņa", "Anna Brigadere — Dievs, daba, darbs",
        "Jānis Jaunsudrabiņš — Baltā grāmata", "Jānis Jaunsudrabiņš — Aija", "Kārlis Skalbe — Kaķīša dzirnavas", "Augusts Deglavs — Rīga",
        "Edvarts Virza — Straumēni", "Vilis Lācis — Zvejnieka dēls", "Aspazija — Sidraba šķidrauts", "Rainis — Gals un sākums",
        "Andrejs Upīts — Zaļā zeme", "Jānis Klīdzējs — Cilvēka bērns", "Regīna Ezera — Aka",
    ]),
    ("atminas", "Atmiņas un likteņstāsti", "Biogrāfijas, atmiņas, novada vēsture", "rozlejas", "service_point", "", 60, "RZ2", [
        "Sandra Kalniete — Ar balles kurpēm Sibīrijas sniegos", "Melānija Vanaga — Veļupes krastā", "Anšlavs Eglītis — Homo novus",
        "Vizma Belševica — Bille", "Vizma Belševica — Bille dzīvo tālāk", "Nora Ikstena — Mātes piens", "Zigmunds Skujiņš — Kolumba mazdēli",
        "Regīna Ezera — Nolemtība", "Aleksandrs Čaks — Mūžības skartie", "Pauls Bankovskis — 18", "Gundega Repše — Bērns",
        "Imants Ziedonis — Epifānijas",
    ]),
    ("romani", "Mīlestības un ģimenes romāni", "Viegli lasāmi romāni lielākā drukā", "rozlejas", "service_point", "", 60, "RZ3", [
        "Māra Zālīte — Pieci pirksti", "Inga Ābele — Paisums", "Laima Muktupāvela — Šampinjonu derība",
        "Dace Rukšāne — Beatrises gultas stāsti", "Andra Neiburga — Stum, stum", "Nora Ikstena — Dzīves svinēšana",
        "Agate Nesaule — Sieviete dzintarā", "Anna Sakse — Pret kalnu", "Regīna Ezera — Zemdegas", "Alberts Bels — Būris",
        "Jana Egle — Dvēseļu utenis", "Māris Bērziņš — Svina garša", "Rūdolfs Blaumanis — Ļaunais gars", "Aleksandrs Grīns — Nameja gredzens",
    ]),
    ("daba", "Lauku dzīve un daba", "Dārzs, daba, lauku sēta", "druvas", "service_point", "", 120, "DR1", [
        "Vilis Plūdons — Atraitnes dēls", "Kārlis Skalbe — Ziemas pasakas", "Jānis Jaunsudrabiņš — Mana dzīve",
        "Anna Brigadere — Princese Gundega un karalis Brusubārda", "Jānis Akuraters — Kalpa zēna vasara", "Imants Ziedonis — Krāsainās pasakas",
        "Ojārs Vācietis — Si minors", "Ēriks Ādamsons — Smalkās kaites", "Fricis Bārda — Zemes dēls", "Rūdolfs Blaumanis — Indrāni",
        "Andrejs Pumpurs — Lāčplēsis", "Anna Brigadere — Sprīdītis",
    ]),
    ("detektivi", "Detektīvi un piedzīvojumi", "Spriedze vakariem", "druvas", "service_point", "", 120, "DR2", [
        "Agata Kristi — Slepkavība Austrumu ekspresī", "Agata Kristi — Un tad neviena nebija", "Ārturs Konans Doils — Baskervilu suns",
        "Ārturs Konans Doils — Šerloka Holmsa piedzīvojumi", "Andris Kolbergs — Ņujorka nav tālu", "Jānis Ezeriņš — Leijerkastnieks",
        "Vilis Lācis — Pazudušais dēls", "Žils Verns — Piecpadsmit gadus vecais kapteinis", "Aleksandrs Dimā — Trīs musketieri",
        "Valters Skots — Aivenho",
    ]),
    ("jaunieguvumi", "Jaunieguvumi apkalpošanas punktiem", "Jaunās grāmatas no šī gada iepirkuma", None, "service_point", "", 60, "JG1", [
        "Nora Ikstena — Amour fou", "Inga Žolude — Mierinājums Ādama kokam", "Inga Gaile — Skaistās", "Laura Vinogradova — Upe",
        "Jānis Joņevs — Jelgava 94", "Arno Jundze — Sarkanais dzīvsudrabs", "Andra Manfelde — Zemnīcas bērni", "Inga Ābele — Klūgu mūks",
        "Osvalds Zebris — Gaiļu kalna ēnā", "Kristīne Ulberga — Es esmu",
    ]),
    ("bibliokofers", "Bibliokofers", "Grāmatu čemodāns pirmsskolas grupai", None, "group", "Pirmsskolas grupa „Zīļuki”", 56, "BK1", [
        "Anna Brigadere — Sprīdītis", "Kārlis Skalbe — Kaķīša dzirnavas", "Imants Ziedonis — Krāsainās pasakas",
        "Jānis Jaunsudrabiņš — Baltā grāmata", "Astrīda Lindgrēne — Karlsons, kas dzīvo uz jumta", "Astrīda Lindgrēne — Pepija Garzeķe",
        "Alans Milns — Vinnijs Pūks", "Sergejs Kozlovs — Ezītis miglā", "Tūve Jānsone — Burvja cepure", "Hanss Kristians Andersens — Sniega karaliene",
        "Brāļi Grimmi — Brēmenes muzikanti", "Kornejs Čukovskis — Aibolits", "Rainis — Zelta zirgs",
    ]),
]

# the readers: (name, address, carrier, carrier's name, weekday, part of day, every weeks, books, kinds, subjects, authors, large print, notes)
READERS = [
    ("Olga Krūmiņa", "„Ceriņi”, Druvas, Rožupes pagasts", "neighbour", "Jānis Sprukts", THU, "morning", 4, 4, "romāni", "lauku dzīve",
     "Regīna Ezera, Anšlavs Eglītis", True, "Grāmatas atnes un aiznes kaimiņš, kad brauc uz Rožupi."),
    ("Valentīna Rudzīte", "Dārza iela 4-2, Rožupe", "relative", "Inese Rudzīte (meita)", THU, "afternoon", 4, 3, "atmiņas, biogrāfijas",
     "vēsture", "Vizma Belševica", False, "Meita paņem grāmatas bibliotēkā ceturtdienās pēc darba."),
    ("Pēteris Liepiņš", "„Lejnieki”, Rožupes pagasts", "social_worker", "Aija Zariņa", FRI, "morning", 8, 5, "detektīvi", "",
     "Andris Kolbergs", True, "Sociālā darbiniece atved grāmatas kopā ar pusdienām."),
    ("Broņislava Pauliņa", "„Druvas”, Rožupes pagasts", "postman", "", FRI, "morning", 8, 4, "dzeja, žurnāli", "dārzs",
     "Imants Ziedonis", False, "Pastnieks atved grāmatas kopā ar avīzi."),
]

# what the home readers are brought, by each reader in turn
HOME_SHELF = [
    "Regīna Ezera — Varmācība", "Anšlavs Eglītis — Līgavu mednieki", "Zigmunds Skujiņš — Gulta ar zelta kāju", "Vizma Belševica — Gadu gredzeni",
    "Regīna Ezera — Dzilnas sila balādes", "Imants Ziedonis — Kurzemīte", "Rūdolfs Blaumanis — Purva bridējs", "Jānis Jaunsudrabiņš — Vēja ziedi",
    "Nora Ikstena — Jaunavas mācība", "Māra Zālīte — Margarēta", "Kārlis Skalbe — Kā es braucu Ziemeļmeitas lūkoties", "Jānis Klīdzējs — Jaunieši",
    "Anna Brigadere — Akmeņu sprostā", "Alberts Bels — Saucēja balss", "Andrejs Upīts — Sūnu ciema zēni", "Gunārs Priede — Zilā",
    "Aleksandrs Grīns — Dvēseļu putenis", "Gunārs Janovskis — Sōla", "Vilis Lācis — Vecā jūrnieku ligzda", "Andrejs Upīts — Robežnieki",
    "Vizma Belševica — Kamola tinēja", "Ojārs Vācietis — Elpa", "Rūdolfs Blaumanis — Skroderdienas Silmačos", "Jānis Poruks — Pērļu zvejnieks",
]


async def _sets(p: Planner, branch_id: int, staff: dict) -> dict[str, int]:
    found = {}
    for key, name, theme, place, receiver, group, days, prefix, titles in SETS:
        draft = SetDraft(branch=branch_id, name=name, theme=theme, receiver=receiver, place=p.ids.place[place] if place else None,
                         partner=None, group_name=group, target_size=len(titles), rotation_days=days)
        set_id = await save_set(draft)
        await replace_titles(set_id, parse_pasted("\n".join(f"{prefix}{n:03d};{line.replace(' — ', ';', 1)}"
                                                            for n, line in enumerate(titles, start=1))))
        found[key] = set_id
    return found


async def _titles(set_id: int) -> list[dict]:
    rows = await BookSetTitle.select(BookSetTitle.barcode, BookSetTitle.author, BookSetTitle.title).where(
        BookSetTitle.book_set == set_id).order_by(BookSetTitle.position)
    return [dict(row) for row in rows]


async def _readers(branch_id: int, staff: dict, first: date) -> int:
    for n, (name, address, carrier, carrier_name, weekday, part, weeks, books, kinds, subjects, authors, large, notes) in enumerate(READERS):
        consent = first - timedelta(days=40 + 23 * n)
        skips = f"{date(first.year, 7, 1):%d.%m.%Y} - {date(first.year, 7, 31):%d.%m.%Y}" if carrier == "relative" else ""
        draft = validate_reader({
            "reader_number": f"R{1040 + n * 17}", "name": name, "address": address, "phone": f"+371 2655 {n + 1}{n + 1}{n + 1}{n + 1}",
            "carrier": carrier, "carrier_name": carrier_name, "carrier_phone": "" if carrier == "postman" else f"+371 2900 {n + 5}{n + 5}{n + 5}{n + 5}",
            "weekday": str(weekday), "part_of_day": part, "every_weeks": str(weeks), "books_per_visit": str(books), "skips": skips,
            "kinds": kinds, "subjects": subjects, "authors": authors, "large_print": "1" if large else "", "language": "latviešu",
            "notes": notes, "consent_on": consent.strftime("%d.%m.%Y"), "consent_note": "Piekrišana parakstīta uz veidlapas; glabājas bibliotēkā.",
        }, branch_id)
        await save_reader(draft, staff["id"])
    return len(READERS)


def _delivery_days(today: date) -> list[date]:
    """The second Thursday of every month from January last year to last month: the visit to „Rožlejas”."""
    days, first = [], date(today.year - 1, 1, 1)
    while first < month_start(today):
        days.append(working_day(nth_weekday(first, THU, 2)))
        first = month_start(first, 1)
    return days


async def _point_session(p: Planner, point: str, day: date) -> int:
    start, end = (time(10, 0), time(11, 0)) if point == "rozlejas" else (time(11, 30), time(12, 15))
    item_id = await p.add(f"kopa_{point}_{day:%Y%m%d}", by="ilze", branch="rozupe", kind=Kind.DELIVERY, place=point, title=POINT_TITLES[point],
                          day=day, start=start, end=end, audiences=(Audience.SENIORS,), public=False, status=Status.CONFIRMED,
                          partners=(("rozlejas", PartnerRole.HOST),) if point == "rozlejas" else (), delivery_kind=DeliveryKind.SERVICE_POINT)
    return (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]


class _Rotation:
    """Which set stands at each service point, changed on its rotation days."""

    def __init__(self, sets: dict[str, int], branch_id: int, place: dict[str, int], staff_id: int):
        self.sets, self.branch_id, self.place, self.staff_id = sets, branch_id, place, staff_id
        self.out: dict[str, dict] = {}  # point -> the placement standing there
        self.history: dict[str, list[tuple[date, str]]] = {"rozlejas": [], "druvas": []}
        self.missing_once = False

    async def change(self, point: str, set_key: str, day: date, session_id: int, due_on: date) -> tuple[int, int]:
        """The set `set_key` goes out, the one there comes back. Returns (books out, books back)."""
        back = 0
        item_id = (await Occurrence.select(Occurrence.item).where(Occurrence.id == session_id).first())["item"]
        standing = self.out.get(point)
        if standing is not None:
            missing = []
            if point == "rozlejas" and not self.missing_once and len(self.history[point]) == 3:
                missing, self.missing_once = [standing["titles"][4]], True  # one book did not come back, once
            await SetPlacement.update({SetPlacement.returned_on: day, SetPlacement.collection: session_id, SetPlacement.collection_item: item_id,
                                       SetPlacement.missing: missing,
                                       SetPlacement.returned_by: self.staff_id}).where(SetPlacement.id == standing["id"])
            back = len(standing["titles"]) - len(missing)
        titles = await _titles(self.sets[set_key])
        year_ago = day - timedelta(days=365)
        repeat = any(key == set_key and when >= year_ago for when, key in self.history[point])
        rows = await SetPlacement.insert(SetPlacement(
            book_set=self.sets[set_key], branch=self.branch_id, place=self.place[point], placed_on=day, due_on=due_on, delivery=session_id,
            delivery_item=item_id, titles=titles, repeat_allowed=repeat, created_by=self.staff_id)).returning(SetPlacement.id)
        self.out[point] = {"id": rows[0]["id"], "titles": titles}
        self.history[point].append((day, set_key))
        return len(titles), back


async def _finish(round_id: int, staff: dict, day: date, figures: dict[int, dict]) -> None:
    """Each stop done with its figures, as finish_stop() keeps them (a home stop: the titles chosen
    for the reader become its loans, the last visit's come back), then the round finished through
    the domain, which records them as the delivery sessions' attendance. The stops are written
    here, not through finish_stop(), which reads the whole run sheet for its defaults at every
    stop: two seconds of the demo's load for figures the demo states itself."""
    done_at = utc_of_wall(datetime.combine(day, time(15, 0)))
    stops = await RoundStop.select(RoundStop.id, RoundStop.reader, RoundStop.session).where(RoundStop.round == round_id)
    per_visit = {row["id"]: row["books_per_visit"] for row in await HomeReader.select(HomeReader.id, HomeReader.books_per_visit).where(
        HomeReader.id.is_in([stop["reader"] for stop in stops if stop["reader"]] or [-1]))}
    for stop in stops:
        bring = []
        if stop["reader"]:
            n = per_visit[stop["reader"]]
            start = (stop["reader"] * 7 + day.toordinal() // 7 * n) % len(HOME_SHELF)
            bring = [dict(zip(("author", "title"), HOME_SHELF[(start + i) % len(HOME_SHELF)].split(" — ", 1)), barcode="") for i in range(n)]
            back = await HomeLoan.count().where((HomeLoan.reader == stop["reader"]) & HomeLoan.returned_on.is_null())
            await HomeLoan.update({HomeLoan.returned_on: day}).where((HomeLoan.reader == stop["reader"]) & HomeLoan.returned_on.is_null())
            await HomeLoan.insert(*[HomeLoan(reader=stop["reader"], stop=stop["id"], delivered_on=day, **title) for title in bring])
            await HomeReader.update({HomeReader.last_visit_on: day}).where(HomeReader.id == stop["reader"])
            done = {"items_out": len(bring), "items_back": back, "readers_served": 1}
        else:
            done = figures[stop["session"]]
        await RoundStop.update({RoundStop.done_at: done_at, RoundStop.bring: bring, RoundStop.items_out: done["items_out"],
                                RoundStop.items_back: done["items_back"], RoundStop.readers_served: done["readers_served"]}).where(
            RoundStop.id == stop["id"])
    await finish_round(round_id, staff, now=utc_of_wall(datetime.combine(day, time(16, 0))))


async def build_outreach(p: Planner, today: date) -> dict[str, int]:
    """The sets, the readers and the rounds of last year and this year's past months. Run after the
    history's items and before its attendance: every delivery session here is recorded by its round."""
    branch_id, staff = p.ids.branch["rozupe"], p.ids.staff["ilze"]
    first = date(today.year - 1, 1, 1)
    sets = await _sets(p, branch_id, staff)
    readers = await _readers(branch_id, p.ids.staff["maija"], first)
    rotation = _Rotation(sets, branch_id, p.ids.place, staff["id"])
    rng = random.Random(f"outreach{today.year}")
    visits = _delivery_days(today)
    # rotation days: every other visit counted back from the last, so the set there now came with last month's visit
    changes = set(visits[-1::-2])
    druvas_changes = set(visits[-1::-4])
    cycle = {"rozlejas": ["klasika", "atminas", "romani"], "druvas": ["daba", "detektivi"]}
    point_days: dict[date, dict[int, dict]] = {}
    for day in visits:
        points = ["rozlejas"]
        if day in druvas_changes or (day in changes and day.year < today.year):  # less each year: this year only to change its set
            points.append("druvas")
        for point in points:
            session_id = await _point_session(p, point, day)
            requests_out, requests_back = (rng.randint(3, 8), rng.randint(2, 8)) if point == "rozlejas" else (rng.randint(0, 3), rng.randint(0, 3))
            out = back = 0
            if day in (changes if point == "rozlejas" else druvas_changes) or point not in rotation.out:
                keys = cycle[point]
                set_key = keys[len(rotation.history[point]) % len(keys)]
                days = 60 if point == "rozlejas" else 120
                due_on = today + timedelta(days=DUE_IN_DAYS) if point == "rozlejas" and day == visits[-1] else day + timedelta(days=days)
                out, back = await rotation.change(point, set_key, day, session_id, due_on)
            readers_served = rng.randint(6, 14) if point == "rozlejas" else rng.randint(2, 5)
            point_days.setdefault(day, {})[session_id] = {"items_out": out + requests_out, "items_back": back + requests_back,
                                                          "readers_served": readers_served}
    # the Bibliokofers: with the pre-school group twice last year and now again
    suitcase = await _titles(sets["bibliokofers"])
    for placed, returned in ((date(today.year - 1, 2, 2), date(today.year - 1, 3, 30)), (date(today.year - 1, 10, 5), date(today.year - 1, 11, 30)),
                             (today - timedelta(days=20), None)):
        await SetPlacement.insert(SetPlacement(book_set=sets["bibliokofers"], branch=branch_id, group_name="Pirmsskolas grupa „Zīļuki”",
                                               placed_on=placed, due_on=placed + timedelta(days=56), returned_on=returned, titles=suitcase,
                                               created_by=staff["id"], returned_by=staff["id"] if returned else None))
    # the rounds, day by day: the service points' visits and the Friday readers' third Friday
    days = sorted(set(point_days) | {working_day(nth_weekday(month_start(first, n), FRI, 3)) for n in range(len(visits))})
    rounds = 0
    for day in days:
        if day not in point_days and not await due_readers(branch_id, day):
            continue
        round_id = await plan_round(branch_id, day, staff, title=HOME_TITLE)
        await _finish(round_id, staff, day, point_days.get(day, {}))
        rounds += 1
    return {"sets": len(sets), "readers": readers, "rounds": rounds}
