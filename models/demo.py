"""Demo data from the 2023 annual report of Rožupe library: the Līvāni network, Rožupe's rooms,
venues and service points, its partners and staff, and a programme for "this month and next".

Every item goes through `validate_item` and `create_item`, the same path as the planner's form,
so the demo can never hold an item the UI would refuse."""
from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from models.calendar_facts import SCHOOL_BREAKS, holiday_name, school_break
from models.enums import (
    Audience,
    Confirmation,
    DeliveryKind,
    ExhibitionForm,
    Kind,
    LiteracyArea,
    PartnerRole,
    PartnerType,
    PlaceKind,
    Role,
    Status,
)
from models.programme import create_item, edit_occurrence
from models.tables import Branch, Item, ItemPartner, Occurrence, Partner, Place, Staff
from models.validation import validate_item

DEMO_PASSWORD = "afisa-demo-2026"
TIMEZONE = "Europe/Riga"


class DemoRefused(Exception):
    """The database already holds a programme; the demo never mixes with real data."""


# --- the network ---------------------------------------------------------------------------

BRANCHES = [
    {
        "slug": "livani", "name": "Līvānu novada Centrālā bibliotēka", "short_name": "Centrālā bibliotēka",
        "address": "Rīgas iela 101, Līvāni, Līvānu novads", "is_central": True,
        "opening_hours": "Pirmdiena–piektdiena: 9.00–18.00\nSestdiena: 10.00–15.00\nSvētdiena: slēgts",
    },
    {
        "slug": "rozupe", "name": "Līvānu novada Centrālās bibliotēkas Rožupes bibliotēka",
        "short_name": "Rožupes bibliotēka", "address": "Skolas iela 7, Rožupe, Rožupes pagasts, Līvānu novads",
        "is_central": False,
        "opening_hours": (
            "Pirmdiena: 9.00–17.00\nOtrdiena: 9.00–17.00\nTrešdiena: 9.00–17.00\n"
            "Ceturtdiena: 10.00–18.00\nPiektdiena: 9.00–15.00\n"
            "Pusdienas pārtraukums: 12.00–12.30\nSestdiena, svētdiena: slēgts"
        ),
    },
    {
        "slug": "rudzati", "name": "Līvānu novada Centrālās bibliotēkas Rudzātu bibliotēka",
        "short_name": "Rudzātu bibliotēka", "address": "Skolas iela 5, Rudzāti, Rudzātu pagasts, Līvānu novads",
        "is_central": False,
        "opening_hours": (
            "Pirmdiena–ceturtdiena: 9.00–17.00\nPiektdiena: 9.00–15.00\n"
            "Pusdienas pārtraukums: 12.00–12.30\nSestdiena, svētdiena: slēgts"
        ),
    },
]

# (key, branch slug, name, kind, address)
PLACES = [
    ("lasitava", "rozupe", "Lasītava", PlaceKind.ROOM, ""),
    ("bernu_zona", "rozupe", "Bērnu un jauniešu zona", PlaceKind.ROOM, ""),
    ("izstazu_zale", "rozupe", "Izstāžu zāle", PlaceKind.ROOM, ""),
    ("kulturas_nams", "rozupe", "Rožupes Kultūras nams", PlaceKind.VENUE, "Rožupe, Rožupes pagasts, Līvānu novads"),
    ("skola", "rozupe", "Rožupes pamatskola", PlaceKind.VENUE, "Rožupe, Rožupes pagasts, Līvānu novads"),
    ("rozlejas", "rozupe", "Sociālās aprūpes centrs “Rožlejas”", PlaceKind.SERVICE_POINT, "“Rožlejas”, Rožupes pagasts, Līvānu novads"),
    ("druvas", "rozupe", "Apkalpošanas punkts “Druvas”", PlaceKind.SERVICE_POINT, "“Druvas”, Rožupes pagasts, Līvānu novads"),
    ("lncb_zale", "livani", "Konferenču zāle", PlaceKind.ROOM, ""),
    ("lncb_abonements", "livani", "Abonements", PlaceKind.ROOM, ""),
    ("rudzati_lasitava", "rudzati", "Lasītava", PlaceKind.ROOM, ""),
]

