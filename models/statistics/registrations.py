"""Registrations in the statistics: the places offered, who registered, who came and who did not.

- An item with registration (models/registration/) counts once, in the month of its first held
  session (one with attendance recorded, models/statistics/facts.py): a Book Start cycle of five
  sessions in March and April counts in March, and never again in April or the next year. A
  cancelled or draft item, or one never held, counts nowhere, as for every other figure.
- People, not parties: a mother with two children registered is 3.
- Registered: the parties holding a place (state "registered"); waiting: those still on the waiting
  list when the item was held (they never got a place: the demand beyond the places); cancelled:
  the registrations cancelled by the person or the librarian.
- Came and no-shows are known only where the librarian ticked who came (the list or the sign-in
  sheet), per session (registration_mark): a party came when it was ticked as come at any session
  of the item (a Book Start family at the second of six); an item is marked when any of its
  sessions has a tick of a registered party; no-shows are the registered of the marked items whose
  party never came; `registration_marked` counts the marked items, so that a page can say of how
  many items the no-shows are known.
- The counts survive the retention pass, which blanks names but keeps state, party and the ticks.

Read here from the kernel's registration tables: the statistics may not import the registration
area (registration → planning → statistics would be a circle)."""
from __future__ import annotations

from models.statistics.period import Period
from models.statistics.sql import current_flag, fetch, month_of

# one row per item with registration: its first held session, its places and its registrations' people
# (a party came when ticked as come at any session of the item not cancelled, marked when ticked at any such;
# a tick at a session cancelled afterwards counts nowhere, as the session does not)
_ITEMS_SQL = """SELECT {current} AS cur, {month} AS ym, COUNT(*) AS items, SUM(s.capacity) AS places,
  SUM(COALESCE(r.registered, 0)) AS registered, SUM(COALESCE(r.came, 0)) AS came,
  SUM(CASE WHEN r.marked > 0 THEN r.registered - r.came ELSE 0 END) AS no_shows,
  SUM(CASE WHEN r.marked > 0 THEN 1 ELSE 0 END) AS marked,
  SUM(COALESCE(r.waiting, 0)) AS waiting, SUM(COALESCE(r.cancelled, 0)) AS cancelled
FROM (SELECT a.item AS item_id, MIN(a.session_start) AS first_held FROM attendance a
      WHERE a.counted = {{}}{branch} AND a.item IN (SELECT rs.item FROM registration_setup rs)
      GROUP BY a.item) f
JOIN registration_setup s ON s.item = f.item_id
LEFT JOIN (SELECT g.item AS item,
             SUM(CASE WHEN g.state = 'registered' THEN g.party ELSE 0 END) AS registered,
             SUM(CASE WHEN g.state = 'registered' AND EXISTS (
                   SELECT 1 FROM registration_mark m JOIN occurrence o ON o.id = m.occurrence
                   WHERE m.registration = g.id AND m.came = {{}} AND NOT o.cancelled) THEN g.party ELSE 0 END) AS came,
             SUM(CASE WHEN g.state = 'registered' AND EXISTS (
                   SELECT 1 FROM registration_mark m JOIN occurrence o ON o.id = m.occurrence
                   WHERE m.registration = g.id AND NOT o.cancelled) THEN 1 ELSE 0 END) AS marked,
             SUM(CASE WHEN g.state = 'waiting' THEN g.party ELSE 0 END) AS waiting,
             SUM(CASE WHEN g.state = 'cancelled' THEN g.party ELSE 0 END) AS cancelled
           FROM registration g GROUP BY g.item) r ON r.item = f.item_id
WHERE {within}
GROUP BY 1, 2"""

# the Figures (models/statistics/summary.py) each column of the query adds to
COLUMNS = {"items": "registration_items", "places": "registration_places", "registered": "registered_people",
           "came": "registration_came", "no_shows": "no_shows", "marked": "registration_marked",
           "waiting": "waiting_people", "cancelled": "cancelled_people"}


async def registration_rows(period: Period, previous: Period | None, branch_id: int | None) -> list[dict]:
    """{cur (1 the period, 0 the previous one), ym ("YYYY-MM"), and COLUMNS' keys} for the items
    with registration whose first held session falls in the period or in `previous`, by month."""
    args: list = []
    current = current_flag("f.first_held", period, previous, args)
    args.append(True)  # counted
    branch = ""
    if branch_id is not None:
        args.append(branch_id)
        branch = " AND a.session_branch = {}"
    args.append(True)  # came
    args.extend([period.start, period.end])
    within = "((f.first_held >= {} AND f.first_held < {})"
    if previous is not None:
        args.extend([previous.start, previous.end])
        within += " OR (f.first_held >= {} AND f.first_held < {})"
    within += ")"
    sql = _ITEMS_SQL.format(current=current, month=month_of("f.first_held"), branch=branch, within=within)
    return [dict(row) for row in await fetch(sql, *args)]
