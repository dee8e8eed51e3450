"""One definition of an item's fields (models.planning's ItemFields) on the way out too: every field
of it is a key of the API's item answer, with the value the body gave, and a value of the form the
planner opens the item in. A field added to ItemFields fails here until one of BODIES sets it."""
from __future__ import annotations

from typing import Any

import msgspec
import pytest

from app.planning.api_schemas import ItemList, ItemOut
from app.planning import item_to_fields
from models.kernel.enums import PlaceKind
from models.planning import ItemFields, item_detail, validate_item
from tests.app.api.test_api import create
from tests.conftest import make_place


def bodies(branch: int, room: int, service_point: int, partner: int, staff: int) -> list[dict[str, Any]]:
    """Items of every kind that together give each field of ItemFields a value other than its default."""
    common = {"branch_id": branch, "place_id": room, "description": "Apraksts", "start_time": "14:00", "end_time": "15:30",
              "version": 1, "override_warnings": True}
    return [
        {**common, "kind": "lesson", "title": "Stunda 3.a klasei", "start_date": "2026-12-01", "end_date": "2026-12-01",
         "repeat": "weekly", "interval": 2, "weekdays": [1, 3], "until": "2027-01-26", "audiences": ["children", "teens"],
         "partners": [{"partner_id": partner, "role": "host"}], "responsible_id": staff, "is_public": False, "status": "draft",
         "lesson_class": "3.a", "lesson_teacher": "Anna Skolotāja", "literacy_area": "digital"},
        {**common, "kind": "event", "title": "Otrās ceturtdienas klubs", "start_date": "2026-12-10", "repeat": "monthly",
         "monthly_mode": "nth", "count": 3, "status": "confirmed", "literacy_area": "cultural"},
        {**common, "kind": "book_start", "title": "Grāmatu starts", "start_date": "2026-12-02", "book_start_group": "Mazie lasītāji",
         "age_band": "1-2", "audiences": ["families"]},
        {**common, "kind": "exhibition", "title": "Virtuālā izstāde", "all_day": True, "start_date": "2026-12-01",
         "end_date": "2026-12-20", "exhibition_form": "virtual", "start_time": None, "end_time": None},
        {**common, "kind": "delivery", "title": "Grāmatas uz māju", "place_id": service_point, "start_date": "2026-12-03",
         "delivery_kind": "home"},
        {**common, "kind": "delivery", "title": "Grāmatas aprūpes centram", "place_id": service_point, "start_date": "2026-12-04",
         "delivery_kind": "service_point", "partners": [{"partner_id": partner, "role": "supporter"}]},
    ]


def _default(field: msgspec.structs.FieldInfo) -> Any:
    return field.default_factory() if field.default is msgspec.NODEFAULT else field.default


def _comparable(name: str, value: Any) -> Any:
    if name == "partners":  # the answer's links carry the partner's name and confirmation too
        return [(link["partner_id"], link["role"]) for link in value]
    return value


@pytest.fixture
async def created(librarian_client, branch, reading_room, school, librarian) -> list[tuple[dict, dict]]:
    """Each body and the API's answer to creating it."""
    service_point = await make_place(branch["id"], "Aprūpes centrs", PlaceKind.SERVICE_POINT)
    made = []
    for body in bodies(branch["id"], reading_room["id"], service_point["id"], school["id"], librarian["id"]):
        made.append((body, await create(librarian_client, body)))
    return made


def test_bodies_give_every_item_field_a_value_of_its_own():
    given = bodies(1, 2, 3, 4, 5)
    missing = [field.name for field in msgspec.structs.fields(ItemFields)
               if all(body.get(field.name, _default(field)) == _default(field) for body in given)]
    assert missing == [], "a field of ItemFields no body of this test sets: add it to bodies()"


def test_item_answer_struct_has_every_item_field():
    assert [name for name in ItemFields.__struct_fields__ if name not in ItemOut.__struct_fields__] == []


async def test_api_answer_carries_every_item_field_with_the_value_sent(librarian_client, created):
    for body, answer in created:
        response = await librarian_client.get(f"/api/v1/items/{answer['id']}")

        assert response.status_code == 200
        # exactly the document's types: a field is never null where ItemOut says it cannot be
        msgspec.json.decode(response.content, type=ItemOut, strict=True)
        item = response.json()
        assert [name for name in ItemFields.__struct_fields__ if name not in item] == []
        sent = {name: _comparable(name, body[name]) for name in ItemFields.__struct_fields__ if name in body and body[name] is not None}
        assert {name: _comparable(name, item[name]) for name in sent} == sent, body["title"]


async def test_item_list_answers_decode_as_the_document_says(librarian_client, created):
    response = await librarian_client.get("/api/v1/items?from=2026-12-01&to=2027-02-28")

    assert response.status_code == 200
    listed = msgspec.json.decode(response.content, type=ItemList, strict=True)
    assert sorted(item.id for item in listed.items) == sorted(answer["id"] for _, answer in created)


async def test_form_values_and_api_answer_read_back_as_the_item_sent(librarian_client, created, librarian):
    """The form's values of a stored item, and the API's answer sent back as a body, validate to the
    same item as the body that made it: a field either of them left out would come back as its default."""
    for body, answer in created:
        sent = await validate_item(msgspec.convert({name: body[name] for name in ItemFields.__struct_fields__ if name in body}, ItemFields), librarian)
        form = item_to_fields(await item_detail(answer["id"]))
        answered = msgspec.convert({name: answer[name] for name in ItemFields.__struct_fields__}, ItemFields)

        assert await validate_item(form, librarian) == sent, body["title"]
        assert await validate_item(answered, librarian) == sent, body["title"]