# (key, name, type, branch slug or None for partners of the whole network)
PARTNERS = [
    ("skola", "Rožupes pamatskola", PartnerType.SCHOOL, "rozupe"),
    ("ziluki", "Pirmsskolas grupa “Zīļuki”", PartnerType.PRESCHOOL, "rozupe"),
    ("kulturas_nams", "Rožupes Kultūras nams", PartnerType.CULTURE_HOUSE, "rozupe"),
    ("seniori", "Rožupes senioru apvienība", PartnerType.SENIORS, "rozupe"),
    ("rozlejas", "Sociālās aprūpes centrs “Rožlejas”", PartnerType.CARE_CENTRE, "rozupe"),
    ("balta_maja", "Biedrība “Baltā māja”", PartnerType.NGO, None),
    ("du", "Daugavpils Universitāte", PartnerType.UNIVERSITY, None),
    ("pagasts", "Rožupes pagasta pārvalde", PartnerType.MUNICIPALITY, "rozupe"),
    ("lncb", "Līvānu novada Centrālā bibliotēka", PartnerType.LIBRARY, None),
]

# (username, display name, role, branch slug, email)
STAFF = [
    ("koordinatore", "Anita Kalniņa", Role.COORDINATOR, "livani", "anita.kalnina@example.lv"),
    ("maija", "Maija Jasinska", Role.LIBRARIAN, "rozupe", "maija.jasinska@example.lv"),
    ("ilze", "Ilze Pudāne", Role.LIBRARIAN, "rozupe", "ilze.pudane@example.lv"),
    ("dace", "Dace Vilcāne", Role.LIBRARIAN, "rudzati", "dace.vilcane@example.lv"),
]


# --- dates relative to `today` -------------------------------------------------------------

MON, TUE, WED, THU, FRI = range(5)


