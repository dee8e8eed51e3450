"""Interface language: Latvian first, English second. Templates and code write the Latvian
text; ENGLISH maps it to English. Dates are written dd.mm.yyyy. in both languages."""
from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

LANGUAGES = ("lv", "en")
DEFAULT_LANGUAGE = "lv"

# Babel has no locative; Latvian running text says "novembrī", "pirmdien".
MONTHS_LV = ("janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris")
MONTHS_LV_ACCUSATIVE = ("janvāri", "februāri", "martu", "aprīli", "maiju", "jūniju", "jūliju", "augustu", "septembri", "oktobri", "novembri",
                        "decembri")  # "salīdzinot ar 2025. gada novembri"
MONTHS_LV_LOCATIVE = ("janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī", "oktobrī", "novembrī", "decembrī")
WEEKDAYS_LV = ("pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena")
WEEKDAYS_LV_LOCATIVE = ("pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien", "svētdien")
WEEKDAYS_LV_SHORT = ("P", "O", "T", "C", "Pk", "S", "Sv")
WEEKDAYS_EN_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

LABELS_LV = {
    # kinds
    "event": "Pasākums", "exhibition": "Izstāde", "lesson": "Bibliotekārā stunda",
    "book_start": "Grāmatu starts", "delivery": "Piegāde",
    # statuses
    "draft": "Melnraksts", "planned": "Plānots", "confirmed": "Apstiprināts",
    "published": "Publicēts", "held": "Noticis", "cancelled": "Atcelts",
    # audiences
    "preschool": "Pirmsskola", "children": "Bērni", "teens": "Jaunieši", "adults": "Pieaugušie",
    "seniors": "Seniori", "families": "Ģimenes",
    # place kinds
    "room": "Telpa", "venue": "Ārēja vieta", "service_point": "Apkalpošanas punkts",
    # partner roles
    "co_organiser": "Līdzorganizators", "host": "Uzņēmējs", "participant": "Dalībnieks",
    "performer": "Izpildītājs", "supporter": "Atbalstītājs",
    # confirmation
    "not_asked": "Nav jautāts", "asked": "Gaida atbildi", "declined": "Atteicās", "proposed": "Piedāvā citu laiku",
    # literacy areas
    "social_civic": "Sociālā un pilsoniskā pratība", "digital": "Digitālā pratība",
    "language_reading": "Valodas pratība un lasītprasme", "cultural": "Kultūras izpratne un pašizpausme",
    "science": "Dabaszinātņu pratība",
    # exhibition form / delivery kind
    "physical": "Fiziska", "virtual": "Virtuāla", "home": "Piegāde mājās",
    # roles
    "coordinator": "Koordinators", "librarian": "Bibliotekārs",
}

ENGLISH = {
    # labels
    "Pasākums": "Event", "Izstāde": "Exhibition", "Bibliotekārā stunda": "Library lesson",
    "Grāmatu starts": "Book Start", "Piegāde": "Delivery",
    "Melnraksts": "Draft", "Plānots": "Planned", "Apstiprināts": "Confirmed", "Publicēts": "Published",
    "Noticis": "Held", "Atcelts": "Cancelled",
    "Pirmsskola": "Pre-school", "Bērni": "Children", "Jaunieši": "Teens", "Pieaugušie": "Adults",
    "Seniori": "Seniors", "Ģimenes": "Families",
    "Telpa": "Room", "Ārēja vieta": "External venue", "Apkalpošanas punkts": "Service point",
    "Līdzorganizators": "Co-organiser", "Uzņēmējs": "Host", "Dalībnieks": "Participant",
    "Izpildītājs": "Performer", "Atbalstītājs": "Supporter",
    "Nav jautāts": "Not asked", "Gaida atbildi": "Awaiting answer", "Atteicās": "Declined",
    "Piedāvā citu laiku": "Proposes another time",
    "Sociālā un pilsoniskā pratība": "Social and civic literacy", "Digitālā pratība": "Digital literacy",
    "Valodas pratība un lasītprasme": "Language and reading", "Kultūras izpratne un pašizpausme": "Cultural awareness and expression",
    "Dabaszinātņu pratība": "Science literacy",
    "Fiziska": "Physical", "Virtuāla": "Virtual", "Piegāde mājās": "Home delivery",
    "Koordinators": "Coordinator", "Bibliotekārs": "Librarian",
}


