"""The partners' cooperation of a library's year, for the annual report: the year's partners with
what was done together, and each one's words for the report's three partner tables, prefilled
from the activities and editable; partners credited for cooperation that is no programme item.

A librarian works on her own library's records, a coordinator chooses the library (the central
one first). Another library, another library's partner or an unknown one is a 404 alike: a
librarian learns nothing of the ids she may not read."""
from __future__ import annotations

import json
from datetime import date

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.plugins.htmx import HTMXRequest
from litestar.response import Redirect, Template

from app.kernel.i18n import N_, translate
from app.partners.texts import TYPE_LABELS_LV, partner_error_texts
from app.kernel.web import RowId, digits, notice_trigger, page_or_fragment, say
from models.kernel.clock import local_today
from models.kernel.permissions import is_coordinator
from models.kernel.validation import ValidationFailed
from models.partners import (
    COOPERATION_TEXT_MAX,
    cooperation_partner,
    cooperation_partners,
    parse_cooperation_year,
    save_cooperation,
    set_credited,
    validate_cooperation,
)
from models.planning import branches
from models.statistics import Period, cooperation_rows

TEXTS = ("forms", "children_text", "local_history_text")
TICKS = ("in_children", "in_local_history")
SAVED = N_("Saglabāts.")
CREDITED = N_("Partneris „{0}” ieskaitīts {1}. gada sadarbības partneros.")
UNCREDITED = N_("Partneris „{0}” vairs nav ieskaitīts {1}. gada sadarbības partneros bez kopīga pasākuma.")


class YearInvalid(Exception):
    pass


def _year(value: object) -> int:
    try:
        return parse_cooperation_year(value, local_today().year)
    except ValueError:
        raise YearInvalid() from None


def _bad_year(request: HTMXRequest) -> Template:
    context = {"status": 400, "message": partner_error_texts({"year": "year_range"}, request.state.lang)["year"]}
    return page_or_fragment(request, "errors/page.html", "errors/_message.html", context, status_code=400)


async def _library(staff: dict, wanted: object) -> tuple[int, list[dict]]:
    """(the library whose records these are, the libraries a coordinator may choose from). A
    librarian asking for another library, or anyone for one that does not exist: 404."""
    all_branches = await branches()
    ids = [b["id"] for b in all_branches]
    asked = digits(wanted)
    if str(wanted or "").strip() and asked is None:
        raise NotFoundException()
    if not is_coordinator(staff):
        own = staff.get("branch")
        if own is None or (asked is not None and asked != own):
            raise NotFoundException()
        return own, []
    if asked is None:
        if not ids:
            raise NotFoundException()
        return ids[0], all_branches
    if asked not in ids:
        raise NotFoundException()
    return asked, all_branches


def _period(year: int) -> Period:
    return Period("year", date(year, 1, 1), date(year, 12, 31))


def _form_of(row: dict) -> dict:
    return {**{name: row["texts"][name] for name in TEXTS}, **{name: row[name] for name in TICKS}, "version": row["version"]}


def _bare_row(partner: dict, branch_id: int, branch_name: str) -> dict:
    """A partner with nothing done together and no words in the year: the form starts empty."""
    empty = {name: "" for name in TEXTS}
    return {"partner_id": partner["id"], "name": partner["name"], "type": partner["type"], "branch_id": branch_id,
            "branch_name": branch_name, "times": 0, "attendance": None, "activities": [], "young": False, "credited": False,
            "in_children": False, "in_local_history": False, "version": 0, "saved": {name: None for name in TEXTS},
            "prefill": dict(empty), "texts": dict(empty)}


async def _rows(year: int, branch_id: int, language: str) -> list[dict]:
    rows = await cooperation_rows(_period(year), branch_id, local_today(), language)
    for row in rows:
        row.update(form=_form_of(row), errors={}, message="")
    return rows


async def _row_of(partner: dict, year: int, branch_id: int, all_branches: list[dict], language: str) -> dict:
    found = next((r for r in await _rows(year, branch_id, language) if r["partner_id"] == partner["id"]), None)
    if found is not None:
        return found
    branch_name = next((b["short_name"] for b in all_branches or await branches() if b["id"] == branch_id), "")
    row = _bare_row(partner, branch_id, branch_name)
    row.update(form=_form_of(row), errors={}, message="")
    return row


async def _partner(partner_id: int, branch_id: int) -> dict:
    partner = await cooperation_partner(partner_id, branch_id)
    if partner is None:
        raise NotFoundException()
    return partner


def _common(staff: dict, year: int, branch_id: int, all_branches: list[dict]) -> dict:
    return {"staff": staff, "year": year, "branch_id": branch_id, "branches": all_branches, "type_labels": TYPE_LABELS_LV,
            "text_max": COOPERATION_TEXT_MAX, "this_year": local_today().year}


def _back(year: int, branch_id: int, partner_id: int | None = None) -> str:
    return f"/partners/cooperation?year={year}&branch={branch_id}" + (f"#cooperation-{partner_id}" if partner_id else "")


