"""Libraries (branches) of the network: added, edited and closed by coordinators. A closed
branch keeps its programme, history and statistics; it only leaves the lists of what can be
planned. Its slug is fixed once made: it is the address of its public page and of the feeds
schools and residents subscribed to."""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from models.kernel.db import transaction
from models.kernel.pictures import prepare as prepare_picture
from models.kernel.network_tables import Branch, BranchClosure, BranchLogo
from models.kernel.validation import EMAIL, PHONE, Collector, ValidationFailed, as_bool, as_int, clean_text, optional_date, required_date
from models.network import history
from models.network.hours import WEEKDAYS, parse_day

SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?$")
MAX_POPULATION = 10_000_000
RESERVED_SLUGS = {"network", "item", "partner", "private", "me", "new"}  # feed and page addresses of their own


@dataclass
class BranchDraft:
    name: str
    short_name: str
    slug: str
    address: str
    phone: str
    email: str
    is_central: bool
    population: int | None
    children_population: int | None
    weekly_hours: dict[str, list] = field(default_factory=dict)


def _slug(value: Any) -> str:
    text = str(value or "").strip().lower()
    if not text:
        raise ValueError("required")
    if text in RESERVED_SLUGS or not SLUG.match(text):
        raise ValueError("slug_format")
    return text


def _pattern(pattern: re.Pattern, code: str, limit: int):
    def check(value: Any) -> str:
        text = clean_text(value, limit)
        if text and not pattern.match(text):
            raise ValueError(code)
        return text
    return check


def _population(value: Any) -> int | None:
    number = as_int(value)
    if number is not None and not 0 <= number <= MAX_POPULATION:
        raise ValueError("population_range")
    return number


async def validate_branch(raw: Mapping[str, Any], branch_id: int | None = None) -> BranchDraft:
    """The form's or the API's fields; `branch_id` when editing (the slug then stays as it is)."""
    fields = Collector()
    name = fields.check("name", clean_text, raw.get("name"), 200, True)
    short_name = fields.check("short_name", clean_text, raw.get("short_name"), 80, True)
    existing = await Branch.select(Branch.slug).where(Branch.id == branch_id).first() if branch_id is not None else None
    slug = existing["slug"] if existing else fields.check("slug", _slug, raw.get("slug"))
    address = fields.check("address", clean_text, raw.get("address"), 300)
    phone = fields.check("phone", _pattern(PHONE, "phone_format", 40), raw.get("phone"))
    email = fields.check("email", _pattern(EMAIL, "email_format", 254), raw.get("email"))
    population = fields.check("population", _population, raw.get("population"))
    children = fields.check("children_population", _population, raw.get("children_population"))
    weekly = {}
    for day in WEEKDAYS:
        intervals = fields.check(f"hours_{day}", parse_day, raw.get(f"hours_{day}"))
        if intervals:
            weekly[str(day)] = intervals
    central = as_bool(raw.get("is_central"))
    if population is not None and children is not None and children > population:
        fields.errors.setdefault("children_population", "children_over_population")
    if existing is None and slug and "slug" not in fields.errors and await Branch.exists().where(Branch.slug == slug):
        fields.errors["slug"] = "slug_taken"
    if central:
        others = Branch.exists().where((Branch.is_central == True) & (Branch.closed_on.is_null()))  # noqa: E712
        if branch_id is not None:
            others = others.where(Branch.id != branch_id)
        if await others:
            fields.errors["is_central"] = "central_exists"
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return BranchDraft(name=name, short_name=short_name, slug=slug, address=address, phone=phone, email=email, is_central=central,
                       population=population, children_population=children, weekly_hours=weekly)


def _columns(draft: BranchDraft) -> dict[str, Any]:
    return asdict(draft)


async def save_branch(draft: BranchDraft, staff_id: int | None, branch_id: int | None = None) -> int:
    """Adds or updates the branch and writes what changed into its history, in one transaction."""
    values = _columns(draft)
    async with transaction():
        if branch_id is None:
            rows = await Branch.insert(Branch(**values)).returning(Branch.id)
            branch_id = rows[0]["id"]
            await history.record("branch", branch_id, staff_id, "created", history.changed_fields(None, values))
            return branch_id
        before = await Branch.select(*[getattr(Branch, name) for name in values]).where(Branch.id == branch_id).output(load_json=True).first()
        changes = history.changed_fields(before, values)
        if changes:
            await Branch.update({getattr(Branch, name): value for name, value in values.items()}).where(Branch.id == branch_id)
            await history.record("branch", branch_id, staff_id, "edited", changes)
    return branch_id


