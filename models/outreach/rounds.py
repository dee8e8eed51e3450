"""A day's delivery round: the service points whose delivery sessions fall on the day and the home
readers due that day, in order, as a run sheet and as a checklist on a phone. Finishing a stop
keeps its figures; finishing the round records them as the delivery sessions' attendance
(models/attendance), so the statistics, the item's history and the statistics core get them
without anyone typing them twice. The day's home deliveries are one delivery item (internal, no
names in it): its readers served are the home stops done."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from models.attendance import get_session, record_attendance
from models.kernel.clock import local_today, local_wall_time, utcnow
from models.kernel.db import transaction
from models.kernel.outreach_tables import DeliveryRound, HomeLoan, HomeReader, RoundStop, SetPlacement
from models.kernel.permissions import can_edit_branch
from models.kernel.tables import Occurrence, PartnerContact, Place
from models.kernel.validation import ValidationFailed, as_int
from models.outreach.readers import already_read, due_readers
from models.outreach.sets import TitleLine, loaded, parse_pasted
from models.planning import StaleEdit, create_item, move_sessions, validate_item

MAX_ITEMS = 10_000
HOME_HOURS = (time(10, 0), time(14, 0))


async def _service_sessions(branch_id: int, day: date) -> list[dict]:
    start = datetime.combine(day, time.min)
    return await Occurrence.select(Occurrence.id, Occurrence.starts_at, Occurrence.ends_at, Occurrence.item,
                                   Occurrence.item.place.as_alias("item_place"), Occurrence.place).where(
        (Occurrence.item.branch == branch_id) & (Occurrence.item.kind == "delivery") & (Occurrence.item.delivery_kind == "service_point")
        & (Occurrence.starts_at >= start) & (Occurrence.starts_at < start + timedelta(days=1)) & (Occurrence.cancelled == False)  # noqa: E712
        & Occurrence.item.status.not_in(["cancelled", "draft"])).order_by(Occurrence.starts_at)


async def round_of(branch_id: int, day: date) -> int | None:
    row = await DeliveryRound.select(DeliveryRound.id).where(DeliveryRound.day_key == f"{branch_id}:{day.isoformat()}").first()
    return row["id"] if row else None


async def add_to_round(branch_id: int, day: date, session_id: int) -> None:
    """A delivery planned after its day's round was made becomes the round's last stop (a finished
    round stays as it was)."""
    found = await DeliveryRound.select(DeliveryRound.id, DeliveryRound.finished_at).where(DeliveryRound.day_key == f"{branch_id}:{day.isoformat()}").first()
    if found is None or found["finished_at"] is not None or await RoundStop.exists().where(
            (RoundStop.round == found["id"]) & (RoundStop.session == session_id)):
        return
    session = await Occurrence.select(Occurrence.place, Occurrence.item.place.as_alias("item_place")).where(Occurrence.id == session_id).first()
    if session is None:
        return
    last = await RoundStop.select(RoundStop.position).where(RoundStop.round == found["id"]).order_by(RoundStop.position, ascending=False).first()
    await RoundStop.insert(RoundStop(round=found["id"], position=(last["position"] + 1) if last else 0, place=session["place"] or session["item_place"],
                                     session=session_id))


async def plan_round(branch_id: int, day: date, staff: Mapping[str, Any], *, title: str) -> int:
    """The day's round (made once; asked again, the same round with the deliveries planned since
    added). `title`: the home-delivery item's, in the library's language."""
    if not can_edit_branch(staff, branch_id):
        raise ValidationFailed({"branch_id": "place_branch_forbidden"})
    async with transaction():
        # the unique day_key decides between two librarians asking at the same moment
        rows = await DeliveryRound.insert(DeliveryRound(branch=branch_id, day=day, day_key=f"{branch_id}:{day.isoformat()}", created_by=staff.get("id"))
                                          ).on_conflict(target=DeliveryRound.day_key, action="DO NOTHING").returning(DeliveryRound.id)
        sessions = await _service_sessions(branch_id, day)
        if not rows:
            for session in sessions:
                await add_to_round(branch_id, day, session["id"])
            return await round_of(branch_id, day)
        round_id = rows[0]["id"]
        readers = await due_readers(branch_id, day)
        if readers:
            draft = await validate_item({
                "kind": "delivery", "delivery_kind": "home", "title": title, "branch_id": branch_id, "start_date": day.isoformat(),
                "start_time": HOME_HOURS[0].strftime("%H:%M"), "end_date": day.isoformat(), "end_time": HOME_HOURS[1].strftime("%H:%M"),
                "status": "planned", "is_public": False, "repeat": "none",
            }, staff)
            item_id = await create_item(draft, staff.get("id"))
            home_session = (await Occurrence.select(Occurrence.id).where(Occurrence.item == item_id).first())["id"]
            await DeliveryRound.update({DeliveryRound.home_session: home_session}).where(DeliveryRound.id == round_id)
        stops = [RoundStop(round=round_id, position=i, place=s["place"] or s["item_place"], session=s["id"]) for i, s in enumerate(sessions)]
        stops += [RoundStop(round=round_id, position=len(sessions) + i, reader=r["id"], readers_served=1) for i, r in enumerate(readers)]
        if stops:
            await RoundStop.insert(*stops)
    return round_id


async def _contact_phone(place: Mapping[str, Any] | None) -> str:
    if not place or not place.get("host_partner"):
        return ""
    row = await PartnerContact.select(PartnerContact.phone).where(
        (PartnerContact.partner == place["host_partner"]) & (PartnerContact.active == True) & (PartnerContact.phone != "")).first()  # noqa: E712
    return row["phone"] if row else ""


async def round_detail(round_id: int) -> dict | None:
    """The round with each stop's address, who to call, what to bring and what to collect."""
    found = await DeliveryRound.select(DeliveryRound.all_columns(), DeliveryRound.branch.short_name.as_alias("branch_name")).where(
        DeliveryRound.id == round_id).first()
    if found is None:
        return None
    stops = await RoundStop.select().where(RoundStop.round == round_id).order_by(RoundStop.position).order_by(RoundStop.id)
    sessions = [s["session"] for s in stops if s["session"]] or [-1]
    placements = await SetPlacement.select(SetPlacement.id, SetPlacement.delivery, SetPlacement.collection, SetPlacement.titles,
                                           SetPlacement.book_set.name.as_alias("set_name")).where(
        SetPlacement.delivery.is_in(sessions) | SetPlacement.collection.is_in(sessions))
    places = {row["id"]: row for row in await Place.select(Place.id, Place.name, Place.address, Place.contact, Place.host_partner).where(
        Place.id.is_in([s["place"] for s in stops if s["place"]] or [-1]))}
    readers = {row["id"]: row for row in await HomeReader.select().where(HomeReader.id.is_in([s["reader"] for s in stops if s["reader"]] or [-1]))}
    open_loans: dict[int, list[dict]] = {}
    for loan in await HomeLoan.select().where(HomeLoan.reader.is_in(list(readers) or [-1]) & HomeLoan.returned_on.is_null()):
        open_loans.setdefault(loan["reader"], []).append(loan)
    for placement in placements:
        placement["titles"] = loaded(placement["titles"]) or []
    for stop in stops:
        stop["bring"] = loaded(stop["bring"]) or []
        stop["done"] = stop["done_at"] is not None
        if stop["reader"]:
            reader = readers[stop["reader"]]
            stop["kind"], stop["reader_row"] = "home", reader
            stop["name"], stop["address"] = reader["name"] or "—", reader["address"]
            stop["phone"] = reader["carrier_phone"] or reader["phone"]
            stop["collect"] = [] if stop["done"] else open_loans.get(reader["id"], [])
            stop["already_read"] = await already_read(reader["id"], stop["bring"] or []) if not stop["done"] else {}
            stop["bring_sets"], stop["collect_sets"] = [], []
        else:
            place = places.get(stop["place"]) or {}
            stop["kind"], stop["name"], stop["address"] = "point", place.get("name", "—"), place.get("address", "")
            stop["contact"], stop["phone"] = place.get("contact", ""), await _contact_phone(place)
            # a stop whose delivery was deleted from the planner has nothing of its own to bring
            stop["bring_sets"] = [p for p in placements if stop["session"] and p["delivery"] == stop["session"]]
            stop["collect_sets"] = [p for p in placements if stop["session"] and p["collection"] == stop["session"]]
    found["stops"] = stops
    found["done"] = sum(1 for s in stops if s["done"])
    return found


