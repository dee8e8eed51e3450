"""Registration: an item's places, its waiting list that moves by itself, and the residents'
registrations without accounts, with their personal data kept until the retention rule or the
person's own request blanks it. What other areas may use is imported here; everything else in
this folder is the area's own (tests/test_architecture.py). Tables: models/kernel/registration_tables.py."""
from __future__ import annotations

from models.registration.attendance import came_count, mark_came, sessions_of, sign_in_sheet, ticking_session, with_marks
from models.registration.common import CLOSED_REASONS, STATES, RegistrationClosed, RegistrationNotFound, StaleVersion
from models.registration.promotion import promote
from models.registration.registrations import (
    RegistrationDraft, availability, cancel, cancel_by_staff, change_party, erase, parse_registration, personal_link, places, position, register,
    registration_by_token, registrations_of,
)
from models.registration.reminders import send_registration_reminders
from models.registration.retention import anonymise_due
from models.registration.setup import SetupDraft, parse_setup, save_setup, setup_of

__all__ = [
    "came_count",
    "mark_came",
    "sessions_of",
    "sign_in_sheet",
    "ticking_session",
    "with_marks",
    "CLOSED_REASONS",
    "STATES",
    "RegistrationClosed",
    "RegistrationNotFound",
    "StaleVersion",
    "promote",
    "RegistrationDraft",
    "availability",
    "cancel",
    "cancel_by_staff",
    "change_party",
    "erase",
    "parse_registration",
    "personal_link",
    "places",
    "position",
    "register",
    "registration_by_token",
    "registrations_of",
    "anonymise_due",
    "send_registration_reminders",
    "SetupDraft",
    "parse_setup",
    "save_setup",
    "setup_of",
]
