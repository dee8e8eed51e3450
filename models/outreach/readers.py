"""Home delivery readers: a card with only what the delivery needs, consent with its date, the
titles brought (so the librarian sees "already read"), and the end of it all: after
`RETENTION_MONTHS` without a delivery, or at the reader's request, the personal fields are
blanked and the titles deleted, leaving the counts (rounds and the statistics keep theirs).

Only the staff of the reader's own branch see a card (`can_see`): not another branch's
librarians, not the network's coordinators unless it is their branch; nothing of it reaches a
feed, a public page, a mail or the logs (the web layer shows the reader by number and id only)."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from dateutil.relativedelta import relativedelta

from models.kernel.clock import local_today, utcnow
from models.kernel.db import transaction
from models.kernel.outreach_tables import DeliveryRound, HomeLoan, HomeReader, RoundStop
from models.kernel.network_tables import Branch
from models.kernel.validation import PHONE, Collector, ValidationFailed, as_bool, bounded_int, clean_text, optional_date
from models.network import changed_fields, record_history
from models.outreach.sets import loaded, title_key

CARRIERS = ("librarian", "neighbour", "relative", "social_worker", "postman")
PARTS_OF_DAY = ("morning", "afternoon")
RETENTION_MONTHS = 12
MAX_SKIPS = 20
PERSONAL = ("reader_number", "name", "address", "phone", "carrier_name", "carrier_phone", "kinds", "subjects", "authors",
            "language", "notes", "consent_note")


def can_see(staff: Mapping[str, Any] | None, branch_id: int | None) -> bool:
    """A reader's card is for the staff of the reader's branch."""
    return bool(staff) and branch_id is not None and staff.get("branch") == branch_id


@dataclass
class ReaderDraft:
    branch: int
    reader_number: str
    name: str
    address: str
    phone: str
    carrier: str
    carrier_name: str
    carrier_phone: str
    weekday: int | None
    part_of_day: str
    every_weeks: int
    books_per_visit: int
    skips: list
    kinds: str
    subjects: str
    authors: str
    large_print: bool
    language: str
    notes: str
    consent_on: date | None
    consent_note: str
    started_on: date | None
    active: bool


def _phone(value: Any) -> str:
    text = clean_text(value, 40)
    if text and not PHONE.match(text):
        raise ValueError("phone_invalid")
    return text


def _choice(value: Any, choices: tuple[str, ...], default: str) -> str:
    text = str(value or "").strip() or default
    if text not in choices:
        raise ValueError("choice")
    return text


def parse_skips(value: Any) -> list[list[str]]:
    """Skip periods: one a line, "20.12.2026 - 06.01.2027" or one day; or a list of pairs."""
    if isinstance(value, list):
        lines = [" - ".join(str(part) for part in pair) if isinstance(pair, (list, tuple)) else str(pair) for pair in value]
    else:
        lines = [line for line in str(value or "").splitlines() if line.strip()]
    if len(lines) > MAX_SKIPS:
        raise ValueError("too_many_skips")
    periods = []
    for line in lines:
        parts = [part for part in line.replace("–", "-").replace("—", "-").split(" - ") if part.strip()]
        if len(parts) == 1 and line.count("-") == 1 and "." in line:
            parts = line.split("-")
        if not 1 <= len(parts) <= 2:
            raise ValueError("skip_format")
        first = optional_date(parts[0].strip())
        last = optional_date(parts[-1].strip())
        if first is None or last is None:
            raise ValueError("skip_format")
        if last < first:
            raise ValueError("end_before_start")
        periods.append([first.isoformat(), last.isoformat()])
    return sorted(periods)


def validate_reader(raw: Mapping[str, Any], branch_id: int) -> ReaderDraft:
    f = Collector()
    reader_number = f.check("reader_number", clean_text, raw.get("reader_number"), 40)
    name = f.check("name", clean_text, raw.get("name"), 200, True)
    address = f.check("address", clean_text, raw.get("address"), 300, True)
    phone = f.check("phone", _phone, raw.get("phone"))
    carrier = f.check("carrier", _choice, raw.get("carrier"), CARRIERS, "librarian")
    carrier_name = f.check("carrier_name", clean_text, raw.get("carrier_name"), 200)
    carrier_phone = f.check("carrier_phone", _phone, raw.get("carrier_phone"))
    if carrier not in (None, "librarian", "postman") and not carrier_name and "carrier_name" not in f.errors:
        f.errors["carrier_name"] = "required"
    weekday = f.check("weekday", bounded_int, raw.get("weekday"), 0, 6, None)
    part_of_day = "" if not raw.get("part_of_day") else f.check("part_of_day", _choice, raw.get("part_of_day"), PARTS_OF_DAY, "")
    every_weeks = f.check("every_weeks", bounded_int, raw.get("every_weeks"), 1, 26, 2)
    books = f.check("books_per_visit", bounded_int, raw.get("books_per_visit"), 1, 50, 5)
    skips = f.check("skips", parse_skips, raw.get("skips"))
    kinds = f.check("kinds", clean_text, raw.get("kinds"), 300)
    subjects = f.check("subjects", clean_text, raw.get("subjects"), 300)
    authors = f.check("authors", clean_text, raw.get("authors"), 300)
    language = f.check("language", clean_text, raw.get("language"), 60)
    notes = f.check("notes", lambda v: clean_text(v, 2000, multiline=True), raw.get("notes"))
    consent_on = f.check("consent_on", optional_date, raw.get("consent_on"))
    consent_note = f.check("consent_note", clean_text, raw.get("consent_note"), 300)
    if consent_on is None and "consent_on" not in f.errors:
        f.errors["consent_on"] = "consent_required"
    elif consent_on is not None and consent_on > local_today():
        f.errors["consent_on"] = "date_in_future"
    started_on = f.check("started_on", optional_date, raw.get("started_on"))
    if f.errors:
        raise ValidationFailed(f.errors)
    return ReaderDraft(branch=branch_id, reader_number=reader_number, name=name, address=address, phone=phone, carrier=carrier,
                       carrier_name="" if carrier == "librarian" else carrier_name, carrier_phone="" if carrier == "librarian" else carrier_phone,
                       weekday=weekday, part_of_day=part_of_day or "", every_weeks=every_weeks, books_per_visit=books, skips=skips or [],
                       kinds=kinds, subjects=subjects, authors=authors, large_print=as_bool(raw.get("large_print")), language=language,
                       notes=notes, consent_on=consent_on, consent_note=consent_note, started_on=started_on,
                       active=as_bool(raw.get("active", "1")))


async def save_reader(draft: ReaderDraft, staff_id: int | None, reader_id: int | None = None, *, version: int | None = None) -> int:
    """The history keeps which fields changed, never their values: a card's old address is personal data too."""
    values = asdict(draft)
    async with transaction():
        if reader_id is None:
            values["started_on"] = values["started_on"] or values["consent_on"] or local_today()
            rows = await HomeReader.insert(HomeReader(**values)).returning(HomeReader.id)
            await record_history("home_reader", rows[0]["id"], staff_id, "created", {})
            return rows[0]["id"]
        if values["started_on"] is None:
            del values["started_on"]  # a form without the day deliveries began keeps it
        before = await HomeReader.select().where(HomeReader.id == reader_id).first()
        if before is None or before["anonymised_at"] is not None:
            raise ValidationFailed({"reader": "unknown"})
        if version is not None and version != before["version"]:
            raise ValidationFailed({"reader": "stale"})
        changed = sorted(name for name, value in changed_fields(before, values).items() if name != "branch")
        if changed:
            await HomeReader.update({**{getattr(HomeReader, name): value for name, value in values.items()},
                                     HomeReader.version: HomeReader.version + 1}).where(HomeReader.id == reader_id)
            await record_history("home_reader", reader_id, staff_id, "edited", {"fields": changed})
    return reader_id