def _month_start(day: date, months_ahead: int = 0) -> date:
    index = day.year * 12 + day.month - 1 + months_ahead
    return date(index // 12, index % 12 + 1, 1)


def _month_end(first: date) -> date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def _nth_weekday(first: date, weekday: int, n: int) -> date:
    """The n-th Monday/Tuesday/... of the month that begins on `first`."""
    day = first + timedelta(days=(weekday - first.weekday()) % 7)
    return day + timedelta(weeks=n - 1)


def _working_day(day: date) -> date:
    """The day itself, or the next weekday that is not a public holiday (18 November, Christmas)."""
    while day.weekday() >= 5 or holiday_name(day):
        day += timedelta(days=1)
    return day


def _first_school_day(weekday: int, first: date, horizon: date) -> date | None:
    """The first such weekday from `first` on that is a school day (no lessons over the summer)."""
    day = _nth_weekday(first, weekday, 1)
    while day <= horizon:
        if not school_break(day) and not holiday_name(day):
            return day
        day += timedelta(weeks=1)
    return None


def _term_end(start: date, horizon: date) -> date:
    """The last school day before the winter or summer holidays: a lesson series runs for the
    term, and the short autumn and spring breaks only cancel single sessions. `horizon` when
    the ministry's dates for that year are not known yet."""
    for school_break_ in SCHOOL_BREAKS:
        long_break = school_break_.last - school_break_.first >= timedelta(days=10)
        if long_break and school_break_.first > start:
            last = school_break_.first - timedelta(days=1)
            while last.weekday() >= 5:
                last -= timedelta(days=1)
            return last
    return horizon


# --- loading -------------------------------------------------------------------------------

class _Ids:
    def __init__(self) -> None:
        self.branch: dict[str, int] = {}
        self.place: dict[str, int] = {}
        self.partner: dict[str, int] = {}
        self.staff: dict[str, dict] = {}


async def _network(ids: _Ids) -> None:
    for spec in BRANCHES:
        row = await Branch.select(Branch.id).where(Branch.slug == spec["slug"]).first()
        if row is None:
            row = (await Branch.insert(Branch(**spec)).returning(Branch.id))[0]
        ids.branch[spec["slug"]] = row["id"]
    for key, slug, name, kind, address in PLACES:
        branch_id = ids.branch[slug]
        row = await Place.select(Place.id).where((Place.branch == branch_id) & (Place.name == name)).first()
        if row is None:
            row = (await Place.insert(Place(branch=branch_id, name=name, kind=kind.value, address=address)).returning(Place.id))[0]
        ids.place[key] = row["id"]
    for key, name, type_, slug in PARTNERS:
        row = await Partner.select(Partner.id).where(Partner.name == name).first()
        if row is None:
            branch_id = ids.branch[slug] if slug else None
            row = (await Partner.insert(Partner(name=name, type=type_.value, branch=branch_id)).returning(Partner.id))[0]
        ids.partner[key] = row["id"]


async def _staff(ids: _Ids, hash_password: Callable[[str], str], password: str) -> list[dict]:
    """Creates the demo staff; an account that already exists keeps its own password."""
    logins = []
    for username, display_name, role, slug, email in STAFF:
        row = await Staff.select().where(Staff.username == username).first()
        if row is None:
            row = (await Staff.insert(Staff(
                username=username, display_name=display_name, email=email, password_hash=hash_password(password),
                role=role.value, branch=ids.branch[slug],
            )).returning(*Staff.all_columns()))[0]
            logins.append({"username": username, "display_name": display_name, "role": role.value, "branch": slug})
        ids.staff[username] = row
    return logins


def _hold_if_past(status: Status, last_end: datetime, now: datetime) -> Status:
    """Public items whose last session is over are shown as held; nothing future ever is."""
    if status in (Status.CONFIRMED, Status.PUBLISHED) and last_end <= now:
        return Status.HELD
    return status


CONFIRMATION_FOR = {
    Status.DRAFT: Confirmation.NOT_ASKED,
    Status.PLANNED: Confirmation.ASKED,
    Status.CONFIRMED: Confirmation.CONFIRMED,
    Status.PUBLISHED: Confirmation.CONFIRMED,
    Status.HELD: Confirmation.CONFIRMED,
    Status.CANCELLED: Confirmation.DECLINED,
}


class _Planner:
    def __init__(self, ids: _Ids, now: datetime) -> None:
        self.ids = ids
        self.now = now
        self.created: dict[str, int] = {}

    async def add(
        self, key: str, *, by: str, branch: str, kind: Kind, title: str, day: date,
        start: time | None = None, end: time | None = None, end_day: date | None = None,
        place: str | None = None, status: Status = Status.PUBLISHED, public: bool = True,
        audiences: tuple[Audience, ...] = (), partners: tuple[tuple[str, PartnerRole], ...] = (),
        responsible: str | None = None, description: str = "", recurrence: dict | None = None,
        confirmations: dict[str, Confirmation] | None = None, **kind_fields: Any,
    ) -> int:
        staff = self.ids.staff[by]
        raw: dict[str, Any] = {
            "kind": kind.value, "title": title, "description": description, "status": status.value,
            "is_public": public, "branch_id": self.ids.branch[branch],
            "place_id": self.ids.place[place] if place else None,
            "all_day": start is None, "start_date": day, "end_date": end_day or day,
            "start_time": start, "end_time": end,
            "audiences": [a.value for a in audiences],
            "partners": [{"partner_id": self.ids.partner[p], "role": role.value} for p, role in partners],
            "responsible_id": self.ids.staff[responsible or by]["id"],
            **{name: (value.value if hasattr(value, "value") else value) for name, value in kind_fields.items()},
            **(recurrence or {"repeat": "none"}),
        }
        draft = await validate_item(raw, staff)
        last_end = draft.occurrence_starts()[-1] + draft.duration
        held = _hold_if_past(status, last_end, self.now)
        if held != status:
            raw["status"] = held.value
            draft = await validate_item(raw, staff)
        item_id = await create_item(draft, staff["id"])
        # partners' answers arrive by the confirmation link in the real app; the demo shows them answered
        default = CONFIRMATION_FOR[draft.status]
        for partner_key, _ in partners:
            answer = (confirmations or {}).get(partner_key, default)
            if answer != Confirmation.NOT_ASKED:
                await ItemPartner.update({ItemPartner.confirmation: answer.value}).where(
                    (ItemPartner.item == item_id) & (ItemPartner.partner == self.ids.partner[partner_key])
                )
        self.created[key] = item_id
        return item_id


async def _occurrences(item_id: int) -> list[dict]:
    return await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at)


