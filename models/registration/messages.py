"""The texts of registration mail, in the resident's language through the catalogues
(models/kernel/i18n.py; English in app/locale/en). Plain strings, not templates: a mail has to
read well in a phone's mail app and on the outbox page. A mail never carries more personal
data than the name it greets.

Every mail after the first carries the personal link when the registration has one
(links.registration_link: signed, so it can be made again); a registration made before the links
were signed has none, and its mails point to the first mail, which has it."""
from __future__ import annotations

from datetime import datetime

from babel.dates import format_date

from models.kernel.clock import local_wall_time
from models.kernel.i18n import gettext, language_or_default, ngettext
from models.kernel.sms_outbox import SMS_LENGTH, sms_length

SHOWN_SESSIONS = 20  # a Book Start cycle's sessions; a longer series is read on the personal page


def day_text(value: datetime, language: str) -> str:
    return f"{format_date(value, 'EEEE', locale=language_or_default(language))}, {value.strftime('%d.%m.%Y.')}"


def when_text(start: datetime, end: datetime, all_day: bool, language: str) -> str:
    if all_day:
        return day_text(start, language)
    return f"{day_text(start, language)} {start:%H:%M}–{end:%H:%M}"


def party_text(party: int, language: str) -> str:
    return ngettext("%(num)d cilvēks", "%(num)d cilvēki", party, language)


def next_session(item: dict, now: datetime | None = None) -> tuple[datetime | None, datetime | None]:
    """The item's first session still to come at `now` (a series that has begun names its next
    one), else its first session; (None, None) without any."""
    if not item["sessions"]:
        return None, None
    wall = local_wall_time(now) if now is not None else None
    ahead = [session for session in item["sessions"] if wall is None or session[0] > wall]
    return (ahead or item["sessions"])[0]


def first_when(item: dict, language: str, now: datetime | None = None) -> str:
    """When the next session is (next_session); "" without any."""
    start, end = next_session(item, now)
    return when_text(start, end, item["all_day"], language) if start else ""


def details(item: dict, language: str, now: datetime | None = None) -> str:
    """What, when, where; a series lists its sessions, since one registration is for all of them."""
    lang = language_or_default(language)
    text = gettext("Kas: {title}\nKad: {when}\nKur: {place}\n", lang).format(
        title=item["title"], when=first_when(item, lang, now), place=item["place_name"] or item["branch_name"] or "")
    sessions = item["sessions"]
    if len(sessions) > 1:
        lines = [f"- {when_text(start, end, item['all_day'], lang)}" for start, end in sessions[:SHOWN_SESSIONS]]
        if len(sessions) > SHOWN_SESSIONS:
            more = len(sessions) - SHOWN_SESSIONS
            lines.append("- " + ngettext("… un vēl %(num)d reize", "… un vēl %(num)d reizes", more, lang))
        text += "\n" + gettext("Visas reizes ({count}):", lang).format(count=len(sessions)) + "\n" + "\n".join(lines) + "\n"
    return text


def confirmed_mail(item: dict, registration: dict, link: str, now: datetime | None = None) -> tuple[str, str]:
    """Right after registering: a place, or a place in the queue."""
    lang = language_or_default(registration["language"])
    when, party = first_when(item, lang, now), party_text(registration["party"], lang)
    common = {"name": registration["name"], "party": party, "details": details(item, lang, now), "link": link, "library": item["branch_name"]}
    if registration["state"] == "waiting":
        subject = gettext("Jūs esat rindā: {title}, {when}", lang).format(title=item["title"], when=when)
        body = gettext(
            "Labdien, {name}!\n\nBrīvu vietu pašlaik nav, tāpēc jūsu pieteikums ({party}) ir rindā, {position}. vietā. "
            "Ja vieta atbrīvosies, tā jums tiks piešķirta automātiski, un mēs jums uzrakstīsim.\n\n{details}\n"
            "Savu pieteikumu varat apskatīt, mainīt vai atsaukt šeit (konts nav vajadzīgs):\n{link}\n\n"
            "Saite ir personīga: nepārsūtiet to citiem.\n\n{library}\n", lang,
        ).format(position=registration["position"], **common)
    else:
        subject = gettext("Pieteikums pieņemts: {title}, {when}", lang).format(title=item["title"], when=when)
        body = gettext(
            "Labdien, {name}!\n\nJūsu pieteikums ir pieņemts ({party}).\n\n{details}\n"
            "Savu pieteikumu varat apskatīt, mainīt cilvēku skaitu vai atsaukt šeit (konts nav vajadzīgs):\n{link}\n\n"
            "Saite ir personīga: nepārsūtiet to citiem. Ja nevarat ierasties, lūdzu, atsauciet pieteikumu, "
            "lai vietu saņemtu kāds cits.\n\n{library}\n", lang,
        ).format(**common)
    return subject, body


