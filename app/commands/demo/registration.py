"""The demo's registrations: the report's weaving workshop („Aušana stellēs”, where "there were many
people interested in this session") next month, full with four parties waiting; the month's Book
Start cycle, registered once for its six sessions with the children's age bands; and, with the
history, a workshop each spring of last year and this one, held, with who came ticked, so that the
statistics show registrations and no-shows beside last year's.

Residents are registered through models.registration, as the public form does, with phones only:
the demo queues no mail to addresses that do not exist. The names are invented."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from app.commands.demo.dates import FRI, month_start, nth_weekday, working_day
from models.attendance import record_attendance
from models.kernel.clock import utc_of_wall
from models.kernel.enums import Audience, Kind, Status
from models.kernel.tables import Occurrence
from models.registration import anonymise_due, mark_came, parse_registration, parse_setup, register, save_setup, setup_of

if TYPE_CHECKING:
    from app.commands.demo.build import Planner

WORKSHOP = "Aušanas darbnīca „Aušana stellēs”"
WORKSHOP_TEXT = "Audējas Anitas Krūmiņas vadībā iepazīstam stelles un austam savu pirmo dvielīti. Stellēm ir sešas vietas."
# (name, party) in the order they registered: the first four parties (six people) take the workshop's six places
WORKSHOP_PARTIES = (("Anna Liepa", 2), ("Juris Kalniņš", 1), ("Ilze Ozola", 2), ("Marta Zariņa", 1), ("Pēteris Vītols", 2), ("Laura Eglīte", 1))
BOOK_START_FAMILIES = (("Agnese Priede", 2, "1–2 g."), ("Elīna Bērziņa", 3, "3–4 g."), ("Kristīne Sproģe", 2, "3–4 g."),
                       ("Santa Logina", 2, "1–2 g."))
# the past workshops: (parties, who of them came), ticked on the sign-in sheet
PAST_WORKSHOPS = {1: (WORKSHOP_PARTIES[:5], (True, True, False, True, True)), 0: (WORKSHOP_PARTIES, (True, False, True, True, True, False))}


def _phone(number: int) -> str:
    return f"+371 2{6000000 + number * 7919:07d}"


async def _open(item_id: int, staff: dict, now: datetime, base_url: str, **fields: str) -> None:
    form = {"capacity": "6", "party_max": "2", "waiting_list": "on", "active": "on", **fields}
    await save_setup(item_id, parse_setup(form), version=None, staff_id=staff["id"], base_url=base_url, now=now)


async def _sign_up(item_id: int, name: str, party: int, number: int, now: datetime, base_url: str, age_band: str = "") -> dict:
    setup = await setup_of(item_id)
    draft = parse_registration({"name": name, "phone": _phone(number), "party": str(party), "age_band": age_band}, setup)
    registration, _token = await register(item_id, draft, base_url=base_url, now=now)
    return registration


async def build_registrations(p: Planner, today: date, *, history: bool) -> int:
    """Registration on the demo's items; returns how many parties registered or wait."""
    staff = p.ids.staff["maija"]
    now = utc_of_wall(p.now)
    count = 0
    workshop = await p.add("stelles", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava", title=WORKSHOP,
                           description=WORKSHOP_TEXT, day=working_day(nth_weekday(month_start(today, 1), FRI, 2)),
                           start=time(16, 0), end=time(18, 0), audiences=(Audience.ADULTS, Audience.SENIORS), status=Status.PUBLISHED)
    await _open(workshop, staff, now, p.base_url, waiting_limit="5")
    for number, (name, party) in enumerate((*WORKSHOP_PARTIES, ("Dace Krūze", 1), ("Inese Kalēja", 2))):
        await _sign_up(workshop, name, party, number, now, p.base_url)  # from Pēteris on they wait
        count += 1
    cycle = p.created.get("puculeni")
    if cycle is not None and (await Occurrence.select(Occurrence.starts_at).where(Occurrence.item == cycle)
                              .order_by(Occurrence.starts_at).first())["starts_at"] > p.now:
        await _open(cycle, staff, now, p.base_url, capacity="12", party_max="3", ask_age_band="on")
        for number, (name, party, band) in enumerate(BOOK_START_FAMILIES, start=20):
            await _sign_up(cycle, name, party, number, now, p.base_url, band)
            count += 1
    if history:
        for back, (parties, came) in PAST_WORKSHOPS.items():
            count += await _past_workshop(p, staff, date(today.year - back, 3, 1), parties, came)
        # as a running server's hourly pass would have: names past their retention are blanked, the counts stay
        await anonymise_due(now)
    return count


async def _past_workshop(p: Planner, staff: dict, first: date, parties: tuple, came: tuple) -> int:
    """A held spring workshop: registered a fortnight before, who came ticked, the attendance
    typed as those who came and one walk-in. Only a month already over is built."""
    day = working_day(nth_weekday(first, FRI, 2))
    if datetime.combine(day, time(18, 0)) >= p.now:
        return 0
    item_id = await p.add(f"stelles{first.year}", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava", title=WORKSHOP,
                          description=WORKSHOP_TEXT, day=day, start=time(16, 0), end=time(18, 0),
                          audiences=(Audience.ADULTS, Audience.SENIORS), status=Status.PUBLISHED)
    before = utc_of_wall(datetime.combine(day - timedelta(days=14), time(10, 0)))
    await _open(item_id, staff, before, p.base_url, capacity="10")
    [session] = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id)
    people = 1  # a walk-in
    for number, ((name, party), arrived) in enumerate(zip(parties, came), start=40):
        registration = await _sign_up(item_id, name, party, number, before, p.base_url)
        await mark_came(registration["id"], item_id, session["id"], arrived, staff_id=staff["id"])  # ticked at its one session
        people += party if arrived else 0
    await record_attendance(session["id"], {"total": str(people), "children": "0", "adults": str(people), "online": "0"}, staff["id"],
                            now=utc_of_wall(datetime.combine(day, time(18, 30))))
    return len(parties)
