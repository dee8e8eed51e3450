"""Loads the demo: the Līvāni network and staff (app/commands/demo/network.py), then a programme for
"this month and next" (app/commands/demo/programme.py, with the month's campaigns from
app/commands/demo/seasonal.py), all taken from the 2023 annual report of Rožupe library.

Every item goes through `validate_item` and `create_item`, the same path as the planner's form,
so the demo can never hold an item the UI would refuse."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from models.kernel.clock import local_now, utc_of_wall
from models.partners import AnswerRefused, answer, ask, token_for
from app.commands.demo.cooperation import build_cooperation
from app.commands.demo.dates import month_end, month_start
from app.commands.demo.history import build_history, load_library_figures, record_demo_attendance
from app.commands.demo.network import BRANCHES, CONTACTS, NETWORK_NAME, PARTNERS, PLACES, SERVICE_POINTS, STAFF
from app.commands.demo.outreach import build_outreach
from app.commands.demo.programme import build_programme
from app.commands.demo.registration import build_registrations
from models.kernel.enums import Audience, Confirmation, Kind, PartnerRole, Status
from models.planning import create_item
from models.kernel.network_tables import Branch, Network, Staff
from models.kernel.tables import Attendance, Item, ItemPartner, Occurrence, Partner, PartnerContact, Place
from models.planning import validate_item

DEMO_PASSWORD = "afisa-demo-2026"


class DemoRefused(Exception):
    """The database already holds a programme; the demo never mixes with real data."""


class _Ids:
    def __init__(self) -> None:
        self.branch: dict[str, int] = {}
        self.place: dict[str, int] = {}
        self.partner: dict[str, int] = {}
        self.staff: dict[str, dict] = {}


async def _network(ids: _Ids) -> None:
    if not await Network.exists():
        await Network.insert(Network(name=NETWORK_NAME))
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
    for key, (host, contact) in SERVICE_POINTS.items():  # who receives the books there, and whom the rotation's notices go to
        await Place.update({Place.host_partner: ids.partner[host] if host else None, Place.contact: contact}).where(Place.id == ids.place[key])
    for key, name, role, email, phone, language in CONTACTS:
        partner_id = ids.partner[key]
        if not await PartnerContact.exists().where((PartnerContact.partner == partner_id) & (PartnerContact.name == name)):
            await PartnerContact.insert(PartnerContact(partner=partner_id, name=name, role=role, email=email, phone=phone, language=language))


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


class Planner:
    def __init__(self, ids: _Ids, now: datetime, base_url: str = "http://127.0.0.1:8000") -> None:
        self.ids = ids
        self.now = now
        self.base_url = base_url
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
        default = CONFIRMATION_FOR[draft.status]
        for partner_key, _ in partners:
            wanted = (confirmations or {}).get(partner_key, default)
            if wanted in (Confirmation.ASKED, Confirmation.PROPOSED):
                await self._ask(item_id, partner_key, staff, wanted, draft)
            elif wanted != Confirmation.NOT_ASKED:
                # confirmed earlier by phone or in person: the demo's past, before Afiša
                await ItemPartner.update({ItemPartner.confirmation: wanted.value}).where(
                    (ItemPartner.item == item_id) & (ItemPartner.partner == self.ids.partner[partner_key])
                )
        self.created[key] = item_id
        return item_id

    async def _ask(self, item_id: int, partner_key: str, staff: dict, wanted: Confirmation, draft) -> None:
        """"Waiting for an answer" is a real request: the mail in the outbox and a link that works,
        so the planner, the item and /waiting agree. A partner with no contact to mail is not asked."""
        contact = await PartnerContact.select(PartnerContact.id).where(
            (PartnerContact.partner == self.ids.partner[partner_key]) & (PartnerContact.email != "")).first()
        if contact is None:
            return
        asked_at = utc_of_wall(self.now)
        try:
            [request_id] = await ask(item_id, [contact["id"]], staff, self.base_url, now=asked_at)
        except AnswerRefused:  # over already: nothing to ask
            return
        if wanted == Confirmation.PROPOSED:  # "could it be a day later?": the proposal waiting for the librarian
            later = draft.starts_at + timedelta(days=1)
            await answer(token_for(request_id, asked_at), "proposed", "Vai varētu dienu vēlāk?", later, later + draft.duration,
                         base_url=self.base_url, now=asked_at)


async def load_demo(
    today: date,
    hash_password: Callable[[str], str],
    *,
    password: str = DEMO_PASSWORD,
    now: datetime | None = None,
    history: bool = False,
    base_url: str = "http://127.0.0.1:8000",
) -> dict:
    """Fill an empty database with the Līvāni network and a programme for the month of `today`
    and the next. `hash_password` comes from the app (models never import it); `now` is local
    wall-clock time in Europe/Riga and decides which past items show as held. With `history`, last
    year and this year's past months are filled too, with the outreach's sets, home readers and
    delivery rounds (app/commands/demo/outreach.py), attendance is recorded for what has ended, and
    the library system's monthly figures are loaded (app/commands/demo/history.py): the statistics' demo."""
    if await Item.count() > 0:
        raise DemoRefused("the database already has programme items; the demo loads only into an empty programme")
    now = now or local_now()
    ids = _Ids()
    async with Item._meta.db.transaction():
        await _network(ids)
        logins = await _staff(ids, hash_password, password)
        planner = Planner(ids, now, base_url)
        series_changes = await build_programme(planner, today)
        past = {"months": 0, "attendance": 0, "figures": 0}
        outreach = {"sets": 0, "readers": 0, "rounds": 0}
        registrations = await build_registrations(planner, today, history=history)  # before the attendance: its workshops record their own
        if history:
            past["months"] = await build_history(planner, today)
            outreach = await build_outreach(planner, today)  # its rounds record their delivery sessions' attendance
            staff_by_branch = {row["branch"]: row["id"] for row in ids.staff.values() if row["role"] == "librarian"}
            await record_demo_attendance(now, staff_by_branch)
            past["attendance"] = await Attendance.count()
            past["figures"] = await load_library_figures(today)
        # the annual report's words for each year the demo has a programme in
        years = {today.year, month_start(today, 1).year} | ({today.year - 1} if history else set())
        await build_cooperation(planner, sorted(years))
    return {
        "branches": len(ids.branch),
        "places": len(ids.place),
        "partners": len(ids.partner),
        "staff": len(ids.staff),
        "items": len(planner.created),
        "occurrences": await Occurrence.count(),
        "moved_occurrences": series_changes["moved"],
        "cancelled_occurrences": series_changes["cancelled"],
        "from": month_start(today),
        "to": month_end(month_start(today, 1)),
        "password": password,
        "history": past,
        "outreach": outreach,
        "registrations": registrations,
        "logins": logins,
    }
