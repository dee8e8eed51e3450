"""A library's opening hours as a page writes them, in the reader's language: a template global,
given to Jinja by the composition root (app/__init__.py)."""
from __future__ import annotations

import json

from jinja2 import pass_context

from app.kernel import i18n
from app.kernel.templating import language_of
from models.network import week_rows


@pass_context
def _opening_hours(context, branch) -> str:
    """A branch's hours, a line per open weekday ("P 09:00–18:00"), in the reader's language; the
    free text of a branch that has no weekly hours yet."""
    weekly = branch.get("weekly_hours") or {}
    if isinstance(weekly, str):
        weekly = json.loads(weekly or "{}")
    if not weekly:
        return branch.get("opening_hours") or ""
    return "\n".join(f"{i18n.weekday_short(day, language_of(context))} {text}" for day, text in week_rows(weekly))


TEMPLATE_GLOBALS = {"opening_hours": _opening_hours}
