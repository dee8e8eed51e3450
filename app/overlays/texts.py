"""What a librarian reads about an external calendar: its errors in plain words and its state.
The Latvian text is the key; app/locale/ has the English."""
from __future__ import annotations

from models.kernel.i18n import N_

from datetime import datetime

from app.kernel.i18n import format_day, translate
from models.kernel.clock import local_wall_time

ERRORS_LV = {
    # downloading
    "bad_url": N_("Šī nav derīga adrese. Ievadiet pilnu adresi, piemēram, https://skola.lv/kalendars.ics."),
    "bad_scheme": N_("Adresei jāsākas ar http:// vai https://."),
    "private_address": N_("Šī adrese ir iekšējā tīklā; no tās kalendārus ielādēt nevar."),
    "dns": N_("Šāda servera nav (adrese nav atrasta). Pārbaudiet adresi."),
    "unreachable": N_("Serveris nav sasniedzams. Mēģināsim vēlreiz vēlāk."),
    "timeout": N_("Serveris neatbildēja laikā. Mēģināsim vēlreiz vēlāk."),
    "too_many_redirects": N_("Adrese pārsūta pārāk daudzas reizes."),
    "too_large": N_("Kalendārs ir pārāk liels (vairāk nekā 2 MB)."),
    "http_status": N_("Serveris atbildēja ar kļūdu {0}. Pārbaudiet, vai adrese joprojām derīga."),
    # reading
    "empty": N_("Adresē ir tukšs fails, nevis kalendārs."),
    "not_calendar": N_("Adresē nav kalendāra (.ics), bet, piemēram, tīmekļa lapa."),
    "unreadable": N_("Kalendāra failu nevar nolasīt: tas ir bojāts."),
    "no_events": N_("Kalendārā nav neviena notikuma."),
    "too_many_events": N_("Kalendārā ir pārāk daudz notikumu (vairāk nekā 5000)."),
    "internal": N_("Radās kļūda mūsu pusē. Mēģināsim vēlreiz vēlāk."),
    "gone": N_("Šāda kalendāra vairs nav."),
}


def overlay_error(code: str, language: str) -> str:
    name, _, param = code.partition(":")
    text = ERRORS_LV.get(name)
    if text is None:
        return code
    return translate(text, language).format(param)


def format_moment(value: datetime | None) -> str:
    """dd.mm.yyyy. hh:mm in Riga time; stored moments are UTC."""
    if value is None:
        return ""
    local = local_wall_time(value)
    return f"{format_day(local)} {local.strftime('%H:%M')}"


def problem_notice(calendar: dict, language: str) -> str:
    """The line above the planner for a calendar whose last refresh failed."""
    error = overlay_error(calendar["last_error"], language)
    if calendar["last_success_at"] is None:
        return translate("Kalendārs „{name}” nav ielādēts: {error}", language).format(name=calendar["name"], error=error)
    return translate("Kalendārs „{name}” nav atjaunots kopš {when}: {error}", language).format(
        name=calendar["name"], when=format_moment(calendar["last_success_at"]), error=error)
