"""The year's campaigns, by month: whichever two months the demo shows get theirs."""
from __future__ import annotations

from datetime import date, time, timedelta
from typing import TYPE_CHECKING

from app.commands.demo.dates import FRI, MON, THU, TUE, WED, month_end, nth_weekday, working_day
from models.kernel.enums import Audience, ExhibitionForm, Kind, LiteracyArea, PartnerRole, Status

if TYPE_CHECKING:  # only for annotations: app.commands.demo.build imports this module (through demo_programme)
    from app.commands.demo.build import Planner

A_PRESCHOOL, A_CHILDREN, A_TEENS, A_ADULTS, A_SENIORS, A_FAMILIES = (
    Audience.PRESCHOOL, Audience.CHILDREN, Audience.TEENS, Audience.ADULTS, Audience.SENIORS, Audience.FAMILIES,
)


async def _january(p: Planner, first: date) -> None:
    await p.add(
        f"barikades{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="„Atceroties un pieminot 1991. gada barikādes”", day=working_day(first.replace(day=19)),
        start=time(12, 0), end=time(13, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),), literacy_area=LiteracyArea.SOCIAL_CIVIC,
    )


async def _february(p: Planner, first: date) -> None:
    await p.add(
        f"drosaks{first.year}", by="ilze", branch="rozupe", kind=Kind.LESSON, place="lasitava",
        title="Drošāka interneta diena: „Sērfo internetā un esi drošs!”", day=working_day(nth_weekday(first, TUE, 2)),
        start=time(12, 0), end=time(12, 40), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.PARTICIPANT),), lesson_class="5. klase", literacy_area=LiteracyArea.DIGITAL,
    )
    await p.add(
        f"dzimta{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Starptautiskā dzimtās valodas diena: „Valoda ir tauta”", day=working_day(first.replace(day=20)),
        start=time(13, 0), end=time(14, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PLANNED,
        partners=(("skola", PartnerRole.PARTICIPANT),), literacy_area=LiteracyArea.SOCIAL_CIVIC,
    )


async def _march(p: Planner, first: date) -> None:
    await p.add(
        f"stadi{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Puķu un dārzeņu sēklu un stādu bibliotēka", day=first, end_day=month_end(first),
        audiences=(A_ADULTS, A_SENIORS), status=Status.PUBLISHED, exhibition_form=ExhibitionForm.PHYSICAL,
    )


async def _april(p: Planner, first: date) -> None:
    await p.add(
        f"bernu_gramatu{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="bernu_zona",
        title="Starptautiskā bērnu grāmatu diena", day=working_day(first.replace(day=2)),
        start=time(10, 0), end=time(11, 0), audiences=(A_PRESCHOOL, A_CHILDREN), status=Status.PUBLISHED,
        partners=(("ziluki", PartnerRole.PARTICIPANT),),
    )
    await p.add(
        f"olas{first.year}", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Stāstu pēcpusdiena „Olu krāsošanas gudrības”", day=working_day(first.replace(day=15)),
        start=time(17, 0), end=time(19, 0), audiences=(A_FAMILIES,), status=Status.PLANNED,
    )


async def _may(p: Planner, first: date) -> None:
    await p.add(
        f"skala{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="Skaļās lasīšanas diena", day=working_day(first.replace(day=14)),
        start=time(11, 0), end=time(12, 30), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),),
    )


async def _june(p: Planner, first: date) -> None:
    await p.add(
        f"ligo{first.year}", by="ilze", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Zāļu un ziedu rotas Līgo vakaram", day=working_day(first.replace(day=17)),
        start=time(17, 0), end=time(19, 0), audiences=(A_ADULTS, A_FAMILIES), status=Status.PUBLISHED,
        partners=(("seniori", PartnerRole.CO_ORGANISER),),
    )


async def _july(p: Planner, first: date) -> None:
    await p.add(
        f"vasara{first.year}", by="maija", branch="rozupe", kind=Kind.EXHIBITION, place="bernu_zona",
        title="Vasaras lasīšanas izaicinājums „Pasaules iepazīšana caur grāmatu”", day=first,
        end_day=month_end(first), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
    )


async def _august(p: Planner, first: date) -> None:
    await p.add(
        f"slakatas{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="kulturas_nams",
        title="Ģimeņu festivāls „Šļakatas”: pasaku un spēļu telts", day=nth_weekday(first, 5, 2),
        start=time(12, 0), end=time(17, 0), audiences=(A_FAMILIES, A_CHILDREN), status=Status.PUBLISHED,
        partners=(("kulturas_nams", PartnerRole.HOST),),
    )


