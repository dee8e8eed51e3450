"""The set-up pages' words: the error sentences the shared catalogue lacks, the kinds of places
and service points, the history's actions and fields. English is in the catalogues."""
from __future__ import annotations

from app.kernel.i18n import error_text, translate, weekday_short
from models.kernel.i18n import N_

_ERRORS = {
    "slug_format": N_("Adreses daļā var būt tikai mazie latīņu burti, cipari un domuzīmes, piemēram, rozupe."),
    "slug_taken": N_("Šāda adrese jau ir citai bibliotēkai."),
    "email_format": N_("Ierakstiet e-pasta adresi, piemēram, vards@biblioteka.lv."),
    "phone_format": N_("Tālruņa numurā var būt tikai cipari, atstarpes, + un -."),
    "population_range": N_("Ierakstiet iedzīvotāju skaitu no 0 līdz 10 000 000."),
    "children_over_population": N_("Bērnu nevar būt vairāk nekā visu iedzīvotāju."),
    "central_exists": N_("Tīklā jau ir centrālā bibliotēka."),
    "hours_format": N_("Ierakstiet laiku no–līdz, piemēram, 9:00–18:00; vairākus laikus atdaliet ar komatu."),
    "hours_order": N_("Beigu laikam jābūt pēc sākuma laika."),
    "hours_overlap": N_("Laiki pārklājas vai to ir par daudz (ne vairāk kā četri dienā)."),
    "capacity_range": N_("Vietu skaitam jābūt no 1 līdz 100 000."),
    "place_branch_forbidden": N_("Vietas var pievienot un labot tikai savai bibliotēkai."),
    "partner_other_branch": N_("Šis partneris pieder citai bibliotēkai."),
    "username_format": N_("Lietotājvārdā 2–80 mazie latīņu burti, cipari un . _ @ -"),
    "username_taken": N_("Šāds lietotājvārds jau ir aizņemts."),
    "email_taken": N_("Šī e-pasta adrese jau ir kāda cita darbinieka kontam."),
    "librarian_needs_branch": N_("Bibliotekāram jānorāda bibliotēka."),
    "last_coordinator": N_("Tas ir pēdējais aktīvais koordinators: vispirms piešķiriet šo lomu kādam citam."),
    "disable_self": N_("Savu kontu atslēgt nevar: to var izdarīt cits koordinators."),
    "password_short": N_("Parolē jābūt vismaz {0} rakstzīmēm."),
    "password_mismatch": N_("Paroles nesakrīt."),
    "password_wrong": N_("Pašreizējā parole nav pareiza."),
    "year_range": N_("Ierakstiet gadu no 2000 līdz 2100."),
    "place_in_use": N_("Šī vieta jau ir izmantota programmā, tāpēc to nevar izdzēst: padariet to neaktīvu."),
}

PLACE_KINDS = {"room": N_("Telpa"), "venue": N_("Ārēja norises vieta"), "service_point": N_("Apkalpošanas punkts")}
POINT_TYPES = {"care_home": N_("Sociālās aprūpes centrs"), "settlement": N_("Apdzīvota vieta"), "school": N_("Skola"),
               "preschool": N_("Pirmsskolas izglītības iestāde"), "other": N_("Cits")}
