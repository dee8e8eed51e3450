"""A partner's cooperation with a library in a year, in the library's words for the annual report
(PartnerCooperation): the forms of cooperation (the report's section 11), the words of the
children's and young people's table and of the local-history table, which of those two tables
the partner belongs in, and whether the partner counts for the year with no programme item done
together (the central library's advice, interlibrary loans: "LNCB — SBA pakalpojumu izmantošana").

Saved words win over the prefill made from what was done together. A text that was never saved is
None and follows the prefill, so a partner's words keep up with the year's programme until someone
writes their own; a saved empty text stays empty (the librarian cleared it on purpose). A text
saved unchanged from the prefill is kept as None: saving the ticks must not freeze the words of
activities still to come. Crediting a partner writes no text.

Records belong to one library: in a network each library writes its own, and a librarian reads
and writes only their own library's (the web layer asks `can_edit_branch`)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from models.kernel.clock import utcnow
from models.kernel.db import transaction
from models.kernel.i18n import N_, gettext, ngettext, unquoted
from models.kernel.network_tables import Branch
from models.kernel.tables import Partner, PartnerCooperation
from models.kernel.validation import EARLIEST_YEAR, LATEST_YEAR, Collector, ValidationFailed, as_bool, clean_text

TEXT_MAX = 2000
TEXTS = ("forms", "children_text", "local_history_text")
TICKS = ("in_children", "in_local_history")


@dataclass
class CooperationDraft:
    """The checked words and ticks; a text None (never from a form) keeps following the prefill."""

    forms: str | None
    children_text: str | None
    local_history_text: str | None
    in_children: bool
    in_local_history: bool


def year_key(partner_id: int, branch_id: int, year: int) -> str:
    return f"{partner_id}:{branch_id}:{year}"


def parse_year(value: Any, default: int) -> int:
    """A year of the query (`?year=2026`), `default` when blank; "year_range" (the statistics
    page's code and sentence) for anything but a year from 2000 to 2100."""
    text = str(value if value is not None else "").strip()
    if not text:
        return default
    if text.isascii() and text.isdigit() and len(text) == 4 and EARLIEST_YEAR <= int(text) <= LATEST_YEAR:
        return int(text)
    raise ValueError("year_range")


def validate_cooperation(raw: Mapping[str, Any]) -> CooperationDraft:
    """Every field checked before anything is saved; ValidationFailed with a code per field
    ("too_long:2000", "control_characters")."""
    fields = Collector()
    texts = {name: fields.check(name, lambda v: clean_text(v, TEXT_MAX, multiline=True), raw.get(name)) for name in TEXTS}
    ticks = {name: fields.check(name, as_bool, raw.get(name)) for name in TICKS}
    if fields.errors:
        raise ValidationFailed(fields.errors)
    return CooperationDraft(**texts, **ticks)


def _plain(text: str) -> str:
    """A text as a form gives it back: line breaks as the browser sends them, trimmed."""
    return text.replace("\r\n", "\n").strip()


async def cooperation_of(partner_id: int, branch_id: int, year: int) -> dict | None:
    return await PartnerCooperation.select().where(PartnerCooperation.year_key == year_key(partner_id, branch_id, year)).first()


async def records_of(year: int, branch_id: int | None) -> list[dict]:
    """The year's records (of one library, or of every library), with the partner's name and type
    and the library's short name."""
    query = PartnerCooperation.select(
        PartnerCooperation.all_columns(), PartnerCooperation.partner.name.as_alias("partner_name"),
        PartnerCooperation.partner.type.as_alias("partner_type"), PartnerCooperation.branch.short_name.as_alias("branch_name"),
    ).where(PartnerCooperation.year == year)
    if branch_id is not None:
        query = query.where(PartnerCooperation.branch == branch_id)
    return await query


def counts_for_year(record: Mapping[str, Any] | None) -> bool:
    """A record makes its partner one of the year's even with nothing done together: credited, or
    with words of its own."""
    if record is None:
        return False
    return bool(record["credited"] or any((record[name] or "").strip() for name in TEXTS))


async def save_cooperation(partner_id: int, branch_id: int, year: int, draft: CooperationDraft, *, version: int,
                           prefills: Mapping[str, str] | None = None, staff_id: int | None = None) -> int:
    """Saves the words and ticks; `version` is the one the form showed (0: there was no record).
    Another save in between refuses this one ("stale"), and nothing is written. A text equal to
    its prefill (`prefills`, by field) is kept as None: it goes on following the activities.
    Returns the new version."""
    prefills = prefills or {}
    values: dict[str, Any] = {}
    for name in TEXTS:
        text = getattr(draft, name)
        values[name] = None if text is None or (name in prefills and _plain(text) == _plain(prefills[name])) else text
    values.update(in_children=draft.in_children, in_local_history=draft.in_local_history)
    return await _write(partner_id, branch_id, year, values, version, staff_id)


async def set_credited(partner_id: int, branch_id: int, year: int, credited: bool, *, staff_id: int | None = None) -> int:
    """Credits (or no longer credits) the partner for the library's year; the words stay. No
    version asked: the one tick means the same whoever sets it. Returns the new version."""
    async with transaction():
        record = await cooperation_of(partner_id, branch_id, year)
        return await _write(partner_id, branch_id, year, {"credited": credited}, record["version"] if record else 0, staff_id)


async def _write(partner_id: int, branch_id: int, year: int, values: dict[str, Any], version: int, staff_id: int | None) -> int:
    key = year_key(partner_id, branch_id, year)
    async with transaction():
        if not await Partner.exists().where(Partner.id == partner_id) or not await Branch.exists().where(Branch.id == branch_id):
            raise ValidationFailed({"partner_id": "unknown"})
        current = await PartnerCooperation.select(PartnerCooperation.version).where(PartnerCooperation.year_key == key).first()
        if (current["version"] if current else 0) != version:
            raise ValidationFailed({"form": "stale"})
        stamp = {"updated_at": utcnow(), "updated_by": staff_id}
        if current is None:
            row = {name: None for name in TEXTS} | values | stamp
            # two first saves at once on PostgreSQL: the second waits for the first's row, then inserts nothing
            inserted = await PartnerCooperation.insert(PartnerCooperation(
                partner=partner_id, branch=branch_id, year=year, year_key=key, version=1, **row)).on_conflict(
                target=PartnerCooperation.year_key, action="DO NOTHING").returning(PartnerCooperation.id)
            if not inserted:
                raise ValidationFailed({"form": "stale"})
            return 1
        saved = await PartnerCooperation.update(
            {**{getattr(PartnerCooperation, name): value for name, value in (values | stamp).items()},
             PartnerCooperation.version: version + 1}).where(
            (PartnerCooperation.year_key == key) & (PartnerCooperation.version == version)).returning(PartnerCooperation.id)
        if not saved:
            raise ValidationFailed({"form": "stale"})
        return version + 1


# --- the prefill -----------------------------------------------------------------------------

# i18n: the kinds as the prefill lists them, "Pasākumi: „Dzejas dienas” (2 reizes); izstādes: …"
KIND_HEADINGS = {
    "event": N_("pasākumi"), "exhibition": N_("izstādes"), "lesson": N_("bibliotekārās stundas"),
    "book_start": N_("Grāmatu starta nodarbības"), "delivery": N_("grāmatu piegādes"),
}
KIND_ORDER = tuple(KIND_HEADINGS)


def prefill(activities: Iterable[Mapping[str, Any]], language: str = "lv") -> str:
    """The words of what was done together, from partner_table's activities ({title, kind, times}):
    the kinds in the programme's order, each with its titles in Latvian quotes and how many times
    when more than once. "" with no activity."""
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for activity in activities:
        by_kind.setdefault(activity["kind"], []).append(activity)
    parts = []
    for kind in sorted(by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k)):
        titles = []
        for activity in sorted(by_kind[kind], key=lambda a: a["title"].casefold()):
            if activity["times"] > 1:
                times = ngettext("%(num)d reize", "%(num)d reizes", activity["times"], language)
                titles.append(gettext("„%(title)s” (%(times)s)", language) % {"title": unquoted(activity["title"]), "times": times})
            else:
                titles.append(gettext("„%(title)s”", language) % {"title": unquoted(activity["title"])})
        heading = gettext(KIND_HEADINGS[kind], language) if kind in KIND_HEADINGS else kind
        parts.append(gettext("%(kind)s: %(titles)s", language) % {"kind": heading, "titles": ", ".join(titles)})
    if not parts:
        return ""
    text = "; ".join(parts) + "."
    return text[0].upper() + text[1:]


# --- who may be credited -----------------------------------------------------------------------

async def partners_for(branch_id: int) -> list[dict]:
    """The directory's partners a library works with: its own and the network's, active, by name."""
    rows = await Partner.select(Partner.id, Partner.name, Partner.type, Partner.branch).where(
        (Partner.active == True) & (Partner.branch.is_null() | (Partner.branch == branch_id)))  # noqa: E712
    return sorted(rows, key=lambda p: (p["name"].casefold(), p["id"]))


async def partner_for(partner_id: int, branch_id: int) -> dict | None:
    """The partner when the library may write about it (its own or the network's, active or not:
    last year's words stay writable), else None: another library's partner is as unknown as a
    missing one."""
    return await Partner.select(Partner.id, Partner.name, Partner.type, Partner.branch, Partner.active).where(
        (Partner.id == partner_id) & (Partner.branch.is_null() | (Partner.branch == branch_id))).first()