class CooperationController(Controller):
    path = "/partners/cooperation"
    include_in_schema = False

    @get("/")
    async def index(self, request: HTMXRequest, staff: NamedDependency[dict], year: FromQuery[str | None] = None,
                    branch: FromQuery[str | None] = None) -> Template:
        try:
            chosen_year = _year(year)
        except YearInvalid:
            return _bad_year(request)
        branch_id, all_branches = await _library(staff, branch)
        rows = await _rows(chosen_year, branch_id, request.state.lang)
        listed = {r["partner_id"] for r in rows}
        context = {**_common(staff, chosen_year, branch_id, all_branches), "rows": rows,
                   "creditable": [p for p in await cooperation_partners(branch_id) if p["id"] not in listed],
                   "branch_name": next((b["short_name"] for b in await branches() if b["id"] == branch_id), "")}
        return page_or_fragment(request, "partners/cooperation.html", "partners/_cooperation_list.html", context)

    @get("/{partner_id:int}")
    async def show(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId, year: FromQuery[str | None] = None,
                   branch: FromQuery[str | None] = None) -> Template:
        try:
            chosen_year = _year(year)
        except YearInvalid:
            return _bad_year(request)
        branch_id, all_branches = await _library(staff, branch)
        partner = await _partner(partner_id, branch_id)
        row = await _row_of(partner, chosen_year, branch_id, all_branches, request.state.lang)
        context = {**_common(staff, chosen_year, branch_id, all_branches), "r": row, "single": True}
        return page_or_fragment(request, "partners/cooperation_page.html", "partners/_cooperation_partner.html", context)

    @post("/{partner_id:int}", status_code=200)
    async def save(self, request: HTMXRequest, staff: NamedDependency[dict], partner_id: RowId) -> Template | Response:
        form = await request.form()
        try:
            chosen_year = _year(form.get("year"))
        except YearInvalid:
            return _bad_year(request)
        branch_id, all_branches = await _library(staff, form.get("branch_id"))
        partner = await _partner(partner_id, branch_id)
        raw = {name: str(form.get(name) or "") for name in TEXTS} | {name: form.get(name) for name in TICKS}
        lang = request.state.lang
        row = await _row_of(partner, chosen_year, branch_id, all_branches, lang)
        # a version the form did not send readably is no version: the save is refused as stale
        version = digits(form.get("version"))
        typed = {**raw, **{name: bool(form.get(name)) for name in TICKS}, "version": row["version"]}
        context = {**_common(staff, chosen_year, branch_id, all_branches), "single": bool(form.get("single"))}
        try:
            draft = validate_cooperation(raw)
            await save_cooperation(partner_id, branch_id, chosen_year, draft, version=-1 if version is None else version,
                                   prefills=row["prefill"], staff_id=staff["id"])
        except ValidationFailed as failed:
            stale = failed.errors.get("form") == "stale"
            texts = partner_error_texts(failed.errors, lang)
            # refused as stale, the typed words stay on screen with the version now saved: saving again
            # overwrites the other save knowingly
            row.update(form=typed, errors={} if stale else texts,
                       message=texts["form"] if stale else translate("Lūdzu, izlabojiet atzīmētos laukus.", lang))
            return page_or_fragment(request, "partners/cooperation_page.html", "partners/_cooperation_partner.html",
                                    {**context, "r": row}, status_code=409 if stale else 422)
        if not request.htmx:
            say(request, translate(SAVED, lang))
            target = f"/partners/cooperation/{partner_id}?year={chosen_year}&branch={branch_id}" if context["single"] else \
                _back(chosen_year, branch_id, partner_id)
            return Redirect(path=target, status_code=303)
        fresh = await _row_of(partner, chosen_year, branch_id, all_branches, lang)
        return page_or_fragment(request, "partners/cooperation_page.html", "partners/_cooperation_partner.html",
                                {**context, "r": fresh}, headers={"HX-Trigger": json.dumps(notice_trigger(translate(SAVED, lang)))})

    async def _credit(self, request: HTMXRequest, staff: dict, credited: bool) -> Response:
        form = await request.form()
        try:
            chosen_year = _year(form.get("year"))
        except YearInvalid:
            return _bad_year(request)
        branch_id, _ = await _library(staff, form.get("branch_id"))
        partner_id = digits(form.get("partner_id"))
        if partner_id is None:
            raise NotFoundException()
        partner = await _partner(partner_id, branch_id)
        await set_credited(partner_id, branch_id, chosen_year, credited, staff_id=staff["id"])
        lang = request.state.lang
        say(request, translate(CREDITED if credited else UNCREDITED, lang).format(partner["name"], chosen_year))
        target = f"/partners/cooperation/{partner_id}?year={chosen_year}&branch={branch_id}" if form.get("single") else \
            _back(chosen_year, branch_id, partner_id if credited else None)
        return Redirect(path=target, status_code=303)

    @post("/credit", status_code=200)
    async def credit(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Response:
        return await self._credit(request, staff, True)

    @post("/uncredit", status_code=200)
    async def uncredit(self, request: HTMXRequest, staff: NamedDependency[dict]) -> Response:
        return await self._credit(request, staff, False)

