"""Interface language: Latvian first, English second. Templates and code write the Latvian text
and the catalogues (app/locale/, read by models/kernel/i18n.py) give the English; labels of codes
and error sentences are tables of Latvian texts marked with N_(). Dates are written dd.mm.yyyy.
in both languages; English month and weekday names come from Babel, Latvian running text needs
cases Babel does not have ("novembrī", "pirmdien")."""
from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date, get_day_names

from models.kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, gettext, ngettext, pgettext  # noqa: F401 - the web layer's one import

# Babel has no locative; Latvian running text says "novembrī", "pirmdien".
MONTHS_LV = ("janvāris", "februāris", "marts", "aprīlis", "maijs", "jūnijs", "jūlijs", "augusts", "septembris", "oktobris", "novembris", "decembris")
MONTHS_LV_ACCUSATIVE = ("janvāri", "februāri", "martu", "aprīli", "maiju", "jūniju", "jūliju", "augustu", "septembri", "oktobri", "novembri",
                        "decembri")  # "salīdzinot ar 2025. gada novembri"
MONTHS_LV_LOCATIVE = ("janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā", "jūlijā", "augustā", "septembrī", "oktobrī", "novembrī", "decembrī")
WEEKDAYS_LV = ("pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena", "svētdiena")
WEEKDAYS_LV_LOCATIVE = ("pirmdien", "otrdien", "trešdien", "ceturtdien", "piektdien", "sestdien", "svētdien")
WEEKDAYS_LV_SHORT = ("P", "O", "T", "C", "Pk", "S", "Sv")

LABELS_LV = {
    # kinds
    "event": N_("Pasākums"), "exhibition": N_("Izstāde"), "lesson": N_("Bibliotekārā stunda"),
    "book_start": N_("Grāmatu starts"), "delivery": N_("Piegāde"),
    # statuses
    "draft": N_("Melnraksts"), "planned": N_("Plānots"), "confirmed": N_("Apstiprināts"),
    "published": N_("Publicēts"), "held": N_("Noticis"), "cancelled": N_("Atcelts"),
    # audiences
    "preschool": N_("Pirmsskola"), "children": N_("Bērni"), "teens": N_("Jaunieši"), "adults": N_("Pieaugušie"),
    "seniors": N_("Seniori"), "families": N_("Ģimenes"),
    # place kinds
    "room": N_("Telpa"), "venue": N_("Ārēja vieta"), "service_point": N_("Apkalpošanas punkts"),
    # partner roles
    "co_organiser": N_("Līdzorganizators"), "host": N_("Uzņēmējs"), "participant": N_("Dalībnieks"),
    "performer": N_("Izpildītājs"), "supporter": N_("Atbalstītājs"),
    # confirmation
    "not_asked": N_("Nav jautāts"), "asked": N_("Gaida atbildi"), "declined": N_("Atteicās"), "proposed": N_("Piedāvā citu laiku"),
    # literacy areas
    "social_civic": N_("Sociālā un pilsoniskā pratība"), "digital": N_("Digitālā pratība"),
    "language_reading": N_("Valodas pratība un lasītprasme"), "cultural": N_("Kultūras izpratne un pašizpausme"),
    "science": N_("Dabaszinātņu pratība"),
    # exhibition form / delivery kind
    "physical": N_("Fiziska"), "virtual": N_("Virtuāla"), "home": N_("Piegāde mājās"),
    # roles
    "coordinator": N_("Koordinators"), "librarian": N_("Bibliotekārs"),
    # a registration's state ("cancelled" is above)
    "registered": N_("Pieteikts"), "waiting": N_("Rindā"),
}

def translate(text: str, language: str) -> str:
    return gettext(text, language)


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
    return WEEKDAYS_LV_SHORT[index] if language == "lv" else get_day_names("abbreviated", locale="en")[index]


