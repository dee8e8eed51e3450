"""An item's picture over HTTP: uploaded with the item page's form, shown to residents only once
the item is public, at an address that changes with the picture, and in the feeds (RFC 7986)."""
from __future__ import annotations

import re

import pytest
from icalendar import Calendar

from models.kernel.tables import Item
from models.planning.programme import create_item, set_status
from models.kernel.enums import Status
from tests.app.conftest import csrf_token
from tests.models import make_draft
from tests.models.planning.test_pictures import phone_photo

pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def upload(client, item_id: int, data: bytes, alt: str = "Ziepju gatavošana"):
    token = await csrf_token(client)
    return await client.post(f"/items/{item_id}/picture", data={"alt": alt, "_csrf_token": token},
                             files={"picture": ("IMG_0042.jpg", data, "image/jpeg")})


async def test_uploaded_picture_shows_on_the_public_page_and_in_the_feed_once_published(librarian_client, client, branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, start_date="03.12.2026.", status="planned"), librarian["id"])

    uploaded = await upload(librarian_client, item_id, phone_photo(1000, 800))
    path = re.search(r'src="(/pictures/\d+/[0-9a-f]{16}\.jpg)"', uploaded.text).group(1)
    staff_sees = await librarian_client.get(path)
    librarian_client.cookies.clear()
    before = await librarian_client.get(path)
    await set_status(item_id, Status.PUBLISHED, librarian["id"])
    after = await librarian_client.get(path)
    page = await librarian_client.get(f"/programme/rozupe/{item_id}")
    feed = Calendar.from_ical((await librarian_client.get("/feeds/rozupe.ics")).content)

    assert uploaded.status_code == 200 and "Attēls pievienots" in uploaded.text
    assert (staff_sees.status_code, staff_sees.headers["cache-control"]) == (200, "private, max-age=3600")
    assert before.status_code == 404
    assert (after.status_code, after.headers["content-type"], after.headers["cache-control"]) == (200, "image/jpeg", "public, max-age=31536000, immutable")
    assert after.content[:2] == b"\xff\xd8"
    assert f'src="{path}"' in page.text and 'alt="Ziepju gatavošana"' in page.text
    [event] = feed.walk("VEVENT")
    assert str(event["IMAGE"]) == f"http://testserver.local{path}"
    assert event["IMAGE"].params["FMTTYPE"] == "image/jpeg"


async def test_a_wrong_file_answers_on_the_item_page_and_a_wrong_address_is_404(librarian_client, branch, librarian):
    item_id = await create_item(await make_draft(branch["id"], librarian, start_date="03.12.2026.", status="published"), librarian["id"])

    refused = await upload(librarian_client, item_id, b"GIF89a-broken")
    guessed = await librarian_client.get(f"/pictures/{item_id}/0123456789abcdef.jpg")

    assert refused.status_code == 422
    assert "Šo failu nevar nolasīt kā attēlu." in refused.text and "<h1>Dzejas dienas</h1>" in refused.text
    assert guessed.status_code == 404
    assert await Item.count() == 1