def promoted_mail(item: dict, registration: dict, now: datetime | None = None, link: str | None = None) -> tuple[str, str]:
    """The waiting party that got a place, with its personal link (None: the first mail's)."""
    lang = language_or_default(registration["language"])
    subject = gettext("Jums ir vieta: {title}, {when}", lang).format(title=item["title"], when=first_when(item, lang, now))
    common = {"name": registration["name"], "party": party_text(registration["party"], lang), "details": details(item, lang, now),
              "library": item["branch_name"]}
    if link:
        body = gettext(
            "Labdien, {name}!\n\nAtbrīvojās vieta, un jūsu pieteikums no rindas ir pieņemts ({party}).\n\n{details}\n"
            "Savu pieteikumu varat apskatīt, mainīt cilvēku skaitu vai atsaukt šeit (konts nav vajadzīgs):\n{link}\n\n"
            "Saite ir personīga: nepārsūtiet to citiem. Ja nevarat ierasties, lūdzu, atsauciet pieteikumu, "
            "lai vietu saņemtu nākamais rindā.\n\n{library}\n", lang,
        ).format(link=link, **common)
        return subject, body
    body = gettext(
        "Labdien, {name}!\n\nAtbrīvojās vieta, un jūsu pieteikums no rindas ir pieņemts ({party}).\n\n{details}\n"
        "Pieteikumu varat apskatīt, mainīt vai atsaukt ar personīgo saiti no pirmās vēstules. Ja nevarat ierasties, "
        "lūdzu, atsauciet pieteikumu, lai vietu saņemtu nākamais rindā.\n\n{library}\n", lang,
    ).format(**common)
    return subject, body


def cancelled_by_library_mail(item: dict, registration: dict, now: datetime | None = None, link: str | None = None) -> tuple[str, str]:
    """The librarian cancelled the registration; the link shows it cancelled and lets the person delete their data."""
    lang = language_or_default(registration["language"])
    subject = gettext("Pieteikums atsaukts: {title}, {when}", lang).format(title=item["title"], when=first_when(item, lang, now))
    common = {"name": registration["name"], "party": party_text(registration["party"], lang), "details": details(item, lang, now),
              "library": item["branch_name"]}
    if link:
        body = gettext(
            "Labdien, {name}!\n\nBibliotēka atsauca jūsu pieteikumu ({party}).\n\n{details}\n"
            "Ja jums ir jautājumi, lūdzu, sazinieties ar bibliotēku. Savu pieteikumu varat apskatīt vai dzēst savus datus šeit:\n"
            "{link}\n\n{library}\n", lang,
        ).format(link=link, **common)
        return subject, body
    body = gettext(
        "Labdien, {name}!\n\nBibliotēka atsauca jūsu pieteikumu ({party}).\n\n{details}\n"
        "Ja jums ir jautājumi, lūdzu, sazinieties ar bibliotēku.\n\n{library}\n", lang,
    ).format(**common)
    return subject, body


