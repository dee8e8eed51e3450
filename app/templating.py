"""Jinja globals: translation, labels and dates, read from the request's language."""
from __future__ import annotations

import json
import re
from datetime import datetime

from jinja2 import pass_context

from app import i18n
from models.attendance import reminder_note
from models.kernel.enums import NotificationKind
from models.partners import answer_note
from models.kernel.clock import local_wall_time


def _lang(context) -> str:
    # request.state builds a new State object on every access; a month grid asks ~200 times
    request = context.get("request")
    state = request.scope.get("state") if request is not None and hasattr(request, "scope") else None
    return state.get("lang", i18n.DEFAULT_LANGUAGE) if isinstance(state, dict) else i18n.DEFAULT_LANGUAGE


@pass_context
def _translate(context, text: str) -> str:
    return i18n.translate(text, _lang(context))


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
    "created": "izveidoja", "updated": "laboja", "moved": "pārcēla", "cancelled": "atcēla", "status_changed": "mainīja statusu",
    "occurrence_changed": "mainīja vienu reizi", "occurrence_cancelled": "atcēla vienu reizi", "series_split": "sadalīja sēriju",
    "split_from": "izveidoja no sērijas daļas", "duplicated": "izveidoja kā kopiju", "warnings_overridden": "saglabāja, neskatoties uz brīdinājumiem",
    "partner_asked": "lūdza partnerim apstiprinājumu", "partner_answered": "partneris atbildēja",
    "partner_reminded": "partnerim nosūtīts atgādinājums", "partners_told": "partneriem paziņots par izmaiņām",
    "proposal_accepted": "pieņēma partnera piedāvāto laiku", "partner_request_revoked": "atsauca partnera saiti",
    "attendance": "ierakstīja apmeklējumu", "attendance_removed": "izdzēsa apmeklējumu",
}
FIELDS_LV = {
    "title": "nosaukums", "description": "apraksts", "starts_at": "sākums", "ends_at": "beigas", "place": "vieta", "status": "statuss",
    "kind": "veids", "branch": "bibliotēka", "all_day": "visu dienu", "rrule": "atkārtošana", "is_public": "publisks",
    "responsible": "atbildīgais", "cancelled": "atcelts", "note": "piezīme", "occurrence": "reize", "from": "no", "item_id": "ieraksts",
    "warnings": "brīdinājumi", "lesson_class": "klase", "lesson_teacher": "skolotājs", "literacy_area": "pratības joma",
    "book_start_group": "grupa", "age_band": "vecums", "exhibition_form": "izstādes veids", "delivery_kind": "piegādes veids",
    "partner": "partneris", "contact": "kontaktpersona", "answer": "atbilde", "proposed": "piedāvātais laiks",
    "contacts": "kontaktpersonas", "changes": "izmaiņas",
    # attendance figures (models/attendance.FIGURES)
    "total": "kopā", "children": "bērni", "adults": "pieaugušie", "online": "tiešsaistē", "kits": "izsniegtie komplekti",
    "items_out": "izsniegtie izdevumi", "items_back": "atgrieztie izdevumi", "readers_served": "apkalpotie lasītāji",
}


@pass_context
def _action_label(context, action: str) -> str:
    return i18n.translate(ACTIONS_LV.get(action, action), _lang(context))


@pass_context
def _field_label(context, name: str) -> str:
    return i18n.translate(FIELDS_LV.get(name, name), _lang(context))


# history fields whose values are codes, shown by their names ("publicēts → notika", not "published → held")
_HISTORY_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
CODED_FIELDS = {"status", "kind", "literacy_area", "exhibition_form", "delivery_kind", "answer"}


@pass_context
def _history_value(context, name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return i18n.translate("jā" if value else "nē", _lang(context))
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


def _localtime(value):
    return local_wall_time(value) if isinstance(value, datetime) else value


def configure_jinja(engine, debug: bool = False) -> None:
    i18n.load_catalogue()
    env = engine.engine
    env.auto_reload = debug  # re-reading template files on every include cost a stat() per planner cell
    env.globals.update(
        _=_translate, label=_label, error=_error, month_title=_month_title, weekday=_weekday,
        weekday_short=_weekday_short, format_day=i18n.format_day, format_time=i18n.format_time,
        action_label=_action_label, field_label=_field_label, notification_link=notification_link, notification_text=_notification_text, history_value=_history_value,
    )
    env.filters["localtime"] = _localtime
    env.filters.update(day=i18n.format_day, hm=i18n.format_time, num=i18n.format_number)
    env.autoescape = True