async def readers_of(branch_id: int, *, include_inactive: bool = True) -> list[dict]:
    query = HomeReader.select().where((HomeReader.branch == branch_id) & HomeReader.anonymised_at.is_null())
    if not include_inactive:
        query = query.where(HomeReader.active == True)  # noqa: E712
    rows = await query.order_by(HomeReader.name)
    return sorted(rows, key=lambda row: not row["active"])


async def reader_detail(reader_id: int) -> dict | None:
    row = await HomeReader.select().where(HomeReader.id == reader_id).first()
    if row is None or row["anonymised_at"] is not None:
        return None
    row["skips"] = loaded(row["skips"]) or []
    row["loans"] = await HomeLoan.select().where(HomeLoan.reader == reader_id).order_by(HomeLoan.delivered_on, ascending=False)
    return row


def in_skip(reader: Mapping[str, Any], day: date) -> bool:
    return any(first <= day.isoformat() <= last for first, last in loaded(reader.get("skips")) or [])


def is_due(reader: Mapping[str, Any], day: date) -> bool:
    """Due on `day`: active, consented, on its weekday (any day when none is set), not in a skip
    period, and at least its frequency since the last visit (a visit a few days late does not
    push the next one: two days of slack)."""
    if not reader["active"] or reader["anonymised_at"] is not None or reader["consent_on"] is None:
        return False
    if reader["weekday"] is not None and day.weekday() != reader["weekday"]:
        return False
    if in_skip(reader, day):
        return False
    last = reader["last_visit_on"]
    return last is None or (day - last).days >= reader["every_weeks"] * 7 - 2