def reminder_mail(session: dict, registration: dict, link: str | None = None) -> tuple[str, str]:
    """The day before a session (models/registration/reminders.py): `session` is the item's title,
    the session's start, end and place; `link` the personal link to cancel with (None: the first mail's)."""
    lang = language_or_default(registration["language"])
    when = when_text(session["starts_at"], session["ends_at"], session["all_day"], lang)
    subject = gettext("Atgādinājums: {title}, {when}", lang).format(title=session["title"], when=when)
    common = {"name": registration["name"], "party": party_text(registration["party"], lang), "title": session["title"], "when": when,
              "place": session["place_name"], "library": session["branch_name"]}
    if link:
        body = gettext(
            "Labdien, {name}!\n\nAtgādinām par jūsu pieteikumu ({party}):\n\nKas: {title}\nKad: {when}\nKur: {place}\n\n"
            "Ja nevarat ierasties, lūdzu, atsauciet pieteikumu, lai vietu saņemtu kāds cits:\n{link}\n\n"
            "Saite ir personīga: nepārsūtiet to citiem.\n\n{library}\n", lang,
        ).format(link=link, **common)
        return subject, body
    body = gettext(
        "Labdien, {name}!\n\nAtgādinām par jūsu pieteikumu ({party}):\n\nKas: {title}\nKad: {when}\nKur: {place}\n\n"
        "Ja nevarat ierasties, lūdzu, atsauciet pieteikumu ar personīgo saiti no pirmās vēstules, "
        "lai vietu saņemtu kāds cits.\n\n{library}\n", lang,
    ).format(**common)
    return subject, body


def _changed_line(what: set[str], lang: str) -> str:
    if {"time", "place"} <= what:
        return gettext("Mainīts laiks un vieta.", lang)
    if "time" in what:
        return gettext("Mainīts laiks.", lang)
    return gettext("Mainīta vieta.", lang)


def changed_mail(item: dict, registration: dict, what: set[str], sessions: list[dict], now: datetime | None = None,
                 link: str | None = None) -> tuple[str, str]:
    """A change told to everyone registered or waiting (models/registration/follow.py). `what`:
    {"time", "place", "cancelled"}; `sessions`: the sessions the change was made to alone, each
    with its starts_at, ends_at, place_name and cancelled (empty: the whole item changed). The
    details that follow are the item as it is now; `link` the personal link (None: the first mail's)."""
    lang = language_or_default(registration["language"])
    common = {"name": registration["name"], "party": party_text(registration["party"], lang), "title": item["title"],
              "library": item["branch_name"]}
    if "cancelled" in what and not sessions:
        when = first_when(item, lang, now)
        subject = gettext("Atcelts: {title}, {when}", lang).format(title=item["title"], when=when)
        if link:
            body = gettext("Labdien, {name}!\n\nDiemžēl pasākums „{title}” ({when}) ir atcelts un nenotiks. Jūsu pieteikums ({party}) "
                           "vairs nav spēkā, nekas nav jādara.\n\nSavu pieteikumu varat apskatīt šeit:\n{link}\n\n{library}\n",
                           lang).format(when=when, link=link, **common)
        else:
            body = gettext("Labdien, {name}!\n\nDiemžēl pasākums „{title}” ({when}) ir atcelts un nenotiks. Jūsu pieteikums ({party}) "
                           "vairs nav spēkā, nekas nav jādara.\n\n{library}\n", lang).format(when=when, **common)
        return subject, body
    listed = [(when_text(s["starts_at"], s["ends_at"], item["all_day"], lang), s["place_name"], s["cancelled"]) for s in sessions]
    if "cancelled" in what:
        when = listed[0][0] if listed else first_when(item, lang, now)
        subject = gettext("Atcelta reize: {title}, {when}", lang).format(title=item["title"], when=when)
        lead = ngettext("Atcelta reize:", "Atceltas reizes:", len(listed), lang) + "\n" + "\n".join(
            f"- {text}" for text, _, cancelled in listed if cancelled)
    else:
        subject = gettext("Izmaiņas: {title}, {when}", lang).format(
            title=item["title"], when=listed[0][0] if listed else first_when(item, lang, now))
        lead = _changed_line(what, lang)
        if listed:
            lead += "\n" + ngettext("Reize pēc izmaiņām:", "Reizes pēc izmaiņām:", len(listed), lang) + "\n" + "\n".join(
                f"- {text}, {place}" for text, place, _ in listed)
    shown = details(item, lang, now) if item["sessions"] else ""
    if link:
        body = gettext("Labdien, {name}!\n\nIr mainījies pasākums, uz kuru jums ir pieteikums ({party}).\n{lead}\n\n{details}\n"
                       "Ja jums tas vairs neder, lūdzu, atsauciet pieteikumu, lai vietu saņemtu kāds cits. Pieteikumu varat apskatīt "
                       "vai atsaukt šeit:\n{link}\n\n{library}\n", lang).format(lead=lead, details=shown, link=link, **common)
        return subject, body
    closing = gettext("Pieteikumu varat apskatīt vai atsaukt ar personīgo saiti no pirmās vēstules.", lang)
    body = gettext("Labdien, {name}!\n\nIr mainījies pasākums, uz kuru jums ir pieteikums ({party}).\n{lead}\n\n{details}\n"
                   "{closing} Ja jums tas vairs neder, lūdzu, atsauciet pieteikumu, lai vietu saņemtu kāds cits.\n\n{library}\n", lang).format(
        lead=lead, details=shown, closing=closing, **common)
    return subject, body