def _figure(value: Any, default: int) -> int:
    number = as_int(str(value).replace(" ", "")) if value not in (None, "") else default
    if number is None:
        return default
    if not 0 <= number <= MAX_ITEMS:
        raise ValueError("figure_range")
    return number


async def _stop(stop_id: int, staff: Mapping[str, Any]) -> tuple[dict, dict]:
    stop = await RoundStop.select().where(RoundStop.id == stop_id).first()
    if stop is not None:
        stop["bring"] = loaded(stop["bring"]) or []
    found = await DeliveryRound.select().where(DeliveryRound.id == stop["round"]).first() if stop else None
    if found is None or not can_edit_branch(staff, found["branch"]):
        raise ValidationFailed({"stop": "unknown"})
    return stop, found


async def set_bring(stop_id: int, text: str, staff: Mapping[str, Any]) -> list[TitleLine]:
    """The titles chosen for a home reader, pasted one a line (checked whole)."""
    titles = parse_pasted(text) if str(text or "").strip() else []
    async with transaction():
        stop, _ = await _stop(stop_id, staff)
        if not stop["reader"]:
            raise ValidationFailed({"bring": "bring_home_only"})
        if stop["done_at"] is not None:
            raise ValidationFailed({"bring": "stop_done"})
        if await _erased(stop["reader"]):
            raise ValidationFailed({"bring": "reader_erased"})
        await RoundStop.update({RoundStop.bring: [{"barcode": t.barcode, "author": t.author, "title": t.title} for t in titles]}).where(
            RoundStop.id == stop_id)
    return titles


