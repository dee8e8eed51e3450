"""No request path answers 500 to a user's mistake: every field of the item form gets junk."""
import pytest

from models.planning.fields import LIST_FIELDS, ItemFields
from models.kernel.tables import Item
from tests.app.conftest import post_form
from tests.app.planning.test_items import event_form

# event_form plans 02.12.2026: the future of this clock
pytestmark = pytest.mark.clock("01.12.2026 09:00")

JUNK = ["", " ", "-1", "0", "99999999999999999999", "x" * 6000, "💥", "<script>alert(1)</script>", "2026-02-30", "31.02.2026.", "null", "1e9", "10:61", "\x00"]


# the form posts each field under its name, but the partners as two parallel lists
FORM_FIELDS = [f for f in ItemFields.__struct_fields__ if f not in LIST_FIELDS and f != "version"] + ["audiences", "weekdays", "partner", "partner_role"]


@pytest.mark.parametrize("field", FORM_FIELDS)
async def test_junk_in_any_field_never_answers_500(librarian_client, branch, field):
    codes = set()
    for junk in JUNK:
        series = field in ("weekdays", "interval", "count", "until", "monthly_mode")
        form = {**event_form(branch["id"]), "repeat": "weekly" if series else "none", "until": "18.12.2026.", field: junk}
        response = await post_form(librarian_client, "/items/", form)
        codes.add(response.status_code)

    assert codes <= {200, 422}


@pytest.mark.parametrize("query", ["day=garbage", "day=2026-99-99&branch=abc", "branch=-5", "day=" + "9" * 50])
async def test_new_item_dialog_ignores_bad_query_values(librarian_client, query):
    response = await librarian_client.get(f"/items/new?{query}", headers={"HX-Request": "true"})

    assert response.status_code in (200, 400)


async def test_script_in_title_is_shown_as_text(librarian_client, branch):
    await post_form(librarian_client, "/items/", event_form(branch["id"], title="<script>alert(1)</script>"))

    response = await librarian_client.get("/planner?day=2026-12-01")

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    assert await Item.count() == 1


@pytest.mark.parametrize("version", ["abc", "-1", "999"])
async def test_bad_version_is_a_stale_or_field_error_not_500(librarian_client, branch, version):
    await post_form(librarian_client, "/items/", event_form(branch["id"]))
    item = await Item.select(Item.id).first()

    response = await post_form(librarian_client, f"/items/{item['id']}", event_form(branch["id"], version=version))

    assert response.status_code in (409, 422)
