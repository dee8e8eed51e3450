"""Jinja globals: translation, labels and dates, read from the request's language."""
from __future__ import annotations

from models.kernel.i18n import N_

import json
import re
from datetime import datetime

from jinja2 import pass_context

from app import i18n
from models.attendance import reminder_note
from models.kernel.enums import NotificationKind
from models.partners import answer_note, change_word
from models.kernel.clock import local_wall_time
from models.network import week_rows
from app.web import take_notices


def _lang(context) -> str:
    # request.state builds a new State object on every access; a month grid asks ~200 times
    request = context.get("request")
    state = request.scope.get("state") if request is not None and hasattr(request, "scope") else None
    return state.get("lang", i18n.DEFAULT_LANGUAGE) if isinstance(state, dict) else i18n.DEFAULT_LANGUAGE


@pass_context
def _gettext(context, text: str, **variables) -> str:
    # variables: {% trans %} blocks and _("… %(name)s", name=…) (newstyle gettext)
    translated = i18n.gettext(text, _lang(context))
    return translated % variables if variables else translated


@pass_context
def _ngettext(context, singular: str, plural: str, number: int, **variables) -> str:
    return i18n.ngettext(singular, plural, number, _lang(context), **variables)


@pass_context
def _pgettext(context, meaning: str, text: str, **variables) -> str:
    translated = i18n.pgettext(meaning, text, _lang(context))
    return translated % variables if variables else translated


@pass_context
def _label(context, code: str | None) -> str:
    return i18n.label(code, _lang(context))


@pass_context
def _error(context, code: str) -> str:
    return i18n.error_text(code, _lang(context))


@pass_context
def _month_title(context, day) -> str:
    return i18n.month_title(day, _lang(context))


@pass_context
def _weekday(context, day) -> str:
    return i18n.weekday_name(day, _lang(context))


@pass_context
def _weekday_short(context, index: int) -> str:
    return i18n.weekday_short(index, _lang(context))


ACTIONS_LV = {
    "created": N_("izveidoja"), "updated": N_("laboja"), "moved": N_("pārcēla"), "cancelled": N_("atcēla"), "status_changed": N_("mainīja statusu"),
    "occurrence_changed": N_("mainīja vienu reizi"), "occurrence_cancelled": N_("atcēla vienu reizi"), "series_split": N_("sadalīja sēriju"),
    "split_from": N_("izveidoja no sērijas daļas"), "duplicated": N_("izveidoja kā kopiju"), "warnings_overridden": N_("saglabāja, neskatoties uz brīdinājumiem"),
    "partner_asked": N_("lūdza partnerim apstiprinājumu"), "partner_answered": N_("partneris atbildēja"),
    "partner_reminded": N_("partnerim nosūtīts atgādinājums"), "partners_told": N_("partneriem paziņots par izmaiņām"),
    "proposal_accepted": N_("pieņēma partnera piedāvāto laiku"), "partner_request_revoked": N_("atsauca partnera saiti"),
    "attendance": N_("ierakstīja apmeklējumu"), "attendance_removed": N_("izdzēsa apmeklējumu"),
    "picture_added": N_("pievienoja attēlu"), "picture_removed": N_("noņēma attēlu"), "sessions_moved": N_("pārcēla vairākas reizes"),
    # registration (models/registration/): a resident's own changes come with no staff member ("sistēma")
    "registration_opened": N_("ieslēdza pieteikšanos"), "registration_changed": N_("mainīja pieteikšanās iestatījumus"),
    "registration_added": N_("saņemts pieteikums"), "registration_party": N_("pieteikumā mainīts cilvēku skaits"),
    "registration_cancelled": N_("pieteikums atsaukts"), "registration_promoted": N_("pieteikums uzņemts no rindas"),
    "registration_erased": N_("pieteicējs izdzēsa savus datus"),
    "registration_reminded": N_("pieteicējiem nosūtīts atgādinājums"), "registration_told": N_("pieteicējiem paziņots par izmaiņām"),
}
FIELDS_LV = {
    "title": N_("nosaukums"), "description": N_("apraksts"), "starts_at": N_("sākums"), "ends_at": N_("beigas"), "place": N_("vieta"), "status": N_("statuss"),
    "kind": N_("veids"), "branch": N_("bibliotēka"), "all_day": N_("visu dienu"), "rrule": N_("atkārtošana"), "is_public": N_("publisks"),
    "responsible": N_("atbildīgais"), "cancelled": N_("atcelts"), "note": N_("piezīme"), "occurrence": N_("reize"), "from": N_("no"), "item_id": N_("ieraksts"),
    "warnings": N_("brīdinājumi"), "lesson_class": N_("klase"), "lesson_teacher": N_("skolotājs"), "literacy_area": N_("pratības joma"),
    "book_start_group": N_("grupa"), "age_band": N_("vecums"), "exhibition_form": N_("izstādes veids"), "delivery_kind": N_("piegādes veids"),
    "partner": N_("partneris"), "contact": N_("kontaktpersona"), "answer": N_("atbilde"), "proposed": N_("piedāvātais laiks"),
    "contacts": N_("kontaktpersonas"), "changes": N_("izmaiņas"), "picture": N_("attēls"), "sessions": N_("reizes"), "scope": N_("kurām reizēm"),
    # attendance figures (models/attendance.FIGURES)
    "total": N_("kopā"), "children": N_("bērni"), "adults": N_("pieaugušie"), "online": N_("tiešsaistē"), "kits": N_("izsniegtie komplekti"),
    "items_out": N_("izsniegtie izdevumi"), "items_back": N_("atgrieztie izdevumi"), "readers_served": N_("apkalpotie lasītāji"),
    # registration
    "capacity": N_("vietu skaits"), "party_max": N_("cilvēki vienā pieteikumā"), "waiting_list": N_("rinda"),
    "active": N_("pieteikšanās ieslēgta"), "party": N_("cilvēku skaits"), "state": N_("stāvoklis"),
    "registrations": N_("pieteikumi"),
}


