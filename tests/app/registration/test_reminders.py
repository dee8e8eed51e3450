"""The hourly pass reminds the registered the day before, from the configured hour, once."""
from __future__ import annotations

from datetime import datetime

import pytest

from app.registration.background import registration_pass
from app.kernel.settings import Settings
from models.kernel.clock import LIBRARY_TZ
from models.kernel.tables import MailMessage
from tests.app.registration import register_form, turn_on, workshop

pytestmark = pytest.mark.clock("25.11.2026 12:00")


async def reminded() -> list[tuple[str, str]]:
    return [(row["to_address"], row["subject"]) for row in await MailMessage.select(MailMessage.to_address, MailMessage.subject).where(
        MailMessage.key.like("%:remind:%")).order_by(MailMessage.id)]


async def test_hourly_pass_reminds_from_the_configured_hour_once(client, branch, librarian, _fixed_clock):
    item_id = await workshop(branch, librarian)
    await turn_on(item_id, librarian, capacity="1")
    await register_form(client, item_id, name="Anna Liepa", email="anna@example.lv")
    await register_form(client, item_id, name="Ieva Ozola", email="ieva@example.lv", phone="+371 26000002")  # waiting
    settings = Settings.from_env(registration_reminder_hour=9)

    _fixed_clock.move_to(datetime(2026, 12, 2, 8, 30, tzinfo=LIBRARY_TZ))
    await registration_pass(settings)
    before_the_hour = await reminded()
    _fixed_clock.move_to(datetime(2026, 12, 2, 9, 5, tzinfo=LIBRARY_TZ))
    await registration_pass(settings)
    _fixed_clock.move_to(datetime(2026, 12, 2, 10, 5, tzinfo=LIBRARY_TZ))
    await registration_pass(settings)

    assert before_the_hour == []
    assert await reminded() == [("anna@example.lv", "Atgādinājums: Aušana stellēs, ceturtdiena, 03.12.2026. 17:00–18:30")]