def load_catalogue() -> None:
    """Merge every app/translations/en_*.py (one per area, each a STRINGS dict) into ENGLISH."""
    import importlib
    import pkgutil

    import app.translations

    for module in pkgutil.iter_modules(app.translations.__path__):
        if module.name.startswith("en_"):
            ENGLISH.update(importlib.import_module(f"app.translations.{module.name}").STRINGS)


def translate(text: str, language: str) -> str:
    return ENGLISH.get(text, text) if language == "en" else text


def label(code: str | None, language: str) -> str:
    if not code:
        return ""
    return translate(LABELS_LV.get(code, code), language)


def format_day(value: date | datetime | None) -> str:
    """25.11.2026. — the form Latvian documents use, in both languages."""
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y.")


def format_number(value: int | None) -> str:
    """12 345 — thousands apart by a no-break space, as Latvian text writes them, in both
    languages (the downloads keep numbers as numbers)."""
    return "" if value is None else f"{value:,}".replace(",", "\u00a0")


def format_time(value: datetime | None) -> str:
    return value.strftime("%H:%M") if value else ""


def month_title(day: date, language: str) -> str:
    if language == "lv":
        return f"{day.year}. gada {MONTHS_LV[day.month - 1]}"
    return format_date(day, "LLLL yyyy", locale="en")


def weekday_name(day: date, language: str) -> str:
    if language == "lv":
        return WEEKDAYS_LV[day.weekday()]
    return format_date(day, "EEEE", locale="en")


def weekday_short(index: int, language: str) -> str:
    return (WEEKDAYS_LV_SHORT if language == "lv" else WEEKDAYS_EN_SHORT)[index]