@pass_context
def _action_label(context, action: str) -> str:
    return i18n.translate(ACTIONS_LV.get(action, action), _lang(context))


@pass_context
def _field_label(context, name: str) -> str:
    return i18n.translate(FIELDS_LV.get(name, name), _lang(context))


# history fields whose values are codes, shown by their names ("publicēts → notika", not "published → held")
_HISTORY_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
CHANGE_CODES = {"cancelled", "time", "place"}
SCOPE_WORDS = {"this": N_("tikai tuvākā"), "following": N_("tā un turpmākās"), "all": N_("visas vēl gaidāmās")}
CODED_FIELDS = {"status", "kind", "literacy_area", "exhibition_form", "delivery_kind", "answer", "state"}


@pass_context
def _history_value(context, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return i18n.translate(N_("jā") if value else N_("nē"), _lang(context))
    if name == "changes" and isinstance(value, str) and set(value.split(", ")) <= CHANGE_CODES:
        # what the partners were told: codes since 12.2026 (read in the reader's language), Latvian words before
        return ", ".join(change_word(code, _lang(context)) for code in value.split(", "))
    if name == "scope" and value in SCOPE_WORDS:
        return i18n.translate(SCOPE_WORDS[value], _lang(context))
    if name in CODED_FIELDS and isinstance(value, str):
        return i18n.label(value, _lang(context))
    if isinstance(value, str) and _HISTORY_TIME.fullmatch(value):  # times are kept as 2026-12-01T10:00
        return datetime.fromisoformat(value).strftime("%d.%m.%Y. %H:%M")
    return str(value)


def notification_link(note) -> str | None:
    """Where a notification leads: its item's partners, or (the morning reminder) the attendance dashboard."""
    if note.get("item"):
        return f"/items/{note['item']}#partners"
    if note.get("kind") == NotificationKind.ATTENDANCE_MISSING.value:
        return "/attendance"
    return None


@pass_context
def _notification_text(context, note) -> str:
    """A notification in the reader's language, written from its details; one from before they
    were kept (or with details it cannot read) keeps the text it was stored with."""
    details, lang = note.get("details") or {}, _lang(context)
    if isinstance(details, str):
        details = json.loads(details or "{}")
    try:
        if note.get("kind") == NotificationKind.PARTNER_ANSWERED.value:
            return answer_note(language=lang, **details)
        if note.get("kind") == NotificationKind.ATTENDANCE_MISSING.value:
            return reminder_note(lang, **details)
    except TypeError:
        pass
    return note.get("text") or ""


@pass_context
def _opening_hours(context, branch) -> str:
    """A branch's hours, a line per open weekday ("P 09:00–18:00"), in the reader's language; the
    free text of a branch that has no weekly hours yet."""
    weekly = branch.get("weekly_hours") or {}
    if isinstance(weekly, str):
        weekly = json.loads(weekly or "{}")
    if not weekly:
        return branch.get("opening_hours") or ""
    return "\n".join(f"{i18n.weekday_short(day, _lang(context))} {text}" for day, text in week_rows(weekly))


_LV_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")


def _iso_day(value) -> str:
    """A day as <input type=date> takes it (2026-12-03), from the dd.mm.yyyy. the form keeps; what
    is not a day stays as typed, for its error message to stand beside."""
    text = str(value or "")
    match = _LV_DAY.fullmatch(text.strip())
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else text


def _localtime(value):
    return local_wall_time(value) if isinstance(value, datetime) else value


def configure_jinja(engine, debug: bool = False) -> None:
    env = engine.engine
    # {% trans %}…{% pluralize %} blocks; the functions below read the request's language
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True
    env.auto_reload = debug  # re-reading template files on every include cost a stat() per planner cell
    env.globals.update(
        _=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, N_=i18n.N_, label=_label, error=_error, month_title=_month_title, weekday=_weekday,
        weekday_short=_weekday_short, opening_hours=_opening_hours, format_day=i18n.format_day, format_time=i18n.format_time,
        action_label=_action_label, field_label=_field_label, notification_link=notification_link, notification_text=_notification_text, history_value=_history_value,
        take_notices=take_notices,
    )
    env.filters["localtime"] = _localtime
    env.filters.update(day=i18n.format_day, hm=i18n.format_time, num=i18n.format_number, iso_day=_iso_day)
    env.autoescape = True
