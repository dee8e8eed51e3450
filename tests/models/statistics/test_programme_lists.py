"""The annual report's lists on hand-made months: the events held with their days and attendance,
the campaigns (an event's session spanning more than one day), the exhibitions opened, each in
its month and counted as the figures count them."""
from __future__ import annotations

from datetime import date

import pytest

from models.statistics import programme_lists
from models.statistics.period import month_period, year_period
from models.statistics.summary import period_figures
from tests.models.statistics.test_statistics import make_item, session

pytestmark = pytest.mark.clock("25.11.2026 12:00")

TODAY = date(2026, 11, 25)
APRIL = month_period(2026, 4)


async def test_programme_lists_event_series_lists_its_held_days_and_attendance_once(branch):
    series = await make_item(branch["id"], title="Rīta lasījumi", rrule="FREQ=WEEKLY;COUNT=4")
    await session(series, "07.04.2026 09:00", total=12, children=12)
    await session(series, "14.04.2026 09:00", total=8, children=8, online=3)
    await session(series, "21.04.2026 09:00", cancelled=True, total=11, children=11)  # cancelled after recording
    await session(series, "28.04.2026 09:00")  # not held: no attendance

    [april] = await programme_lists(APRIL, branch["id"], TODAY)

    [event] = april.events
    assert (event.title, event.days, event.sessions, event.attendance, event.online) == (
        "Rīta lasījumi", [date(2026, 4, 7), date(2026, 4, 14)], 2, 20, 3)


async def test_programme_lists_cancelled_and_draft_events_are_not_listed(branch):
    cancelled = await make_item(branch["id"], title="Atcelts vakars", status="cancelled")
    await session(cancelled, "08.04.2026 18:00", total=30, adults=30)
    draft = await make_item(branch["id"], title="Melnraksts", status="draft")
    await session(draft, "09.04.2026 18:00", total=9, adults=9)

    [april] = await programme_lists(APRIL, branch["id"], TODAY)

    assert (april.events, april.campaigns, april.empty) == ([], [], True)


async def test_programme_lists_all_day_week_is_a_campaign_not_an_event(branch):
    week = await make_item(branch["id"], title="Bibliotēku nedēļa", all_day=True)
    await session(week, "20.04.2026 00:00", end="27.04.2026 00:00", total=140, children=60, adults=80)
    evening = await make_item(branch["id"], title="Spoku nakts")
    await session(evening, "24.04.2026 20:00", end="25.04.2026 02:00", total=35, children=35)  # past midnight: still one event
    one_day = await make_item(branch["id"], title="Dzejas diena", all_day=True)
    await session(one_day, "26.04.2026 00:00", end="27.04.2026 00:00", total=15, adults=15)

    [april] = await programme_lists(APRIL, branch["id"], TODAY)

    assert [(c.title, c.first, c.last, c.attendance) for c in april.campaigns] == [
        ("Bibliotēku nedēļa", date(2026, 4, 20), date(2026, 4, 26), 140)]
    assert [e.title for e in april.events] == ["Spoku nakts", "Dzejas diena"]


async def test_programme_lists_add_up_to_the_months_events_and_attendance(branch, other_branch):
    talk = await make_item(branch["id"], title="Tikšanās ar dzejnieci")
    await session(talk, "02.04.2026 18:00", total=20, adults=20)
    await session(talk, "16.04.2026 18:00", total=22, adults=22)
    week = await make_item(branch["id"], title="Bibliotēku nedēļa", all_day=True)
    await session(week, "20.04.2026 00:00", end="25.04.2026 00:00", total=90, adults=90)
    lesson = await make_item(branch["id"], "lesson", title="Esi informēts", literacy_area="digital")
    await session(lesson, "03.04.2026 12:30", total=18, children=18)  # a lesson: counted in its own line, not listed
    theirs = await make_item(other_branch["id"], title="Rudzātu vakars")
    await session(theirs, "10.04.2026 18:00", total=50, adults=50)

    [april] = await programme_lists(APRIL, branch["id"], TODAY)
    figures = (await period_figures(APRIL, branch["id"], TODAY)).total

    listed = april.events + april.campaigns
    assert (sum(e.sessions for e in listed), sum(e.attendance for e in listed)) == (figures.events, figures.attendance) == (3, 132)
    assert [e.title for e in april.events] == ["Tikšanās ar dzejnieci"]


async def test_programme_lists_network_lists_every_librarys_events_with_its_name(branch, other_branch):
    ours = await make_item(branch["id"], title="Stāstu pēcpusdiena")
    await session(ours, "15.04.2026 17:00", total=10, adults=10)
    theirs = await make_item(other_branch["id"], title="Rudzātu vakars")
    await session(theirs, "10.04.2026 18:00", total=50, adults=50)

    [april] = await programme_lists(APRIL, None, TODAY)

    assert [(e.title, e.branch_name) for e in april.events] == [("Rudzātu vakars", "Rudzāti"), ("Stāstu pēcpusdiena", "Rožupe")]


async def test_programme_lists_exhibition_is_listed_once_in_the_month_it_opens(branch):
    photos = await make_item(branch["id"], "exhibition", title="Ziemas ainavas", all_day=True, exhibition_form="physical")
    await session(photos, "01.12.2025 00:00", end="16.01.2026 00:00")
    craft = await make_item(branch["id"], "exhibition", title="Lakatu izstāde", all_day=True, exhibition_form="physical")
    await session(craft, "10.03.2026 00:00", end="01.04.2026 00:00", cancelled=True)  # the first dates fell through
    await session(craft, "14.04.2026 00:00", end="09.05.2026 00:00")
    online = await make_item(branch["id"], "exhibition", title="Grāmatai 500", all_day=True, exhibition_form="virtual")
    await session(online, "02.04.2026 00:00", end="01.07.2026 00:00")
    coming = await make_item(branch["id"], "exhibition", title="Adventes izstāde", all_day=True, exhibition_form="physical")
    await session(coming, "01.12.2026 00:00", end="01.01.2027 00:00")  # opens after today

    months = await programme_lists(year_period(2026), branch["id"], TODAY)

    listed = {(m.year, m.month): [(x.title, x.opens, x.closes, x.virtual) for x in m.exhibitions] for m in months if m.exhibitions}
    assert listed == {(2026, 4): [("Grāmatai 500", date(2026, 4, 2), date(2026, 6, 30), True),
                                  ("Lakatu izstāde", date(2026, 4, 14), date(2026, 5, 8), False)]}


async def test_programme_lists_year_has_every_month_even_empty_ones(branch):
    months = await programme_lists(year_period(2026), branch["id"], TODAY)

    assert [(m.year, m.month, m.empty) for m in months] == [(2026, n, True) for n in range(1, 13)]
