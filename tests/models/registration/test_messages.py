"""The registration mail's words: people counted in Latvian forms, the day written out."""
from __future__ import annotations

from models.registration.messages import details, party_text
from tests.conftest import at


def test_party_text_counts_people():
    assert [party_text(n, "lv") for n in (1, 2)] == ["1 cilvēks", "2 cilvēki"]


def test_details_of_an_all_day_item_in_the_library_without_a_place():
    item = {"title": "Grāmatu maiņas diena", "all_day": True, "sessions": [(at("05.12.2026 00:00"), at("06.12.2026 00:00"))],
            "place_name": None, "branch_name": "Rožupes bibliotēka"}

    assert details(item, "lv") == "Kas: Grāmatu maiņas diena\nKad: sestdiena, 05.12.2026.\nKur: Rožupes bibliotēka\n"
