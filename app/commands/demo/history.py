"""The demo's past: last year and this year up to the demo's month, so the statistics have a year
to compare with. Each month gets its campaigns (app/commands/demo/seasonal.py) and the regular work the
2023 report describes (story afternoons, library lessons, Book Start, new-book exhibitions, home
delivery, whose rounds are app/commands/demo/outreach.py's); every session that has ended gets attendance through the same function the
attendance form uses, except the last few, which wait on the dashboard. The library system's
monthly figures (door count, loans, active users, interlibrary loans) are loaded as an upload would load
them, and Rožupe parish's population per year."""
from __future__ import annotations

import random
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from app.commands.demo.dates import THU, TUE, WED, month_end, month_start, nth_weekday, working_day
from app.commands.demo.seasonal import SEASONAL
from models.kernel.enums import Audience, ExhibitionForm, Kind, LiteracyArea, PartnerRole, Status
from models.kernel.network_tables import Branch, BranchPopulation
from models.kernel.tables import Attendance, ItemAudience, LibraryFigures, Occurrence

if TYPE_CHECKING:
    from app.commands.demo.build import Planner

LEFT_WITHOUT_ATTENDANCE = 3  # the most recent ended sessions: the dashboard's demo
AREAS = list(LiteracyArea)
EXHIBITIONS = ("Jaunieguvumi", "Bibliotēkas plauktos", "Mēneša autors", "Novadpētniecība", "Skolēnu darbi", "Krājuma atklāsme")
# 2023 report: visits 8579 (children 2624), loans 10586 (children 1383), active users 488 (children 144)
SEASON = (0.8, 0.9, 1.0, 1.0, 1.0, 0.7, 0.6, 0.7, 1.2, 1.2, 1.3, 1.1)


async def _regular_month(p: Planner, first: date) -> None:
    y, m = first.year, first.month
    await p.add(f"stastu{y}{m}", by="maija", branch="rozupe", kind=Kind.EVENT, place="lasitava",
                title="Stāstu pēcpusdiena", day=working_day(nth_weekday(first, THU, 2)), start=time(17, 0), end=time(19, 0),
                audiences=(Audience.ADULTS, Audience.SENIORS), partners=(("seniori", PartnerRole.CO_ORGANISER),), status=Status.PUBLISHED)
    if m not in (6, 7, 8):
        await p.add(f"stunda{y}{m}", by="ilze", branch="rozupe", kind=Kind.LESSON, place="lasitava",
                    title="Bibliotekārā stunda", day=working_day(nth_weekday(first, TUE, 3)), start=time(12, 0), end=time(12, 40),
                    audiences=(Audience.CHILDREN,), partners=(("skola", PartnerRole.PARTICIPANT),), status=Status.CONFIRMED, public=False,
                    lesson_class=f"{m % 9 + 1}. klase", literacy_area=AREAS[m % len(AREAS)])
        await p.add(f"gs{y}{m}", by="ilze", branch="rozupe", kind=Kind.BOOK_START, place="bernu_zona",
                    title="Grāmatu starts: „Pūčulēnu rīts”", day=working_day(nth_weekday(first, WED, 1)), start=time(10, 0), end=time(10, 45),
                    audiences=(Audience.PRESCHOOL,), partners=(("ziluki", PartnerRole.PARTICIPANT),), status=Status.PUBLISHED,
                    book_start_group="Pirmsskolas grupa „Zīļuki”", age_band="3–4 g.")
    for n, theme in enumerate(EXHIBITIONS[: 4 + m % 3]):
        await p.add(f"izstade{y}{m}{n}", by="ilze", branch="rozupe", kind=Kind.EXHIBITION, place="izstazu_zale" if n % 2 else "lasitava",
                    title=f"{theme}: {first:%m.%Y}.", day=first, end_day=month_end(first), status=Status.PUBLISHED,
                    exhibition_form=ExhibitionForm.VIRTUAL if n == 3 else ExhibitionForm.PHYSICAL)
    # deliveries to the service points and homes: the rounds of app/commands/demo/outreach.py


async def build_history(p: Planner, today: date) -> int:
    """Items for every month from January last year to the month before `today`'s."""
    first, this = date(today.year - 1, 1, 1), month_start(today)
    months = 0
    while first < this:
        for campaign in SEASONAL[first.month]:
            await campaign(p, first)
        await _regular_month(p, first)
        first, months = month_start(first, 1), months + 1
    return months


