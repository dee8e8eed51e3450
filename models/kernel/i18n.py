"""The message catalogues: every text a user reads (pages, mail, notifications) is written in
Latvian in the source and looked up in `app/locale/<language>/LC_MESSAGES/messages.mo`, which
`make messages` extracts, updates and compiles with Babel (README, "Translations").

Latvian is the source language, so its catalogue holds only what the source cannot say: the
three plural forms (1 reize, 2 reizes, 10 reižu). English holds every text. `pgettext` tells
apart one Latvian word with two meanings ("Atjaunot": refresh a calendar, reactivate a partner).
The domain writes mail in the reader's language inside its transactions, so the catalogues are
read here, in the kernel, and the web layer uses the same functions."""
from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import Translations

LANGUAGES = ("lv", "en")
DEFAULT_LANGUAGE = "lv"
LOCALE_DIR = Path(__file__).resolve().parents[2] / "app" / "locale"
DOMAIN = "messages"


def N_(text: str) -> str:
    """Marks a text for extraction where it is written (a table of labels); it is translated
    where it is shown."""
    return text


def language_or_default(language: str | None) -> str:
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


@cache
def catalogue(language: str) -> Translations:
    path = LOCALE_DIR / language_or_default(language) / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.exists():
        # without it every English page would silently read Latvian
        raise RuntimeError(f"{path} is missing: `make messages-compile` (part of `make install`) compiles the catalogues")
    with path.open("rb") as file:
        return Translations(file, domain=DOMAIN)


def gettext(text: str, language: str | None) -> str:
    return catalogue(language_or_default(language)).gettext(text) if text else text


def pgettext(context: str, text: str, language: str | None) -> str:
    return catalogue(language_or_default(language)).pgettext(context, text) if text else text


def ngettext(singular: str, plural: str, number: int, language: str | None, **variables) -> str:
    """The form of `singular`/`plural` for `number`, "%(num)d" and the other variables filled
    in: Latvian has three forms (1 reize, 2 reizes, 10 reižu), English two."""
    return catalogue(language_or_default(language)).ngettext(singular, plural, number) % {"num": number, **variables}


# the quotes a title may already carry when it is put inside the sentence's own „…”
QUOTE_PAIRS = (("„", "”"), ("“", "”"), ("\"", "\""), ("«", "»"), ("'", "'"))


def unquoted(title: str) -> str:
    """„Atceroties un pieminot” typed with its quotes reads „Atceroties un pieminot” once, not twice,
    in a sentence that quotes it: the outer pair of quotes is left out."""
    text = title.strip()
    for opening, closing in QUOTE_PAIRS:
        if len(text) > 2 and text.startswith(opening) and text.endswith(closing) and opening not in text[1:-1]:
            return text[1:-1].strip()
    return text
