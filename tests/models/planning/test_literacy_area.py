"""The literacy area (the annual report's school table) kept by the kinds it lists: lessons, events
and exhibitions; other kinds drop it; a copy and a month copied keep it."""
from __future__ import annotations

from datetime import date

import pytest

from models.kernel.tables import Item
from models.kernel.validation import ValidationFailed
from models.planning.copying import Period, copy_items
from models.planning.programme import create_item, duplicate_item
from models.planning.validation import validate_item
from tests.conftest import at
from tests.models import item_form, make_draft

pytestmark = pytest.mark.clock("25.11.2026 12:00")


def exhibition_form(branch_id: int, **overrides) -> dict:
    """A November exhibition with the school, all day from the 9th to the 30th."""
    return item_form(branch_id, kind="exhibition", title="Latvijas simboli", all_day="on", start_date="09.11.2026.",
                     end_date="30.11.2026.", start_time="", end_time="", exhibition_form="physical", **overrides)


async def test_validate_item_exhibition_keeps_its_literacy_area(branch, librarian):
    draft = await validate_item(exhibition_form(branch["id"], literacy_area="social_civic"), librarian)

    assert (draft.kind_fields["literacy_area"], draft.kind_fields["exhibition_form"]) == ("social_civic", "physical")


async def test_validate_item_exhibition_unknown_literacy_area_is_refused(branch, librarian):
    with pytest.raises(ValidationFailed) as failed:
        await validate_item(exhibition_form(branch["id"], literacy_area="astrology"), librarian)

    assert failed.value.errors == {"literacy_area": "choice"}


@pytest.mark.parametrize("overrides", [
    {"kind": "book_start", "book_start_group": "Pūčulēni"},
    {"kind": "delivery", "delivery_kind": "home"},
])
async def test_validate_item_other_kinds_drop_the_literacy_area(branch, librarian, overrides):
    draft = await make_draft(branch["id"], librarian, literacy_area="digital", **overrides)

    assert draft.kind_fields["literacy_area"] == ""


async def test_duplicate_item_exhibition_keeps_its_literacy_area(branch, librarian):
    source = await create_item(await validate_item(exhibition_form(branch["id"], literacy_area="cultural"), librarian), librarian["id"])

    copy = await duplicate_item(source, librarian["id"], new_start=at("08.11.2027 00:00"))

    item = await Item.select(Item.kind, Item.literacy_area, Item.status).where(Item.id == copy).first()
    assert item == {"kind": "exhibition", "literacy_area": "cultural", "status": "draft"}


async def test_copy_items_exhibition_keeps_its_literacy_area(branch, librarian):
    source = await create_item(await validate_item(exhibition_form(branch["id"], literacy_area="science"), librarian), librarian["id"])

    [copy] = await copy_items(branch["id"], Period.month(date(2026, 11, 1)), Period.month(date(2026, 12, 1)), [source], librarian["id"])

    item = await Item.select(Item.kind, Item.literacy_area, Item.starts_at).where(Item.id == copy).first()
    assert item == {"kind": "exhibition", "literacy_area": "science", "starts_at": at("14.12.2026 00:00")}
