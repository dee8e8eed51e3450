from app.errors import MESSAGES
from app.i18n import ENGLISH, ERRORS_EN, ERRORS_LV, format_day, load_catalogue, month_title
from app.templating import ACTIONS_LV, FIELDS_LV
from tools.i18n_strings import interface_strings


def test_every_interface_string_has_english():
    load_catalogue()
    needed = interface_strings() | set(ACTIONS_LV.values()) | set(FIELDS_LV.values()) | {m for s, m in MESSAGES.items() if s != 409}

    missing = sorted(text for text in needed if text not in ENGLISH)

    assert missing == []


def test_every_error_code_has_both_languages():
    assert set(ERRORS_LV) == set(ERRORS_EN)


def test_dates_are_written_with_the_trailing_dot():
    from datetime import date

    assert format_day(date(2026, 11, 25)) == "25.11.2026."


def test_month_title_in_latvian_and_english():
    from datetime import date

    assert month_title(date(2026, 11, 1), "lv") == "2026. gada novembris"
    assert month_title(date(2026, 11, 1), "en") == "November 2026"