async def _erased(reader_id: int) -> bool:
    return not await HomeReader.exists().where((HomeReader.id == reader_id) & HomeReader.anonymised_at.is_null())


async def finish_stop(stop_id: int, raw: Mapping[str, Any], staff: Mapping[str, Any], *, now: datetime | None = None) -> dict:
    """The stop is done: its figures kept (a blank is what the sheet said: the titles brought, the
    ones to collect, one reader at a home). A home reader's titles become "already read", once:
    the first "done" claims the stop in one statement, a second (a colleague, a double tap) only
    corrects the figures."""
    now = now or utcnow()
    async with transaction():
        stop, found = await _stop(stop_id, staff)
        if found["day"] > local_today():
            raise ValidationFailed({"stop": "round_in_future"})
        if stop["reader"] and await _erased(stop["reader"]):
            raise ValidationFailed({"stop": "reader_erased"})
        detail = await round_detail(found["id"])
        shown = next(s for s in detail["stops"] if s["id"] == stop_id)
        bring_default = len(stop["bring"] or []) if stop["reader"] else sum(len(p["titles"] or []) for p in shown["bring_sets"])
        back_default = len(shown.get("collect") or []) if stop["reader"] else sum(len(p["titles"] or []) for p in shown["collect_sets"])
        errors: dict[str, str] = {}
        figures = {}
        for name, default in (("items_out", bring_default), ("items_back", back_default), ("readers_served", 1 if stop["reader"] else 0)):
            try:
                figures[name] = _figure(raw.get(name), stop[name] if stop["done_at"] else default)
            except ValueError as error:
                errors[name] = str(error)
        if errors:
            raise ValidationFailed(errors)
        if stop["reader"]:
            figures["readers_served"] = 1
        values = {RoundStop.items_out: figures["items_out"], RoundStop.items_back: figures["items_back"],
                  RoundStop.readers_served: figures["readers_served"]}
        claimed = await RoundStop.update({**values, RoundStop.done_at: now}).where(
            (RoundStop.id == stop_id) & RoundStop.done_at.is_null()).returning(RoundStop.id)
        if not claimed:
            await RoundStop.update(values).where(RoundStop.id == stop_id)  # done already: its figures corrected
        elif stop["reader"]:
            day = found["day"]
            await HomeLoan.update({HomeLoan.returned_on: day, HomeLoan.returned_stop: stop_id}).where(
                (HomeLoan.reader == stop["reader"]) & HomeLoan.returned_on.is_null())
            if stop["bring"]:
                await HomeLoan.insert(*[HomeLoan(reader=stop["reader"], stop=stop_id, delivered_on=day, **title) for title in stop["bring"]])
            await HomeReader.update({HomeReader.last_visit_on: day}).where(HomeReader.id == stop["reader"])
    return figures


