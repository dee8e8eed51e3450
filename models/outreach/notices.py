"""The notices of a delivery to a service point: two weeks and one week before, each contact of
the place's host partner (the care centre, the settlement's community house) gets a mail with the
day, the set coming and its titles, and the set to get ready for collection with its titles, so
the receiver can check the books against the list; an .ics of the delivery goes with it (the web
layer builds it: models never import calendars). Each notice is queued once per contact, stage
and day (the outbox's key): a delivery moved to another day is noticed again."""
from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date
from datetime import date, datetime, timedelta

from models.kernel import outbox
from models.kernel.i18n import gettext, language_or_default, ngettext
from models.kernel.outreach_tables import SetPlacement
from models.kernel.tables import Occurrence, PartnerContact, Place
from models.outreach.sets import loaded

STAGES = (14, 7)  # days before the delivery


@dataclass
class Notice:
    stage: int
    session_id: int
    item_id: int
    branch_id: int
    starts_at: datetime
    ends_at: datetime
    place_name: str
    library: str
    contact: dict  # id, name, email, language
    going: list[dict]  # placements: set_name, titles
    coming: list[dict]

    @property
    def key(self) -> str:
        return f"rotation:{self.session_id}:{self.stage}:{self.contact['id']}:{self.starts_at:%Y-%m-%d}"


def day_text(value: datetime, language: str) -> str:
    """"16.02.2026. (pirmdiena)": the weekday apart, since a sentence would need its locative
    ("pirmdien"), which Babel does not give."""
    return f"{value.strftime('%d.%m.%Y.')} ({format_date(value, 'EEEE', locale=language)})"


def stage_of(day: date, today: date) -> int | None:
    """The notice due for a delivery on `day`: the two weeks' one from 14 days before, the week's
    from 7; none on the day or after (too late to be of use)."""
    days = (day - today).days
    if 1 <= days <= STAGES[1]:
        return STAGES[1]
    if STAGES[1] < days <= STAGES[0]:
        return STAGES[0]
    return None


async def due_notices(today: date) -> list[Notice]:
    start = datetime.combine(today + timedelta(days=1), datetime.min.time())
    end = datetime.combine(today + timedelta(days=STAGES[0] + 1), datetime.min.time())
    sessions = await Occurrence.select(
        Occurrence.id, Occurrence.starts_at, Occurrence.ends_at, Occurrence.item, Occurrence.place, Occurrence.item.place.as_alias("item_place"),
        Occurrence.item.branch.as_alias("branch"), Occurrence.item.branch.name.as_alias("library")).where(
        (Occurrence.starts_at >= start) & (Occurrence.starts_at < end) & (Occurrence.cancelled == False)  # noqa: E712
        & (Occurrence.item.kind == "delivery") & Occurrence.item.status.not_in(["cancelled", "draft"]))
    if not sessions:
        return []
    ids = [row["id"] for row in sessions]
    placements = await SetPlacement.select(SetPlacement.delivery, SetPlacement.collection, SetPlacement.titles,
                                           SetPlacement.book_set.name.as_alias("set_name")).where(
        SetPlacement.delivery.is_in(ids) | SetPlacement.collection.is_in(ids))
    for placement in placements:
        placement["titles"] = loaded(placement["titles"]) or []
    found = []
    for session in sessions:
        going = [p for p in placements if p["delivery"] == session["id"]]
        coming = [p for p in placements if p["collection"] == session["id"]]
        stage = stage_of(session["starts_at"].date(), today)
        if not (going or coming) or stage is None:
            continue
        place = await Place.select(Place.name, Place.host_partner).where(Place.id == (session["place"] or session["item_place"])).first()
        if not place or not place["host_partner"]:
            continue
        contacts = await PartnerContact.select(PartnerContact.id, PartnerContact.name, PartnerContact.email, PartnerContact.language).where(
            (PartnerContact.partner == place["host_partner"]) & (PartnerContact.active == True) & (PartnerContact.email != ""))  # noqa: E712
        for contact in contacts:
            found.append(Notice(stage=stage, session_id=session["id"], item_id=session["item"], branch_id=session["branch"],
                                starts_at=session["starts_at"], ends_at=session["ends_at"], place_name=place["name"],
                                library=session["library"], contact=contact, going=going, coming=coming))
    return found


def _titles(placement: dict) -> list[str]:
    lines = []
    for number, title in enumerate(placement["titles"] or [], start=1):
        author = f"{title['author']} — " if title.get("author") else ""
        code = f" [{title['barcode']}]" if title.get("barcode") else ""
        lines.append(f"{number:>3}. {author}{title['title']}{code}")
    return lines


def notice_text(notice: Notice) -> tuple[str, str, str]:
    """The subject, the body and the language, in the contact's language."""
    lang = language_or_default(notice.contact.get("language"))
    when = f"{day_text(notice.starts_at, lang)} {notice.starts_at:%H:%M}–{notice.ends_at:%H:%M}"
    subject = gettext("Grāmatu kopas maiņa %(day)s: %(place)s", lang) % {"day": notice.starts_at.strftime("%d.%m.%Y."), "place": notice.place_name}
    lines = [gettext("Labdien, %(name)s!", lang) % {"name": notice.contact["name"]}, ""]
    # the place and the time on lines of their own: a name in a sentence would need its case
    lines += [gettext("%(library)s atvedīs grāmatas.", lang) % {"library": notice.library},
              gettext("Vieta: %(place)s", lang) % {"place": notice.place_name}, gettext("Laiks: %(when)s", lang) % {"when": when}]
    for placement in notice.going:
        count = len(placement["titles"] or [])
        lines += ["", ngettext("Atvedīsim kopu „%(set)s”: %(num)d grāmata.", "Atvedīsim kopu „%(set)s”: %(num)d grāmatas.", count, lang,
                               set=placement["set_name"]), *_titles(placement)]
    for placement in notice.coming:
        count = len(placement["titles"] or [])
        lines += ["", ngettext("Lūdzu, sagatavojiet atdošanai kopu „%(set)s”: %(num)d grāmata. Pārbaudiet tās pēc saraksta un pasakiet, ja kādas trūkst.",
                               "Lūdzu, sagatavojiet atdošanai kopu „%(set)s”: %(num)d grāmatas. Pārbaudiet tās pēc saraksta un pasakiet, ja kādas trūkst.",
                               count, lang, set=placement["set_name"]), *_titles(placement)]
    lines += ["", gettext("Pielikumā ir piegādes laiks jūsu kalendāram.", lang)]
    return subject, "\n".join(lines), lang


async def queue_notice(notice: Notice, calendar: str) -> bool:
    subject, body, lang = notice_text(notice)
    return await outbox.enqueue(key=notice.key, to_address=notice.contact["email"], to_name=notice.contact["name"], subject=subject,
                                body=body, language=lang, item_id=notice.item_id, branch_id=notice.branch_id, calendar=calendar)
