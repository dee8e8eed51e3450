"""A registration's personal data stays on the librarian's list and the person's own page: the
public page, the feeds and the logs carry the counts only, the personal link's token is masked in
the server's log, and the hourly pass anonymises the registrations of items long past."""
from __future__ import annotations

import logging
from datetime import datetime

import pytest

from app.kernel.logs import MaskSecrets
from app.registration.background import registration_pass
from models.kernel.clock import LIBRARY_TZ
from models.kernel.registration_tables import Registration
from tests.app.registration import register_form, token_of, turn_on, workshop

pytestmark = pytest.mark.clock("25.11.2026 12:00")

SECRETS = ("Anna", "Liepa", "anna@example.lv", "26000001", "26 000 001")


def access_line(path: str) -> str:
    """uvicorn's access line, through the filter every handler of log_config() has."""
    record = logging.LogRecord("uvicorn.access", logging.INFO, "", 0, '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5000", "POST", path, "1.1", 303), None)
    MaskSecrets().filter(record)
    return record.getMessage()


async def test_public_page_and_feeds_show_no_personal_data(client, branch, librarian):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian)
    token = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv", phone="+371 26 000 001"))

    texts = [(await client.get(path)).text for path in (f"/programme/rozupe/{item_id}", "/programme/rozupe", "/feeds/rozupe.ics", "/feeds/network.ics")]
    own_page = await client.get(f"/r/{token}")

    assert [[secret for secret in SECRETS if secret in text] for text in texts] == [[], [], [], []]
    assert "Anna Liepa" in own_page.text


def test_personal_link_token_is_masked_in_the_access_log():
    token = "Rr-WhJjdBYaQ9VyKoNN5H9zAB1BqSKOQBXhX9xF0N80"

    lines = [access_line(f"/r/{token}"), access_line(f"/r/{token}/cancel"), access_line(f"/r/{token}?done=new")]

    assert lines == ['127.0.0.1:5000 - "POST /r/… HTTP/1.1" 303', '127.0.0.1:5000 - "POST /r/…/cancel HTTP/1.1" 303',
                     '127.0.0.1:5000 - "POST /r/…?done=new HTTP/1.1" 303']


async def test_hourly_pass_anonymises_registrations_past_their_retention(client, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, retention_days="2")
    token = token_of(await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv"))

    early = await registration_pass()
    _fixed_clock.move_to(datetime(2026, 12, 6, 12, 0, tzinfo=LIBRARY_TZ))  # more than two days after the workshop of 03.12
    late = await registration_pass()
    page = await client.get(f"/r/{token}")

    assert (early, late) == (0, 1)
    assert page.status_code == 404
    assert await Registration.select(Registration.name, Registration.email, Registration.party, Registration.state).first() == {
        "name": "", "email": "", "party": 1, "state": "registered"}