def _figures_for(kind: str, young: bool, rng: random.Random) -> dict[str, str]:
    if kind == Kind.LESSON.value:
        return {"total": str(rng.randint(8, 18))}
    if kind == Kind.BOOK_START.value:
        children = rng.randint(4, 9)
        return {"children": str(children), "adults": str(rng.randint(2, children)), "kits": str(rng.randint(0, 3))}
    if kind == Kind.DELIVERY.value:
        return {"items_out": str(rng.randint(6, 15)), "items_back": str(rng.randint(4, 12)), "readers_served": str(rng.randint(1, 6))}
    if kind == Kind.EXHIBITION.value:
        return {}
    children, adults = (rng.randint(10, 28), rng.randint(1, 4)) if young else (rng.randint(0, 3), rng.randint(7, 18))
    return {"total": str(children + adults), "children": str(children), "adults": str(adults), "online": "0"}


async def record_demo_attendance(now: datetime, staff_by_branch: dict[int, int]) -> int:
    """Attendance for every ended session of the demo, through models.attendance.recording, except the
    last few ended ones: those show what the dashboard is for."""
    from models.attendance import record_attendance

    recorded_already = {row["occurrence"] for row in await Attendance.select(Attendance.occurrence)}  # the delivery rounds'
    rows = await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.item.id.as_alias("item_id"),
                                   Occurrence.item.kind.as_alias("kind"), Occurrence.item.branch.as_alias("branch")).where(
        (Occurrence.ends_at <= now) & (Occurrence.cancelled == False)  # noqa: E712
        & Occurrence.item.status.is_in([Status.PLANNED.value, Status.CONFIRMED.value, Status.PUBLISHED.value, Status.HELD.value])
        & (Occurrence.item.kind != Kind.EXHIBITION.value)).order_by(Occurrence.ends_at)
    rows = [row for row in rows if row["id"] not in recorded_already]
    young_items = {r["item"] for r in await ItemAudience.select(ItemAudience.item).where(
        ItemAudience.audience.is_in([Audience.PRESCHOOL.value, Audience.CHILDREN.value, Audience.TEENS.value]))}
    recorded = 0
    for row in rows[: max(0, len(rows) - LEFT_WITHOUT_ATTENDANCE)]:
        rng = random.Random(f"{row['starts_at']:%Y%m%d%H%M}{row['item_id']}")
        await record_attendance(row["id"], _figures_for(row["kind"], row["item_id"] in young_items, rng),
                                staff_by_branch.get(row["branch"]), now=now)
        recorded += 1
    return recorded


async def load_library_figures(today: date) -> int:
    """BIS ALISE's monthly figures for Rožupe, last year and this year up to last month, with the
    loans of books and of periodicals and the interlibrary loans; and Rožupe parish's population of
    these years, for the coverage."""
    branch = await Branch.select(Branch.id).where(Branch.slug == "rozupe").first()
    # the 2023 report's table (RIG010): 1158 residents (200 children) in 2021, 1018 (183) in 2022,
    # 1006 (185) in 2023, given to the demo's last three years so that this year is the report's
    await BranchPopulation.insert(*[
        BranchPopulation(year_key=f"{branch['id']}:{today.year - back}", branch=branch["id"], year=today.year - back, population=population,
                         children=children) for back, population, children in ((2, 1158, 200), (1, 1018, 183), (0, 1006, 185))])
    rng = random.Random(2023)
    interlibrary = random.Random(724)  # apart, so that the other figures stay as they were
    rows = []
    for year in (today.year - 1, today.year):
        active = active_children = 0
        for month in range(1, 13):
            if date(year, month, 1) >= month_start(today):
                break
            visits = round(8579 / 12 * SEASON[month - 1] * rng.uniform(0.9, 1.1))
            loans = round(10586 / 12 * SEASON[month - 1] * rng.uniform(0.9, 1.1))
            active = min(488, active + rng.randint(25, 60) if month > 1 else rng.randint(150, 200))
            active_children = min(active, round(active * 0.3))
            # 2023 report: of the loans, books 5104 and periodicals 5454; interlibrary loans received 116, sent 32
            books = round(loans * 5104 / 10586)
            received = round(116 / 12 * SEASON[month - 1] * interlibrary.uniform(0.6, 1.4))
            sent = round(32 / 12 * SEASON[month - 1] * interlibrary.uniform(0.5, 1.5))
            rows.append(LibraryFigures(period_key=f"{branch['id']}:{year}-{month:02d}", branch=branch["id"], year=year, month=month,
                                       visits=visits, visits_children=round(visits * 0.31), loans=loans, loans_children=round(loans * 0.13),
                                       active_users=active, active_users_children=active_children, loans_books=books,
                                       loans_periodicals=min(loans - books, round(loans * 5454 / 10586)), interlibrary_received=received,
                                       interlibrary_sent=sent))
    await LibraryFigures.insert(*rows)
    return len(rows)