async def _september(p: Planner, first: date) -> None:
    await p.add(
        f"dzeja{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="Dzejas dienas: tikšanās ar dzejnieci Lauru Melni", day=working_day(first.replace(day=14)),
        start=time(12, 0), end=time(13, 30), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.HOST),),
    )


async def _october(p: Planner, first: date) -> None:
    await p.add(
        f"karjera{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="Karjeras nedēļa: izstāde „Mana profesija”", day=nth_weekday(first, MON, 2),
        end_day=nth_weekday(first, MON, 2) + timedelta(days=4), audiences=(A_TEENS,), status=Status.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL,
    )
    await p.add(
        f"spoki{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="„Spoku nakts” 4.–9. klasei", day=working_day(first.replace(day=29)),
        start=time(18, 0), end=time(22, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),), literacy_area=LiteracyArea.CULTURAL,
    )


async def _november(p: Planner, first: date) -> None:
    # Nordic Library Week: morning readings for class groups, Monday to Friday of the second week
    monday = nth_weekday(first, MON, 2)
    await p.add(
        f"ziemelvalstu{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
        title="Ziemeļvalstu bibliotēku nedēļa: rīta lasījumi klašu grupām", day=monday,
        start=time(8, 30), end=time(9, 10), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.PARTICIPANT),), literacy_area=LiteracyArea.LANGUAGE_READING,
        recurrence={"repeat": "weekly", "weekdays": [MON, TUE, WED, THU, FRI], "count": 5},
        description="Ziemeļvalstu rakstnieku grāmatu kopa Rožupes pamatskolai un rīta lasījumi ar praktisku darbošanos.",
    )
    await p.add(
        f"lacplesis{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="„Lai mūžam nerimst Lāčplēša gars…”", day=first.replace(day=2), end_day=first.replace(day=20),
        audiences=(A_ADULTS, A_CHILDREN), status=Status.PUBLISHED, exhibition_form=ExhibitionForm.PHYSICAL,
    )
    await p.add(
        f"latvija{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="„Latvija! Tavs vārds ir dārgs un svēts”", day=working_day(first.replace(day=17)),
        start=time(12, 0), end=time(13, 0), audiences=(A_CHILDREN, A_TEENS), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.CO_ORGANISER),), literacy_area=LiteracyArea.SOCIAL_CIVIC,
    )


async def _december(p: Planner, first: date) -> None:
    await p.add(
        f"amatnieki{first.year}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale",
        title="„Amatnieku darbi”: vietējo amatnieku un mājražotāju izstāde–tirdziņš", day=first,
        end_day=month_end(first), audiences=(A_ADULTS, A_FAMILIES), status=Status.PUBLISHED,
        exhibition_form=ExhibitionForm.PHYSICAL, partners=(("pagasts", PartnerRole.SUPPORTER),),
        description="Visu decembri aicinām apskatīt, pasūtīt un iegādāties vietējo amatnieku darbus.",
    )
    await p.add(
        f"radi{first.year}", by="ilze", branch="rozupe", kind=Kind.EVENT, place="rozlejas",
        title="Radošā nodarbība „Radi svētku sajūtu”", day=working_day(nth_weekday(first, WED, 3)),
        start=time(13, 0), end=time(14, 30), audiences=(A_SENIORS, A_CHILDREN), status=Status.CONFIRMED,
        partners=(("rozlejas", PartnerRole.HOST), ("skola", PartnerRole.PARTICIPANT)),
        description="Kopā ar Rožupes pamatskolas skolēniem gatavosim svētku noformējumu, minēsim mīklas, "
                    "lasīsim ticējumus, skaitīsim dzejoļus un dziedāsim dziesmas.",
    )
    await p.add(
        f"piparkukas{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="skola",
        title="Piparkūku cepšanas darbnīca 1.–6. klasei", day=working_day(nth_weekday(first, MON, 2)),
        start=time(9, 0), end=time(14, 0), audiences=(A_CHILDREN,), status=Status.PUBLISHED,
        partners=(("skola", PartnerRole.HOST),),
    )
    await p.add(
        f"ziemassvetki{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="bernu_zona",
        title="Ziemassvētku pasākums pirmsskolas bērniem", day=working_day(nth_weekday(first, THU, 3)),
        start=time(10, 0), end=time(11, 0), audiences=(A_PRESCHOOL, A_FAMILIES), status=Status.PLANNED,
        partners=(("ziluki", PartnerRole.PARTICIPANT),),
    )


SEASONAL = {
    1: (_january,), 2: (_february,), 3: (_march,), 4: (_april,), 5: (_may,), 6: (_june,),
    7: (_july,), 8: (_august,), 9: (_september,), 10: (_october,), 11: (_november,), 12: (_december,),
}
