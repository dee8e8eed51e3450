"""The item history's words (the item page's history, every area's entries in it): what was done,
which field, and a value as a reader reads it, in the request's language. Template globals,
given to Jinja by the composition root (app/__init__.py)."""
from __future__ import annotations

import re
from datetime import datetime

from jinja2 import pass_context

from app.kernel import i18n
from app.kernel.templating import language_of
from models.kernel.i18n import N_
from models.partners import change_word


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
    return i18n.translate(ACTIONS_LV.get(action, action), language_of(context))


@pass_context
def _field_label(context, name: str) -> str:
    return i18n.translate(FIELDS_LV.get(name, name), language_of(context))


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
        return i18n.translate(N_("jā") if value else N_("nē"), language_of(context))
    if name == "changes" and isinstance(value, str) and set(value.split(", ")) <= CHANGE_CODES:
        # what the partners were told: codes since 12.2026 (read in the reader's language), Latvian words before
        return ", ".join(change_word(code, language_of(context)) for code in value.split(", "))
    if name == "scope" and value in SCOPE_WORDS:
        return i18n.translate(SCOPE_WORDS[value], language_of(context))
    if name in CODED_FIELDS and isinstance(value, str):
        return i18n.label(value, language_of(context))
    if isinstance(value, str) and _HISTORY_TIME.fullmatch(value):  # times are kept as 2026-12-01T10:00
        return datetime.fromisoformat(value).strftime("%d.%m.%Y. %H:%M")
    return str(value)


TEMPLATE_GLOBALS = {"action_label": _action_label, "field_label": _field_label, "history_value": _history_value}
