"""iCalendar feeds built from the item dicts models.publishing.publication.items_in_scope returns.

Pure functions, no database: the same items give the same bytes in every process, so ETags hold
and a cache in front of the app works. Nothing here reads the clock or draws a random number;
DTSTAMP and LAST-MODIFIED are the item's last change. A series is one VEVENT with an RRULE; a
session moved, re-placed or cancelled on its own is an override with the series' UID and a
RECURRENCE-ID (clients drop an EXDATE'd session silently, but show an override as moved or
cancelled). A session the feed's scope leaves out (a place feed, when one session of the series
is held elsewhere) is an EXDATE."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone

from icalendar import vRecur

from calendars import ics_text as ics
from calendars.recurrence import to_ical
from calendars.vtimezone import TZID, riga_vtimezone
from models.kernel.clock import LIBRARY_TZ
from models.planning import expand_rrule

PRODID = "-//Afisa//Afisa programme feeds 1.0//LV"
REFRESH = "PT1H"  # how often clients should poll; the cache answers most polls with 304
CANCELLED_PREFIX = "Atcelts: "
STATUS = {"draft": "TENTATIVE", "planned": "TENTATIVE", "confirmed": "CONFIRMED", "published": "CONFIRMED",
          "held": "CONFIRMED", "cancelled": "CANCELLED"}
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
VTIMEZONE = riga_vtimezone().to_ical().decode("utf-8").rstrip("\r\n")


@dataclass(frozen=True)
class FeedInfo:
    """What a feed says about itself and what its events link to."""

    name: str
    base_url: str
    organizer_email: str
    kind_labels: Mapping[str, str] = field(default_factory=dict)
    places: Mapping[int, Mapping] = field(default_factory=dict)  # id -> {"name", "address"}, for re-placed sessions
    # item id -> the places left in words ("Brīvas 3 vietas"), for the items taking registrations;
    # the caller words them at one moment, so the same data still gives the same bytes
    places_left: Mapping[int, str] = field(default_factory=dict)


def utc_stamp(value: datetime | None) -> datetime:
    """A stored timestamp as a whole-second UTC instant (HTTP dates and DTSTAMP have no fractions)."""
    if value is None:
        return EPOCH
    value = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
    return value.replace(microsecond=0)


def last_change(items: Iterable[dict]) -> datetime:
    """The latest change of anything the items show: the feed's Last-Modified."""
    stamps = [utc_stamp(item["updated_at"]) for item in items]
    stamps += [utc_stamp(row["updated_at"]) for item in items for row in item["occurrences"]]
    return max(stamps, default=EPOCH)


def _when(name: str, value: datetime, all_day: bool) -> str:
    if all_day:
        return ics.line(name, ics.day(value), ";VALUE=DATE")
    return ics.line(name, ics.local(value), f";TZID={TZID}")


def _location(item: dict, info: FeedInfo, place_id: int | None, place_name: str | None) -> str:
    if place_id is not None and place_id != item["place"]:
        place = info.places.get(place_id) or {"name": place_name or "", "address": ""}
        name, address = place["name"], place["address"]
    else:
        name, address = item["place_name"] or "", item["place_address"] or ""
    # a room has no address of its own: it is in the branch's building
    parts = [name, address] if address else [name, item["branch_short_name"], item["branch_address"]]
    return ", ".join(part for part in parts if part)


def _event(item: dict, info: FeedInfo, row: dict, *, sequence: int, stamp: datetime, note: str = "", extra: list[str] = ()) -> list[str]:
    all_day = item["all_day"]
    cancelled = item["status"] == "cancelled" or row["cancelled"]
    category = info.kind_labels.get(item["kind"], item["kind"])
    lines = [
        "BEGIN:VEVENT",
        ics.text("UID", item["uid"]),
        ics.line("DTSTAMP", ics.utc(stamp)),
        ics.line("LAST-MODIFIED", ics.utc(stamp)),
        ics.line("CREATED", ics.utc(utc_stamp(item["created_at"]))),
        ics.line("SEQUENCE", str(sequence)),
        _when("DTSTART", row["starts_at"], all_day),
        _when("DTEND", row["ends_at"], all_day),  # an all-day end is already the exclusive next day
        *extra,
        ics.text("SUMMARY", (CANCELLED_PREFIX if cancelled else "") + item["title"]),
    ]
    description = "\n\n".join(text for text in (item["description"], info.places_left.get(item["id"], ""), note) if text)
    if description:
        lines.append(ics.text("DESCRIPTION", description))
    location = _location(item, info, row["place"] or item["place"], row.get("place_name"))
    if location:
        lines.append(ics.text("LOCATION", location))
    lines += [
        ics.line("ORGANIZER", f"mailto:{info.organizer_email}", ";CN=" + ics.quote_param(item["branch_name"])),
        ics.text("CATEGORIES", category),
        ics.line("STATUS", "CANCELLED" if cancelled else STATUS.get(item["status"], "CONFIRMED")),
        ics.line("TRANSP", "TRANSPARENT" if all_day else "OPAQUE"),
        ics.line("URL", f"{info.base_url}/programme/{item['branch_slug']}/{item['id']}"),
    ]
    if picture := item.get("picture"):
        # RFC 7986: the event's picture by address (a calendar program fetches it if it shows pictures)
        lines.append(ics.line("IMAGE", f"{info.base_url}{picture_path(item['id'], picture['digest'])}", ";VALUE=URI;DISPLAY=BADGE;FMTTYPE=image/jpeg"))
    lines.append("END:VEVENT")
    return lines


