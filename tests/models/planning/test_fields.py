"""stored_fields: a stored item under ItemFields' names, the one mapping the form and the API's answer
are both made from (tests/app/api/test_item_fields.py checks them end to end)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from models.kernel.tables import Item
from models.planning import NULLABLE_WHEN_STORED, ItemFields, stored_fields


def stored_item(**overrides: Any) -> dict[str, Any]:
    """An Item row as item_detail answers it: a story afternoon on Tuesday, 1 December 2026."""
    row: dict[str, Any] = {
        "id": 7, "uid": "7@afisa", "branch": 1, "kind": "event", "title": "Stāstu pēcpusdiena", "description": "", "place": 3,
        "all_day": False, "starts_at": datetime(2026, 12, 1, 14), "ends_at": datetime(2026, 12, 1, 15, 30), "rrule": "",
        "status": "planned", "is_public": True, "responsible": None, "lesson_class": "", "lesson_teacher": "", "literacy_area": "",
        "book_start_group": "", "age_band": "", "exhibition_form": "", "delivery_kind": "", "version": 2, "sequence": 1,
        "audiences": ["children"], "partners": [{"partner_id": 4, "name": "Skola", "role": "host", "confirmation": "asked"}],
    }
    row.update(overrides)
    return row


def test_stored_fields_name_every_field_of_item_fields_and_nothing_else():
    assert list(stored_fields(stored_item())) == list(ItemFields.__struct_fields__)


def test_stored_fields_of_a_single_item():
    assert stored_fields(stored_item()) == {
        "kind": "event", "title": "Stāstu pēcpusdiena", "description": "", "branch_id": 1, "place_id": 3, "all_day": False,
        "start_date": "2026-12-01", "start_time": "14:00", "end_date": "2026-12-01", "end_time": "15:30", "repeat": "none",
        "interval": 1, "weekdays": [], "monthly_mode": "day", "until": None, "count": None, "audiences": ["children"],
        "partners": [{"partner_id": 4, "name": "Skola", "role": "host", "confirmation": "asked"}], "responsible_id": None,
        "is_public": True, "status": "planned", "lesson_class": "", "lesson_teacher": "", "literacy_area": "",
        "book_start_group": "", "age_band": "", "exhibition_form": "", "delivery_kind": "", "version": 2,
    }


def test_stored_fields_of_a_series_write_days_as_asked():
    item = stored_item(rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270126T235959")

    values = stored_fields(item, day=lambda day: day.strftime("%d.%m.%Y.") if day else "")

    assert {name: values[name] for name in ("start_date", "end_date", "repeat", "interval", "weekdays", "until", "count")} == {
        "start_date": "01.12.2026.", "end_date": "01.12.2026.", "repeat": "weekly", "interval": 2, "weekdays": [1, 3],
        "until": "26.01.2027.", "count": None,
    }


def test_stored_fields_of_an_all_day_item_end_on_its_last_day():
    item = stored_item(all_day=True, starts_at=datetime(2026, 12, 1), ends_at=datetime(2026, 12, 21))

    values = stored_fields(item)

    assert (values["start_date"], values["end_date"], values["start_time"], values["end_time"]) == ("2026-12-01", "2026-12-20", "00:00", "00:00")


def test_stored_fields_of_one_session_take_its_time_and_place():
    session = {"starts_at": datetime(2026, 12, 8, 16), "ends_at": datetime(2026, 12, 8, 17), "place": 5}

    values = stored_fields(stored_item(), session)

    assert (values["start_date"], values["start_time"], values["end_time"], values["place_id"]) == ("2026-12-08", "16:00", "17:00", 5)
    assert stored_fields(stored_item(), {**session, "place": None})["place_id"] == 3  # a session without its own place is in the item's


def test_nullable_when_stored_agrees_with_the_item_table():
    """A field stored in a column of its name may be null in the API's answer exactly when the column may be."""
    columns = {column._meta.name: column._meta.null for column in Item._meta.columns}
    stored = {name: columns[name.removesuffix("_id")] for name in ItemFields.__struct_fields__ if name.removesuffix("_id") in columns}
    assert stored  # the references and the plain columns
    assert {name for name, null in stored.items() if null} == NULLABLE_WHEN_STORED & set(stored)