async def due_readers(branch_id: int, day: date) -> list[dict]:
    rows = await HomeReader.select().where((HomeReader.branch == branch_id) & (HomeReader.active == True)  # noqa: E712
                                           & HomeReader.anonymised_at.is_null())
    return sorted((row for row in rows if is_due(row, day)), key=lambda row: (row["part_of_day"] != "morning", row["name"].casefold()))


async def already_read(reader_id: int, titles: list[Mapping[str, Any]]) -> dict[int, date]:
    """Of `titles` (positions), those brought to the reader before, with the day."""
    loans = await HomeLoan.select(HomeLoan.barcode, HomeLoan.author, HomeLoan.title, HomeLoan.delivered_on).where(HomeLoan.reader == reader_id)
    seen = {title_key(loan): loan["delivered_on"] for loan in loans}
    return {position: seen[title_key(title)] for position, title in enumerate(titles) if title_key(title) in seen}


async def export_reader(reader_id: int, *, months: int = RETENTION_MONTHS) -> dict | None:
    """Everything Afiša holds about one reader (an access request under the GDPR, Art. 15)."""
    reader = await HomeReader.select().where(HomeReader.id == reader_id).first()
    if reader is None:
        return None
    branch = await Branch.select(Branch.name, Branch.address, Branch.email, Branch.phone).where(Branch.id == reader["branch"]).first()
    loans = await HomeLoan.select(HomeLoan.delivered_on, HomeLoan.returned_on, HomeLoan.barcode, HomeLoan.author, HomeLoan.title).where(
        HomeLoan.reader == reader_id).order_by(HomeLoan.delivered_on)
    visits = await RoundStop.select(RoundStop.round.day.as_alias("day"), RoundStop.items_out, RoundStop.items_back, RoundStop.done_at,
                                    RoundStop.bring.as_alias("chosen_titles")).where(RoundStop.reader == reader_id).order_by(RoundStop.id)
    for visit in visits:
        visit["chosen_titles"] = loaded(visit["chosen_titles"]) or []
    card = {key: value for key, value in reader.items() if key not in ("id", "branch", "version")}
    card["skips"] = loaded(card["skips"])
    return {"controller": branch, "reader": card, "titles_brought": loans, "visits": visits,
            "retention": {"months_after_last_delivery": months}}


async def _anonymise(reader_ids: list[int], why: str, staff_id: int | None, now: datetime) -> int:
    if not reader_ids:
        return 0
    blank = {getattr(HomeReader, name): "" for name in PERSONAL}
    await HomeReader.update({**blank, HomeReader.skips: [], HomeReader.active: False, HomeReader.anonymised_at: now,
                             HomeReader.anonymised_why: why, HomeReader.weekday: None, HomeReader.consent_on: None,
                             HomeReader.version: HomeReader.version + 1}).where(HomeReader.id.is_in(reader_ids))
    await HomeLoan.delete().where(HomeLoan.reader.is_in(reader_ids))
    await RoundStop.update({RoundStop.bring: []}).where(RoundStop.reader.is_in(reader_ids))
    # a visit not yet made is not made to a reader who is gone; the visits made keep their counts
    open_rounds = [row["id"] for row in await DeliveryRound.select(DeliveryRound.id).where(DeliveryRound.finished_at.is_null())]
    await RoundStop.delete().where(RoundStop.reader.is_in(reader_ids) & RoundStop.done_at.is_null() & RoundStop.round.is_in(open_rounds or [-1]))
    for reader_id in reader_ids:
        await record_history("home_reader", reader_id, staff_id, "anonymised", {"why": why})
    return len(reader_ids)


async def erase_reader(reader_id: int, staff_id: int | None) -> bool:
    """At the reader's request: the card's personal fields and the titles go now; the rounds keep
    their counts, the statistics theirs."""
    async with transaction():
        reader = await HomeReader.select(HomeReader.id).where((HomeReader.id == reader_id) & HomeReader.anonymised_at.is_null()).first()
        if reader is None:
            return False
        await _anonymise([reader_id], "request", staff_id, utcnow())
    return True


async def anonymise_inactive(*, today: date | None = None, months: int = RETENTION_MONTHS) -> int:
    """Readers with no delivery (nor, for a new card, consent) for `months` months lose their
    personal data. Run daily in the background (app/outreach/retention.py)."""
    today = today or local_today()
    limit = today - relativedelta(months=months)
    async with transaction():
        rows = await HomeReader.select(HomeReader.id, HomeReader.last_visit_on, HomeReader.started_on, HomeReader.consent_on).where(
            HomeReader.anonymised_at.is_null())
        stale = [row["id"] for row in rows if max(d for d in (row["last_visit_on"], row["started_on"], row["consent_on"], date.min) if d) < limit]
        return await _anonymise(stale, "retention", None, utcnow())
