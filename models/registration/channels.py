"""How a registered person is told of something: by mail when they gave an email; else by SMS when
they gave a phone and a gateway is configured (models/kernel/sms_outbox.py, off by default).
Both copies are keyed "registration:<id>:…", so the retention rule and "delete my data" delete
them with the person's data (registrations.forget_messages_of)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.kernel import sms_outbox
from models.kernel.registration_tables import Registration


def reachable():
    """The registrations a message can reach now (a where clause): an email, or a phone while SMS is on."""
    where = Registration.email != ""
    if sms_outbox.is_enabled():
        where = where | (Registration.phone != "")
    return where


def by_sms(row: Mapping[str, Any]) -> bool:
    """No email to write to, a phone to text, and a gateway to text through."""
    return not row["email"] and bool(row["phone"]) and sms_outbox.is_enabled()