async def _programme(p: _Planner, today: date) -> dict[str, int]:
    this = _month_start(today)
    nxt = _month_start(today, 1)
    horizon = _month_end(nxt)
    S = Status
    A = Audience
    R = PartnerRole
    series_changes = {"moved": 0, "cancelled": 0}

    # Stāstu pēcpusdienas: the report's "story afternoons with practical work", on Thursday evenings
    await p.add(
        "ziepes", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Stāstu pēcpusdiena “Nu gan savārījām ziepes”", day=_working_day(_nth_weekday(this, THU, 2)),
        start=time(17, 0), end=time(19, 0), audiences=(A.ADULTS, A.SENIORS),
        partners=(("seniori", R.CO_ORGANISER),), status=S.PUBLISHED,
        description="Airas Romanovskas vadībā iepazīsim ziepju gatavošanas procesu: kā ziepes aromatizēt, "
                    "ietonēt, dekorēt un papildināt ar dabīgām piedevām. Dalīsimies arī stāstos par dzīvē "
                    "savārītām ziepēm (pārnestā nozīmē).",
    )
    await p.add(
        "lakati", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Praktiskā nodarbība “Lakatu aušana uz rāmja”", day=_working_day(_nth_weekday(this, THU, 4)),
        start=time(16, 0), end=time(18, 30), audiences=(A.ADULTS,), status=S.CONFIRMED,
        partners=(("seniori", R.PARTICIPANT),),
        description="Lindas Neicenieces vadībā apgūsim lakatu aušanas pamatprasmes un iepazīsim literatūru par šo tēmu.",
    )
    await p.add(
        "puzuri", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Radošā darbnīca: puzuru gatavošana kopā ar Ingu Brikmani", day=_working_day(_nth_weekday(nxt, THU, 1)),
        start=time(17, 0), end=time(19, 0), audiences=(A.FAMILIES, A.ADULTS), status=S.PLANNED,
        partners=(("kulturas_nams", R.SUPPORTER),), confirmations={"kulturas_nams": Confirmation.PROPOSED},
        description="Apgūsim puzuru gatavošanas prasmes; gatavie puzuri rotās bibliotēkas un pagasta telpas.",
    )
    await p.add(
        "tautasterps", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Ilgas Bernānes ceļojumu stāsti “Ar tautastērpu koferī”", day=_working_day(_nth_weekday(nxt, THU, 3)),
        start=time(17, 0), end=time(18, 30), audiences=(A.ADULTS, A.SENIORS), status=S.PLANNED,
        partners=(("seniori", R.PARTICIPANT),),
    )
    await p.add(
        "uzturs", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Veselīga uztura nodarbība “Ekonomisks uzturs”", day=_working_day(_nth_weekday(nxt, MON, 2)),
        start=time(14, 0), end=time(16, 0), audiences=(A.SENIORS,), status=S.CANCELLED,
        partners=(("seniori", R.CO_ORGANISER),),
        description="Atcelts: uztura speciāliste saslima. Nodarbību pārcelsim uz nākamo mēnesi.",
    )
    await p.add(
        "sanaksme", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava", public=False,
        title="Darba sanāksme: nākamā mēneša plāns un krājuma izvērtēšana", day=_working_day(_month_end(this) - timedelta(days=6)),
        start=time(15, 0), end=time(16, 0), audiences=(A.ADULTS,), status=S.DRAFT, responsible="maija",
        description="Iekšēja sanāksme: pasākumu plāns, grāmatu kopas apkalpošanas punktiem, krājuma saturiskā izvērtēšana.",
    )
    await p.add(
        "lakatu_izstade", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale", status=S.DRAFT,
        title="Lakatu izstāde no rožupiešu krājumiem “Kai saceja muna baba – skusteņš ir bejis svareigs visūs laikūs”",
        day=nxt + timedelta(days=14), end_day=_month_end(nxt), audiences=(A.ADULTS, A.FAMILIES),
        partners=(("seniori", R.CO_ORGANISER),), exhibition_form=ExhibitionForm.PHYSICAL,
    )

    # Exhibitions: all-day ranges, counted once in the year they open
    await p.add(
        "gramatai500", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="“Grāmatai 500”: Rožupes bibliotēkas vecākās grāmatas", day=this + timedelta(days=2),
        end_day=this + timedelta(days=40), audiences=(A.ADULTS, A.CHILDREN, A.FAMILIES), status=S.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
        description="Latviešu grāmatas piecsimtgade: rakstītā vārda nozīme un ietekme cauri gadsimtiem.",
    )
    await p.add(
        "dziesmusvetki", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Izstāžu cikls “Ceļā uz Dziesmusvētkiem”", day=this + timedelta(days=9), end_day=_month_end(nxt),
        audiences=(A.ADULTS, A.SENIORS, A.FAMILIES), status=S.PUBLISHED, exhibition_form=ExhibitionForm.PHYSICAL,
        partners=(("kulturas_nams", R.CO_ORGANISER),),
        description="Rožupes pagasta amatiermākslas kolektīvi ceļā uz Vispārējiem latviešu Dziesmu un deju "
                    "svētkiem: vidējās paaudzes deju kolektīvs “Rožupe”, jauniešu deju kolektīvs “Daidalas”, "
                    "folkgrupa “Rūžupes veiri”.",
    )
    await p.add(
        "virtuala", by="ilze", branch="rozupe", kind=Kind.EXHIBITION,
        title="Virtuālā fotoizstāde “Rožupe senās fotogrāfijās”", day=this, end_day=_month_end(nxt),
        audiences=(A.ADULTS, A.TEENS), status=S.PUBLISHED, exhibition_form=ExhibitionForm.VIRTUAL,
        partners=(("skola", R.CO_ORGANISER),),
        description="Novadpētniecības materiāli un skolēnu sagatavotie fotostāsti par Rožupes pagastu.",
    )
    await p.add(
        "abstrakta", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Maģistrantu radošo darbu izstāde “Abstrakta diena”", day=nxt + timedelta(days=4),
        end_day=_month_end(nxt), audiences=(A.ADULTS,), status=S.CONFIRMED, exhibition_form=ExhibitionForm.PHYSICAL,
        partners=(("du", R.CO_ORGANISER),),
        description="Daugavpils Universitātes profesionālās maģistra studiju programmas “Māksla” maģistrantu darbi, "
                    "veltīti Robertam Mūkam.",
    )

    # Weekly library lessons for the school, until the term ends
    first_tuesday = _first_school_day(TUE, this, horizon)
    if first_tuesday is not None:
        lessons = await p.add(
            "stundas", by="maija", branch="rozupe", kind=Kind.LESSON, place="lasitava",
            title="Bibliotekārā stunda 4. klasei", day=first_tuesday, start=time(10, 0), end=time(10, 40),
            audiences=(A.CHILDREN,), partners=(("skola", R.PARTICIPANT),), status=S.CONFIRMED,
            recurrence={"repeat": "weekly", "weekdays": [TUE], "until": _term_end(first_tuesday, horizon)},
            lesson_class="4. klase", lesson_teacher="Inese Kalvāne", literacy_area=LiteracyArea.LANGUAGE_READING,
            description="Iepazīstam bērnu un jauniešu literatūras krājumu, Bērnu, jauniešu un vecāku žūrijas "
                        "grāmatas un kopkatalogu; skaļā lasīšana un darba lapas.",
        )
        staff_id = p.ids.staff["maija"]["id"]
        school_days = []
        for session in await _occurrences(lessons):
            day = session["starts_at"].date()
            if school_break(day) or holiday_name(day):
                await edit_occurrence(
                    session["id"], starts_at=session["starts_at"], ends_at=session["ends_at"], place_id=session["place"],
                    cancelled=True, note="Nenotiek: skolēnu brīvdienas.", staff_id=staff_id,
                )
                series_changes["cancelled"] += 1
            else:
                school_days.append(session)
        if len(school_days) >= 2:
            moved = school_days[1]
            new_start = moved["starts_at"] + timedelta(days=2)
            await edit_occurrence(
                moved["id"], starts_at=new_start, ends_at=new_start + (moved["ends_at"] - moved["starts_at"]),
                place_id=p.ids.place["bernu_zona"], cancelled=False,
                note="Pārcelta uz ceturtdienu: otrdien skolā projektu diena.", staff_id=staff_id,
            )
            series_changes["moved"] += 1
        if len(school_days) >= 3:
            cancelled = school_days[2]
            await edit_occurrence(
                cancelled["id"], starts_at=cancelled["starts_at"], ends_at=cancelled["ends_at"],
                place_id=cancelled["place"], cancelled=True, note="Atcelta: klase dodas ekskursijā.", staff_id=staff_id,
            )
            series_changes["cancelled"] += 1
    await p.add(
        "medijprat", by="ilze", branch="rozupe", kind=Kind.LESSON, place="lasitava",
        title="Bibliotekārā stunda “Medijpratības pamati”", day=_working_day(_nth_weekday(nxt, MON, 1)),
        start=time(11, 0), end=time(11, 40), audiences=(A.TEENS,), partners=(("skola", R.PARTICIPANT),),
        status=S.PLANNED, lesson_class="7. klase", lesson_teacher="Sandra Vaivode", literacy_area=LiteracyArea.DIGITAL,
    )

    # Grāmatu starts: a cycle of six "Pūčulēnu skola" sessions for the pre-school group
    await p.add(
        "puculeni", by="ilze", branch="rozupe", kind=Kind.BOOK_START, place="bernu_zona",
        title="Grāmatu starts: “Pūčulēnu skola”", day=_working_day(_nth_weekday(this, WED, 1)),
        start=time(10, 0), end=time(10, 45), audiences=(A.PRESCHOOL,), partners=(("ziluki", R.PARTICIPANT),),
        status=S.PUBLISHED, recurrence={"repeat": "weekly", "weekdays": [WED], "count": 6},
        book_start_group="Pirmsskolas grupa “Zīļuki”", age_band="3–4 g.",
        description="Iepazīstam bibliotēku un grāmatu “Ezītis, kam nebija kažociņa”; cikla noslēgumā "
                    "Pūčulēni saņem sertifikātu un Grāmatu starta komplektu.",
    )

    # Deliveries: book sets to the two service points on the second Thursday of each month
    for key, place, start, end, title in (
        ("rozlejas", "rozlejas", time(10, 0), time(11, 0), "Grāmatu kopa sociālās aprūpes centram “Rožlejas”"),
        ("druvas", "druvas", time(11, 30), time(12, 15), "Grāmatu kopa apkalpošanas punktam “Druvas”"),
    ):
        await p.add(
            f"piegade_{key}", by="ilze", branch="rozupe", kind=Kind.DELIVERY, place=place, title=title,
            day=_nth_weekday(this, THU, 2), start=start, end=end, audiences=(A.SENIORS, A.ADULTS), public=False,
            status=S.CONFIRMED, partners=(("rozlejas", R.HOST),) if key == "rozlejas" else (),
            recurrence={"repeat": "monthly", "monthly_mode": "nth", "count": 2},
            delivery_kind=DeliveryKind.SERVICE_POINT,
        )
    await p.add(
        "majas", by="maija", branch="rozupe", kind=Kind.DELIVERY, title="Grāmatu piegāde mājās lasītājai Druvās",
        day=_working_day(_nth_weekday(this, FRI, 3)), start=time(13, 0), end=time(14, 0), audiences=(A.SENIORS,),
        public=False, status=S.CONFIRMED, delivery_kind=DeliveryKind.HOME,
        description="Grāmatas nogādā kaimiņiene; atpakaļ paņem iepriekšējo kopu.",
    )

    # The central library and the other branch, so the network view has neighbours
    await p.add(
        "seminars", by="koordinatore", branch="livani", kind=Kind.EVENT, place="lncb_zale", public=False,
        title="Seminārs Līvānu novada bibliotekāriem", day=_working_day(_nth_weekday(nxt, TUE, 2)),
        start=time(10, 0), end=time(16, 0), audiences=(A.ADULTS,), status=S.CONFIRMED,
        description="Darba aktualitātes, gada pārskatu sagatavošana, pieredzes apmaiņa.",
    )
    await p.add(
        "jundze", by="koordinatore", branch="livani", kind=Kind.EVENT, place="lncb_abonements",
        title="Tikšanās ar rakstnieku Arno Jundzi", day=_working_day(_nth_weekday(this, WED, 3)),
        start=time(17, 30), end=time(19, 0), audiences=(A.ADULTS, A.TEENS), status=S.PUBLISHED,
    )
    await p.add(
        "rudzati_speles", by="dace", branch="rudzati", kind=Kind.EVENT, place="rudzati_lasitava",
        title="Galda spēļu pēcpusdiena ģimenēm", day=_working_day(_nth_weekday(this, FRI, 2)),
        start=time(15, 0), end=time(17, 0), audiences=(A.FAMILIES, A.CHILDREN), status=S.PUBLISHED,
    )
    await p.add(
        "rudzati_izstade", by="dace", branch="rudzati", kind=Kind.EXHIBITION, place="rudzati_lasitava",
        title="Krājuma atklāsmes izstāde “Apceļosim Latgali”", day=this + timedelta(days=4),
        end_day=nxt + timedelta(days=20), audiences=(A.ADULTS,), status=S.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
    )
    await p.add(
        "rudzati_stunda", by="dace", branch="rudzati", kind=Kind.EVENT, place="rudzati_lasitava",
        title="Datorkonsultācijas senioriem: e-paraksts un Latvija.lv", day=_working_day(_nth_weekday(nxt, WED, 2)),
        start=time(10, 0), end=time(12, 0), audiences=(A.SENIORS,), status=S.PLANNED,
    )

    for month_first in (this, nxt):
        for spec in SEASONAL.get(month_first.month, ()):
            await spec(p, month_first)
    return series_changes