# --- SMS (models/kernel/sms_outbox.py): to people who registered with a phone and no email ------------
# One SMS holds 160 GSM-7 characters; Latvian letters are not GSM-7, so a Latvian text goes as UCS-2
# in up to three parts. Either way the text stays within 160 characters: the title is shortened to fit.

def short_when(start: datetime, all_day: bool) -> str:
    """"03.12. 17:00" (an all-day item: "03.12."): the day and hour a text needs, in any language."""
    return start.strftime("%d.%m.") if all_day else start.strftime("%d.%m. %H:%M")


def _fitted(compose, title: str) -> str:
    """The text `compose(title)` writes, its title shortened with "…" as far as it takes to fit in
    one SMS's 160 characters (a link, the date and the place are never cut)."""
    text = compose(title)
    overflow = sms_length(text) - SMS_LENGTH
    if overflow <= 0:
        return text
    kept = max(0, len(title) - overflow - 1)
    return compose(title[:kept].rstrip() + "…")


def _with_link(sentence: str, link: str | None, lang: str) -> str:
    if not link:
        return sentence
    return sentence + " " + gettext("Pieteikums: {link}", lang).format(link=link)


def reminder_sms(session: dict, registration: dict, link: str | None = None) -> str:
    """The day-before reminder as a text: what, when, where, and the link to cancel with."""
    lang = language_or_default(registration["language"])
    when = short_when(session["starts_at"], session["all_day"])
    return _fitted(lambda title: _with_link(gettext("Atgādinājums: {title}, {when}, {place}.", lang).format(
        title=title, when=when, place=session["short_place"]), link, lang), session["title"])


def promoted_sms(item: dict, registration: dict, now: datetime | None = None, link: str | None = None) -> str:
    """The waiting party that got a place, as a text."""
    lang = language_or_default(registration["language"])
    start, _ = next_session(item, now)
    when = short_when(start, item["all_day"]) if start else ""
    return _fitted(lambda title: _with_link(gettext("Atbrīvojās vieta, jums ir vieta: {title}, {when}.", lang).format(
        title=title, when=when), link, lang), item["title"])


def changed_sms(item: dict, registration: dict, what: set[str], sessions: list[dict], now: datetime | None = None,
                link: str | None = None) -> str:
    """A change as a text (`what` and `sessions` as changed_mail's): the item cancelled, a session
    cancelled, or the new time and place."""
    lang = language_or_default(registration["language"])
    if sessions:
        first = sessions[0]
        when, place = short_when(first["starts_at"], item["all_day"]), first["place_name"]
    else:
        start, _ = next_session(item, now)
        when, place = (short_when(start, item["all_day"]) if start else ""), item["place_name"] or item["branch_short"] or ""
    if "cancelled" in what and not sessions:
        return _fitted(lambda title: gettext("Atcelts: {title}, {when}. Jūsu pieteikums vairs nav spēkā.", lang).format(
            title=title, when=when), item["title"])
    if "cancelled" in what:
        sentence = gettext("Atcelta reize: {title}, {when}.", lang)
    else:
        sentence = gettext("Izmaiņas: {title}, tagad {when}, {place}.", lang)
    return _fitted(lambda title: _with_link(sentence.format(title=title, when=when, place=place), link, lang), item["title"])