async def reopen_stop(stop_id: int, staff: Mapping[str, Any]) -> None:
    """Not done after all: what its "done" wrote to the reader's titles is taken back, so doing it
    again writes it once."""
    async with transaction():
        stop, found = await _stop(stop_id, staff)
        if found["finished_at"] is not None:
            raise ValidationFailed({"stop": "round_finished"})
        reopened = await RoundStop.update({RoundStop.done_at: None}).where((RoundStop.id == stop_id) & RoundStop.done_at.is_not_null()).returning(
            RoundStop.id)
        if reopened and stop["reader"]:
            await HomeLoan.delete().where(HomeLoan.stop == stop_id)
            await HomeLoan.update({HomeLoan.returned_on: None, HomeLoan.returned_stop: None}).where(HomeLoan.returned_stop == stop_id)
            last = await RoundStop.select(RoundStop.round.day.as_alias("day")).where(
                (RoundStop.reader == stop["reader"]) & RoundStop.done_at.is_not_null()).order_by(RoundStop.round.day, ascending=False).first()
            await HomeReader.update({HomeReader.last_visit_on: last["day"] if last else None}).where(HomeReader.id == stop["reader"])


async def move_stop(stop_id: int, step: int, staff: Mapping[str, Any]) -> None:
    """One place up (-1) or down (+1) in the round."""
    async with transaction():
        stop, found = await _stop(stop_id, staff)
        stops = await RoundStop.select(RoundStop.id).where(RoundStop.round == found["id"]).order_by(RoundStop.position).order_by(RoundStop.id)
        order = [row["id"] for row in stops]
        at = order.index(stop_id)
        other = at + (1 if step > 0 else -1)
        if 0 <= other < len(order):
            order[at], order[other] = order[other], order[at]
            for position, row_id in enumerate(order):
                await RoundStop.update({RoundStop.position: position}).where(RoundStop.id == row_id)


async def _ended_by(session_id: int, wall_now: datetime, began: datetime, staff_id: int | None) -> None:
    """A delivery finished before its planned end: the session ends now (attendance is for sessions
    that have ended); one that was planned to start later still starts as planned if it can, else
    when its first stop was done (`began`)."""
    row = await Occurrence.select().where(Occurrence.id == session_id).first()
    if row is None or row["ends_at"] <= wall_now:
        return
    end = wall_now.replace(second=0, microsecond=0)
    start = row["starts_at"] if row["starts_at"] < end else min(began.replace(second=0, microsecond=0), end - timedelta(minutes=1))
    await move_sessions(row["item"], [(session_id, start, end)], staff_id, action="delivery_finished_early")