# --- the year's campaigns, by month --------------------------------------------------------

async def _january(p: _Planner, first: date) -> None:
    await p.add(
        f"barikades{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="“Atceroties un pieminot 1991. gada barikādes”", day=_working_day(first.replace(day=19)),
        start=time(12, 0), end=time(13, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),),
    )


async def _february(p: _Planner, first: date) -> None:
    await p.add(
        f"drosaks{first.year}", by="ilze", branch="rozupe", kind=Kind.LESSON, place="lasitava",
        title="Drošāka interneta diena: “Sērfo internetā un esi drošs!”", day=_working_day(_nth_weekday(first, TUE, 2)),
        start=time(12, 0), end=time(12, 40), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.PARTICIPANT),), lesson_class="5. klase", literacy_area=LiteracyArea.DIGITAL,
    )
    await p.add(
        f"dzimta{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Starptautiskā dzimtās valodas diena: “Valoda ir tauta”", day=_working_day(first.replace(day=20)),
        start=time(13, 0), end=time(14, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PLANNED,
        partners=(("skola", PartnerRole.PARTICIPANT),),
    )


async def _march(p: _Planner, first: date) -> None:
    await p.add(
        f"stadi{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Puķu un dārzeņu sēklu un stādu bibliotēka", day=first, end_day=_month_end(first),
        audiences=(A_ADULTS, A_SENIORS), status=Status.PUBLISHED, exhibition_form=ExhibitionForm.PHYSICAL,
    )


async def _april(p: _Planner, first: date) -> None:
    await p.add(
        f"bernu_gramatu{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="bernu_zona",
        title="Starptautiskā bērnu grāmatu diena", day=_working_day(first.replace(day=2)),
        start=time(10, 0), end=time(11, 0), audiences=(A_PRESCHOOL, A_CHILDREN), status=Status.PUBLISHED,
        partners=(("ziluki", PartnerRole.PARTICIPANT),),
    )
    await p.add(
        f"olas{first.year}", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Stāstu pēcpusdiena “Olu krāsošanas gudrības”", day=_working_day(first.replace(day=15)),
        start=time(17, 0), end=time(19, 0), audiences=(A_FAMILIES,), status=Status.PLANNED,
    )


async def _may(p: _Planner, first: date) -> None:
    await p.add(
        f"skala{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="Skaļās lasīšanas diena", day=_working_day(first.replace(day=14)),
        start=time(11, 0), end=time(12, 30), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),),
    )


