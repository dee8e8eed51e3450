"""Notifications in the reader's language and where each leads: template globals, given to Jinja
by the composition root (app/__init__.py)."""
from __future__ import annotations

import json

from jinja2 import pass_context

from app.kernel.templating import language_of
from models.attendance import reminder_note
from models.kernel.enums import NotificationKind
from models.partners import answer_note


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
    details, lang = note.get("details") or {}, language_of(context)
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


TEMPLATE_GLOBALS = {"notification_link": notification_link, "notification_text": _notification_text}