ERRORS_LV = {
    "required": "Šis lauks ir obligāts.",
    "choice": "Izvēlieties kādu no piedāvātajām vērtībām.",
    "number": "Ierakstiet veselu skaitli.",
    "unknown": "Tāda ieraksta nav — izvēlieties no saraksta.",
    "date_format": "Ierakstiet datumu formā dd.mm.gggg.",
    "date_invalid": "Tāda datuma nav.",
    "date_out_of_range": "Datumam jābūt starp 2000. un 2100. gadu.",
    "time_format": "Ierakstiet laiku formā hh:mm, piemēram, 14:30.",
    "end_before_start": "Beigām jābūt pēc sākuma.",
    "too_long_range": "Pārāk ilgs laiks: pasākums līdz 14 dienām, izstāde līdz gadam.",
    "too_long": "Pārāk garš teksts: ne vairāk kā {0} rakstzīmes.",
    "control_characters": "Tekstā ir neredzamas vadības rakstzīmes; ierakstiet to no jauna.",
    "series_without_end": "Sērijai vajag beigas: datumu vai reižu skaitu.",
    "until_before_start": "Sērijas beigas ir pirms tās sākuma.",
    "too_many_occurrences": "Sērijā ir pārāk daudz reižu (ne vairāk kā {0}).",
    "count_range": "Reižu skaitam jābūt no 1 līdz {0}.",
    "interval_range": "Intervālam jābūt no 1 līdz 12.",
    "branch_forbidden": "Jūs varat plānot tikai savas bibliotēkas programmu.",
    "place_other_branch": "Šī vieta pieder citai bibliotēkai.",
    "service_point_required": "Piegādei izvēlieties apkalpošanas punktu.",
    "status_transition": "Šādu statusa maiņu nevar veikt.",
    "held_in_future": "Par notikušu var atzīmēt tikai to, kas jau beidzies.",
    "stale": "Kamēr jūs labojāt, kāds cits saglabāja šo ierakstu. Jūsu izmaiņas nav saglabātas: atveriet to no jauna.",
    # attendance (models/attendance/recording.py)
    "not_negative": "Skaitlis nevar būt negatīvs.",
    "figure_too_large": "Pārāk liels skaitlis: ne vairāk kā {0}.",
    "children_adults_over_total": "Bērnu un pieaugušo kopā ir vairāk nekā kopējais skaits.",
    "kits_over_children": "Komplektu ir vairāk nekā bērnu: katram bērnam ir viens komplekts.",
    "attendance_blank": "Ierakstiet vismaz vienu skaitli (arī 0, ja neviens neatnāca).",
    "session_cancelled": "Šī reize ir atcelta, tai apmeklējumu neieraksta.",
    "item_not_active": "Melnrakstam vai atceltam ierakstam apmeklējumu neieraksta.",
    # a recorded session stays (models/planning/programme.py asks models/planning/recorded.py)
    "recorded_sessions": "Šīs izmaiņas izdzēstu vai pārceltu uz nākotni reizes, kurām jau ir ierakstīts apmeklējums: {0} "
                         "Ja tās nenotika, vispirms izdzēsiet to apmeklējumu (apmeklējuma lapā).",
    "session_recorded": "Šai reizei ({0}) jau ir ierakstīts apmeklējums, tāpēc to nevar atcelt vai pārcelt uz nākotni. "
                        "Ja tā nenotika, vispirms izdzēsiet tās apmeklējumu (apmeklējuma lapā).",
    "recorded_kind": "Šim ierakstam jau ir reizes ar ierakstītu apmeklējumu ({0}), kas ierakstīts kā šī veida skaitļi, tāpēc veidu mainīt nevar. "
                     "Izveidojiet jaunu ierakstu vai vispirms izdzēsiet šo reižu apmeklējumu.",
    "recorded_status": "Šim ierakstam jau ir reizes ar ierakstītu apmeklējumu ({0}), tāpēc to nevar atcelt vai padarīt par melnrakstu. "
                       "Atceliet atlikušās reizes atsevišķi, vai, ja tās nenotika, vispirms izdzēsiet to apmeklējumu.",
    "recorded_held": "Ieraksts ir noticis: tā reizēm ir ierakstīts apmeklējums ({0}). Ja tās nenotika, izdzēsiet to apmeklējumu — "
                     "statuss tad atgriezīsies pats.",
}
ERRORS_EN = {
    "required": "This field is required.",
    "choice": "Choose one of the offered values.",
    "number": "Enter a whole number.",
    "unknown": "No such record: choose from the list.",
    "date_format": "Enter the date as dd.mm.yyyy.",
    "date_invalid": "There is no such date.",
    "date_out_of_range": "The date must be between the years 2000 and 2100.",
    "time_format": "Enter the time as hh:mm, for example 14:30.",
    "end_before_start": "The end must be after the start.",
    "too_long_range": "Too long: an event up to 14 days, an exhibition up to a year.",
    "too_long": "Too long: at most {0} characters.",
    "control_characters": "The text has invisible control characters; type it again.",
    "series_without_end": "A series needs an end: a date or a number of sessions.",
    "until_before_start": "The series ends before it starts.",
    "too_many_occurrences": "The series has too many sessions (at most {0}).",
    "count_range": "The number of sessions must be between 1 and {0}.",
    "interval_range": "The interval must be between 1 and 12.",
    "branch_forbidden": "You can plan only your own library's programme.",
    "place_other_branch": "This place belongs to another library.",
    "service_point_required": "Choose a service point for a delivery.",
    "status_transition": "This status change is not possible.",
    "held_in_future": "Only something that has already ended can be marked as held.",
    "stale": "Someone else saved this record while you were editing. Your changes were not saved: open it again.",
    # attendance (models/attendance/recording.py)
    "not_negative": "The number cannot be negative.",
    "figure_too_large": "The number is too large: at most {0}.",
    "children_adults_over_total": "Children and adults together are more than the total.",
    "kits_over_children": "More kits than children: each child gets one kit.",
    "attendance_blank": "Enter at least one number (0 too, if nobody came).",
    "session_cancelled": "This session is cancelled, so it has no attendance.",
    "item_not_active": "A draft or cancelled item has no attendance.",
    # a recorded session stays (models/planning/programme.py asks models/planning/recorded.py)
    "recorded_sessions": "This change would remove sessions that already have attendance, or move them into the future: {0} "
                         "If they did not take place, remove their attendance first (on the attendance page).",
    "session_recorded": "This session ({0}) already has attendance, so it cannot be cancelled or moved into the future. "
                        "If it did not take place, remove its attendance first (on the attendance page).",
    "recorded_kind": "This item already has sessions with attendance ({0}), recorded as this kind's figures, so its kind cannot change. "
                     "Create a new item, or remove these sessions' attendance first.",
    "recorded_status": "This item already has sessions with attendance ({0}), so it cannot be cancelled or made a draft. "
                       "Cancel the remaining sessions one by one or, if they did not take place, remove their attendance first.",
    "recorded_held": "The item has taken place: its sessions have attendance ({0}). If they did not take place, remove their attendance; "
                     "the status then goes back by itself.",
}


def error_text(code: str, language: str) -> str:
    name, _, param = code.partition(":")
    table = ERRORS_EN if language == "en" else ERRORS_LV
    return table.get(name, code).format(param)


def error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    return {name: error_text(code, language) for name, code in errors.items()}
