"""Jinja globals: translation, labels and dates, read from the request's language. An area's own
globals (the item history's words, the notifications, the opening hours) are the area's, passed in
by the composition root (app/__init__.py) through `configure_jinja(…, area_globals)`."""
from __future__ import annotations


import re
from collections.abc import Callable, Mapping
from datetime import datetime

from jinja2 import pass_context

from app.kernel import i18n
from models.kernel.clock import local_wall_time
from app.kernel.web import take_notices


def language_of(context) -> str:
    """The request's language in a template's context (the areas' template globals use it too)."""
    # request.state builds a new State object on every access; a month grid asks ~200 times
    request = context.get("request")
    state = request.scope.get("state") if request is not None and hasattr(request, "scope") else None
    return state.get("lang", i18n.DEFAULT_LANGUAGE) if isinstance(state, dict) else i18n.DEFAULT_LANGUAGE


@pass_context
def _gettext(context, text: str, **variables) -> str:
    # variables: {% trans %} blocks and _("… %(name)s", name=…) (newstyle gettext)
    translated = i18n.gettext(text, language_of(context))
    return translated % variables if variables else translated


@pass_context
def _ngettext(context, singular: str, plural: str, number: int, **variables) -> str:
    return i18n.ngettext(singular, plural, number, language_of(context), **variables)


@pass_context
def _pgettext(context, meaning: str, text: str, **variables) -> str:
    translated = i18n.pgettext(meaning, text, language_of(context))
    return translated % variables if variables else translated


@pass_context
def _label(context, code: str | None) -> str:
    return i18n.label(code, language_of(context))


@pass_context
def _error(context, code: str) -> str:
    return i18n.error_text(code, language_of(context))


@pass_context
def _month_title(context, day) -> str:
    return i18n.month_title(day, language_of(context))


@pass_context
def _weekday(context, day) -> str:
    return i18n.weekday_name(day, language_of(context))


@pass_context
def _weekday_short(context, index: int) -> str:
    return i18n.weekday_short(index, language_of(context))


_LV_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")


def _iso_day(value) -> str:
    """A day as <input type=date> takes it (2026-12-03), from the dd.mm.yyyy. the form keeps; what
    is not a day stays as typed, for its error message to stand beside."""
    text = str(value or "")
    match = _LV_DAY.fullmatch(text.strip())
    return f"{match.group(3)}-{int(match.group(2)):02d}-{int(match.group(1)):02d}" if match else text


def _localtime(value):
    return local_wall_time(value) if isinstance(value, datetime) else value


def configure_jinja(engine, debug: bool = False, area_globals: Mapping[str, Callable] | None = None) -> None:
    env = engine.engine
    # {% trans %}…{% pluralize %} blocks; the functions below read the request's language
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True
    env.auto_reload = debug  # re-reading template files on every include cost a stat() per planner cell
    env.globals.update(
        _=_gettext, gettext=_gettext, ngettext=_ngettext, pgettext=_pgettext, N_=i18n.N_, label=_label, error=_error, month_title=_month_title, weekday=_weekday,
        weekday_short=_weekday_short, format_day=i18n.format_day, format_time=i18n.format_time, take_notices=take_notices,
    )
    env.globals.update(area_globals or {})
    env.filters["localtime"] = _localtime
    env.filters.update(day=i18n.format_day, hm=i18n.format_time, num=i18n.format_number, iso_day=_iso_day)
    env.autoescape = True