ROLES = {"coordinator": N_("Koordinators"), "librarian": N_("Bibliotekārs")}
ACTIONS = {
    "created": N_("izveidoja"), "edited": N_("laboja"), "closed": N_("slēdza"), "reopened": N_("atvēra no jauna"),
    "closure_added": N_("pievienoja slēgtās dienas"), "closure_removed": N_("noņēma slēgtās dienas"),
    "activated": N_("atjaunoja"), "deactivated": N_("padarīja neaktīvu"), "deleted": N_("izdzēsa"),
    "invited": N_("uzaicināja"), "reset_sent": N_("nosūtīja paroles maiņas saiti"), "password_set": N_("iestatīja paroli"),
    "password_changed": N_("nomainīja paroli"), "enabled": N_("atjaunoja kontu"), "disabled": N_("atslēdza kontu"),
    "account_edited": N_("laboja savu kontu"), "logo_added": N_("pievienoja logotipu"), "logo_removed": N_("noņēma logotipu"),
    "population_set": N_("ierakstīja iedzīvotāju skaitu"), "population_imported": N_("ielādēja iedzīvotāju skaitu"),
    "population_removed": N_("noņēma iedzīvotāju skaitu"),
}
# a year's population in the history: "iedzīvotāji 2023" = "1006 (185)", the children in brackets
POPULATION_FIELD = N_("iedzīvotāji (bērni) {0}")
# the population CSV's problems (models/network/population.py), each with its line
POPULATION_PROBLEMS = {
    "encoding": N_("Failu nevar nolasīt: tas nav ne UTF-8, ne Windows-1257 kodējumā. Excel to saglabājiet kā „CSV UTF-8”."),
    "empty": N_("Fails ir tukšs."),
    "no_rows": N_("Failā ir tikai virsraksta rinda, bez neviena gada."),
    "missing_column": N_("Trūkst kolonnas „{column}”."),
    "unknown_column": N_("{line}. rinda: nezināma kolonna „{column}”."),
    "duplicate_column": N_("{line}. rinda: kolonna „{column}” ir divreiz."),
    "year_format": N_("{line}. rinda: „{value}” nav gads. Rakstiet, piemēram, 2023."),
    "year_missing": N_("{line}. rinda: nav norādīts gads."),
    "year_range": N_("{line}. rinda: gadam jābūt no 2000 līdz 2100 ({value})."),
    "year_twice": N_("{line}. rinda: gads {value} jau ir {detail}. rindā."),
    "number": N_("{line}. rinda, kolonna „{column}”: „{value}” nav vesels skaitlis."),
    "number_missing": N_("{line}. rinda, kolonna „{column}”: trūkst skaitļa."),
    "negative": N_("{line}. rinda, kolonna „{column}”: skaitlis nevar būt negatīvs ({value})."),
    "population_range": N_("{line}. rinda, kolonna „{column}”: ierakstiet skaitu no 0 līdz 10 000 000 ({value})."),
    "children_over_population": N_("{line}. rinda: bērnu ({value}) ir vairāk nekā visu iedzīvotāju ({detail})."),
    "too_many_rows": N_("Failā ir pārāk daudz rindu: ne vairāk kā {value}."),
    "csv": N_("{line}. rinda: to nevar nolasīt kā CSV (varbūt trūkst noslēdzošo pēdiņu)."),
}


def population_problem_texts(problems, language: str) -> list[str]:
    """Each problem of a rejected population file as a sentence in the reader's language."""
    return [translate(POPULATION_PROBLEMS.get(p.code, POPULATION_PROBLEMS["csv"]), language).format(
        line=p.line, column=p.column, value=p.value, detail=p.detail) for p in problems]


def _field_label(name: str, language: str) -> str:
    if name.startswith("population_") and name[11:].isdigit():
        return translate(POPULATION_FIELD, language).format(name[11:])
    return translate(FIELDS.get(name, name), language)
FIELDS = {
    "name": N_("nosaukums"), "short_name": N_("īsais nosaukums"), "slug": N_("adrese tīmeklī"), "address": N_("adrese"),
    "phone": N_("tālrunis"), "email": N_("e-pasts"), "is_central": N_("centrālā bibliotēka"), "population": N_("iedzīvotāji"),
    "children_population": N_("bērni līdz 18"), "weekly_hours": N_("darba laiks"), "closed_on": N_("slēgta no"),
    "closure": N_("slēgtās dienas"), "logo": N_("logotips"), "branch": N_("bibliotēka"), "kind": N_("veids"), "capacity": N_("vietu skaits"),
    "accessibility": N_("piekļūstamība"), "equipment": N_("aprīkojums"), "contact": N_("kontaktpersona"),
    "host_partner": N_("uzņēmējs partneris"), "point_type": N_("punkta veids"), "opened_on": N_("atvērts"),
    "active": N_("aktīvs"), "username": N_("lietotājvārds"), "display_name": N_("vārds"), "role": N_("loma"),
    "language": N_("valoda"),
}


def error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    texts = {}
    for name, code in errors.items():
        key, _, param = code.partition(":")
        texts[name] = translate(_ERRORS[key], language).format(param) if key in _ERRORS else error_text(code, language)
    return texts


def history_rows(rows: list[dict], language: str, names: dict[str, dict] | None = None) -> list[dict]:
    """Each change as "who did what" and its fields "from → to", in the reader's language; `names`
    turns ids into names ({"branch": {1: "Rožupe"}}), so the history never shows a bare number."""
    names = names or {}

    def shown(name: str, value) -> str:
        if value is None or value == "" or value == {}:
            return "—"
        if isinstance(value, bool):
            return "✓" if value else "✗"
        if isinstance(value, dict):
            return "; ".join(f"{weekday_short(int(day), language)} {', '.join('–'.join(pair) for pair in spans)}" for day, spans in value.items())
        if name in names:
            return str(names[name].get(value, value))
        if name in ("role",):
            return translate(ROLES.get(value, value), language)
        if name in ("kind",):
            return translate(PLACE_KINDS.get(value, value), language)
        return str(value)

    return [{"at": row["at"], "who": row["staff_name"] or "—", "action": translate(ACTIONS.get(row["action"], row["action"]), language),
             "fields": [(_field_label(name, language), shown(name, before), shown(name, after))
                        for name, (before, after) in (row["details"] or {}).items()]} for row in rows]