async def close_branch(branch_id: int, day: date, staff_id: int | None) -> None:
    async with transaction():
        await Branch.update({Branch.closed_on: day, Branch.is_central: False}).where(Branch.id == branch_id)
        await history.record("branch", branch_id, staff_id, "closed", {"closed_on": [None, day.isoformat()]})


async def reopen_branch(branch_id: int, staff_id: int | None) -> None:
    async with transaction():
        await Branch.update({Branch.closed_on: None}).where(Branch.id == branch_id)
        await history.record("branch", branch_id, staff_id, "reopened", {})


def validate_closure(raw: Mapping[str, Any]) -> tuple[date, date, str]:
    fields = Collector()
    first = fields.check("first_day", required_date, raw.get("first_day"))
    last = fields.check("last_day", optional_date, raw.get("last_day")) or first
    reason = fields.check("reason", clean_text, raw.get("reason"), 200)
    if first and last and last < first:
        fields.errors.setdefault("last_day", "end_before_start")
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return first, last, reason


async def add_closure(branch_id: int, first: date, last: date, reason: str, staff_id: int | None) -> None:
    async with transaction():
        await BranchClosure.insert(BranchClosure(branch=branch_id, first_day=first, last_day=last, reason=reason))
        await history.record("branch", branch_id, staff_id, "closure_added",
                             {"closure": [None, f"{first.isoformat()}/{last.isoformat()} {reason}".strip()]})


async def remove_closure(branch_id: int, closure_id: int, staff_id: int | None) -> bool:
    async with transaction():
        row = await BranchClosure.select().where((BranchClosure.id == closure_id) & (BranchClosure.branch == branch_id)).first()
        if row is None:
            return False
        await BranchClosure.delete().where(BranchClosure.id == closure_id)
        await history.record("branch", branch_id, staff_id, "closure_removed",
                             {"closure": [f"{row['first_day'].isoformat()}/{row['last_day'].isoformat()} {row['reason']}".strip(), None]})
    return True


async def branch_detail(branch_id: int) -> dict | None:
    branch = await Branch.select().where(Branch.id == branch_id).output(load_json=True).first()
    if branch is not None:
        branch["closures"] = await BranchClosure.select().where(BranchClosure.branch == branch_id).order_by(BranchClosure.first_day)
    return branch


async def all_branches() -> list[dict]:
    """Open ones first (the central library first among them), closed ones after."""
    rows = await Branch.select().order_by(Branch.is_central, ascending=False).order_by(Branch.name).output(load_json=True)
    return sorted(rows, key=lambda row: row["closed_on"] is not None)


async def save_logo(branch_id: int, raw: bytes, staff_id: int | None) -> dict:
    """The library's logo for its poster (a new one replaces the old), at most 600 px."""
    picture = prepare_picture(raw, max_side=600)
    async with transaction():
        await BranchLogo.delete().where(BranchLogo.branch == branch_id)
        await BranchLogo.insert(BranchLogo(branch=branch_id, data=picture.data, width=picture.width, height=picture.height,
                                           digest=picture.digest))
        await history.record("branch", branch_id, staff_id, "logo_added", {"logo": [None, f"{picture.width}×{picture.height}"]})
    return {"width": picture.width, "height": picture.height, "digest": picture.digest}


async def remove_logo(branch_id: int, staff_id: int | None) -> bool:
    async with transaction():
        gone = await BranchLogo.delete().where(BranchLogo.branch == branch_id).returning(BranchLogo.id)
        if gone:
            await history.record("branch", branch_id, staff_id, "logo_removed", {})
    return bool(gone)


async def logo_of(branch_id: int) -> dict | None:
    return await BranchLogo.select(BranchLogo.width, BranchLogo.height, BranchLogo.digest).where(BranchLogo.branch == branch_id).first()


async def logo_bytes(branch_id: int, digest: str) -> bytes | None:
    row = await BranchLogo.select(BranchLogo.data).where((BranchLogo.branch == branch_id) & (BranchLogo.digest == digest)).first()
    return bytes(row["data"]) if row else None