async def _june(p: _Planner, first: date) -> None:
    await p.add(
        f"ligo{first.year}", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Zāļu un ziedu rotas Līgo vakaram", day=_working_day(first.replace(day=17)),
        start=time(17, 0), end=time(19, 0), audiences=(A_ADULTS, A_FAMILIES), status=Status.PUBLISHED,
        partners=(("seniori", PartnerRole.CO_ORGANISER),),
    )


async def _july(p: _Planner, first: date) -> None:
    await p.add(
        f"vasara{first.year}", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="bernu_zona",
        title="Vasaras lasīšanas izaicinājums “Pasaules iepazīšana caur grāmatu”", day=first,
        end_day=_month_end(first), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
    )


async def _august(p: _Planner, first: date) -> None:
    await p.add(
        f"slakatas{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="kulturas_nams",
        title="Ģimeņu festivāls “Šļakatas”: pasaku un spēļu telts", day=_nth_weekday(first, 5, 2),
        start=time(12, 0), end=time(17, 0), audiences=(A_FAMILIES, A_CHILDREN), status=Status.PUBLISHED,
        partners=(("kulturas_nams", PartnerRole.HOST),),
    )


async def _september(p: _Planner, first: date) -> None:
    await p.add(
        f"dzeja{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="Dzejas dienas: tikšanās ar dzejnieci Lauru Melni", day=_working_day(first.replace(day=14)),
        start=time(12, 0), end=time(13, 30), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.HOST),),
    )


