"""Rotation of book sets at service points. A set stands at a service point until it is due back;
then the library brings the next set and takes the old one. `proposals()` works out each delivery
that is due: the day (the due day, or the next day the library is open: not a public holiday, not
a closed day of the branch, not a weekday its hours leave out), the set coming back, and the set
going out, one with no title that was at that place within the last `repeat_months` months.
`accept_proposal()` puts the delivery in the programme (a published delivery item: in the planner,
the place's feed and its public page) and the set on its way, in one transaction."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from models.kernel.calendar_facts import holiday_name, moved_working_days
from models.kernel.clock import local_today
from models.kernel.db import transaction
from models.kernel.enums import PlaceKind
from models.kernel.outreach_tables import BookSet, BookSetTitle, SetPlacement
from models.kernel.permissions import can_edit_branch
from models.kernel.network_tables import Branch, BranchClosure
from models.kernel.tables import Occurrence, Place
from models.kernel.validation import ValidationFailed
from models.outreach.rounds import add_to_round
from models.outreach.sets import loaded, title_key
from models.planning import create_item, validate_item

REPEAT_MONTHS = 12  # a title goes back to the same place after a year at the earliest, unless asked for
HORIZON_DAYS = 28  # deliveries due within four weeks are proposed
LONGEST_SEARCH = 60  # days searched for an open day after the due one


@dataclass
class Proposal:
    place: dict  # id, name, branch, branch_name
    day: date
    due_on: date
    moved_because: list[str]  # why not on the due day: holiday names, "closed", "weekday"
    coming_back: dict | None  # the placement
    going_out: dict | None  # the set
    repeats: int = 0  # titles of `going_out` that were at the place within repeat_months
    refused: list[dict] = field(default_factory=list)  # sets left out: {"name", "repeats"}
    session: dict | None = None  # a delivery already planned to the place that the exchange can ride on

    @property
    def key(self) -> str:
        return f"{self.place['id']}:{self.day.isoformat()}"


@dataclass
class OpenDays:
    """Which days a branch can deliver: its weekly hours (a weekday left out is closed; with no
    hours kept, Monday to Friday and a Saturday that is a moved working day), its closed days and
    the public holidays."""

    weekly: dict
    closures: list[tuple[date, date, str]]

    def why_closed(self, day: date) -> str | None:
        if name := holiday_name(day):
            return name
        for first, last, reason in self.closures:
            if first <= day <= last:
                return reason or "closed"
        if self.weekly:
            return None if self.weekly.get(str(day.weekday())) or self.weekly.get(day.weekday()) else "weekday"
        if day.weekday() >= 5 and day not in moved_working_days(day.year):
            return "weekday"
        return None

    def first_open(self, day: date) -> tuple[date, list[str]]:
        reasons: list[str] = []
        for step in range(LONGEST_SEARCH):
            candidate = day + timedelta(days=step)
            why = self.why_closed(candidate)
            if why is None:
                return candidate, reasons
            if why not in reasons:
                reasons.append(why)
        return day, reasons


async def open_days(branch_id: int, start: date) -> OpenDays:
    branch = await Branch.select(Branch.weekly_hours).where(Branch.id == branch_id).first()
    closures = await BranchClosure.select().where((BranchClosure.branch == branch_id) & (BranchClosure.last_day >= start))
    return OpenDays(weekly=loaded((branch or {}).get("weekly_hours")) or {},
                    closures=[(row["first_day"], row["last_day"], row["reason"]) for row in closures])


async def recent_titles(place_id: int, day: date, months: int = REPEAT_MONTHS) -> set[str]:
    """The keys of every title that was at the place within `months` months before `day`: placed
    there since, or still there, or back from there since (a set may stand for two years)."""
    since = day - relativedelta(months=months)
    rows = await SetPlacement.select(SetPlacement.titles).where(
        (SetPlacement.place == place_id) & (SetPlacement.placed_on <= day)
        & ((SetPlacement.placed_on >= since) | SetPlacement.returned_on.is_null() | (SetPlacement.returned_on >= since)))
    return {title_key(title) for row in rows for title in (loaded(row["titles"]) or [])}


async def _set_titles(set_ids: list[int]) -> dict[int, list[dict]]:
    found: dict[int, list[dict]] = {set_id: [] for set_id in set_ids}
    for row in await BookSetTitle.select().where(BookSetTitle.book_set.is_in(set_ids or [-1])).order_by(BookSetTitle.position):
        found[row["book_set"]].append(row)
    return found


async def _choose(place: dict, day: date, months: int, taken: set[int]) -> tuple[dict | None, int, list[dict]]:
    """The set to bring: one of the place's own standing sets first, then the branch's sets for
    service points with no place of their own; not out, not empty, no title there within `months`."""
    candidates = await BookSet.select().where(
        (BookSet.branch == place["branch"]) & (BookSet.active == True) & (BookSet.receiver == "service_point")  # noqa: E712
        & ((BookSet.place == place["id"]) | BookSet.place.is_null()))
    out = {row["book_set"] for row in await SetPlacement.select(SetPlacement.book_set).where(SetPlacement.returned_on.is_null())}
    candidates = [row for row in candidates if row["id"] not in out and row["id"] not in taken]
    candidates.sort(key=lambda row: (row["place"] is None, row["name"].casefold()))
    titles = await _set_titles([row["id"] for row in candidates])
    recent = await recent_titles(place["id"], day, months)
    refused = []
    for row in candidates:
        if not titles[row["id"]]:
            continue
        repeats = sum(1 for title in titles[row["id"]] if title_key(title) in recent)
        if repeats == 0:
            return row, 0, refused
        refused.append({"id": row["id"], "name": row["name"], "repeats": repeats})
    return None, 0, refused


async def proposals(branch_ids: list[int] | None, *, today: date | None = None, horizon_days: int = HORIZON_DAYS,
                    repeat_months: int = REPEAT_MONTHS) -> list[Proposal]:
    today = today or local_today()
    query = Place.select(Place.id, Place.name, Place.branch, Place.branch.short_name.as_alias("branch_name"), Place.closed_on).where(
        (Place.kind == PlaceKind.SERVICE_POINT.value) & (Place.active == True))  # noqa: E712
    if branch_ids is not None:
        query = query.where(Place.branch.is_in(branch_ids or [-1]))
    points = [row for row in await query.order_by(Place.name) if row["closed_on"] is None or row["closed_on"] > today]
    found: list[Proposal] = []
    days: dict[int, OpenDays] = {}
    chosen: set[int] = set()
    for point in points:
        if point["branch"] not in days:
            days[point["branch"]] = await open_days(point["branch"], today)
        standing = await SetPlacement.select().where((SetPlacement.place == point["id"]) & SetPlacement.returned_on.is_null())
        if any(row["collection"] is None and row["delivery"] is not None and row["placed_on"] > today for row in standing):
            continue  # a delivery of a set is already planned: nothing to propose before it happens
        waiting = [row for row in standing if row["collection"] is None]
        if standing and not waiting:
            continue  # everything there is already collected by a planned delivery
        due = [row for row in waiting if row["due_on"] <= today + timedelta(days=horizon_days)]
        if waiting and not due:
            continue
        has_own = await BookSet.exists().where((BookSet.place == point["id"]) & (BookSet.active == True))  # noqa: E712
        if not waiting and not has_own:
            continue  # a service point without sets of its own gets none proposed until the librarian gives it one
        coming_back = min(due, key=lambda row: row["due_on"]) if due else None
        due_on = max(coming_back["due_on"], today + timedelta(days=1)) if coming_back else today + timedelta(days=1)
        session = await _planned_session(point["id"], max(today + timedelta(days=1), due_on - timedelta(days=7)),
                                         due_on + timedelta(days=horizon_days))
        if session is not None:  # the library goes there anyway: the exchange rides on that delivery
            day, why = session["starts_at"].date(), []
        else:
            day, why = days[point["branch"]].first_open(due_on)
        going, repeats, refused = await _choose(point, day, repeat_months, chosen)
        if going:
            chosen.add(going["id"])
        if coming_back is not None:
            set_row = await BookSet.select(BookSet.name).where(BookSet.id == coming_back["book_set"]).first()
            coming_back = {**coming_back, "set_name": set_row["name"] if set_row else ""}
        found.append(Proposal(place=point, day=day, due_on=due_on, moved_because=why, coming_back=coming_back, going_out=going,
                              repeats=repeats, refused=refused, session=session))
    return sorted(found, key=lambda p: (p.day, p.place["name"].casefold()))


def _delivery_sessions():
    """Delivery sessions to a service point that will happen: not cancelled, of an active item."""
    return Occurrence.select(Occurrence.id, Occurrence.item, Occurrence.starts_at, Occurrence.ends_at, Occurrence.place,
                             Occurrence.item.place.as_alias("item_place")).where(
        (Occurrence.item.kind == "delivery") & (Occurrence.item.delivery_kind == "service_point") & (Occurrence.cancelled == False)  # noqa: E712
        & Occurrence.item.status.not_in(["cancelled", "draft"]))


async def _planned_session(place_id: int, first: date, last: date) -> dict | None:
    """The first delivery planned to the place between the two days that takes no set out yet."""
    rows = await _delivery_sessions().where(
        (Occurrence.starts_at >= datetime.combine(first, time.min)) & (Occurrence.starts_at < datetime.combine(last + timedelta(days=1), time.min))
    ).order_by(Occurrence.starts_at)
    rows = [row for row in rows if (row["place"] or row["item_place"]) == place_id]
    taken = {row["delivery"] for row in await SetPlacement.select(SetPlacement.delivery).where(
        SetPlacement.delivery.is_in([row["id"] for row in rows] or [-1]))}
    return next((row for row in rows if row["id"] not in taken), None)


async def _delivery_item(place: dict, day: date, start: time, end: time, staff: dict, title: str) -> tuple[int, int]:
    draft = await validate_item({
        "kind": "delivery", "delivery_kind": "service_point", "title": title, "branch_id": place["branch"],
        "place_id": place["id"], "start_date": day.isoformat(), "start_time": start.strftime("%H:%M"),
        "end_date": day.isoformat(), "end_time": end.strftime("%H:%M"), "status": "published", "is_public": "1", "repeat": "none",
    }, staff)
    item_id = await create_item(draft, staff.get("id"))
    session = await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first()
    return item_id, session["id"]


async def accept_proposal(*, place_id: int, day: date, start: time, end: time, set_id: int | None, returning_id: int | None,
                          staff: dict, title: str, repeat_allowed: bool = False, repeat_months: int = REPEAT_MONTHS,
                          session_id: int | None = None) -> int:
    """Plan the delivery: a delivery item at the service point on `day` (or `session_id`, a
    delivery to the place already in the programme, whose day and time then stand), the set
    `set_id` placed there from that day until its rotation is over, the placement `returning_id`
    collected by it. Returns the item's id. A set with titles there recently is refused unless
    `repeat_allowed`."""
    errors: dict[str, str] = {}
    async with transaction():
        place = await Place.select(Place.id, Place.name, Place.branch, Place.kind).where(Place.id == place_id).first()
        if place is None or place["kind"] != PlaceKind.SERVICE_POINT.value or not can_edit_branch(staff, place["branch"]):
            raise ValidationFailed({"place_id": "not_a_service_point"})
        planned = None
        if session_id is not None:
            planned = await _delivery_sessions().where(Occurrence.id == session_id).first()
            if planned is None or (planned["place"] or planned["item_place"]) != place_id or planned["starts_at"].date() <= local_today():
                raise ValidationFailed({"session_id": "unknown"})
            day = planned["starts_at"].date()
        elif end <= start:
            raise ValidationFailed({"end_time": "end_before_start"})
        if day < local_today():
            raise ValidationFailed({"day": "day_in_past"})
        book_set = None
        if set_id is not None:
            # touched first: a second acceptance of the same set (a double click, a colleague) waits
            # here for this one's commit and then finds the set out, on PostgreSQL as on SQLite
            await BookSet.update({BookSet.version: BookSet.version + 1}).where(BookSet.id == set_id)
            book_set = await BookSet.select().where((BookSet.id == set_id) & (BookSet.branch == place["branch"])).first()
            if book_set is None or not book_set["active"] or book_set["receiver"] != "service_point" or book_set["place"] not in (None, place_id):
                errors["set_id"] = "unknown"
            elif await SetPlacement.exists().where((SetPlacement.book_set == set_id) & SetPlacement.returned_on.is_null()):
                errors["set_id"] = "set_is_out"
        returning = None
        if returning_id is not None:
            returning = await SetPlacement.select().where(
                (SetPlacement.id == returning_id) & (SetPlacement.place == place_id) & SetPlacement.returned_on.is_null()).first()
            if returning is None or returning["collection"] is not None:
                errors["returning_id"] = "unknown"
        if book_set is None and returning is None and not errors:
            errors["set_id"] = "required"
        titles = []
        if book_set is not None and not errors:
            titles = [{"barcode": book["barcode"], "author": book["author"], "title": book["title"]}
                      for book in await BookSetTitle.select().where(BookSetTitle.book_set == set_id).order_by(BookSetTitle.position)]
            if not titles:
                errors["set_id"] = "set_empty"
            elif not repeat_allowed:
                recent = await recent_titles(place_id, day, repeat_months)
                if any(title_key(t) in recent for t in titles):
                    errors["set_id"] = "titles_there_recently"
        if errors:
            raise ValidationFailed(errors)
        if planned is not None:
            item_id, session_id = planned["item"], planned["id"]
        else:
            item_id, session_id = await _delivery_item(place, day, start, end, staff, title)
        if book_set is not None:
            await SetPlacement.insert(SetPlacement(
                book_set=set_id, branch=place["branch"], place=place_id, placed_on=day, due_on=day + timedelta(days=book_set["rotation_days"]),
                delivery=session_id, delivery_item=item_id, titles=titles, repeat_allowed=repeat_allowed, created_by=staff.get("id")))
        if returning is not None:
            claimed = await SetPlacement.update({SetPlacement.collection: session_id, SetPlacement.collection_item: item_id}).where(
                (SetPlacement.id == returning_id) & SetPlacement.collection.is_null()).returning(SetPlacement.id)
            if not claimed:  # another delivery took it meanwhile: this one's item goes with the transaction
                raise ValidationFailed({"returning_id": "unknown"})
        await add_to_round(place["branch"], day, session_id)
    return item_id


async def lend_set(set_id: int, placed_on: date, due_on: date | None, staff: dict) -> int:
    """A set handed to its group or partner (or to its service point without a planned delivery)."""
    async with transaction():
        await BookSet.update({BookSet.version: BookSet.version + 1}).where(BookSet.id == set_id)  # as in accept_proposal
        book_set = await BookSet.select().where(BookSet.id == set_id).first()
        if book_set is None or not can_edit_branch(staff, book_set["branch"]):
            raise ValidationFailed({"set_id": "unknown"})
        if await SetPlacement.exists().where((SetPlacement.book_set == set_id) & SetPlacement.returned_on.is_null()):
            raise ValidationFailed({"set_id": "set_is_out"})
        due_on = due_on or placed_on + timedelta(days=book_set["rotation_days"])
        if due_on < placed_on:
            raise ValidationFailed({"due_on": "end_before_start"})
        titles = [{"barcode": book["barcode"], "author": book["author"], "title": book["title"]}
                  for book in await BookSetTitle.select().where(BookSetTitle.book_set == set_id).order_by(BookSetTitle.position)]
        if not titles:
            raise ValidationFailed({"set_id": "set_empty"})
        rows = await SetPlacement.insert(SetPlacement(
            book_set=set_id, branch=book_set["branch"], place=book_set["place"] if book_set["receiver"] == "service_point" else None,
            partner=book_set["partner"], group_name=book_set["group_name"], placed_on=placed_on, due_on=due_on, titles=titles,
            created_by=staff.get("id"))).returning(SetPlacement.id)
    return rows[0]["id"]


async def return_set(placement_id: int, back: set[int], day: date, staff: dict) -> list[dict]:
    """The set is back: `back` are the positions (in the placement's list) ticked as returned; the
    rest is recorded as missing. Returns the missing titles. Done once: a second submit changes nothing."""
    async with transaction():
        placement = await SetPlacement.select().where(SetPlacement.id == placement_id).first()
        if placement is None or not can_edit_branch(staff, placement["branch"]):
            raise ValidationFailed({"placement": "unknown"})
        if placement["returned_on"] is not None:
            raise ValidationFailed({"placement": "already_returned"})
        if day < placement["placed_on"]:
            raise ValidationFailed({"returned_on": "end_before_start"})
        titles = loaded(placement["titles"]) or []
        missing = [title for position, title in enumerate(titles) if position not in back]
        saved = await SetPlacement.update({SetPlacement.returned_on: day, SetPlacement.missing: missing,
                                           SetPlacement.returned_by: staff.get("id")}).where(
            (SetPlacement.id == placement_id) & SetPlacement.returned_on.is_null()).returning(SetPlacement.id)
        if not saved:  # a colleague's return came first
            raise ValidationFailed({"placement": "already_returned"})
    return missing


async def placement_detail(placement_id: int) -> dict | None:
    row = await SetPlacement.select(SetPlacement.all_columns(), SetPlacement.book_set.name.as_alias("set_name"),
                                    SetPlacement.place.name.as_alias("place_name"), SetPlacement.partner.name.as_alias("partner_name")
                                    ).where(SetPlacement.id == placement_id).first()
    if row is not None:
        row["titles"], row["missing"] = loaded(row["titles"]) or [], loaded(row["missing"]) or []
        for key in ("delivery", "collection"):
            if row[key]:
                row[key + "_session"] = await Occurrence.select(Occurrence.starts_at, Occurrence.item).where(Occurrence.id == row[key]).first()
    return row


async def planned_deliveries(branch_ids: list[int] | None, start: datetime) -> list[dict]:
    """Delivery sessions to service points from `start` on, with the sets they bring and take."""
    query = Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.ends_at, Occurrence.item, Occurrence.item.title.as_alias("title"),
                              Occurrence.item.place.name.as_alias("place_name"), Occurrence.item.place.as_alias("place_id")).where(
        (Occurrence.item.kind == "delivery") & (Occurrence.item.delivery_kind == "service_point") & (Occurrence.starts_at >= start)
        & (Occurrence.cancelled == False) & (Occurrence.item.status.not_in(["cancelled", "draft"])))  # noqa: E712
    if branch_ids is not None:
        query = query.where(Occurrence.item.branch.is_in(branch_ids or [-1]))
    rows = await query.order_by(Occurrence.starts_at).limit(50)
    ids = [row["id"] for row in rows] or [-1]
    placements = await SetPlacement.select(SetPlacement.id, SetPlacement.delivery, SetPlacement.collection,
                                           SetPlacement.book_set.name.as_alias("set_name")).where(
        SetPlacement.delivery.is_in(ids) | SetPlacement.collection.is_in(ids))
    for row in rows:
        row["going"] = [p for p in placements if p["delivery"] == row["id"]]
        row["coming"] = [p for p in placements if p["collection"] == row["id"]]
    return rows