def picture_path(item_id: int, digest: str) -> str:
    """Where an item's picture is served (app/planning/pictures.py); the digest changes with the picture."""
    return f"/pictures/{item_id}/{digest}.jpg"


def _rule(item: dict) -> vRecur:
    rule = to_ical(item["rrule"], item["starts_at"])
    if item["all_day"] and "UNTIL" in rule:
        # with a DATE DTSTART, UNTIL must be a DATE too (RFC 5545 3.3.10)
        rule["UNTIL"] = [rule["UNTIL"][0].astimezone(LIBRARY_TZ).date()]
    return rule


def _is_override(item: dict, row: dict) -> bool:
    return bool(
        row["overridden"] or row["cancelled"] or row["starts_at"] != row["recurrence_id"]
        or (row["place"] is not None and row["place"] != item["place"])
        or row["ends_at"] - row["starts_at"] != item["ends_at"] - item["starts_at"]
    )


def item_events(item: dict, info: FeedInfo) -> list[str]:
    """The content lines of one item: a single VEVENT, or a series' master followed by its overrides."""
    stamp = utc_stamp(item["updated_at"])
    rows = item["occurrences"]
    all_day = item["all_day"]
    if not item["rrule"]:
        row = rows[0]
        return _event(item, info, row, sequence=max(item["sequence"], row["sequence"]), stamp=max(stamp, utc_stamp(row["updated_at"])), note=row["note"])
    rule_starts = expand_rrule(item["rrule"], item["starts_at"])
    by_start = {row["recurrence_id"]: row for row in rows}
    series = [ics.line("RRULE", _rule(item).to_ical().decode("ascii"))]
    left_out = [start for start in rule_starts if start not in by_start]
    if left_out:
        values = ",".join(ics.day(s) if all_day else ics.local(s) for s in left_out)
        series.append(ics.line("EXDATE", values, ";VALUE=DATE" if all_day else f";TZID={TZID}"))
    planned = {"starts_at": item["starts_at"], "ends_at": item["ends_at"], "place": None, "place_name": None, "cancelled": False}
    lines = _event(item, info, planned, sequence=item["sequence"], stamp=stamp, extra=series)
    known = set(rule_starts)
    for row in sorted(rows, key=lambda r: r["recurrence_id"]):
        if row["recurrence_id"] not in known or not _is_override(item, row):
            continue
        lines += _event(item, info, row, sequence=max(item["sequence"], row["sequence"]), stamp=max(stamp, utc_stamp(row["updated_at"])),
                        note=row["note"], extra=[_when("RECURRENCE-ID", row["recurrence_id"], all_day)])
    return lines


def build_calendar(items: Iterable[dict], info: FeedInfo) -> bytes:
    """A whole feed. Items are ordered by start and id so the bytes never depend on query order."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", ics.text("PRODID", PRODID), "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        ics.text("NAME", info.name), ics.text("X-WR-CALNAME", info.name), ics.text("X-WR-TIMEZONE", TZID),
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH}", f"X-PUBLISHED-TTL:{REFRESH}", VTIMEZONE,
    ]
    for item in sorted(items, key=lambda i: (i["starts_at"], i["id"])):
        if item["occurrences"]:
            lines += item_events(item, info)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def build_item_ics(item: dict, info: FeedInfo) -> bytes:
    """One item for "add to calendar": the same VEVENTs a feed has, so a later subscription matches."""
    return build_calendar([item], info)