async def _october(p: _Planner, first: date) -> None:
    await p.add(
        f"karjera{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Karjeras nedēļa: izstāde “Mana profesija”", day=_nth_weekday(first, MON, 2),
        end_day=_nth_weekday(first, MON, 2) + timedelta(days=4), audiences=(A_TEENS,), status=Status.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
    )
    await p.add(
        f"spoki{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="“Spoku nakts” 4.–9. klasei", day=_working_day(first.replace(day=29)),
        start=time(18, 0), end=time(22, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),),
    )


async def _november(p: _Planner, first: date) -> None:
    # Nordic Library Week: morning readings for class groups, Monday to Friday of the second week
    monday = _nth_weekday(first, MON, 2)
    await p.add(
        f"ziemelvalstu{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Ziemeļvalstu bibliotēku nedēļa: rīta lasījumi klašu grupām", day=monday,
        start=time(8, 30), end=time(9, 10), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.PARTICIPANT),),
        recurrence={"repeat": "weekly", "weekdays": [MON, TUE, WED, THU, FRI], "count": 5},
        description="Ziemeļvalstu rakstnieku grāmatu kopa Rožupes pamatskolai un rīta lasījumi ar praktisku darbošanos.",
    )
    await p.add(
        f"lacplesis{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="“Lai mūžam nerimst Lāčplēša gars…”", day=first.replace(day=2), end_day=first.replace(day=20),
        audiences=(A_ADULTS, A_CHILDREN), status=Status.PUBLISHED, exhibition_form=ExhibitionForm.PHYSICAL,
    )
    await p.add(
        f"latvija{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="“Latvija! Tavs vārds ir dārgs un svēts”", day=_working_day(first.replace(day=17)),
        start=time(12, 0), end=time(13, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),),
    )