class Recorded(dict):
    """{session id: the figures recorded as its attendance}; `kept`: sessions whose attendance was
    already recorded otherwise (on the attendance page) and stays as it was."""

    kept: list[int]


async def finish_round(round_id: int, staff: Mapping[str, Any], *, now: datetime | None = None) -> Recorded:
    """Record each done stop's figures as its delivery session's attendance, and the home stops'
    sum as the day's home-delivery session's; again after a stop's correction. A session the
    planner has cancelled meanwhile, or moved off the round's day, is left out. When the round is
    finished the first time, attendance someone already recorded on the attendance page is kept,
    not overwritten (`kept`)."""
    now = now or utcnow()
    recorded = Recorded()
    recorded.kept = []
    async with transaction():
        found = await DeliveryRound.select().where(DeliveryRound.id == round_id).first()
        if found is None or not can_edit_branch(staff, found["branch"]):
            raise ValidationFailed({"round": "unknown"})
        if found["day"] > local_today():
            raise ValidationFailed({"round": "round_in_future"})
        stops = await RoundStop.select().where(RoundStop.round == round_id)
        done = [s for s in stops if s["done_at"] is not None]
        if not done:
            raise ValidationFailed({"round": "no_stop_done"})
        wall_now = local_wall_time(now)
        wanted: dict[int, dict] = {}
        for stop in done:
            if stop["session"]:
                wanted[stop["session"]] = {name: stop[name] for name in ("items_out", "items_back", "readers_served")}
        home = [s for s in done if s["reader"]]
        if home and found["home_session"]:
            wanted[found["home_session"]] = {"items_out": sum(s["items_out"] for s in home), "items_back": sum(s["items_back"] for s in home),
                                             "readers_served": len(home)}
        began: dict[int, datetime] = {}
        for stop in done:
            session_id = stop["session"] or (found["home_session"] if stop["reader"] else None)
            if session_id:
                began[session_id] = min(began.get(session_id, wall_now), local_wall_time(stop["done_at"]))
        for session_id, figures in wanted.items():
            session = await get_session(session_id)
            if session is None or session["cancelled"] or session["status"] in ("draft", "cancelled") or session["starts_at"].date() != found["day"]:
                continue  # cancelled or moved to another day in the planner meanwhile: not this round's to record
            if session["attendance"] is not None and found["finished_at"] is None:
                recorded.kept.append(session_id)
                continue
            await _ended_by(session_id, wall_now, began.get(session_id, wall_now), staff.get("id"))
            try:
                await record_attendance(session_id, figures, staff.get("id"), now=now,
                                        expected_version=session["attendance"]["version"] if session["attendance"] else 0)
            except StaleEdit:  # recorded by someone else in between: theirs stays
                recorded.kept.append(session_id)
                continue
            recorded[session_id] = figures
        await DeliveryRound.update({DeliveryRound.finished_at: found["finished_at"] or now, DeliveryRound.finished_by: staff.get("id")}).where(
            DeliveryRound.id == round_id)
    return recorded


async def rounds_of(branch_ids: list[int] | None, *, since: date | None = None, limit: int = 20) -> list[dict]:
    query = DeliveryRound.select(DeliveryRound.all_columns(), DeliveryRound.branch.short_name.as_alias("branch_name"))
    if branch_ids is not None:
        query = query.where(DeliveryRound.branch.is_in(branch_ids or [-1]))
    if since is not None:
        query = query.where(DeliveryRound.day >= since)
    rows = await query.order_by(DeliveryRound.day, ascending=False).limit(limit)
    ids = [row["id"] for row in rows] or [-1]
    counts: dict[int, list[int]] = {}
    for stop in await RoundStop.select(RoundStop.round, RoundStop.done_at).where(RoundStop.round.is_in(ids)):
        entry = counts.setdefault(stop["round"], [0, 0])
        entry[0] += 1
        entry[1] += stop["done_at"] is not None
    for row in rows:
        row["stops"], row["done"] = counts.get(row["id"], [0, 0])
    return rows



