"""Without AFISA_SMS_URL (the `settings` of tests/app/conftest.py) no text is queued: a phone-only
party promoted from the waiting list and reminded the day before is told nothing, as before SMS."""
from __future__ import annotations

from datetime import datetime

import pytest

from app.kernel.settings import Settings
from app.registration.background import registration_pass
from models.kernel.clock import LIBRARY_TZ
from models.kernel.registration_tables import Registration
from models.kernel.sms_tables import SmsMessage
from tests.app.registration import post_link, register_form, token_of, turn_on, workshop
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.clock("25.11.2026 12:00")

DAY_BEFORE = datetime(2026, 12, 2, 8, 30, tzinfo=LIBRARY_TZ)  # the workshop is on Thursday 03.12.2026 at 17:00


async def test_nothing_is_queued_with_the_sms_url_empty(client, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="1")
    anna = token_of(await register_form(client, item_id, name="Anna Liepa", phone="+371 26 000 001", email=""))
    await register_form(client, item_id, name="Jānis Bērziņš", phone="+371 26 000 002", email="")  # waiting

    await post_link(client, anna, "cancel")  # Jānis is promoted: no email, and no gateway to text through
    _fixed_clock.move_to(DAY_BEFORE)
    await registration_pass(Settings(database_url=TEST_DATABASE_URL))

    assert await SmsMessage.count() == 0
    assert await Registration.select(Registration.name, Registration.state).order_by(Registration.id) == [
        {"name": "Anna Liepa", "state": "cancelled"}, {"name": "Jānis Bērziņš", "state": "registered"}]
