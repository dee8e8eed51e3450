"""The texts of partner mail and of the librarian's notifications, in Latvian and English.
Plain strings, not templates: a mail has to read well in a phone's mail app and in the outbox page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

WEEKDAYS = {
    "lv": ("pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
ROLES = {
    "lv": {"co_organiser": "līdzorganizators", "host": "uzņēmējs", "participant": "dalībnieks",
           "performer": "izpildītājs", "supporter": "atbalstītājs"},
    "en": {"co_organiser": "co-organiser", "host": "host", "participant": "participant",
           "performer": "performer", "supporter": "supporter"},
}
STATES = {
    "lv": {"asked": "gaida atbildi", "confirmed": "apstiprināja", "declined": "atteicās", "proposed": "piedāvā citu laiku"},
    "en": {"asked": "awaiting answer", "confirmed": "confirmed", "declined": "declined", "proposed": "proposes another time"},
}


def lang_of(language: str | None) -> str:
    return language if language in ("lv", "en") else "lv"


def day_text(value: datetime, language: str) -> str:
    return f"{WEEKDAYS[lang_of(language)][value.weekday()]}, {value.strftime('%d.%m.%Y.')}"


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


def facts(item: dict, *, sessions: int, staff_name: str, role: str, link: str, language: str) -> MailFacts:
    lang = lang_of(language)
    return MailFacts(
        title=item["title"], when=when_text(item["starts_at"], item["ends_at"], item["all_day"], lang),
        place=item.get("place_name") or item.get("branch_name") or "", library=item.get("branch_name") or "",
        staff_name=staff_name, role=ROLES[lang].get(role, role), sessions=sessions, link=link,
    )


def _details(f: MailFacts, lang: str) -> str:
    if lang == "en":
        series = f"\nThis is a series of {f.sessions} sessions; the date above is the first.\n" if f.sessions > 1 else ""
        return (f"What: {f.title}\nWhen: {f.when}\nWhere: {f.place}\nFrom the library: {f.staff_name} ({f.library})\n"
                f"Your part: {f.role}\n{series}")
    series = f"\nTā ir sērija no {f.sessions} reizēm; norādīts pirmās reizes datums.\n" if f.sessions > 1 else ""
    return (f"Kas: {f.title}\nKad: {f.when}\nKur: {f.place}\nNo bibliotēkas: {f.staff_name} ({f.library})\n"
            f"Jūsu loma: {f.role}\n{series}")


def ask_mail(f: MailFacts, name: str, language: str) -> tuple[str, str]:
    lang = lang_of(language)
    if lang == "en":
        return (f"Please confirm: {f.title}, {f.when}",
                f"Hello, {name}!\n\nThe library asks you to confirm your part in:\n\n{_details(f, lang)}\n"
                f"Confirm, decline or propose another time here (no account needed):\n{f.link}\n\n"
                f"The link is personal; it works until the event ends.\n\n{f.staff_name}, {f.library}\n")
    return (f"Lūdzam apstiprināt: {f.title}, {f.when}",
            f"Labdien, {name}!\n\nBibliotēka lūdz apstiprināt jūsu dalību:\n\n{_details(f, lang)}\n"
            f"Apstipriniet, atsakiet vai piedāvājiet citu laiku šeit (konts nav vajadzīgs):\n{f.link}\n\n"
            f"Saite ir personīga un darbojas līdz pasākuma beigām.\n\n{f.staff_name}, {f.library}\n")


def reminder_mail(f: MailFacts, name: str, language: str) -> tuple[str, str]:
    lang = lang_of(language)
    if lang == "en":
        return (f"Reminder: please answer — {f.title}, {f.when}",
                f"Hello, {name}!\n\nWe have not yet heard from you about:\n\n{_details(f, lang)}\n"
                f"Please answer here:\n{f.link}\n\n{f.staff_name}, {f.library}\n")
    return (f"Atgādinājums: lūdzam atbildēt — {f.title}, {f.when}",
            f"Labdien, {name}!\n\nVēl neesam saņēmuši jūsu atbildi par:\n\n{_details(f, lang)}\n"
            f"Lūdzam atbildēt šeit:\n{f.link}\n\n{f.staff_name}, {f.library}\n")


CHANGES = {
    "lv": {"time": "mainīts laiks", "place": "mainīta vieta", "cancelled": "atcelts"},
    "en": {"time": "the time has changed", "place": "the place has changed", "cancelled": "it has been cancelled"},
}


def changed_mail(f: MailFacts, name: str, what: set[str], language: str) -> tuple[str, str]:
    lang = lang_of(language)
    said = ", ".join(CHANGES[lang][w] for w in ("cancelled", "time", "place") if w in what)
    again_needed = "time" in what and "cancelled" not in what
    if lang == "en":
        again = f"Please confirm the new time here:\n{f.link}\n\n" if again_needed else ""
        return (f"Changed: {f.title} — {said}",
                f"Hello, {name}!\n\nSomething you confirmed has changed: {said}.\n\n{_details(f, lang)}\n{again}"
                f"{f.staff_name}, {f.library}\n")
    again = f"Lūdzam apstiprināt jauno laiku šeit:\n{f.link}\n\n" if again_needed else ""
    return (f"Izmaiņas: {f.title} — {said}",
            f"Labdien, {name}!\n\nPasākumā, kuru apstiprinājāt, ir izmaiņas: {said}.\n\n{_details(f, lang)}\n{again}"
            f"{f.staff_name}, {f.library}\n")


def answer_note(partner: str, contact: str, state: str, title: str, language: str) -> str:
    """The in-app notification and the subject of the mail to the responsible librarian."""
    lang = lang_of(language)
    return f"{partner} ({contact}) {STATES[lang].get(state, state)}: {title}"


def answer_mail(text: str, note: str, proposed: str, item_url: str, language: str) -> str:
    lang = lang_of(language)
    lines = [text, ""]
    if proposed:
        lines.append(("Proposed time: " if lang == "en" else "Piedāvātais laiks: ") + proposed)
    if note:
        lines.append(("Note: " if lang == "en" else "Piezīme: ") + note)
    lines += ["", item_url, ""]
    return "\n".join(lines)