ERRORS_LV = {
    "picture_missing": N_("Izvēlieties attēla failu."),
    "picture_too_large": N_("Attēls ir pārāk liels: ne vairāk kā 12 MB."),
    "picture_format": N_("Šo failu nevar nolasīt kā attēlu. Izvēlieties JPEG, PNG vai WebP attēlu (telefona foto der)."),
    "required": N_("Šis lauks ir obligāts."),
    "coordinators_only": N_("Šo dara koordinatori: bibliotēkas un darbinieku kontus pārvalda tikai viņi."),
    "choice": N_("Izvēlieties kādu no piedāvātajām vērtībām."),
    "number": N_("Ierakstiet veselu skaitli."),
    "unknown": N_("Tāda ieraksta nav — izvēlieties no saraksta."),
    "date_format": N_("Ierakstiet datumu formā dd.mm.gggg."),
    "date_invalid": N_("Tāda datuma nav."),
    "date_out_of_range": N_("Datumam jābūt starp 2000. un 2100. gadu."),
    "time_format": N_("Ierakstiet laiku formā hh:mm, piemēram, 14:30."),
    "end_before_start": N_("Beigām jābūt pēc sākuma."),
    "too_long_range": N_("Pārāk ilgs laiks: pasākums līdz 14 dienām, izstāde līdz gadam."),
    "too_long": N_("Pārāk garš teksts: ne vairāk kā {0} rakstzīmes."),
    "control_characters": N_("Tekstā ir neredzamas vadības rakstzīmes; ierakstiet to no jauna."),
    "series_without_end": N_("Sērijai vajag beigas: datumu vai reižu skaitu."),
    "until_before_start": N_("Sērijas beigas ir pirms tās sākuma."),
    "too_many_occurrences": N_("Sērijā ir pārāk daudz reižu (ne vairāk kā {0})."),
    "count_range": N_("Reižu skaitam jābūt no 1 līdz {0}."),
    "interval_range": N_("Intervālam jābūt no 1 līdz 12."),
    "too_many_partners": N_("Pārāk daudz partneru: ne vairāk kā {0}."),
    "partner_other_branch": N_("Šis partneris pieder citai bibliotēkai: izvēlieties savas bibliotēkas vai visa tīkla partneri."),
    "branch_forbidden": N_("Jūs varat plānot tikai savas bibliotēkas programmu."),
    "place_other_branch": N_("Šī vieta pieder citai bibliotēkai."),
    "service_point_required": N_("Piegādei izvēlieties apkalpošanas punktu."),
    "status_transition": N_("Šādu statusa maiņu nevar veikt."),
    "held_in_future": N_("Par notikušu var atzīmēt tikai to, kas jau beidzies."),
    "stale": N_("Kamēr jūs labojāt, kāds cits saglabāja šo ierakstu. Jūsu izmaiņas nav saglabātas: atveriet to no jauna."),
    # attendance (models/attendance/recording.py)
    "not_negative": N_("Skaitlis nevar būt negatīvs."),
    "figure_too_large": N_("Pārāk liels skaitlis: ne vairāk kā {0}."),
    "children_adults_over_total": N_("Bērnu un pieaugušo kopā ir vairāk nekā kopējais skaits."),
    "kits_over_children": N_("Komplektu ir vairāk nekā bērnu: katram bērnam ir viens komplekts."),
    "attendance_blank": N_("Ierakstiet vismaz vienu skaitli (arī 0, ja neviens neatnāca)."),
    "session_cancelled": N_("Šī reize ir atcelta, tai apmeklējumu neieraksta."),
    "item_not_active": N_("Melnrakstam vai atceltam ierakstam apmeklējumu neieraksta."),
    # a recorded session stays (models/planning/programme.py asks models/planning/recorded.py)
    "recorded_sessions": N_("Šīs izmaiņas izdzēstu vai pārceltu uz nākotni reizes, kurām jau ir ierakstīts apmeklējums: {0} "
                         "Ja tās nenotika, vispirms izdzēsiet to apmeklējumu (apmeklējuma lapā)."),
    "ticked_sessions": N_("Šīs izmaiņas izdzēstu reizes, kurās pieteikumu sarakstā jau atzīmēts, kas atnāca: {0} "
                       "Ja tās nenotika, vispirms noņemiet atzīmes (pieteikumu sarakstā)."),
    "session_recorded": N_("Šai reizei ({0}) jau ir ierakstīts apmeklējums, tāpēc to nevar atcelt vai pārcelt uz nākotni. "
                        "Ja tā nenotika, vispirms izdzēsiet tās apmeklējumu (apmeklējuma lapā)."),
    "recorded_kind": N_("Šim ierakstam jau ir reizes ar ierakstītu apmeklējumu ({0}), kas ierakstīts kā šī veida skaitļi, tāpēc veidu mainīt nevar. "
                     "Izveidojiet jaunu ierakstu vai vispirms izdzēsiet šo reižu apmeklējumu."),
    "recorded_status": N_("Šim ierakstam jau ir reizes ar ierakstītu apmeklējumu ({0}), tāpēc to nevar atcelt vai padarīt par melnrakstu. "
                       "Atceliet atlikušās reizes atsevišķi, vai, ja tās nenotika, vispirms izdzēsiet to apmeklējumu."),
    "recorded_held": N_("Ieraksts ir noticis: tā reizēm ir ierakstīts apmeklējums ({0}). Ja tās nenotika, izdzēsiet to apmeklējumu — "
                     "statuss tad atgriezīsies pats."),
}
def error_text(code: str, language: str) -> str:
    name, _, param = code.partition(":")
    text = ERRORS_LV.get(name)
    return translate(text, language).format(param) if text else code


def error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    return {name: error_text(code, language) for name, code in errors.items()}
