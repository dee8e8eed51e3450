"""The words the public programme is written in: Latvian running dates ("ceturtdien, 3. decembrī,
plkst. 16.00"), places with their address, the Google Calendar link and the announcement text a
librarian pastes into Facebook or WhatsApp. Pure functions: the templates and tests call them."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote, urlencode

from babel.dates import format_date

from app.kernel.i18n import MONTHS_LV_LOCATIVE, WEEKDAYS_LV_LOCATIVE, label, pgettext, translate
from models.kernel.clock import LIBRARY_TZ

# "no 1. decembra līdz 15. janvārim": a range needs the genitive and the dative, which Babel lacks too.
# i18n: the Latvian cases of the month names (English ones come from Babel)
MONTHS_LV_GENITIVE = ("janvāra", "februāra", "marta", "aprīļa", "maija", "jūnija", "jūlija", "augusta", "septembra", "oktobra", "novembra", "decembra")
# i18n: the Latvian cases of the month names (English ones come from Babel)
MONTHS_LV_DATIVE = ("janvārim", "februārim", "martam", "aprīlim", "maijam", "jūnijam", "jūlijam", "augustam", "septembrim", "oktobrim", "novembrim", "decembrim")


def _month_en(day: date) -> str:
    return format_date(day, "MMMM", locale="en")
GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
ANNOUNCEMENT_SESSIONS = 6  # a post lists this many dates, then says how many more


def clock(value: datetime, language: str = "lv") -> str:
    """16:00 in both languages: the one way Afiša writes a time, on public pages as in the planner
    and in every form (a librarian types 16:00 and reads 16:00)."""
    return value.strftime("%H:%M")


def last_day(starts_at: datetime, ends_at: datetime, all_day: bool) -> date:
    """An all-day session ends at midnight after its last day (the iCalendar exclusive end)."""
    return (ends_at - timedelta(days=1)).date() if all_day else ends_at.date()


def day_phrase(day: date, language: str = "lv") -> str:
    if language == "lv":
        return f"{WEEKDAYS_LV_LOCATIVE[day.weekday()]}, {day.day}. {MONTHS_LV_LOCATIVE[day.month - 1]}"
    return f"{format_date(day, 'EEEE', locale='en')}, {day.day} {_month_en(day)}"


def month_locative(day: date, language: str = "lv") -> str:
    """The poster's heading: "Decembrī" (in December)."""
    month = MONTHS_LV_LOCATIVE[day.month - 1].capitalize() if language == "lv" else _month_en(day)
    # Latvian says "in December" with the month's locative alone; the catalogue gives other languages their words
    return pgettext("the poster's heading, the month when: Decembrī, In December", "%(month)s", language) % {"month": month}


def when(starts_at: datetime, ends_at: datetime, all_day: bool, language: str = "lv") -> str:
    """A session's time as running text."""
    first, last = starts_at.date(), last_day(starts_at, ends_at, all_day)
    if all_day and last > first:
        if language != "lv":
            return f"{first.day} {_month_en(first)} – {last.day} {_month_en(last)}"
        if (first.year, first.month) == (last.year, last.month):
            # i18n: the Latvian phrase with its cases; English is above
            return f"no {first.day}. līdz {last.day}. {MONTHS_LV_DATIVE[last.month - 1]}"
        # i18n: the Latvian phrase with its cases; English is above
        return f"no {first.day}. {MONTHS_LV_GENITIVE[first.month - 1]} līdz {last.day}. {MONTHS_LV_DATIVE[last.month - 1]}"
    text = day_phrase(first, language)
    if all_day:
        return text
    hours = f"{clock(starts_at, language)}–{clock(ends_at, language)}" if ends_at > starts_at else clock(starts_at, language)
    if last > first:  # past midnight: name the end day too
        hours = f"{clock(starts_at, language)} – {day_phrase(last, language)}, {clock(ends_at, language)}"
    return translate("%(day)s, plkst. %(hours)s", language) % {"day": text, "hours": hours}


def sentence(text: str) -> str:
    """First letter up, the rest as it is (str.capitalize would write "1 december")."""
    return text[:1].upper() + text[1:]


def place_text(item: dict, session: dict | None = None) -> str:
    """Where, with an address a visitor can find: the place's own, else the library's."""
    name = (session or {}).get("place_name") or item.get("place_name") or item.get("branch_short_name") or ""
    own_place = not (session or {}).get("place_name") or session.get("place_name") == item.get("place_name")
    address = (item.get("place_address") if own_place else "") or item.get("branch_address") or ""
    return ", ".join(part for part in (name, address) if part)


def _utc(value: datetime) -> str:
    return value.replace(tzinfo=LIBRARY_TZ).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(title: str, starts_at: datetime, ends_at: datetime, all_day: bool, details: str, location: str) -> str:
    """Google's "add event" template. Times in UTC; an all-day range ends on the day after its last."""
    if all_day:
        dates = f"{starts_at:%Y%m%d}/{ends_at:%Y%m%d}"
    else:
        dates = f"{_utc(starts_at)}/{_utc(ends_at)}"
    params = [("action", "TEMPLATE"), ("text", title), ("dates", dates), ("details", details), ("location", location), ("ctz", "Europe/Riga")]
    return f"{GOOGLE_CALENDAR}?{urlencode(params, quote_via=quote, safe='/')}"


def webcal(url: str) -> str:
    return "webcal://" + url.split("://", 1)[-1]


def is_cancelled(item: dict, session: dict) -> bool:
    return item["status"] == "cancelled" or bool(session.get("cancelled"))


def announcement(item: dict, sessions: list[dict], url: str | None, language: str = "lv") -> str:
    """A ready-to-paste post: title, dates, place, description, audiences, link, library. No
    link (None) for an item residents cannot see yet: it would answer 404."""
    cancelled = item["status"] == "cancelled"
    lines = [f"{translate('ATCELTS', language)}: {item['title']}" if cancelled else item["title"]]
    shown = [s for s in sessions if cancelled or not s.get("cancelled")]
    for session in shown[:ANNOUNCEMENT_SESSIONS]:
        lines.append(sentence(when(session["starts_at"], session["ends_at"], item["all_day"], language)))
    if len(shown) > ANNOUNCEMENT_SESSIONS:
        lines.append(f"{translate('…un vēl reizes', language)}: {len(shown) - ANNOUNCEMENT_SESSIONS}")
    place = place_text(item, shown[0] if shown else None)
    if place:
        lines.append(f"{translate('Vieta', language)}: {place}")
    if item.get("description"):
        lines += ["", item["description"].strip(), ""]
    if item.get("audiences"):
        lines.append(f"{translate('Kam', language)}: {', '.join(label(a, language).lower() for a in item['audiences'])}")
    if url:
        lines.append(f"{translate('Vairāk', language)}: {url}")
    lines.append(item.get("branch_name") or "")
    return "\n".join(line for line in lines if line is not None).strip()
