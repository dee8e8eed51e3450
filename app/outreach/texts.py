"""The outreach pages' words: the error sentences the shared catalogue lacks and the labels of
receivers, carriers, parts of the day and the title list's problems. English is in the catalogues."""
from __future__ import annotations

from app.kernel.i18n import error_text, translate
from models.kernel.i18n import N_

_ERRORS = {
    "between": N_("Ierakstiet skaitli no {0} līdz {1}."),
    "not_a_service_point": N_("Izvēlieties šīs bibliotēkas apkalpošanas punktu."),
    "place_branch_forbidden": N_("To var darīt tikai savā bibliotēkā."),
    "partner_other_branch": N_("Šis partneris pieder citai bibliotēkai."),
    "set_is_out": N_("Šī kopa pašlaik nav bibliotēkā: vispirms atzīmējiet tās atgriešanu."),
    "set_empty": N_("Kopā vēl nav nevienas grāmatas: vispirms pievienojiet sarakstu."),
    "titles_there_recently": N_("Dažas šīs kopas grāmatas šajā vietā jau bija pēdējo mēnešu laikā. Izvēlieties citu kopu vai atzīmējiet, ka tās lūdza vēlreiz."),
    "already_returned": N_("Šī kopa jau ir atzīmēta kā atgriezta."),
    "phone_invalid": N_("Tālruņa numurā var būt tikai cipari, atstarpes, + un -."),
    "consent_required": N_("Ierakstiet datumu, kad lasītājs deva piekrišanu: bez tās lasītāja datus glabāt nedrīkst."),
    "date_in_future": N_("Datums nevar būt nākotnē."),
    "skip_format": N_("Ierakstiet katru pārtraukumu savā rindā: 20.12.2026 - 06.01.2027 vai vienu datumu."),
    "too_many_skips": N_("Ne vairāk kā 20 pārtraukumu."),
    "stale": N_("Kāds cits tikko saglabāja izmaiņas. Atveriet lapu no jauna un ierakstiet savējās vēlreiz."),
    "figure_range": N_("Ierakstiet skaitli no 0 līdz 10 000."),
    "round_in_future": N_("Maršrutu var pabeigt tā dienā vai vēlāk."),
    "no_stop_done": N_("Vēl neviena pietura nav atzīmēta kā paveikta."),
    "stop_done": N_("Šī pietura jau ir paveikta; lai mainītu grāmatas, atveriet to no jauna."),
    "round_finished": N_("Maršruts jau ir pabeigts."),
    "day_in_past": N_("Piegādi var plānot no šodienas."),
    "bring_home_only": N_("Grāmatas pa vienai izvēlas tikai lasītājiem mājās; apkalpošanas punktam ved kopu."),
    "reader_erased": N_("Šī lasītāja dati ir dzēsti: viņam vairs neko neved."),
}

RECEIVERS = {"service_point": N_("Apkalpošanas punkts"), "group": N_("Interešu grupa"), "partner": N_("Partneris")}
CARRIERS = {"librarian": N_("Bibliotekāre"), "neighbour": N_("Kaimiņš"), "relative": N_("Radinieks"),
            "social_worker": N_("Sociālais darbinieks"), "postman": N_("Pastnieks")}
PARTS_OF_DAY = {"morning": N_("No rīta"), "afternoon": N_("Pēcpusdienā")}
TITLE_PROBLEMS = {
    "title_missing": N_("{line}. rindā nav grāmatas nosaukuma."),
    "title_too_long": N_("{line}. rindā nosaukums ir garāks par 300 rakstzīmēm („{value}…”)."),
    "author_too_long": N_("{line}. rindā autors ir garāks par 200 rakstzīmēm („{value}…”)."),
    "barcode_invalid": N_("{line}. rindā svītrkods „{value}” nav derīgs: tikai burti, cipari un domuzīmes, 3–40 zīmes."),
    "control_characters": N_("{line}. rindā ir neredzamas vadības rakstzīmes."),
    "barcode_twice": N_("Svītrkods „{value}” sarakstā ir divreiz."),
    "too_many_titles": N_("Vienā kopā var būt ne vairāk kā {value} grāmatu."),
    "csv": N_("{line}. rindu nevar nolasīt kā CSV ({value})."),
    "encoding": N_("Failu nevar nolasīt: saglabājiet to kā CSV UTF-8 vai Windows-1257 kodējumā."),
    "empty": N_("Sarakstā nav nevienas grāmatas."),
    "no_title_column": N_("Faila pirmajā rindā nav kolonnas „nosaukums” (title); atrasts: {value}."),
}


def error_texts(errors: dict[str, str], language: str) -> dict[str, str]:
    texts = {}
    for name, code in errors.items():
        key, _, param = code.partition(":")
        texts[name] = translate(_ERRORS[key], language).format(*param.split(":")) if key in _ERRORS else error_text(code, language)
    return texts


def problem_texts(problems, language: str) -> list[str]:
    """A refused list of titles, every problem as a sentence."""
    return [translate(TITLE_PROBLEMS[p.code], language).format(line=p.line or "", value=p.value) for p in problems]


def label(table: dict[str, str], code: str | None, language: str) -> str:
    return translate(table[code], language) if code in table else (code or "")