async def _december(p: _Planner, first: date) -> None:
    await p.add(
        f"amatnieki{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="“Amatnieku darbi”: vietējo amatnieku un mājražotāju izstāde–tirdziņš", day=first,
        end_day=_month_end(first), audiences=(A_ADULTS, A_FAMILIES), status=Status.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL, partners=(("pagasts", PartnerRole.SUPPORTER),),
        description="Visu decembri aicinām apskatīt, pasūtīt un iegādāties vietējo amatnieku darbus.",
    )
    await p.add(
        f"radi{first.year}", by="ilze", branch="rozupe", kind=Kind.EVENT, place="rozlejas",
        title="Radošā nodarbība “Radi svētku sajūtu”", day=_working_day(_nth_weekday(first, WED, 3)),
        start=time(13, 0), end=time(14, 30), audiences=(A_SENIORS, A_CHILDREN), status=Status.CONFIRMED,
        partners=(("rozlejas", PartnerRole.HOST), ("skola", PartnerRole.PARTICIPANT)),
        description="Kopā ar Rožupes pamatskolas skolēniem gatavosim svētku noformējumu, minēsim mīklas, "
                    "lasīsim ticējumus, skaitīsim dzejoļus un dziedāsim dziesmas.",
    )
    await p.add(
        f"piparkukas{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="Piparkūku cepšanas darbnīca 1.–6. klasei", day=_working_day(_nth_weekday(first, MON, 2)),
        start=time(9, 0), end=time(14, 0), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.HOST),),
    )
    await p.add(
        f"ziemassvetki{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="bernu_zona",
        title="Ziemassvētku pasākums pirmsskolas bērniem", day=_working_day(_nth_weekday(first, THU, 3)),
        start=time(10, 0), end=time(11, 0), audiences=(A_PRESCHOOL, A_FAMILIES), status=Status.PLANNED,
        partners=(("ziluki", PartnerRole.PARTICIPANT),),
    )


A_PRESCHOOL, A_CHILDREN, A_TEENS, A_ADULTS, A_SENIORS, A_FAMILIES = (
    Audience.PRESCHOOL, Audience.CHILDREN, Audience.TEENS, Audience.ADULTS, Audience.SENIORS, Audience.FAMILIES,
)

SEASONAL = {
    1: (_january,), 2: (_february,), 3: (_march,), 4: (_april,), 5: (_may,), 6: (_june,),
    7: (_july,), 8: (_august,), 9: (_september,), 10: (_october,), 11: (_november,), 12: (_december,),
}


async def load_demo(
    today: date,
    hash_password: Callable[[str], str],
    *,
    password: str = DEMO_PASSWORD,
    now: datetime | None = None,
) -> dict:
    """Fill an empty database with the Līvāni network and a programme for the month of `today`
    and the next. `hash_password` comes from the app (models never import it); `now` is local
    wall-clock time in Europe/Riga and decides which past items show as held."""
    if await Item.count() > 0:
        raise DemoRefused("the database already has programme items; the demo loads only into an empty programme")
    now = now or datetime.now(ZoneInfo(TIMEZONE)).replace(tzinfo=None)
    ids = _Ids()
    async with Item._meta.db.transaction():
        await _network(ids)
        logins = await _staff(ids, hash_password, password)
        planner = _Planner(ids, now)
        series_changes = await _programme(planner, today)
    return {
        "branches": len(ids.branch),
        "places": len(ids.place),
        "partners": len(ids.partner),
        "staff": len(ids.staff),
        "items": len(planner.created),
        "occurrences": await Occurrence.count(),
        "moved_occurrences": series_changes["moved"],
        "cancelled_occurrences": series_changes["cancelled"],
        "from": _month_start(today),
        "to": _month_end(_month_start(today, 1)),
        "password": password,
        "logins": logins,
    }
