"""The registration pages' words: the places left as a sentence (the public page, the item's feed
entry, the librarian's list), why a registration was not taken, and the error sentences the
shared catalogue lacks. Latvian in the source, English in the catalogues."""
from __future__ import annotations

import sqlite3
from datetime import datetime

from asyncpg.exceptions import LockNotAvailableError

from app.kernel.i18n import error_text, format_day, format_time, ngettext, translate
from models.kernel.clock import local_wall_time
from models.kernel.i18n import N_

_ERRORS = {
    "between": N_("Ierakstiet skaitli no {0} līdz {1}."),
    "phone_format": N_("Tālruņa numurā var būt tikai cipari, atstarpes, + un -."),
    "email_format": N_("Ierakstiet e-pasta adresi, piemēram, vards@biblioteka.lv."),
    "phone_or_email": N_("Ierakstiet tālruni vai e-pastu: pa tiem bibliotēka jums paziņos, ja kas mainīsies."),
    "party_range": N_("Cilvēku skaitam jābūt no {0} līdz {1}."),
    "party_no_room": N_("Tik daudz brīvu vietu nav. Lielākais cilvēku skaits, ko tagad var pieteikt: {0}."),
    "capacity_below_registered": N_("Aizņemto vietu jau ir vairāk (aizņemtas: {0}). Lai vietu skaitu samazinātu, vispirms atsauciet kādu pieteikumu."),
    "registration_cancelled": N_("Pieteikums jau ir atsaukts."),
    "registration_off": N_("Pieteikšanās ir slēgta."),
    "closes_before_opens": N_("Pieteikšanās beigām jābūt pēc tās sākuma."),
    "honeypot": N_("Pieteikumu neizdevās pieņemt. Pārbaudiet laukus un mēģiniet vēlreiz."),
}

# why a registration was not taken (models.registration.RegistrationClosed.reason)
CLOSED = {
    "not_open": N_("Pieteikšanās vēl nav sākusies."),
    "closed": N_("Pieteikšanās ir slēgta."),
    "off": N_("Pieteikšanās ir slēgta."),
    "full": N_("Brīvu vietu vairs nav, un rindā pieteikties vairs nevar."),
    "ended": N_("Pasākums jau ir beidzies, tāpēc pieteikumu vairs nevar atsaukt."),
}


BUSY = N_("Pārāk daudz pieteikumu vienlaikus. Lūdzu, mēģiniet vēlreiz pēc brīža.")


# what a write that waited too long for the lock raises: SQLite's "database is locked" past
# busy_timeout, PostgreSQL's lock_timeout (55P03)
BUSY_ERRORS: tuple[type[BaseException], ...] = (sqlite3.OperationalError, LockNotAvailableError)


def is_busy(error: BaseException) -> bool:
    """The database's lock was not had in time (any other OperationalError is the server's own error)."""
    if isinstance(error, sqlite3.OperationalError):
        return "locked" in str(error) or "busy" in str(error)
    return isinstance(error, BUSY_ERRORS)


def error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    texts = {}
    for name, code in errors.items():
        if name == "closes_at" and code == "end_before_start":
            code = "closes_before_opens"
        key, _, param = code.partition(":")
        texts[name] = translate(_ERRORS[key], language).format(*param.split(":")) if key in _ERRORS else error_text(code, language)
    return texts


def closed_text(reason: str, language: str) -> str:
    return translate(CLOSED.get(reason, CLOSED["closed"]), language)


def moment_text(value: datetime | None) -> str:
    """A stored moment as the library's wall clock: 01.12.2026. 10:00."""
    if value is None:
        return ""
    wall = local_wall_time(value)
    return f"{format_day(wall)} {format_time(wall)}"


def places_words(availability: dict | None, language: str) -> str:
    """The places left in words: "Brīvas 3 vietas", "Vietu nav — var pieteikties rindā",
    "Pieteikšanās ir slēgta"; "" for an item without registration."""
    if availability is None:
        return ""
    reason = availability["reason"]
    if reason == "not_open":
        return translate("Pieteikšanās sāksies {when}", language).format(when=moment_text(availability["opens_at"]))
    if reason in ("closed", "off"):
        return translate("Pieteikšanās ir slēgta", language)
    if reason == "full":
        return translate("Vietu nav", language)
    if availability["left"] <= 0 or availability["waiting_open"]:
        return translate("Vietu nav — var pieteikties rindā", language)
    return ngettext("Brīva %(num)d vieta", "Brīvas %(num)d vietas", availability["left"], language)


def state_class(availability: dict | None) -> str:
    """The words' look: open, waiting list, full or closed."""
    if availability is None or availability["reason"] in ("closed", "off", "not_open"):
        return "is-closed"
    if availability["reason"] == "full":
        return "is-full"
    return "is-waiting" if availability["waiting_open"] else "is-open"
