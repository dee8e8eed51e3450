"""The demo's programme for this month and next: events, exhibitions, a term of lessons with
moved and cancelled sessions, Book Start, deliveries, and the neighbouring branches."""
from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from models.kernel.calendar_facts import holiday_name, school_break
from app.commands.demo.dates import (
    FRI, MON, THU, TUE, WED, first_school_day, month_end, month_start, nth_weekday, term_end, working_day,
)
from app.commands.demo.seasonal import SEASONAL
from models.kernel.enums import Audience, Confirmation, DeliveryKind, ExhibitionForm, Kind, LiteracyArea, PartnerRole, Status
from models.planning import edit_occurrence
from models.kernel.tables import Occurrence

if TYPE_CHECKING:  # only for annotations: app.commands.demo.build imports this module
    from app.commands.demo.build import Planner


async def _occurrences(item_id: int) -> list[dict]:
    return await Occurrence.select().where(Occurrence.item == item_id).order_by(Occurrence.starts_at)


async def build_programme(p: Planner, today: date) -> dict[str, int]:
    this = month_start(today)
    nxt = month_start(today, 1)
    horizon = month_end(nxt)
    S = Status
    A = Audience
    R = PartnerRole
    series_changes = {"moved": 0, "cancelled": 0}

    # Stāstu pēcpusdienas: the report's "story afternoons with practical work", on Thursday evenings
    await p.add(
        "ziepes", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Stāstu pēcpusdiena „Nu gan savārījām ziepes”", day=working_day(nth_weekday(this, THU, 2)),
        start=time(17, 0), end=time(19, 0), audiences=(A.ADULTS, A.SENIORS),
        partners=(("seniori", R.CO_ORGANISER),), status=S.PUBLISHED,
        description="Airas Romanovskas vadībā iepazīsim ziepju gatavošanas procesu: kā ziepes aromatizēt, "
                    "ietonēt, dekorēt un papildināt ar dabīgām piedevām. Dalīsimies arī stāstos par dzīvē "
                    "savārītām ziepēm (pārnestā nozīmē).",
    )
    await p.add(
        "lakati", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Praktiskā nodarbība „Lakatu aušana uz rāmja”", day=working_day(nth_weekday(this, THU, 4)),
        start=time(16, 0), end=time(18, 30), audiences=(A.ADULTS,), status=S.CONFIRMED,
        partners=(("seniori", R.PARTICIPANT),),
        description="Lindas Neicenieces vadībā apgūsim lakatu aušanas pamatprasmes un iepazīsim literatūru par šo tēmu.",
    )
    await p.add(
        "puzuri", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Radošā darbnīca: puzuru gatavošana kopā ar Ingu Brikmani", day=working_day(nth_weekday(nxt, THU, 1)),
        start=time(17, 0), end=time(19, 0), audiences=(A.FAMILIES, A.ADULTS), status=S.PLANNED,
        partners=(("kulturas_nams", R.SUPPORTER),), confirmations={"kulturas_nams": Confirmation.PROPOSED},
        description="Apgūsim puzuru gatavošanas prasmes; gatavie puzuri rotās bibliotēkas un pagasta telpas.",
    )
    await p.add(
        "tautasterps", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Ilgas Bernānes ceļojumu stāsti „Ar tautastērpu koferī”", day=working_day(nth_weekday(nxt, THU, 3)),
        start=time(17, 0), end=time(18, 30), audiences=(A.ADULTS, A.SENIORS), status=S.PLANNED,
        partners=(("seniori", R.PARTICIPANT),),
    )
    await p.add(
        "uzturs", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Veselīga uztura nodarbība „Ekonomisks uzturs”", day=working_day(nth_weekday(nxt, MON, 2)),
        start=time(14, 0), end=time(16, 0), audiences=(A.SENIORS,), status=S.CANCELLED,
        partners=(("seniori", R.CO_ORGANISER),),
        description="Atcelts: uztura speciāliste saslima. Nodarbību pārcelsim uz nākamo mēnesi.",
    )
    await p.add(
        "sanaksme", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava", public=False,
        title="Darba sanāksme: nākamā mēneša plāns un krājuma izvērtēšana", day=working_day(month_end(this) - timedelta(days=6)),
        start=time(15, 0), end=time(16, 0), audiences=(A.ADULTS,), status=S.DRAFT, responsible="maija",
        description="Iekšēja sanāksme: pasākumu plāns, grāmatu kopas apkalpošanas punktiem, krājuma saturiskā izvērtēšana.",
    )
    await p.add(
        "lakatu_izstade", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale", status=S.DRAFT,
        title="Lakatu izstāde no rožupiešu krājumiem „Kai saceja muna baba – skusteņš ir bejis svareigs visūs laikūs”",
        day=nxt + timedelta(days=14), end_day=month_end(nxt), audiences=(A.ADULTS, A.FAMILIES),
        partners=(("seniori", R.CO_ORGANISER),), exhibition_form=ExhibitionForm.PHYSICAL,
    )

    # Exhibitions: all-day ranges, counted once in the year they open
    await p.add(
        "gramatai500", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="„Grāmatai 500”: Rožupes bibliotēkas vecākās grāmatas", day=this + timedelta(days=2),
        end_day=this + timedelta(days=40), audiences=(A.ADULTS, A.CHILDREN, A.FAMILIES), status=S.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
        description="Latviešu grāmatas piecsimtgade: rakstītā vārda nozīme un ietekme cauri gadsimtiem.",
    )
    await p.add(
        "dziesmusvetki", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Izstāžu cikls „Ceļā uz Dziesmusvētkiem”", day=this + timedelta(days=9), end_day=month_end(nxt),
        audiences=(A.ADULTS, A.SENIORS, A.FAMILIES), status=S.PUBLISHED, exhibition_form=ExhibitionForm.PHYSICAL,
        partners=(("kulturas_nams", R.CO_ORGANISER),),
        description="Rožupes pagasta amatiermākslas kolektīvi ceļā uz Vispārējiem latviešu Dziesmu un deju "
                    "svētkiem: vidējās paaudzes deju kolektīvs „Rožupe”, jauniešu deju kolektīvs „Daidalas”, "
                    "folkgrupa „Rūžupes veiri”.",
    )
    await p.add(
        "virtuala", by="ilze", branch="rozupe", kind=Kind.EXHIBITION,
        title="Virtuālā fotoizstāde „Rožupe senās fotogrāfijās”", day=this, end_day=month_end(nxt),
        audiences=(A.ADULTS, A.TEENS), status=S.PUBLISHED, exhibition_form=ExhibitionForm.VIRTUAL,
        partners=(("skola", R.CO_ORGANISER),),
        description="Novadpētniecības materiāli un skolēnu sagatavotie fotostāsti par Rožupes pagastu.",
    )
    await p.add(
        "abstrakta", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Maģistrantu radošo darbu izstāde „Abstrakta diena”", day=nxt + timedelta(days=4),
        end_day=month_end(nxt), audiences=(A.ADULTS,), status=S.CONFIRMED, exhibition_form=ExhibitionForm.PHYSICAL,
        partners=(("du", R.CO_ORGANISER),),
        description="Daugavpils Universitātes profesionālās maģistra studiju programmas „Māksla” maģistrantu darbi, "
                    "veltīti Robertam Mūkam.",
    )

    # Weekly library lessons for the school, until the term ends
    first_tuesday = first_school_day(TUE, this, horizon)
    if first_tuesday is not None:
        lessons = await p.add(
            "stundas", by="maija", branch="rozupe", kind=Kind.LESSON, place="lasitava",
            title="Bibliotekārā stunda 4. klasei", day=first_tuesday, start=time(10, 0), end=time(10, 40),
            audiences=(A.CHILDREN,), partners=(("skola", R.PARTICIPANT),), status=S.CONFIRMED,
            recurrence={"repeat": "weekly", "weekdays": [TUE], "until": term_end(first_tuesday, horizon)},
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
        title="Bibliotekārā stunda „Medijpratības pamati”", day=working_day(nth_weekday(nxt, MON, 1)),
        start=time(11, 0), end=time(11, 40), audiences=(A.TEENS,), partners=(("skola", R.PARTICIPANT),),
        status=S.PLANNED, lesson_class="7. klase", lesson_teacher="Sandra Vaivode", literacy_area=LiteracyArea.DIGITAL,
    )

    # Grāmatu starts: a cycle of six "Pūčulēnu skola" sessions for the pre-school group
    await p.add(
        "puculeni", by="ilze", branch="rozupe", kind=Kind.BOOK_START, place="bernu_zona",
        title="Grāmatu starts: „Pūčulēnu skola”", day=working_day(nth_weekday(this, WED, 1)),
        start=time(10, 0), end=time(10, 45), audiences=(A.PRESCHOOL,), partners=(("ziluki", R.PARTICIPANT),),
        status=S.PUBLISHED, recurrence={"repeat": "weekly", "weekdays": [WED], "count": 6},
        book_start_group="Pirmsskolas grupa „Zīļuki”", age_band="3–4 g.",
        description="Iepazīstam bibliotēku un grāmatu „Ezītis, kam nebija kažociņa”; cikla noslēgumā "
                    "Pūčulēni saņem sertifikātu un Grāmatu starta komplektu.",
    )

    # Deliveries: book sets to the two service points on the second Thursday of each month
    for key, place, start, end, title in (
        ("rozlejas", "rozlejas", time(10, 0), time(11, 0), "Grāmatu kopa sociālās aprūpes centram „Rožlejas”"),
        ("druvas", "druvas", time(11, 30), time(12, 15), "Grāmatu kopa apkalpošanas punktam „Druvas”"),
    ):
        await p.add(
            f"piegade_{key}", by="ilze", branch="rozupe", kind=Kind.DELIVERY, place=place, title=title,
            day=nth_weekday(this, THU, 2), start=start, end=end, audiences=(A.SENIORS, A.ADULTS), public=False,
            status=S.CONFIRMED, partners=(("rozlejas", R.HOST),) if key == "rozlejas" else (),
            recurrence={"repeat": "monthly", "monthly_mode": "nth", "count": 2},
            delivery_kind=DeliveryKind.SERVICE_POINT,
        )
    await p.add(
        "majas", by="maija", branch="rozupe", kind=Kind.DELIVERY, title="Grāmatu piegāde mājās lasītājai Druvās",
        day=working_day(nth_weekday(this, FRI, 3)), start=time(13, 0), end=time(14, 0), audiences=(A.SENIORS,),
        public=False, status=S.CONFIRMED, delivery_kind=DeliveryKind.HOME,
        description="Grāmatas nogādā kaimiņiene; atpakaļ paņem iepriekšējo kopu.",
    )

    # The central library and the other branch, so the network view has neighbours
    await p.add(
        "seminars", by="koordinatore", branch="livani", kind=Kind.EVENT, place="lncb_zale", public=False,
        title="Seminārs Līvānu novada bibliotekāriem", day=working_day(nth_weekday(nxt, TUE, 2)),
        start=time(10, 0), end=time(16, 0), audiences=(A.ADULTS,), status=S.CONFIRMED,
        description="Darba aktualitātes, gada pārskatu sagatavošana, pieredzes apmaiņa.",
    )
    await p.add(
        "jundze", by="koordinatore", branch="livani", kind=Kind.EVENT, place="lncb_abonements",
        title="Tikšanās ar rakstnieku Arno Jundzi", day=working_day(nth_weekday(this, WED, 3)),
        start=time(17, 30), end=time(19, 0), audiences=(A.ADULTS, A.TEENS), status=S.PUBLISHED,
    )
    await p.add(
        "rudzati_speles", by="dace", branch="rudzati", kind=Kind.EVENT, place="rudzati_lasitava",
        title="Galda spēļu pēcpusdiena ģimenēm", day=working_day(nth_weekday(this, FRI, 2)),
        start=time(15, 0), end=time(17, 0), audiences=(A.FAMILIES, A.CHILDREN), status=S.PUBLISHED,
    )
    await p.add(
        "rudzati_izstade", by="dace", branch="rudzati", kind=Kind.EXHIBITION, place="rudzati_lasitava",
        title="Krājuma atklāsmes izstāde „Apceļosim Latgali”", day=this + timedelta(days=4),
        end_day=nxt + timedelta(days=20), audiences=(A.ADULTS,), status=S.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
    )
    await p.add(
        "rudzati_stunda", by="dace", branch="rudzati", kind=Kind.EVENT, place="rudzati_lasitava",
        title="Datorkonsultācijas senioriem: e-paraksts un Latvija.lv", day=working_day(nth_weekday(nxt, WED, 2)),
        start=time(10, 0), end=time(12, 0), audiences=(A.SENIORS,), status=S.PLANNED,
    )

    for month_first in (this, nxt):
        for spec in SEASONAL.get(month_first.month, ()):
            await spec(p, month_first)
    return series_changes
