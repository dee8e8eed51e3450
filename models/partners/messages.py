"""The texts of partner mail and of the librarian's notifications, in the reader's language
through the catalogues (models/kernel/i18n.py; English in app/locale/en). Plain strings, not
templates: a mail has to read well in a phone's mail app and in the outbox page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from babel.dates import format_date

from models.kernel.i18n import N_, gettext, language_or_default, ngettext, pgettext

ROLES = {"co_organiser": N_("līdzorganizators"), "host": N_("uzņēmējs"), "participant": N_("dalībnieks"),
         "performer": N_("izpildītājs"), "supporter": N_("atbalstītājs")}
STATES = {"asked": N_("gaida atbildi"), "confirmed": N_("apstiprināja"), "declined": N_("atteicās"), "proposed": N_("piedāvā citu laiku")}


def lang_of(language: str | None) -> str:
    return language_or_default(language)


def day_text(value: datetime, language: str) -> str:
    return f"{format_date(value, 'EEEE', locale=lang_of(language))}, {value.strftime('%d.%m.%Y.')}"


def when_text(starts_at: datetime, ends_at: datetime, all_day: bool, language: str) -> str:
    if all_day:
        return day_text(starts_at, language)
    return f"{day_text(starts_at, language)} {starts_at:%H:%M}–{ends_at:%H:%M}"


@dataclass
class MailFacts:
    """What every partner mail says about the item."""

    title: str
    when: str
    place: str
    library: str
    staff_name: str
    role: str
    sessions: int
    link: str
    session_lines: tuple[str, ...] = ()


def facts(item: dict, *, sessions: int, staff_name: str, role: str, link: str, language: str) -> MailFacts:
    lang = lang_of(language)
    return MailFacts(
        title=item["title"], when=when_text(item["starts_at"], item["ends_at"], item["all_day"], lang),
        place=item.get("place_name") or item.get("branch_name") or "", library=item.get("branch_name") or "",
        staff_name=staff_name, role=gettext(ROLES[role], lang) if role in ROLES else role, sessions=sessions, link=link,
        session_lines=tuple(when_text(start, end, item["all_day"], lang) for start, end in item.get("session_list") or ()),
    )


SHOWN_SESSIONS = 30  # a term's weekly lessons; a longer series is read on the answer page


def session_lines(lines: tuple[str, ...] | list[str], lang: str) -> str:
    """"Reizes (3):" and a line per session: the partner is asked to come to each of them."""
    if len(lines) < 2:
        return ""
    shown = [f"- {line}" for line in lines[:SHOWN_SESSIONS]]
    if len(lines) > SHOWN_SESSIONS:
        more = len(lines) - SHOWN_SESSIONS
        shown.append("- " + ngettext("… un vēl %(num)d reize (visas — saitē)", "… un vēl %(num)d reizes (visas — saitē)", more, lang))
    return gettext("Visas reizes ({count}):", lang).format(count=len(lines)) + "\n" + "\n".join(shown) + "\n"


def _details(f: MailFacts, lang: str) -> str:
    series = ""
    if f.sessions > 1:
        series = "\n" + (session_lines(f.session_lines, lang) or ngettext(
            "Tā ir sērija no %(num)d reizes.", "Tā ir sērija no %(num)d reizēm.", f.sessions, lang) + "\n")
    return gettext("Kas: {title}\nKad: {when}\nKur: {place}\nNo bibliotēkas: {staff_name} ({library})\nJūsu loma: {role}\n", lang).format(
        title=f.title, when=f.when, place=f.place, staff_name=f.staff_name, library=f.library, role=f.role) + series


def ask_mail(f: MailFacts, name: str, language: str) -> tuple[str, str]:
    lang = lang_of(language)
    subject = gettext("Lūdzam apstiprināt: {title}, {when}", lang).format(title=f.title, when=f.when)
    body = gettext(
        "Labdien, {name}!\n\nBibliotēka lūdz apstiprināt jūsu dalību:\n\n{details}\n"
        "Apstipriniet, atsakiet vai piedāvājiet citu laiku šeit (konts nav vajadzīgs):\n{link}\n\n"
        "Saite ir personīga un darbojas līdz pasākuma beigām.\n\n{staff_name}, {library}\n", lang,
    ).format(name=name, details=_details(f, lang), link=f.link, staff_name=f.staff_name, library=f.library)
    return subject, body


def reminder_mail(f: MailFacts, name: str, language: str) -> tuple[str, str]:
    lang = lang_of(language)
    subject = gettext("Atgādinājums: lūdzam atbildēt — {title}, {when}", lang).format(title=f.title, when=f.when)
    body = gettext(
        "Labdien, {name}!\n\nVēl neesam saņēmuši jūsu atbildi par:\n\n{details}\n"
        "Lūdzam atbildēt šeit:\n{link}\n\n{staff_name}, {library}\n", lang,
    ).format(name=name, details=_details(f, lang), link=f.link, staff_name=f.staff_name, library=f.library)
    return subject, body


def change_word(what: str, language: str) -> str:
    """"mainīts laiks": what changed, as a partner's mail and the item's history say it."""
    words = {
        "cancelled": pgettext("what changed, told to a partner", "atcelts", language),
        "time": pgettext("what changed, told to a partner", "mainīts laiks", language),
        "place": pgettext("what changed, told to a partner", "mainīta vieta", language),
    }
    return words[what]


def changed_mail(f: MailFacts, name: str, what: set[str], language: str) -> tuple[str, str]:
    lang = lang_of(language)
    said = ", ".join(change_word(w, lang) for w in ("cancelled", "time", "place") if w in what)
    again = ""
    if "time" in what and "cancelled" not in what:
        again = gettext("Lūdzam apstiprināt jauno laiku šeit:\n{link}\n\n", lang).format(link=f.link)
    subject = gettext("Izmaiņas: {title} — {said}", lang).format(title=f.title, said=said)
    body = gettext(
        "Labdien, {name}!\n\nPasākumā, kuru apstiprinājāt, ir izmaiņas: {said}.\n\n{details}\n{again}{staff_name}, {library}\n", lang,
    ).format(name=name, said=said, details=_details(f, lang), again=again, staff_name=f.staff_name, library=f.library)
    return subject, body


def accepted_mail(f: MailFacts, name: str, moved: list[tuple[datetime, datetime]], language: str) -> tuple[str, str]:
    """To the partner whose proposed time the library took: which sessions are now at her time."""
    lang = lang_of(language)
    lines = [when_text(start, end, False, lang) for start, end in moved]
    listed = "\n".join(f"- {line}" for line in lines[:SHOWN_SESSIONS])
    subject = gettext("Jūsu piedāvātais laiks pieņemts: {title}", lang).format(title=f.title)
    body = gettext(
        "Labdien, {name}!\n\nBibliotēka pieņēma jūsu piedāvāto laiku. Pārceltās reizes:\n{moved}\n\n{details}\n{staff_name}, {library}\n", lang,
    ).format(name=name, moved=listed, details=_details(f, lang), staff_name=f.staff_name, library=f.library)
    return subject, body


def answer_note(partner: str, contact: str, state: str, title: str, language: str) -> str:
    """The in-app notification and the subject of the mail to the responsible librarian."""
    said = gettext(STATES[state], lang_of(language)) if state in STATES else state
    return f"{partner} ({contact}) {said}: {title}"


def answer_mail(text: str, note: str, proposed: str, item_url: str, language: str) -> str:
    lang = lang_of(language)
    lines = [text, ""]
    if proposed:
        lines.append(gettext("Piedāvātais laiks: {time}", lang).format(time=proposed))
    if note:
        lines.append(gettext("Piezīme: {note}", lang).format(note=note))
    lines += ["", item_url, ""]
    return "\n".join(lines)
