"""The message catalogues (README, "Translations"): every text of the code and the templates is
in them and has its English; Latvian counts in three forms; a template shows no text outside
them."""
from __future__ import annotations

import ast
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from app.kernel.i18n import format_day, month_title, ngettext, pgettext, translate, weekday_short

ROOT = Path(__file__).resolve().parents[3]
KEYWORDS = {**DEFAULT_KEYWORDS, "t": (2,), "translate": (1,)}
LATVIAN_LETTERS = re.compile(r"[āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ]")


def extracted() -> set[tuple[str | None, str]]:
    """(context, msgid) of every text `make messages` finds, by the same babel.cfg."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(ROOT, method_map, options_map, keywords=KEYWORDS):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def catalogue(language: str):
    with (ROOT / "app" / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


def test_english_catalogue_translates_every_text_of_the_code_and_templates():
    english = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalogue("en") if m.id}

    missing = sorted(key for key in extracted() if key not in english)
    # a fuzzy entry is one `pybabel compile` leaves out: English would show the Latvian
    untranslated = sorted(key for key, m in english.items() if m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))

    assert (missing, untranslated) == ([], [])


def test_latvian_catalogue_has_all_three_forms_of_every_plural():
    plurals = [m for m in catalogue("lv") if m.id and isinstance(m.id, tuple)]

    assert plurals != []
    assert [m.id[0] for m in plurals if len(m.string) != 3 or not all(m.string)] == []


def test_latvian_counts_in_three_forms_and_english_in_two():
    singular, plural = "Ielādēts %(num)d mēnesis (%(years)s), kodējums %(encoding)s.", "Ielādēti %(num)d mēneši (%(years)s), kodējums %(encoding)s."

    latvian = [ngettext(singular, plural, n, "lv", years="2026", encoding="UTF-8") for n in (1, 2, 10, 11, 21, 0)]
    english = [ngettext(singular, plural, n, "en", years="2026", encoding="UTF-8") for n in (1, 2)]

    assert latvian == ["Ielādēts 1 mēnesis (2026), kodējums UTF-8.", "Ielādēti 2 mēneši (2026), kodējums UTF-8.",
                       "Ielādēti 10 mēnešu (2026), kodējums UTF-8.", "Ielādēti 11 mēnešu (2026), kodējums UTF-8.",
                       "Ielādēts 21 mēnesis (2026), kodējums UTF-8.", "Ielādēti 0 mēnešu (2026), kodējums UTF-8."]
    assert english == ["Loaded 1 month (2026), encoding UTF-8.", "Loaded 2 months (2026), encoding UTF-8."]


def test_one_latvian_word_with_two_meanings_has_two_english_words():
    assert pgettext("how often an external calendar is read again", "Atjaunot", "en") == "Refresh"
    assert pgettext("make an inactive partner active again", "Atjaunot", "en") == "Reactivate"
    assert (translate("Pievienot", "en"), translate("Reizes", "en")) == ("Add", "Sessions")


# --- no text outside the catalogue ------------------------------------------------------------

# what a template may write as it is: names (the product's, Google's, a language's own name in its
# own language on the language switch), units and formats the same in both languages, addresses,
# HTML attributes a macro writes
AS_IT_IS = re.compile(r"Afiša|Google|BIS ALISE|English|Latviešu|\b(CSV|XLSX|ICS|iCalendar|PDF|QR|A4|min|hh:mm)\b|\.ics\b|(https?:/|/|&)\S*|[\w-]+=\"[^\"]*\"")
# a file that is in one language on purpose says so: {# i18n: … #}
WHOLE_FILE_AS_IT_IS = re.compile(r"\{#\s*i18n:")
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


class _ShownText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        # script and style, and an element in a language of its own (<p lang="en">, beside the Latvian)
        self._hidden += tag in ("script", "style") or (tag != "html" and any(name == "lang" for name, _ in attrs))
        self.texts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style") or (tag != "html" and self._hidden > 0 and tag not in ("br", "input", "img", "meta", "link"))

    def handle_data(self, data):
        if not self._hidden:
            self.texts.append(data)


def template_literal_text(path: Path) -> list[str]:
    """The words a template writes itself, outside {{ }} and {% %}: text between tags and the
    attributes a reader or a screen reader meets."""
    source = path.read_text(encoding="utf-8")
    if WHOLE_FILE_AS_IT_IS.search(source):
        return []
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
    parser = _ShownText()
    parser.feed(source)
    words = []
    for text in parser.texts:
        text = " ".join(text.split())
        if re.search(r"[^\W\d_]{2,}", AS_IT_IS.sub("", text)):
            words.append(text)
    return words


def test_templates_write_no_text_outside_the_catalogue():
    found = {str(path.relative_to(ROOT)): words for path in sorted((ROOT / "templates").rglob("*.html")) if (words := template_literal_text(path))}

    assert found == {}


def test_template_check_finds_a_word_written_outside_the_catalogue(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<h1>{{ _("Programma") }}</h1><p title="Sveiki">Lasītava {{ x }}</p><p lang="en">Reading room</p>', encoding="utf-8")

    assert template_literal_text(page) == ["Sveiki", "Lasītava"]


CALLS_THAT_TRANSLATE = {"_", "N_", "t", "translate", "gettext", "ngettext", "pgettext"}
# Latvian text in the web layer that is not interface text, each for its reason
CODE_ALLOWED = {
    "app/kernel/i18n.py": "the Latvian cases Babel lacks (month and weekday names in running text)",
    "app/cli.py": "the command line speaks English to the server's administrator",
    "app/commands/": "the command line, and the demo library's data in the library's own language",
}
# a line that writes Latvian on purpose says why: `# i18n: …`


def untranslated_latvian(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str) and LATVIAN_LETTERS.search(node.value.replace("Afiša", ""))):
            continue
        statement = node
        while not isinstance(statement, ast.stmt):
            statement = parents[statement]
        if any("# i18n:" in line for line in lines[statement.lineno - 2:statement.end_lineno]):
            continue
        parent = parents.get(node)
        if isinstance(parent, ast.Expr):  # a docstring
            continue
        call = parent if isinstance(parent, ast.Call) else None
        name = call and (getattr(call.func, "id", None) or getattr(call.func, "attr", None))
        if name in CALLS_THAT_TRANSLATE:
            continue
        found.append(f"{node.lineno}: {node.value[:60]}")
    return found


@pytest.mark.parametrize("package", ["app", "models", "calendars"])
def test_code_writes_no_latvian_text_outside_the_catalogue(package):
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        relative = str(path.relative_to(ROOT))
        if any(relative.startswith(allowed) for allowed in CODE_ALLOWED) or "migrations" in path.parts:
            continue
        if lines := untranslated_latvian(path):
            found[relative] = lines

    assert found == {}


# --- dates --------------------------------------------------------------------------------------

def test_dates_are_written_with_the_trailing_dot():
    assert format_day(date(2026, 11, 25)) == "25.11.2026."


def test_month_title_in_latvian_and_english():
    assert month_title(date(2026, 11, 1), "lv") == "2026. gada novembris"
    assert month_title(date(2026, 11, 1), "en") == "November 2026"


def test_english_weekday_abbreviations_come_from_babel():
    assert [weekday_short(index, "en") for index in range(7)] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert [weekday_short(index, "lv") for index in range(7)] == ["P", "O", "T", "C", "Pk", "S", "Sv"]
